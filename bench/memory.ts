/**
 * The outage: children log at a steady rate to a socket path with no daemon, all at the same time
 * (they are light: a few percent of a core each):
 * - this transport with the queue limit under test, and with three times that limit: the two give
 *   the memory each queued byte costs (the slope), whatever the process's fixed overhead;
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

export interface QueueCost {
  limit: number;
  /** Growth minus the reference run's growth: what the queue cost at `limit`. */
  queueCost?: number;
  /** Extra memory per byte of limit, from the two limits: 1.0 means the queue costs its bytes. */
  slope?: number;
  /** Growth at `limit` minus slope x limit: what does not grow with the limit. */
  fixed?: number;
  note?: string;
}

/** The queue's cost at the limit under test, and per byte of limit, from the memory rows. */
export function queueCost(rows: readonly MemoryRow[], limit: number): QueueCost {
  const at = (bytes: number) => rows.find((r) => r.sender === 'ours' && r.maxQueueBytes === bytes);
  const small = at(limit);
  const large = at(limit * SECOND_LIMIT_FACTOR);
  const ref = at(REFERENCE_QUEUE_BYTES);
  const cost: QueueCost = { limit };
  if (small?.growth !== undefined && ref?.growth !== undefined) cost.queueCost = small.growth - ref.growth;
  const filled = (r: MemoryRow | undefined) => r?.peakQueuedBytes !== undefined && r.maxQueueBytes !== undefined && r.peakQueuedBytes >= 0.95 * r.maxQueueBytes;
  if (small?.growth === undefined || large?.growth === undefined) cost.note = 'a run failed';
  else if (!filled(small) || !filled(large)) cost.note = 'a queue never filled: raise --outage-seconds or --outage-rate';
  else {
    cost.slope = (large.growth - small.growth) / (limit * (SECOND_LIMIT_FACTOR - 1));
    cost.fixed = small.growth - cost.slope * limit;
  }
  return cost;
}

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

/** The larger limit is this many times the one under test. */
export const SECOND_LIMIT_FACTOR = 3;

export function runMemory(options: MemoryOptions): Promise<MemoryRow[]> {
  const base = { seconds: options.seconds, rate: options.rate, size: options.size, lib: options.lib };
  return Promise.all([
    runOne({ ...base, sender: 'ours', maxQueueBytes: options.maxQueueBytes }, 'winston + winston-rfc5424'),
    runOne({ ...base, sender: 'ours', maxQueueBytes: options.maxQueueBytes * SECOND_LIMIT_FACTOR }, 'winston + winston-rfc5424'),
    runOne({ ...base, sender: 'ours', maxQueueBytes: REFERENCE_QUEUE_BYTES }, 'winston + winston-rfc5424, 1 KiB queue (reference)'),
    runOne({ ...base, sender: 'winston-syslog', wsProtocol: 'unix-connect', maxQueueBytes: 0 }, 'winston + winston-syslog (unix-connect)'),
    runOne({ ...base, sender: 'winston-syslog', wsProtocol: 'unix', maxQueueBytes: 0 }, 'winston + winston-syslog (unix)'),
  ]);
}
