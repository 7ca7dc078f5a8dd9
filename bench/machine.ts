/** What the figures were measured on, for the results file and the README. */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as os from 'os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  rsyslog: string;
  /** net.unix.max_dgram_qlen: how many datagrams a Unix socket queues before senders meet EAGAIN. */
  unixMaxDgramQlen: number | undefined;
  loadAverage: number[];
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function describeMachine(): Machine {
  let rsyslog = 'unknown';
  try {
    const rsyslogd = process.env['RSYSLOGD'] ?? '/usr/sbin/rsyslogd';
    const first = execFileSync(rsyslogd, ['-v'], { encoding: 'utf8' }).split('\n')[0];
    rsyslog = first.match(/rsyslogd\s+(\S+)/)?.[0].replace(/\s+/, ' ') ?? first.trim();
  } catch {
    // not installed: the end-to-end sections will say so
  }
  const pretty = read('/etc/os-release')?.match(/^PRETTY_NAME="?([^"\n]*)"?$/m)?.[1];
  const qlen = read('/proc/sys/net/unix/max_dgram_qlen');
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: pretty ?? `${os.type()} ${os.release()}`,
    kernel: os.release(),
    node: process.version,
    rsyslog,
    unixMaxDgramQlen: qlen === undefined ? undefined : Number(qlen),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
