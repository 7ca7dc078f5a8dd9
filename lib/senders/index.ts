import type { ConnectionSettings } from '../options';
import type { Sender } from './sender';
import { hostPort } from './address';
import { StreamSender } from './stream';
import { tcpDialer, tlsDialer, unixStreamDialer } from './dialers';
import { UdpSender } from './udp';
import { UnixDgramSender } from './unix-dgram';
import { RelpSender } from './relp/relp-sender';

export type { Sender, SenderEvents } from './sender';

export function createSender(settings: ConnectionSettings): Sender {
  const { protocol, path, host, port, connectTimeoutMs, tls } = settings;
  switch (protocol) {
    case 'unix':
      return new UnixDgramSender(path);
    case 'unix-stream':
      return new StreamSender(`unix-stream:${path}`, unixStreamDialer(path), connectTimeoutMs, true);
    case 'udp':
      return new UdpSender(host, port);
    case 'tcp':
      return new StreamSender(`tcp:${hostPort(host, port)}`, tcpDialer(host, port), connectTimeoutMs, true);
    case 'tls':
      return new StreamSender(`tls:${hostPort(host, port)}`, tlsDialer(tls ?? {}), connectTimeoutMs);
    case 'relp':
      return new RelpSender(
        `${tls ? 'relp+tls' : 'relp'}:${hostPort(host, port)}`,
        tls ? tlsDialer(tls) : tcpDialer(host, port),
        { window: settings.relpWindow, connectTimeoutMs, responseTimeoutMs: settings.relpTimeoutMs },
      );
  }
}
