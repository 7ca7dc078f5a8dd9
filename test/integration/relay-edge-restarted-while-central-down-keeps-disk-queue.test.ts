import { expect } from 'chai';
import { formatRanges, formatReport, verifyFiles } from '../../lib/verify';
import { expectEdgeRestartDelivered } from './relay/expectations';
import { Hop, startRelay } from './relay/relay';
import { runSteadyWorkers, sleep, waitForAtLeast, waitForAtLeastOrStall, waitForQuiet } from './relay/run-steady-workers';

const PROCESSES = 4;
/** Logged while the central is up: proves the relay works before the outage. */
const BEFORE = 2_000;
/** Logged while the central is down: these wait in the edge's queue through its restart. */
const DURING = 10_000;
/** Records per second per process. */
const RATE = 1_000;

const CASES: Array<[Hop, string]> = [
  ['relp', 'over RELP: the queue is kept on disk and arrives, but for the one record under retry (rsyslog #2710)'],
  ['tcp', 'over TCP: the queue is kept on disk and arrives, but for the one record under retry (rsyslog #2710)'],
];

describe('relay: the edge rsyslog is restarted while the central is down', function () {
  this.timeout(180_000);

  for (const [hop, title] of CASES) {
    it(title, async () => {
      const relay = await startRelay(hop);
      try {
        const central = (): Promise<number> => relay.countLines(relay.centralFiles());
        const edge = (): Promise<number> => relay.countLines(relay.edgeFiles());
        const options = { protocol: 'unix' as const, path: relay.edgeDgramPath, appName: 'relay-app' };
        const started = Date.now();

        // Phase 1, central up. The central is stopped only once it has everything, so nothing is
        // in flight at its stop: this test is about the edge's queue (the in-flight window of a
        // central stopped mid-stream is the other test's subject).
        const before = await runSteadyWorkers(PROCESSES, BEFORE, RATE, options);
        const phase1 = await waitForAtLeast(central, PROCESSES * BEFORE, 30_000);
        expect(phase1).to.equal(true, 'phase 1 reached the central');
        await relay.central.stop();

        // Phase 2, central down: new processes, so new streams (PROCIDs).
        const during = await runSteadyWorkers(PROCESSES, DURING, RATE, options);
        const total = PROCESSES * (BEFORE + DURING);
        expect(await waitForAtLeast(edge, total, 30_000)).to.equal(true, 'the edge received every record');
        await sleep(1_000); // let the forward queue take the last records from the ruleset
        const edgePidBefore = relay.edge.pid;
        const stopStarted = Date.now();
        await relay.edge.stop(); // SIGTERM
        const edgeStopMs = Date.now() - stopStarted;
        const queueFiles = relay.forwardQueueFiles();
        await relay.edge.start();
        expect(relay.edge.pid).to.not.equal(edgePidBefore);
        await sleep(2_000); // the new edge finds the central still down and keeps its queue
        const restartLog = relay.edgeInternalLog();

        await relay.central.start();
        const restartedAt = Date.now();
        const { complete, lastMovedAt } = await waitForAtLeastOrStall(central, total, 10_000, 90_000);
        const catchUpMs = lastMovedAt - restartedAt;
        await waitForQuiet(central, 2_000);

        const expected = Object.fromEntries([
          ...before.map((w) => [String(w.pid), BEFORE]),
          ...during.map((w) => [String(w.pid), DURING]),
        ]);
        const report = await verifyFiles(relay.centralFiles(), { expected });
        const edgeReport = await verifyFiles(relay.edgeFiles(), { expected });
        const distinct = report.streams.reduce((n, s) => n + s.distinct, 0);
        const gaps = report.streams.map((s) => formatRanges(s.missingRanges, 3)).filter((r) => r !== '');
        const restarted = /queue files exist on disk, re-starting with (\d+) messages/.exec(restartLog);
        console.log(
          `      ${hop}: logged ${total} (${PROCESSES * DURING} while the central was down); the edge stopped ` +
            `in ${edgeStopMs} ms leaving ${queueFiles.length} queue files, restarted with ` +
            `${restarted ? restarted[1] : '?'} queued\n` +
            `      at the central ${report.sequenced} lines, ${distinct} distinct; missing ${report.missing}` +
            `${gaps.length ? ` (${gaps.join('; ')})` : ''}, duplicates ${report.duplicates}, ` +
            `out of order ${report.outOfOrder}; ${complete ? 'complete' : 'last record'} ${(catchUpMs / 1000).toFixed(1)} s ` +
            `after the central's restart, test ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        if (report.missing > 1 || report.duplicates > 1) console.log(formatReport(report));

        // saveOnShutdown wrote the queue to the spool: its index (.qi) and at least one data file,
        // and the new edge read it back.
        expect(queueFiles).to.include('winston-rfc5424-forward-q.qi');
        expect(queueFiles.length).to.be.at.least(2);
        expect(restarted, 'the new edge reports the queue it found').to.not.equal(null);
        expect(Number(restarted![1])).to.be.at.least(PROCESSES * DURING - 1, 'records the new edge found queued');
        // The edge received every record: what the central misses was lost in the forward queue.
        expect(edgeReport.ok, formatReport(edgeReport)).to.equal(true);
        expectEdgeRestartDelivered(report);
      } finally {
        await relay.stop();
      }
    });
  }
});
