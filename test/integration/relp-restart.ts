import { join } from 'path';
import type { SyslogTransportOptions } from '../../lib';
import { verifyFiles, VerifyReport } from '../../lib/verify';
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
