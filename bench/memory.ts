/**
 * The outage: children log at a steady rate to a socket path with no daemon, all at the same time
 * (they are light: a few percent of a core each):
 * - this transport with the queue limit under test;
 * - the same with the smallest queue (1 KiB): what the process grows by without a queue, i.e. the
 *   fixed overhead (winston's garbage, the heap the allocation rate makes V8 keep);
 * - winston-syslog in its two Unix modes.
 */
import { failureText, startChild } from './child';
import type { MemoryChildConfig } from './memory-child';

export interface MemoryOptions {
  seconds: number;
  rate: number;
  size: number;
  maxQueueBytes: number;
  lib?: string;
}

export interface MemoryRow {
  sender: MemoryChildConfig['sender'];
  label: string;
  /** The queue's byte limit (this transport), undefined for winston-syslog (it has none). */
  maxQueueBytes?: number;
  logged?: number;
  baselineRss?: number;
  peakRss?: number;
  /** Peak RSS minus the baseline: what the outage cost. */
  growth?: number;
  peakHeapTotal?: number;
  peakHeapUsed?: number;
  peakArrayBuffers?: number;
  peakQueuedBytes?: number;
  counters?: Record<string, unknown>;
  timeline?: unknown[];
  note?: string;
}

/** The smallest maxQueueBytes the transport accepts: the reference run for the fixed overhead. */
export const REFERENCE_QUEUE_BYTES = 1024;

interface Done {
  logged: number;
  baseline: { rss: number };
  peakRss: number;
  peakHeapTotal: number;
  peakHeapUsed: number;
  peakArrayBuffers: number;
  peakQueuedBytes: number;
  counters: Record<string, unknown>;
  timeline: unknown[];
}

async function runOne(config: MemoryChildConfig, label: string): Promise<MemoryRow> {
  const child = startChild('memory-child', config, ['--expose-gc']);
  const timer = setTimeout(() => void child.kill(), config.seconds * 1000 + 60000);
  const outcome = await child.exited;
  clearTimeout(timer);
  const done = outcome.lines.find((line) => line.event === 'done') as Done | undefined;
  const maxQueueBytes = config.sender === 'ours' ? config.maxQueueBytes : undefined;
  if (!done) return { sender: config.sender, label, maxQueueBytes, note: failureText(outcome) ?? 'no result' };
  return {
    sender: config.sender,
    label,
    maxQueueBytes,
    logged: done.logged,
    baselineRss: done.baseline.rss,
    peakRss: done.peakRss,
    growth: done.peakRss - done.baseline.rss,
    peakHeapTotal: done.peakHeapTotal,
    peakHeapUsed: done.peakHeapUsed,
    peakArrayBuffers: done.peakArrayBuffers,
    peakQueuedBytes: done.peakQueuedBytes,
    counters: done.counters,
    timeline: done.timeline,
    note: failureText(outcome),
  };
}

export function runMemory(options: MemoryOptions): Promise<MemoryRow[]> {
  const base = { seconds: options.seconds, rate: options.rate, size: options.size, lib: options.lib };
  return Promise.all([
    runOne({ ...base, sender: 'ours', maxQueueBytes: options.maxQueueBytes }, 'winston + winston-rfc5424'),
    runOne({ ...base, sender: 'ours', maxQueueBytes: REFERENCE_QUEUE_BYTES }, 'winston + winston-rfc5424, 1 KiB queue (reference)'),
    runOne({ ...base, sender: 'winston-syslog', wsProtocol: 'unix-connect', maxQueueBytes: 0 }, 'winston + winston-syslog (unix-connect)'),
    runOne({ ...base, sender: 'winston-syslog', wsProtocol: 'unix', maxQueueBytes: 0 }, 'winston + winston-syslog (unix)'),
  ]);
}
