/** Command-line options of `npm run bench -- ...` (node:util parseArgs), with their defaults. */
import { parseArgs } from 'util';
import { ALL_PROTOCOLS, type BenchProtocol } from './target';

export type Section = 'e2e' | 'format' | 'latency' | 'memory' | 'scaling' | 'stages';
const SECTIONS: readonly Section[] = ['format', 'e2e', 'latency', 'memory', 'scaling', 'stages'];
/** Sections of a run without --only: scaling takes minutes of its own, stages is for developers; both on request. */
const DEFAULT_SECTIONS: readonly Section[] = ['format', 'e2e', 'latency', 'memory'];

export interface BenchOptions {
  only: Section[];
  protocols: BenchProtocol[];
  records: number;
  warmup: number;
  size: number;
  repeat: number;
  chunk: number;
  latencyRecords: number;
  latencySlice: number;
  formatMs: number;
  formatRounds: number;
  outageSeconds: number;
  outageRate: number;
  maxQueueBytes: number;
  scalingRecords: number;
  scalingWorkers: number[];
  stageRounds: number;
  lib?: string;
  profile: boolean;
  out: string;
}

export const USAGE = `npm run bench -- [options]      (or: node build/bench/run.js [options] after npm run build:all)

  --only LIST             sections to run, from ${SECTIONS.join(',')}
                          (default: ${DEFAULT_SECTIONS.join(',')}; scaling and stages on request)
  --protocols LIST        end-to-end and latency sockets, from ${ALL_PROTOCOLS.join(',')}
                          (default: unix,unix-stream,udp,tcp,relp)
  --records N             records per end-to-end run (default 100000)
  --warmup N              records each sender logs before its end-to-end run is timed (default 10000)
  --size BYTES            size of this transport's record, header included (default 256)
  --repeat N              end-to-end runs per sender; the median is reported (default 3)
  --chunk N               records the application logs per event-loop turn in a burst (default 1000)
  --latency-records N     timed logger.info calls per latency run (default 10000)
  --latency-slice N       records per event-loop turn in the latency burst (default 100)
  --format-ms MS          length of one formatter round per case (default 300)
  --format-rounds N       formatter rounds; the best is reported (default 5)
  --outage-seconds S      length of the daemon outage (default 60)
  --outage-rate N         records per second logged during the outage (default 5000)
  --max-queue-bytes N     the transport's maxQueueBytes during the outage (default 16777216)
  --scaling-records N     records all workers of one scaling run log together (default 320000)
  --workers LIST          worker process counts of the scaling section (default 1,4,16)
  --stage-rounds N        alternating blocks of 10,000 records per stage in each stages process
                          (default 16; --repeat processes per stream socket)
  --lib DIR               load the transport from another build (e.g. a patched copy's build/lib)
  --profile               write a .cpuprofile of every child process next to the results
  --out FILE              results JSON (default bench/results/<timestamp>.json)
  -h, --help`;

export function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

export function list<T extends string>(name: string, text: string | undefined, allowed: readonly T[], fallback: readonly T[]): T[] {
  if (text === undefined) return [...fallback];
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`--${name}: unknown "${item}" (choose from ${allowed.join(', ')})`);
  }
  return items as T[];
}

/** Returns undefined for --help. */
export function parseOptions(argv: string[], now = new Date()): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      protocols: { type: 'string' },
      records: { type: 'string' },
      warmup: { type: 'string' },
      size: { type: 'string' },
      repeat: { type: 'string' },
      chunk: { type: 'string' },
      'latency-records': { type: 'string' },
      'latency-slice': { type: 'string' },
      'format-ms': { type: 'string' },
      'format-rounds': { type: 'string' },
      'outage-seconds': { type: 'string' },
      'outage-rate': { type: 'string' },
      'max-queue-bytes': { type: 'string' },
      'scaling-records': { type: 'string' },
      'stage-rounds': { type: 'string' },
      workers: { type: 'string' },
      lib: { type: 'string' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return undefined;
  const only = list('only', values.only, SECTIONS, DEFAULT_SECTIONS);
  const workers = (values.workers ?? '1,4,16').split(',').map((w) => positiveInt('workers', w.trim(), 1));
  const size = positiveInt('size', values.size, 256);
  if (size < 128) throw new Error('--size must be at least 128 (the header and metadata take about 75 bytes)');
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return {
    only: SECTIONS.filter((s) => only.includes(s)),
    protocols: list('protocols', values.protocols, ALL_PROTOCOLS, ['unix', 'unix-stream', 'udp', 'tcp', 'relp']),
    records: positiveInt('records', values.records, 100000),
    warmup: values.warmup === '0' ? 0 : positiveInt('warmup', values.warmup, 10000),
    size,
    repeat: positiveInt('repeat', values.repeat, 3),
    chunk: positiveInt('chunk', values.chunk, 1000),
    latencyRecords: positiveInt('latency-records', values['latency-records'], 20000),
    latencySlice: positiveInt('latency-slice', values['latency-slice'], 100),
    formatMs: positiveInt('format-ms', values['format-ms'], 300),
    formatRounds: positiveInt('format-rounds', values['format-rounds'], 5),
    outageSeconds: positiveInt('outage-seconds', values['outage-seconds'], 60),
    outageRate: positiveInt('outage-rate', values['outage-rate'], 5000),
    maxQueueBytes: positiveInt('max-queue-bytes', values['max-queue-bytes'], 16 * 1024 * 1024),
    scalingRecords: positiveInt('scaling-records', values['scaling-records'], 320000),
    scalingWorkers: workers,
    stageRounds: positiveInt('stage-rounds', values['stage-rounds'], 16),
    lib: values.lib,
    profile: values.profile ?? false,
    out: values.out ?? `bench/results/${stamp}.json`,
  };
}
