/** Where a bench sender writes: one rsyslog input of the harness. */
export type BenchProtocol = 'unix' | 'unix-stream' | 'udp' | 'tcp' | 'tls' | 'relp';

export const ALL_PROTOCOLS: readonly BenchProtocol[] = ['unix', 'unix-stream', 'udp', 'tcp', 'tls', 'relp'];

export interface Target {
  protocol: BenchProtocol;
  /** unix, unix-stream */
  path?: string;
  /** udp, tcp, tls, relp */
  host?: string;
  port?: number;
  /** tls: the CA (PEM) that signed rsyslog's certificate; the name checked is "localhost". */
  ca?: string;
}
