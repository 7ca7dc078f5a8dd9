import { expect } from 'chai';
import { formatReport, verifyFiles } from '../../lib/verify';
import { startRelay } from './relay/relay';
import { runSteadyWorkers, sleep, waitForAtLeast, waitForQuiet } from './relay/run-steady-workers';

const PROCESSES = 4;
const PER_PROCESS = 10_000;
/** Records per second per process: the stream lasts 10 s. */
const RATE = 1_000;
const STOP_CENTRAL_AT_MS = 3_000;

describe('relay: the edge rsyslog is restarted while the central is down', function () {
  this.timeout(180_000);

  it('keeps the forward queue on disk and delivers it once the central is back, none twice', async () => {
    const relay = await startRelay();
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
      await sleep(STOP_CENTRAL_AT_MS);
      await relay.central.stop();
      const atStop = await central();

      // The applications are done before the edge restarts: what is tested here is the edge's
      // queue, not the transport's reconnect (covered by daemon-restart-mid-stream-resumes).
      const results = await workers;
      expect(await waitForAtLeast(edge, total, 30_000)).to.equal(true, 'the edge received every record');
      const edgePidBefore = relay.edge.pid;
      const stopStarted = Date.now();
      await relay.edge.stop();
      const edgeStopMs = Date.now() - stopStarted;
      const queueFiles = relay.forwardQueueFiles();
      await relay.edge.start();
      expect(relay.edge.pid).to.not.equal(edgePidBefore);
      await sleep(2_000); // the new edge tries, fails and keeps the queue while the central is still down

      await relay.central.start();
      const restartedAt = Date.now();
      const complete = await waitForAtLeast(central, total, 90_000);
      const catchUpMs = Date.now() - restartedAt;
      await waitForQuiet(central, 2_000);

      const expected = Object.fromEntries(results.map((w) => [String(w.pid), PER_PROCESS]));
      const report = await verifyFiles(relay.centralFiles(), { expected });
      const distinct = report.streams.reduce((n, s) => n + s.distinct, 0);
      console.log(
        `      logged ${total}, central stopped at ${atStop}; edge stopped in ${edgeStopMs} ms and left ` +
          `${queueFiles.join(', ')}\n` +
          `      at the central ${report.sequenced} lines / ${distinct} distinct, missing ${report.missing}, ` +
          `duplicates ${report.duplicates}, out of order ${report.outOfOrder}; complete ${(catchUpMs / 1000).toFixed(1)} s ` +
          `after the central's restart, test ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      if (!report.ok) console.log(formatReport(report));

      expect(atStop).to.be.greaterThan(0);
      expect(atStop).to.be.lessThan(total);
      // saveOnShutdown wrote the queue (its index file .qi and at least one data file) to the spool.
      expect(queueFiles).to.include('winston-rfc5424-forward-q.qi');
      expect(queueFiles.length).to.be.at.least(2);
      expect(complete).to.equal(true, `the central got ${await central()} of ${total} records`);
      expect(report.missing).to.equal(0);
      expect(report.duplicates).to.equal(0);
      expect(report.ok, formatReport(report)).to.equal(true);
      // Once delivered, the queue files are gone.
      expect(relay.forwardQueueFiles()).to.deep.equal([]);
    } finally {
      await relay.stop();
    }
  });
});
