/**
 * The demo's primary process: checks prerequisites, starts rsyslogd (or attaches to the compose
 * one), runs the workload, optionally the comparison runs, prints the reports, and undoes
 * everything it started on every path out (see cleanup.ts).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installSignalHandlers, onCleanup, runCleanups } from './cleanup';
import type { SyslogDaemon } from './daemon';
import { attachExternalRsyslog, startComposeRsyslog } from './docker-stack';
import { runFileTransport } from './file-transport-run';
import { DemoUsageError, parseOptions, usage, type DemoOptions } from './options';
import { checkPrerequisites, localTools, MissingPrerequisite } from './prerequisites';
import { formatComparison, formatProtocols, formatRun } from './report';
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
    for (const protocol of options.protocols) checkPrerequisites(options.daemon, protocol);
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
    // One run per protocol, one after the other, each with an rsyslogd of its own (a run ends by
    // stopping it, so that every record it holds is in the files) in a directory of its own; with
    // --kill-daemon each run kills and restarts its rsyslogd once.
    const syslogRuns: Awaited<ReturnType<typeof runSyslog>>[] = [];
    for (const protocol of options.protocols) {
      const several = options.protocols.length > 1;
      const dir = several ? join(workDir, protocol) : workDir;
      if (several) {
        await mkdir(dir);
        progress(`run ${syslogRuns.length + 1} of ${options.protocols.length}: protocol ${protocol}`);
      }
      const daemon = await startDaemon(options, dir);
      progress(`started: ${daemon.description}`);
      try {
        syslogRuns.push(await runSyslog({ options: { ...options, protocol }, daemon, progress }));
      } finally {
        await daemon.close();
      }
    }
    const runs: RunResult[] = [...syslogRuns];
    if (options.compare) {
      runs.push(await runFileTransport('file', options, workDir, progress));
      runs.push(await runFileTransport('daily', options, workDir, progress));
    }

    syslogRuns.forEach((run, i) => process.stdout.write(`\n${formatRun(run, { ...options, protocol: options.protocols[i] })}`));
    if (syslogRuns.length > 1) process.stdout.write(`\n${formatProtocols(syslogRuns, options)}`);
    if (options.compare) process.stdout.write(`\n${formatComparison(runs, options)}`);
    if (!keep && options.daemon !== 'external') process.stdout.write(`(the files were in ${workDir}, removed at exit; --keep keeps them)\n`);
    const ok = syslogRuns.every((run) => run.ok);
    if (options.jsonOut !== undefined) {
      // The first protocol's run at the top level (as with one protocol); every one in `protocols`.
      const perProtocol = syslogRuns.map(({ verify, appName, ...summary }, i) => ({
        protocol: options.protocols[i],
        ok: summary.ok,
        appName,
        expected: Object.fromEntries(summary.workers.map((w) => [String(w.pid), w.sent])),
        summary,
        verify,
      }));
      const first = perProtocol[0];
      const json = {
        options,
        ok,
        appName: first.appName,
        expected: first.expected,
        runs: [first.summary, ...runs.slice(syslogRuns.length)],
        verify: first.verify,
        protocols: perProtocol,
      };
      await writeFile(options.jsonOut, `${JSON.stringify(json, null, 2)}\n`);
    }
    return ok ? EXIT_OK : EXIT_FAILED;
  } catch (err) {
    // rsyslogd that did not start, a worker that died, a failed docker compose: a failed run, not a bug.
    const e = err as Error;
    process.stderr.write(`demo: FAILED: ${process.env['DEMO_DEBUG'] ? (e.stack ?? e.message) : e.message}\n`);
    return EXIT_FAILED;
  } finally {
    await runCleanups();
  }
}
