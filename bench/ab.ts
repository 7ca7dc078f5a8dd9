/**
 * `npm run bench:ab -- --libs A,B`: compares builds of the transport by CPU time per record, the
 * steadiest figure on a shared machine. Each run is a fresh process calling the transport's log()
 * directly (bench/ab-child.ts, no winston) into one private rsyslogd (or, with `--reader discard`,
 * a process that throws away what it reads); the builds take turns
 * (A B A B ...) so that a change in the machine's load touches each alike. Prints, per socket and
 * build, the median, the range and each median against the first build's, and the heap bytes a
 * record (bench/allocation.ts), which do not move with the machine's speed.
 */
import { parseArgs } from 'util';
import type { AbChildConfig } from './ab-child';
import { startChild } from './child';
import { DISCARD_PROTOCOLS, startDiscardReader } from './discard-reader';
import { startDaemon, targetOf } from './rsyslog-target';
import { list, positiveInt } from './options';
import { median } from './stats';
import { fixed, renderTable } from './table';
import { ALL_PROTOCOLS, type BenchProtocol } from './target';

const USAGE = `npm run bench:ab -- --libs A,B [options]     (or: node build/bench/ab.js ... after npm run build:all)

  --libs LIST        builds to compare: directories of a build's lib (e.g. /tmp/old/build/lib),
                     "this" for this checkout's build (required, at least one)
  --protocols LIST   sockets, from ${ALL_PROTOCOLS.join(',')} (default unix-stream,unix)
  --rounds N         runs of each build on each socket, alternating (default 5)
  --records N        records per run, timed (default 200000)
  --warmup N         records each run logs first, untimed (default 20000)
  --alloc-records N  records whose heap allocation is measured, after the timed run (default 50000)
  --size BYTES       record size, header included (default 256)
  --chunk N          records per event-loop turn (default 1000)
  --reader KIND      rsyslog (default): a private rsyslogd reads; discard: a node process that
                     throws away what it reads (${DISCARD_PROTOCOLS.join(', ')} only), so no
                     daemon competes for the CPU`;

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      libs: { type: 'string' },
      protocols: { type: 'string' },
      rounds: { type: 'string' },
      records: { type: 'string' },
      warmup: { type: 'string' },
      'alloc-records': { type: 'string' },
      size: { type: 'string' },
      chunk: { type: 'string' },
      reader: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const libs = (values.libs ?? '').split(',').filter(Boolean);
  if (libs.length === 0) throw new Error('--libs is required');
  const readers = list('reader', values.reader, ['rsyslog', 'discard'] as const, ['rsyslog']);
  if (readers.length !== 1) throw new Error('--reader: one of rsyslog, discard');
  const reader = readers[0];
  const protocols = list<BenchProtocol>(
    'protocols',
    values.protocols,
    reader === 'discard' ? DISCARD_PROTOCOLS : ALL_PROTOCOLS,
    reader === 'discard' ? ['unix-stream'] : ['unix-stream', 'unix'],
  );
  return {
    reader,
    libs,
    protocols,
    rounds: positiveInt('rounds', values.rounds, 5),
    records: positiveInt('records', values.records, 200000),
    warmup: positiveInt('warmup', values.warmup, 20000),
    allocRecords: positiveInt('alloc-records', values['alloc-records'], 50000),
    size: positiveInt('size', values.size, 256),
    chunk: positiveInt('chunk', values.chunk, 1000),
  };
}

interface Run {
  cpuUs: number;
  userUs: number;
  ms: number;
  allocBytes: number;
  sent: number;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (!options) return void process.stdout.write(`${USAGE}\n`);
  const rsyslog = options.reader === 'discard' ? undefined : await startDaemon(options.protocols);
  const discard = options.reader === 'discard' ? await startDiscardReader() : undefined;
  try {
    const rows: Array<Array<string | number>> = [];
    for (const protocol of options.protocols) {
      const runs = new Map<string, Run[]>(options.libs.map((lib) => [lib, []]));
      for (let round = 1; round <= options.rounds; round++) {
        for (const lib of options.libs) {
          const config: AbChildConfig = {
            lib: lib === 'this' ? undefined : lib,
            target: rsyslog ? targetOf(rsyslog, protocol) : discard!.targetOf(protocol),
            records: options.records,
            warmup: options.warmup,
            allocRecords: options.allocRecords,
            size: options.size,
            chunk: options.chunk,
          };
          const outcome = await startChild('ab-child', config).exited;
          const line = outcome.lines.find((l) => l.event === 'done') as unknown as Run | undefined;
          if (!line) throw new Error(`${protocol} ${lib}: the run failed (exit ${outcome.code}): ${outcome.stderr}`);
          if (line.sent !== options.records) throw new Error(`${protocol} ${lib}: ${line.sent} of ${options.records} records sent`);
          runs.get(lib)!.push(line);
          process.stderr.write(`  ${protocol} round ${round} ${lib}: ${fixed(line.cpuUs, 2)} us/record, ${fixed(line.allocBytes, 0)} heap bytes/record\n`);
        }
      }
      const baseline = median(runs.get(options.libs[0])!.map((r) => r.cpuUs));
      for (const [lib, list] of runs) {
        const cpu = list.map((r) => r.cpuUs);
        rows.push([
          protocol,
          lib,
          fixed(median(cpu), 2),
          `${fixed(Math.min(...cpu), 2)}-${fixed(Math.max(...cpu), 2)}`,
          fixed(median(list.map((r) => r.userUs)), 2),
          fixed(median(list.map((r) => r.ms)), 0),
          fixed(median(list.map((r) => r.allocBytes)), 0),
          `${fixed((median(cpu) / baseline) * 100, 0)}%`,
        ]);
      }
    }
    console.log(
      `\nThe transport's CPU per record, log() called directly (no winston), ${options.records} records a run into ${rsyslog ? 'rsyslogd' : 'a discarding reader'}, median of ${options.rounds} alternating runs\n`,
    );
    console.log(renderTable(['socket', 'build', 'CPU us/record', 'range', 'user us/record', 'ms a run', 'heap bytes/record', 'vs first build'], rows));
  } finally {
    await rsyslog?.stop();
    await discard?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
