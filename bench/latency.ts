/**
 * Runs latency-child for winston alone, this transport and winston-syslog, against one private
 * rsyslogd with every requested input.
 */
import { failureText, startChild } from './child';
import type { LatencyChildConfig, LatencySender } from './latency-child';
import { startDaemon, targetOf } from './rsyslog-target';
import type { BenchProtocol } from './target';

export interface LatencyOptions {
  protocols: readonly BenchProtocol[];
  records: number;
  slice: number;
  size: number;
  lib?: string;
}

export interface LatencyRow {
  protocol: BenchProtocol | '-';
  sender: LatencySender;
  label: string;
  callUs?: { median: number; p99: number; max: number; mean: number };
  loopDelayMs?: { median: number; p99: number; max: number };
  burstMs?: number;
  drainMs?: number;
  drained?: boolean;
  note?: string;
  counters?: unknown;
}

const WS_PROTOCOL: Partial<Record<BenchProtocol, string>> = { unix: 'unix-connect', udp: 'udp4', tcp: 'tcp4' };

async function runOne(config: LatencyChildConfig, protocol: BenchProtocol | '-', label: string): Promise<LatencyRow> {
  const child = startChild('latency-child', config);
  const timer = setTimeout(() => void child.kill(), 120000);
  const outcome = await child.exited;
  clearTimeout(timer);
  const done = outcome.lines.find((line) => line.event === 'done') as Partial<LatencyRow> | undefined;
  return { protocol, sender: config.sender, label, ...done, note: failureText(outcome) };
}

export async function runLatency(options: LatencyOptions, progress: (row: LatencyRow) => void): Promise<LatencyRow[]> {
  const base = { records: options.records, warmup: Math.min(5000, options.records), slice: options.slice, size: options.size, lib: options.lib };
  const rows: LatencyRow[] = [];
  const add = (row: LatencyRow): void => {
    rows.push(row);
    progress(row);
  };
  add(await runOne({ ...base, sender: 'none' }, '-', 'winston, no-op transport'));
  const rsyslog = await startDaemon(options.protocols);
  try {
    for (const protocol of options.protocols) {
      const target = targetOf(rsyslog, protocol);
      add(await runOne({ ...base, sender: 'ours', target }, protocol, 'winston + winston-rfc5424'));
      const wsProtocol = WS_PROTOCOL[protocol];
      if (wsProtocol) add(await runOne({ ...base, sender: 'winston-syslog', target, wsProtocol }, protocol, `winston + winston-syslog (${wsProtocol})`));
    }
  } finally {
    await rsyslog.stop();
  }
  return rows;
}
