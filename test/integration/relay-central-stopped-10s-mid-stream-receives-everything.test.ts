import { expect } from 'chai';
import { hostname } from 'os';
import { formatRanges, formatReport, verifyFiles } from '../../lib/verify';
import { expectCentralStopDelivered } from './relay/expectations';
import { Hop, startRelay } from './relay/relay';
import { runSteadyWorkers, sleep, waitForAtLeast, waitForAtLeastOrStall, waitForQuiet } from './relay/run-steady-workers';

const PROCESSES = 4;
const PER_PROCESS = 20_000;
/** Records per second per process: 4,000/s in all, the stream lasts 20 s. */
const RATE = 1_000;
const STOP_AT_MS = 5_000;
const DOWN_MS = 10_000;

const CASES: Array<[Hop, string]> = [
  ['relp', 'over RELP: every record logged on the edge reaches the central, none twice'],
  ['tcp', 'over TCP (octet-counted): all but the records in flight at the stop arrive, none twice'],
];

describe('relay: the central rsyslog is stopped for 10 s in the middle of a stream', function () {
  this.timeout(180_000);

  for (const [hop, title] of CASES) {
    it(title, async () => {
      const relay = await startRelay(hop);
      try {
        const central = (): Promise<number> => relay.countLines(relay.centralFiles());
        const edge = (): Promise<number> => relay.countLines(relay.edgeFiles());
        const total = PROCESSES * PER_PROCESS;
        const started = Date.now();
        const workers = runSteadyWorkers(PROCESSES, PER_PROCESS, RATE, {
          protocol: 'unix',
          path: relay.edgeDgramPath,
          appName: 'relay-app',
        });

        await sleep(STOP_AT_MS);
        await relay.central.stop(); // SIGTERM, as systemctl and docker stop do
        const atStop = await central();
        await sleep(DOWN_MS);
        const edgeWhileDown = await edge();
        await relay.central.start();
        const restartedAt = Date.now();

        const results = await workers;
        const logged = results.reduce((n, w) => n + w.stats.sent, 0);
        expect(await waitForAtLeast(edge, total, 30_000)).to.equal(true, 'the edge received every record');
        // The edge retries every 5 s (action.resumeInterval): a stall longer than that means lost.
        const { complete, lastMovedAt } = await waitForAtLeastOrStall(central, total, 10_000, 90_000);
        const catchUpMs = lastMovedAt - restartedAt;
        await waitForQuiet(central, 2_000);

        const expected = Object.fromEntries(results.map((w) => [String(w.pid), PER_PROCESS]));
        const report = await verifyFiles(relay.centralFiles(), { expected });
        const edgeReport = await verifyFiles(relay.edgeFiles(), { expected });
        const distinct = report.streams.reduce((n, s) => n + s.distinct, 0);
        const gaps = report.streams.map((s) => formatRanges(s.missingRanges, 3)).filter((r) => r !== '');
        console.log(
          `      ${hop}: logged ${logged} (${PROCESSES} processes), at the central ${report.sequenced} lines, ` +
            `${distinct} distinct; missing ${report.missing}${gaps.length ? ` (${gaps.join('; ')})` : ''}, ` +
            `duplicates ${report.duplicates}, out of order ${report.outOfOrder}\n` +
            `      central stopped at ${atStop} records, the edge had ${edgeWhileDown} when it came back; ` +
            `${complete ? 'complete' : 'last record'} ${(catchUpMs / 1000).toFixed(1)} s after its restart, ` +
            `test ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        if (!report.ok && hop === 'relp') console.log(formatReport(report));

        expect(results.every((w) => w.stats.dropped === 0)).to.equal(true, 'no worker dropped a record');
        expect(edgeReport.ok, formatReport(edgeReport)).to.equal(true);
        // The outage really was in the middle of the stream.
        expect(atStop).to.be.greaterThan(0);
        expect(atStop).to.be.lessThan(total);
        expect(relay.edgeInternalLog()).to.match(/action 'winston-rfc5424-forward' suspended/);
        expect(relay.edgeInternalLog()).to.match(/action 'winston-rfc5424-forward' resumed/);
        // One file per host and app at the central; a stream per host/app/procid in it.
        expect(relay.centralFiles().map((f) => f.slice(f.indexOf('/var/log/central/')))).to.deep.equal([
          `/var/log/central/${hostname()}/relay-app.log`,
        ]);
        expect(report.streams.map((s) => s.procId).sort()).to.deep.equal(results.map((w) => String(w.pid)).sort());
        expectCentralStopDelivered(hop, report);
      } finally {
        await relay.stop();
      }
    });
  }
});
