/**
 * The relay run of the container tier (.ci/containers.sh): workers on the HOST log through the edge
 * container's Unix socket while the central container is stopped for some seconds in the middle
 * of the stream and started again; then the project's verifier reads the central's bind-mounted
 * files and checks them against the count each worker logged. Prints "[pass] ..." / "[FAIL] ..."
 * lines; exit 1 on a FAIL.
 *
 *   node build/test/containers/relay-run.js LABEL EDGE-SOCKET CENTRAL-DIR COMPOSE-COMMAND...
 *
 * COMPOSE-COMMAND is the docker-compose command line with its -p and -f arguments; this script
 * appends "stop central" and "start central" to it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { formatReport, verifyFiles } from '../../lib/verify';
import { checker, FAIL_PREFIX } from './check-line';
import { countLines, listLogs } from '../integration/relay/log-files';
import { runSteadyWorkers, sleep, waitForAtLeast, waitForAtLeastOrStall, waitForQuiet } from '../integration/relay/run-steady-workers';

const WORKERS = 4;
const PER_WORKER = 10_000;
/** Records per second per worker: 4,000/s in all, the stream lasts 10 s. */
const RATE = 1_000;
const STOP_AT_MS = 3_000;
const DOWN_MS = 8_000;

async function main(): Promise<number> {
  const [label, socket, centralDir, ...compose] = process.argv.slice(2);
  const { check, failures } = checker(label);
  const central = (): Promise<number> => countLines(listLogs(centralDir, 1));
  const composeRun = (...args: string[]): void => {
    execFileSync(compose[0], [...compose.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  };

  // "up -d" returns once the containers run, before rsyslogd has opened its socket.
  if (!(await waitForAtLeast(async () => (existsSync(socket) ? 1 : 0), 1, 60_000))) {
    check(false, `no edge socket ${socket} after 60 s`);
    return 1;
  }
  const total = WORKERS * PER_WORKER;
  const workers = runSteadyWorkers(WORKERS, PER_WORKER, RATE, { protocol: 'unix', path: socket, appName: 'relay-ci' });
  await sleep(STOP_AT_MS);
  composeRun('stop', 'central'); // SIGTERM, as on a host's "systemctl restart"
  const atStop = await central();
  await sleep(DOWN_MS);
  composeRun('start', 'central');
  const results = await workers;
  // The edge retries the central every 5 s (forward.conf's action.resumeInterval).
  const { complete } = await waitForAtLeastOrStall(central, total, 15_000, 120_000);
  await waitForQuiet(central, 2_000);

  check(results.every((w) => w.stats.dropped === 0), `${WORKERS} workers logged ${total} records, none dropped by the transport`);
  check(atStop > 0 && atStop < total, `the central was stopped mid-stream (it had ${atStop} of ${total} records) for ${DOWN_MS / 1000} s`);
  check(complete, 'the central received the records the edge held during the outage');
  const expected = Object.fromEntries(results.map((w) => [String(w.pid), PER_WORKER]));
  const report = await verifyFiles(listLogs(centralDir, 1), { expected, minStreams: WORKERS });
  process.stdout.write(`${formatReport(report).trimEnd().replace(/^/gm, '     ')}\n`);
  check(report.ok, `verifier on the central's files: ${report.sequenced} of ${total} records, ${report.missing} missing, ${report.duplicates} duplicated`);
  return failures() === 0 ? 0 : 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (err: Error) => {
    process.stdout.write(`${FAIL_PREFIX} ${process.argv[2]}: relay run crashed: ${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  },
);
