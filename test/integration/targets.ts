import { readFileSync } from 'fs';
import type { SyslogTransportOptions } from '../../lib';
import type { Rsyslog, RsyslogOptions } from '../helpers/rsyslog';

/** One way to reach the test rsyslogd: the input to start and the transport options that reach it. */
export interface Target {
  name: string;
  input: RsyslogOptions;
  options(rsyslog: Rsyslog): SyslogTransportOptions;
}

export const TARGETS: Record<'unix' | 'unixStream' | 'udp4' | 'udp6' | 'tcp4' | 'tcp6' | 'tls' | 'relp', Target> = {
  unix: {
    name: 'unix (datagram)',
    input: { unixDgram: true },
    options: (r) => ({ protocol: 'unix', path: r.unixDgramPath }),
  },
  unixStream: {
    name: 'unix-stream',
    input: { unixStream: true },
    options: (r) => ({ protocol: 'unix-stream', path: r.unixStreamPath }),
  },
  udp4: {
    name: 'udp 127.0.0.1',
    input: { udp: { address: '127.0.0.1' } },
    options: (r) => ({ protocol: 'udp', host: '127.0.0.1', port: r.udpPort }),
  },
  udp6: {
    name: 'udp ::1',
    input: { udp: { address: '::1' } },
    options: (r) => ({ protocol: 'udp', host: '::1', port: r.udpPort }),
  },
  tcp4: {
    name: 'tcp 127.0.0.1',
    input: { tcp: { address: '127.0.0.1' } },
    options: (r) => ({ protocol: 'tcp', host: '127.0.0.1', port: r.tcpPort }),
  },
  tcp6: {
    name: 'tcp ::1',
    input: { tcp: { address: '::1' } },
    options: (r) => ({ protocol: 'tcp', host: '::1', port: r.tcpPort }),
  },
  tls: {
    name: 'tls localhost',
    input: { tls: true },
    options: (r) => ({ protocol: 'tls', host: 'localhost', port: r.tlsPort, tls: { ca: readFileSync(r.certs.ca.cert, 'utf8') } }),
  },
  relp: {
    name: 'relp 127.0.0.1',
    input: { relp: true },
    options: (r) => ({ protocol: 'relp', host: '127.0.0.1', port: r.relpPort }),
  },
};
