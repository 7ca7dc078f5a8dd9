import * as net from 'net';
import * as tls from 'tls';
import type { Dialer } from './stream';

/** rsyslog imptcp `path=`: a Unix stream socket, reached with plain node `net` (no native addon). */
export function unixStreamDialer(path: string): Dialer {
  return () => ({ socket: net.connect({ path }), readyEvent: 'connect' });
}

export function tcpDialer(host: string, port: number): Dialer {
  return () => ({ socket: net.connect({ host, port }), readyEvent: 'connect' });
}

/** RFC 5425: the certificate and host name are verified unless the caller turned that off by name. */
export function tlsDialer(options: tls.ConnectionOptions): Dialer {
  return () => ({ socket: tls.connect(options), readyEvent: 'secureConnect' });
}
