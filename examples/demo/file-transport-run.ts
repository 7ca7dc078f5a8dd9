/**
 * --compare: the same workload through winston's own file transports, each worker with its own
 * transport on the SAME file, as a clustered service configures them:
 *   - winston.transports.File with maxsize, maxFiles and tailable (rotation by size);
 *   - winston-daily-rotate-file with a per-second datePattern (rotation by time, sped up).
 * Every line is a JSON object carrying worker, seq and timestamp; the check counts per worker what
 * is missing, duplicated and misplaced (logged while its file was not the current one).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runWorkers } from './cluster-run';
import { forEachLine, listSet, type SetFile } from './log-files';
import type { DemoOptions } from './options';
import { CurrentFileWatch, isMisplaced, lifetimes, type Lifetime } from './placement';
import { totals, type RunResult, type WorkerTally } from './result';
import type { WorkerConfig, WorkerResult } from './worker';

export type FileKind = 'file' | 'daily';

const DATE_PATTERN = 'YYYY-MM-DD-HHmmss';
const DATED_NAME = /^demo-(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})\.log$/;

/** The size of one JSON line of the workload, to set maxsize for a rotation every `rotateEvery` s. */
function lineBytes(): number {
  const sample = { level: 'info', message: 'order processed', worker: 1, seq: 12345, user: 'u617', path: '/api/orders/12345', ms: 62, timestamp: new Date().toISOString() };
  return Buffer.byteLength(JSON.stringify(sample)) + 1;
}

/** tailable: demo.log is live, demo1.log the newest rotated file, demo2.log older, ... */
function tailableAge(name: string): number | null {
  const m = /^demo(\d*)\.log$/.exec(name);
  return m ? Number(m[1] || 0) : null;
}

/** Seconds since the epoch of a per-second file (ages grow into the past, like the numbered sets). */
function datedAge(name: string): number | null {
  const m = DATED_NAME.exec(name);
  if (!m) return null;
  return -Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
}

interface LineTally {
  seen: Uint8Array;
  found: number;
  lines: number;
  misplaced: number;
}

export async function runFileTransport(kind: FileKind, options: DemoOptions, workDir: string, progress: (line: string) => void): Promise<RunResult> {
  const dir = join(workDir, kind === 'file' ? 'winston-file' : 'winston-daily-rotate-file');
  await mkdir(dir, { recursive: true });
  const rotations = Math.ceil(options.duration / options.rotateEvery);
  const maxsize = Math.round(options.rate * lineBytes() * options.rotateEvery);
  // Enough files that none is deleted by design: every loss below is the shared file's doing.
  const maxFiles = Math.max(20, rotations * options.workers * 3);
  const configs: WorkerConfig[] = Array.from({ length: options.workers }, (_, i) => ({
    index: i + 1,
    sink:
      kind === 'file'
        ? { kind, filename: join(dir, 'demo.log'), maxsize, maxFiles, tailable: true }
        : { kind, filename: join(dir, 'demo-%DATE%.log'), datePattern: DATE_PATTERN },
    rate: options.rate,
    durationMs: options.duration * 1000,
  }));
  const setup =
    kind === 'file'
      ? `winston.transports.File per worker on one file: maxsize ${(maxsize / 1000).toFixed(0)} kB ` +
        `(a rotation every ~${options.rotateEvery} s), maxFiles ${maxFiles}, tailable`
      : `winston-daily-rotate-file per worker on one pattern: datePattern ${DATE_PATTERN} (a new file every second)`;
  progress(`${kind === 'file' ? 'winston File' : 'winston-daily-rotate-file'}: ${options.workers} workers, same load, ${dir}`);

  const watch = kind === 'file' ? new CurrentFileWatch(join(dir, 'demo.log')) : undefined;
  const started = Date.now();
  let results: WorkerResult[];
  try {
    results = await runWorkers(configs, () => watch?.start());
  } catch (err) {
    watch?.stop();
    throw err;
  }
  const seconds = (Date.now() - started) / 1000;
  const generations = watch?.stop() ?? [];

  const files = await listSet(dir, kind === 'file' ? tailableAge : datedAge);
  const life: Map<string, Lifetime | null> =
    kind === 'file'
      ? lifetimes(files, generations)
      : new Map(files.map((f: SetFile) => {
          const from = -f.age * 1000;
          return [f.path, { from, to: from + 999 }];
        }));

  const tallies = new Map<number, LineTally>();
  for (const r of results) tallies.set(r.index, { seen: new Uint8Array(r.logged + 1), found: 0, lines: 0, misplaced: 0 });
  let corrupt = 0;
  const lineCounts = new Map<string, number>();
  for (const f of files) {
    const lifetime = life.get(f.path);
    const n = await forEachLine(f.path, (line) => {
      let rec: { worker?: unknown; seq?: unknown; timestamp?: unknown };
      try {
        rec = JSON.parse(line) as typeof rec;
      } catch {
        corrupt++;
        return;
      }
      const t = tallies.get(rec.worker as number);
      const seq = rec.seq as number;
      if (t === undefined || !Number.isInteger(seq) || seq < 1 || seq >= t.seen.length) {
        corrupt++;
        return;
      }
      t.lines++;
      if (t.seen[seq] === 0) {
        t.seen[seq] = 1;
        t.found++;
      }
      if (isMisplaced(Date.parse(String(rec.timestamp)), lifetime)) t.misplaced++;
    });
    lineCounts.set(f.path, n);
  }

  const workers: WorkerTally[] = results.map((r) => {
    const t = tallies.get(r.index) as LineTally;
    return {
      worker: r.index,
      pid: r.pid,
      sent: r.logged,
      found: t.found,
      missing: r.logged - t.found,
      duplicated: t.lines - t.found,
      misplaced: t.misplaced,
      dropped: 0,
    };
  });
  const notes: string[] = [];
  for (const r of results) {
    if (r.warningCount > 0) notes.push(`worker ${r.index}: ${r.warningCount} transport errors, e.g. ${r.warnings[0]}`);
    if (r.unflushed) notes.push(`worker ${r.index}: a transport did not finish within 30 s of logger.end()`);
  }
  const sums = totals(workers);
  return {
    title: kind === 'file' ? 'winston File' : 'daily-rotate-file',
    setup,
    workers,
    ...sums,
    corrupt,
    rotations: kind === 'file' ? Math.max(0, generations.length - 1) : Math.max(0, files.length - 1),
    files: files.map((f) => ({ path: f.path, bytes: f.bytes, lines: lineCounts.get(f.path) ?? 0, gz: f.gz })),
    seconds,
    ok: sums.missing === 0 && sums.duplicated === 0,
    notes,
  };
}
