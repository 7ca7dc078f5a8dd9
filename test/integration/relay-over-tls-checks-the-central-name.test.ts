import { expect } from 'chai';
import { formatReport, verifyFiles } from '../../lib/verify';
import { startRelay } from './relay/relay';
import { runSteadyWorkers, sleep, waitForAtLeast } from './relay/run-steady-workers';

const PROCESSES = 2;
const PER_PROCESS = 2_000;
const RATE = 1_000;

describe('relay over TLS (the #@tls lines of forward.conf and central.conf)', function () {
  this.timeout(120_000);

  it('delivers every record to a central whose certificate carries the expected name', async () => {
    const relay = await startRelay('tls');
    try {
      const results = await runSteadyWorkers(PROCESSES, PER_PROCESS, RATE, {
        protocol: 'unix',
        path: relay.edgeDgramPath,
        appName: 'relay-app',
      });
      const total = PROCESSES * PER_PROCESS;
      const complete = await waitForAtLeast(() => relay.countLines(relay.centralFiles()), total, 30_000);
      const expected = Object.fromEntries(results.map((w) => [String(w.pid), PER_PROCESS]));
      const report = await verifyFiles(relay.centralFiles(), { expected });
      console.log(
        `      tls: logged ${total}, at the central ${report.sequenced}, ` +
          `missing ${report.missing}, duplicates ${report.duplicates}`,
      );
      expect(complete).to.equal(true, relay.edgeInternalLog());
      expect(report.ok, formatReport(report)).to.equal(true);
    } finally {
      await relay.stop();
    }
  });

  it('sends nothing to a central whose certificate names another host, and keeps the records queued', async () => {
    const relay = await startRelay('tls', { centralCert: 'wrong-name' });
    try {
      await runSteadyWorkers(1, 200, RATE, { protocol: 'unix', path: relay.edgeDgramPath, appName: 'relay-app' });
      expect(await waitForAtLeast(() => relay.countLines(relay.edgeFiles()), 200, 10_000)).to.equal(true);
      await sleep(3_000);
      expect(relay.centralFiles()).to.deep.equal([]);
      const log = relay.edgeInternalLog();
      // "error: peer name not authorized -  not permitted to talk to it. Names: DNSname: wrong.example; ..."
      expect(log).to.match(/peer name not authorized/);
      expect(log).to.match(/action 'winston-rfc5424-forward' suspended/);
      // The records wait for a central the edge can trust: stopping the edge saves them.
      await relay.edge.stop();
      expect(relay.forwardQueueFiles()).to.include('winston-rfc5424-forward-q.qi');
    } finally {
      await relay.stop();
    }
  });
});
