/**
 * Minimal hand-rolled senders for tests and for the harness's readiness probes: one record (or a
 * few) per call, no retry, no library code under test involved.
 */
import * as dgram from 'dgram';
import * as net from 'net';
import * as tls from 'tls';

/** "<len> <record>": RFC 6587 octet counting, the length in BYTES of the UTF-8 record. */
export function octetFrame(record: string | Buffer): Buffer {
  const body = typeof record === 'string' ? Buffer.from(record, 'utf8') : record;
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

export function sendUdp(address: string, port: number, record: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.send(typeof record === 'string' ? Buffer.from(record, 'utf8') : record, port, address, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

interface UnixDgramSocket {
  on(event: 'error', listener: (error: Error) => void): void;
  send(buf: Buffer, offset: number, length: number, path: string, callback: (error?: Error) => void): void;
  close(): void;
}
interface UnixDgramModule {
  createSocket(type: 'unix_dgram'): UnixDgramSocket;
}

/** One datagram to a Unix socket (unconnected sendto), through the optional `unix-dgram` addon. */
export function sendUnixDgram(path: string, record: string | Buffer): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const unixDgram = require('unix-dgram') as UnixDgramModule;
  return new Promise((resolve, reject) => {
    const socket = unixDgram.createSocket('unix_dgram');
    socket.on('error', () => undefined); // reported through the send callback
    const buf = typeof record === 'string' ? Buffer.from(record, 'utf8') : record;
    socket.send(buf, 0, buf.length, path, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

export type StreamTarget =
  | { path: string }
  | { host: string; port: number }
  | { host: string; port: number; tls: tls.ConnectionOptions };

/**
 * Connects, writes the records octet-framed, half-closes and resolves when the peer has closed
 * too (rsyslog closes after our FIN). Rejects on any socket error, including a TLS peer that
 * resets the connection after the handshake (mutual TLS refused).
 */
export function sendFramed(target: StreamTarget, records: Array<string | Buffer>, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.concat(records.map(octetFrame));
    let socket: net.Socket;
    const onConnect = (): void => {
      socket.end(payload);
    };
    if ('path' in target) socket = net.connect(target.path, onConnect);
    else if ('tls' in target) {
      socket = tls.connect({ host: target.host, port: target.port, ...target.tls }, onConnect);
    } else socket = net.connect(target.port, target.host, onConnect);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no close from ${describe(target)} within ${timeoutMs} ms`)));
    let failed: Error | undefined;
    socket.on('error', (error) => {
      failed = error;
    });
    socket.on('data', () => undefined); // rsyslog sends nothing; keep the stream flowing anyway
    socket.on('close', () => (failed ? reject(failed) : resolve()));
  });
}

/**
 * One record over RELP, hand-rolled (not the library's codec): open, syslog, close pipelined in
 * one write; resolves once the server answered the syslog frame with "200 OK".
 */
export function sendRelp(
  target: { host: string; port: number; tls?: tls.ConnectionOptions },
  record: string,
  timeoutMs = 5000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const offers = 'relp_version=0\nrelp_software=harness,0,-\ncommands=syslog';
    const body = Buffer.from(record, 'utf8');
    const payload = Buffer.concat([
      Buffer.from(`1 open ${Buffer.byteLength(offers)} ${offers}\n2 syslog ${body.length} `),
      body,
      Buffer.from('\n3 close 0\n'),
    ]);
    const onConnect = (): void => {
      socket.write(payload);
    };
    const socket = target.tls
      ? tls.connect({ host: target.host, port: target.port, ...target.tls }, onConnect)
      : net.connect(target.port, target.host, onConnect);
    let received = '';
    let failed: Error | undefined;
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no RELP answer from ${target.host}:${target.port} within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (/(^|\n)3 rsp /.test(received)) socket.end();
    });
    socket.on('error', (error) => (failed = error));
    socket.on('close', () => {
      if (failed) reject(failed);
      else if (/(^|\n)2 rsp 6 200 OK\n/.test(received)) resolve();
      else reject(new Error(`RELP record not acknowledged; server sent ${JSON.stringify(received.slice(0, 200))}`));
    });
  });
}

function describe(target: StreamTarget): string {
  return 'path' in target ? target.path : `${'tls' in target ? 'tls' : 'tcp'}://${target.host}:${target.port}`;
}
