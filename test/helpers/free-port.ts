import * as dgram from 'dgram';
import * as net from 'net';

/**
 * A port the kernel just handed out on `address` (bind port 0, read it, close). Another process
 * can take it before rsyslog binds: the harness retries start() when rsyslog says so.
 */
export function freeTcpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: address, port: 0, exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function freeUdpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
    socket.unref();
    socket.once('error', reject);
    socket.bind({ address, port: 0, exclusive: true }, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
