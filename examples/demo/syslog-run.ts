/**
 * The main run: workers log through winston-rfc5424 into rsyslogd while logrotate rotates the
 * files under them; then the project's verifier (lib/verify) reads every file written.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import winston from 'winston';
import { SyslogTransport, type SyslogTransportOptions } from '../../lib';
import { verifyFiles, type VerifyReport } from '../../lib/verify';
import { runWorkers } from './cluster-run';
import type { SyslogDaemon } from './daemon';
import { forEachLine, LineCounter, listSet, numberedSet, type SetFile } from './log-files';
import type { DemoOptions, DemoProtocol } from './options';
import { CurrentFileWatch, isMisplaced, lifetimes } from './placement';
import { totals, type RunResult, type WorkerTally } from './result';
import { RotationSchedule } from './rotate';
import type { WorkerConfig } from './worker';

const PROBE_APP = 'winston-rfc5424-probe';
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function targetOptions(protocol: DemoProtocol, daemon: SyslogDaemon): SyslogTransportOptions {
  switch (protocol) {
    case 'unix':
      return { protocol, path: join(daemon.socketDir, 'log.sock') };
    case 'unix-stream':
      return { protocol, path: join(daemon.socketDir, 'stream.sock') };
    case 'udp':
    case 'tcp':
      return { protocol, host: '127.0.0.1', port: daemon.port };
    case 'relp':
      return { protocol, host: '127.0.0.1', port: daemon.relpPort };
  }
}

/** A unique APP-NAME per run, so files of earlier runs (and PIDs reused in containers) never mix in. */
export function runAppName(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return `demo-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Sends probe records through the chosen input until rsyslogd has written one (UDP ones may be lost). */
async function probe(daemon: SyslogDaemon, protocol: DemoProtocol): Promise<void> {
  const transport = new SyslogTransport({ ...targetOptions(protocol, daemon), appName: PROBE_APP, reconnectMaxMs: 500 });
  transport.on('warn', () => undefined); // the socket may not accept connections yet: it retries
  const logger = winston.createLogger({ transports: [transport] });
  const counter = new LineCounter();
  const deadline = Date.now() + 30000;
  try {
    for (let i = 1; ; i++) {
      logger.info(`probe ${i}`);
      await delay(200);
      const files = await listSet(daemon.logDir, numberedSet(`${PROBE_APP}.log`)).catch(() => [] as SetFile[]);
      if ((await counter.count(files)) > 0) return;
      if (Date.now() > deadline) {
        throw new Error(`no probe record arrived through ${protocol} within 30 s\n--- _rsyslogd.log (end)\n${daemon.internalLogTail()}`);
      }
    }
  } finally {
    await transport.close();
  }
}

/** Waits until the set holds `expected` lines, or nothing was added for `quietMs`. */
async function waitForLines(logDir: string, base: string, expected: number, quietMs = 5000, limitMs = 120000): Promise<number> {
  const counter = new LineCounter();
  const started = Date.now();
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const n = await counter.count(await listSet(logDir, numberedSet(base)));
    if (n >= expected) return n;
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > quietMs || Date.now() - started > limitMs) {
      return n;
    }
    await delay(250);
  }
}

export interface SyslogRunOptions {
  options: DemoOptions;
  daemon: SyslogDaemon;
  progress: (line: string) => void;
}

export async function runSyslog({ options, daemon, progress }: SyslogRunOptions): Promise<RunResult & { verify: VerifyReport; appName: string }> {
  const appName = runAppName();
  const base = `${appName}.log`;
  await probe(daemon, options.protocol);

  const transport: SyslogTransportOptions = {
    ...targetOptions(options.protocol, daemon),
    appName,
    sequenceIds: true,
    // The default 2 s is plenty on an idle machine; a loaded one gets longer to deliver its backlog at exit.
    closeTimeoutMs: 30000,
  };
  const configs: WorkerConfig[] = Array.from({ length: options.workers }, (_, i) => ({
    index: i + 1,
    sink: { kind: 'syslog', transport },
    rate: options.rate,
    durationMs: options.duration * 1000,
  }));
  const watch = new CurrentFileWatch(join(daemon.logDir, base));
  const schedule = new RotationSchedule(daemon.rotator, options.rotateEvery * 1000, (n, outcome) =>
    progress(outcome.ok ? `rotation ${n} done` : `rotation ${n} FAILED: ${outcome.error}`),
  );
  progress(`${options.workers} workers log ${options.rate.toLocaleString('en-US')} records/s each for ${options.duration} s as APP-NAME ${appName}`);
  const started = Date.now();
  let results;
  let rotation;
  let killing: Promise<void> | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  try {
    results = await runWorkers(configs, () => {
      watch.start();
      schedule.start();
      if (options.killDaemon) {
        if (!daemon.killAndRestart) throw new Error('this rsyslogd cannot be killed and restarted by the demo');
        const restart = daemon.killAndRestart;
        killTimer = setTimeout(() => {
          progress('SIGKILL rsyslogd (--kill-daemon), then start it again');
          killing = restart().then(() => progress('rsyslogd started again'));
        }, (options.duration * 1000) / 2);
      }
    });
    clearTimeout(killTimer);
    await killing;
  } catch (err) {
    watch.stop();
    throw err;
  } finally {
    rotation = await schedule.stop(); // no rotation may run while the files are counted
  }
  const seconds = (Date.now() - started) / 1000;
  const sent = results.reduce((n, r) => n + r.logged, 0);
  progress(`workers done: ${sent.toLocaleString('en-US')} records in ${seconds.toFixed(1)} s; waiting for rsyslogd to write them`);
  await waitForLines(daemon.logDir, base, sent);
  const generations = watch.stop();
  await daemon.finish();

  const files = await listSet(daemon.logDir, numberedSet(base));
  const expected: Record<string, number> = {};
  for (const r of results) expected[String(r.pid)] = r.logged;
  // RELP is at-least-once: a record stored but not yet acknowledged when rsyslogd died comes twice.
  const atLeastOnce = options.protocol === 'relp';
  const verify = await verifyFiles(files.map((f) => f.path), { expected, allowDuplicates: atLeastOnce });

  // Placement: PROCID and TIMESTAMP of every line, against the lifetime of the file it is in.
  const life = lifetimes(files, generations);
  const misplaced = new Map<string, number>();
  const lineCounts = new Map<string, number>();
  for (const f of files) {
    const lifetime = life.get(f.path);
    const n = await forEachLine(f.path, (line) => {
      const fields = line.split(' ', 5); // <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID
      if (isMisplaced(Date.parse(fields[1]), lifetime)) misplaced.set(fields[4], (misplaced.get(fields[4]) ?? 0) + 1);
    });
    lineCounts.set(f.path, n);
  }

  const workers: WorkerTally[] = results.map((r) => {
    const stream = verify.streams.find((s) => s.procId === String(r.pid));
    return {
      worker: r.index,
      pid: r.pid,
      sent: r.logged,
      found: stream?.distinct ?? 0,
      missing: stream ? stream.missing : r.logged,
      duplicated: stream?.duplicates ?? 0,
      misplaced: misplaced.get(String(r.pid)) ?? 0,
      dropped: r.dropped,
    };
  });
  const notes: string[] = [];
  for (const r of results) {
    if (r.warningCount > 0) notes.push(`worker ${r.index}: ${r.warningCount} transport warnings, e.g. ${r.warnings[0]}`);
    if (r.dropped > 0) notes.push(`worker ${r.index}: the transport dropped ${r.dropped} records (see its 'dropped' events)`);
  }
  for (const e of rotation.errors) notes.push(`logrotate: ${e}`);
  if (rotation.done === 0) notes.push('no rotation happened: the run proves nothing about rotation (see the logrotate errors above)');
  if (!verify.ok) notes.push(...verify.problems.map((p) => `verifier: ${p}`));
  const sums = totals(workers);
  return {
    title: options.protocols.length > 1 ? `winston-rfc5424 ${options.protocol}` : 'winston-rfc5424',
    setup:
      `winston-rfc5424 over ${options.protocol} -> ${daemon.description}; logrotate -f every ${options.rotateEvery} s (rename + HUP)` +
      (options.killDaemon ? '; rsyslogd SIGKILLed and restarted halfway' : ''),
    workers,
    ...sums,
    corrupt: verify.badLines,
    rotations: rotation.done,
    files: files.map((f) => ({ path: f.path, bytes: f.bytes, lines: lineCounts.get(f.path) ?? 0, gz: f.gz })),
    seconds,
    ok: verify.ok && sums.missing === 0 && (atLeastOnce || sums.duplicated === 0) && rotation.done > 0,
    duplicatesAllowed: atLeastOnce,
    notes,
    verify,
    appName,
  };
}
