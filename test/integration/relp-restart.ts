import { expect } from 'chai';
import { join } from 'path';
import type { SyslogTransportOptions } from '../../lib';
import { formatReport, verifyFiles, VerifyReport } from '../../lib/verify';
import { startRsyslog } from '../helpers/rsyslog';
import { runSteadyWorkers, sleep, waitForAtLeastOrStall, waitForQuiet } from './relay/run-steady-workers';
import type { WorkerResult } from './run-workers';

/** Workers of the RELP restart tests: reconnect soon, and let close() outlast a slow restart. */
export function relpWorkerOptions(port: number, appName: string): SyslogTransportOptions {
  // a restart can take a few seconds on a loaded machine
  return { protocol: 'relp', host: '127.0.0.1', port, appName, reconnectMaxMs: 500, closeTimeoutMs: 20_000 };
}

export interface RelpRestartRun {
  workers: WorkerResult[];
  report: VerifyReport;
  /** Records in rsyslog's file when it was stopped. */
  atStop: number;
  total: number;
  seconds: number;
  /** From the stop signal until every input of the new rsyslogd answered a probe. */
  restartMs: number;
}

/**
 * `processes` workers log `perProcess` records each at `rate` per second over RELP to a private
 * rsyslogd, which is stopped (SIGKILL with kill: true, SIGTERM otherwise) once `stopAtFraction`
 * of the records arrived, and started again. Returns the workers' counters and the verifier's
 * report on rsyslog's file.
 */
export async function runRelpRestart(options: {
  processes: number;
  perProcess: number;
  rate: number;
  kill: boolean;
  stopAtFraction?: number;
  transport?: SyslogTransportOptions;
}): Promise<RelpRestartRun> {
  const { processes, perProcess, rate, kill } = options;
  const total = processes * perProcess;
  // RELP_RULESET_QUEUE=LinkedList measures what an in-memory ruleset queue loses (default Direct)
  const queue = process.env['RELP_RULESET_QUEUE'] === 'LinkedList' ? 'LinkedList' : 'Direct';
  const rsyslog = await startRsyslog({ relp: { queue } });
  try {
    const started = Date.now();
    const workers = runSteadyWorkers(processes, perProcess, rate, { ...relpWorkerOptions(rsyslog.relpPort, 'relp-app'), ...options.transport });
    const stopAt = Math.floor(total * (options.stopAtFraction ?? 0.3));
    while ((await rsyslog.countRecords()) < stopAt) await sleep(50);
    const atStop = await rsyslog.countRecords();
    const stopped = Date.now();
    await rsyslog.restart({ kill });
    const restartMs = Date.now() - stopped;
    const results = await workers;
    await waitForAtLeastOrStall(() => rsyslog.countRecords(), total, 10_000, 120_000);
    await waitForQuiet(() => rsyslog.countRecords(), 1000);
    const seconds = (Date.now() - started) / 1000;
    const expected = Object.fromEntries(results.map((w) => [String(w.pid), perProcess]));
    const report = await verifyFiles([join(rsyslog.dir, 'records.log')], { expected, allowDuplicates: true });
    return { workers: results, report, atStop, total, seconds, restartMs };
  } finally {
    await rsyslog.stop();
  }
}

/**
 * What both restart tests assert: every record in rsyslog's file at least once, duplicates only
 * counted, and each worker's counters saying every record was acknowledged once and nothing dropped.
 */
export function expectNothingLost(run: RelpRestartRun, processes: number, perProcess: number, stopped: 'killed' | 'stopped'): void {
  const { report, workers } = run;
  const distinct = report.streams.reduce((n, s) => n + s.distinct, 0);
  console.log(
    `      logged ${run.total}, ${stopped} at ${run.atStop} stored; stored ${report.sequenced} lines, ${distinct} distinct, ` +
      `missing ${report.missing}, duplicates ${report.duplicates}, out of order ${report.outOfOrder}, ` +
      `reconnects ${workers.map((w) => w.stats.reconnects).join('/')}, restart ${run.restartMs} ms, ${run.seconds.toFixed(1)} s` +
      `\n      worker drops: ${workers.map((w) => JSON.stringify(w.stats.drops)).join(' ')}`,
  );
  if (!report.ok) console.log(`      worker warnings: ${workers.map((w) => w.warnings.slice(0, 4).join(' | ')).join('\n        ')}`);
  expect(report.ok, formatReport(report)).to.equal(true);
  expect(report.missing).to.equal(0);
  expect(distinct).to.equal(run.total);
  expect(report.sequenced).to.equal(run.total + report.duplicates);
  expect(report.streams).to.have.length(processes);
  expect(run.atStop).to.be.greaterThan(0).and.lessThan(run.total);
  for (const worker of workers) {
    // sent = acknowledged: every record once, resends included
    expect(worker.stats).to.include({ sent: perProcess, dropped: 0, queued: 0, inFlight: 0 });
    expect(worker.stats.reconnects).to.be.at.least(1);
  }
}
