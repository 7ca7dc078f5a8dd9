/**
 * The demo's primary process: checks prerequisites, starts rsyslogd (or attaches to the compose
 * one), runs the workload, optionally the comparison runs, prints the reports, and undoes
 * everything it started on every path out (see cleanup.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installSignalHandlers, onCleanup, runCleanups } from './cleanup';
import type { SyslogDaemon } from './daemon';
import { attachExternalRsyslog, startComposeRsyslog } from './docker-stack';
import { runFileTransport } from './file-transport-run';
import { DemoUsageError, parseOptions, usage, type DemoOptions } from './options';
import { checkPrerequisites, localTools, MissingPrerequisite } from './prerequisites';
import { formatComparison, formatRun } from './report';
import type { RunResult } from './result';
import { startLocalRsyslog } from './rsyslog-process';
import { runSyslog } from './syslog-run';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function progressLogger(): (line: string) => void {
  const started = Date.now();
  return (line) => process.stderr.write(`demo [${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
}

async function startDaemon(options: DemoOptions, workDir: string): Promise<SyslogDaemon> {
  switch (options.daemon) {
    case 'local':
      return startLocalRsyslog({ tools: localTools(), workDir });
    case 'docker':
      return startComposeRsyslog(workDir);
    case 'external':
      return attachExternalRsyslog(options.socketDir, options.logDir);
  }
}

export async function main(argv: string[]): Promise<number> {
  let options: DemoOptions | null;
  try {
    options = parseOptions(argv);
  } catch (err) {
    if (!(err instanceof DemoUsageError)) throw err;
    process.stderr.write(`demo: ${err.message}\nRun 'npm run demo -- --help' for the options.\n`);
    return EXIT_USAGE;
  }
  if (options === null) {
    process.stdout.write(usage);
    return EXIT_OK;
  }
  try {
    checkPrerequisites(options.daemon, options.protocol);
  } catch (err) {
    if (!(err instanceof MissingPrerequisite)) throw err;
    process.stderr.write(`demo: ${err.message}\n`);
    return EXIT_USAGE;
  }

  installSignalHandlers();
  const progress = progressLogger();
  const workDir = await mkdtemp(join(tmpdir(), 'winston-rfc5424-demo-'));
  const keep = options.keep;
  // Registered first, so it runs last: after rsyslogd and the containers are gone.
  onCleanup('remove the temporary directory', async () => {
    if (keep) process.stderr.write(`demo: kept ${workDir}\n`);
    else await rm(workDir, { recursive: true, force: true });
  });

  try {
    const daemon = await startDaemon(options, workDir);
    progress(`started: ${daemon.description}`);
    let syslog;
    try {
      syslog = await runSyslog({ options, daemon, progress });
    } finally {
      await daemon.close();
    }
    const runs: RunResult[] = [syslog];
    if (options.compare) {
      runs.push(await runFileTransport('file', options, workDir, progress));
      runs.push(await runFileTransport('daily', options, workDir, progress));
    }

    process.stdout.write(`\n${formatRun(syslog, options)}`);
    if (options.compare) process.stdout.write(`\n${formatComparison(runs, options)}`);
    if (!keep && options.daemon !== 'external') process.stdout.write(`(the files were in ${workDir}, removed at exit; --keep keeps them)\n`);
    if (options.jsonOut !== undefined) {
      const { verify, appName, ...summary } = syslog;
      const expected = Object.fromEntries(syslog.workers.map((w) => [String(w.pid), w.sent]));
      const json = { options, ok: syslog.ok, appName, expected, runs: [summary, ...runs.slice(1)], verify };
      await writeFile(options.jsonOut, `${JSON.stringify(json, null, 2)}\n`);
    }
    return syslog.ok ? EXIT_OK : EXIT_FAILED;
  } catch (err) {
    // rsyslogd that did not start, a worker that died, a failed docker compose: a failed run, not a bug.
    const e = err as Error;
    process.stderr.write(`demo: FAILED: ${process.env['DEMO_DEBUG'] ? (e.stack ?? e.message) : e.message}\n`);
    return EXIT_FAILED;
  } finally {
    await runCleanups();
  }
}
