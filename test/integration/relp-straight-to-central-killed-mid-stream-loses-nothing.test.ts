import { expect } from 'chai';
import { hostname } from 'os';
import { formatReport, verifyFiles } from '../../lib/verify';
import { startRelpCentral } from './relay/relp-central';
import { relpWorkerOptions } from './relp-restart';
import { runSteadyWorkers, sleep, waitForAtLeastOrStall, waitForQuiet } from './relay/run-steady-workers';

const PROCESSES = 4;
const PER_PROCESS = Number(process.env['RELP_CENTRAL_RECORDS'] ?? 30_000);
/** Records per second per process (RELP_CENTRAL_RATE=1000000 makes it a burst, to measure throughput). */
const RATE = Number(process.env['RELP_CENTRAL_RATE'] ?? 3_000);

describe('scaling out: applications speak RELP straight to a central rsyslog (central.conf), which is SIGKILLed mid-stream and restarted', function () {
  this.timeout(240_000);
  it(`${PROCESSES} processes x ${PER_PROCESS} records: every record is in the central's file, duplicates are only counted, the counters agree`, async () => {
    const relp = await startRelpCentral();
    try {
      const total = PROCESSES * PER_PROCESS;
      const started = Date.now();
      const workers = runSteadyWorkers(PROCESSES, PER_PROCESS, RATE, relpWorkerOptions(relp.relpPort, 'relp-central-app'));
      while ((await relp.count()) < total * 0.3) await sleep(50);
      const killedPid = relp.central.pid;
      await relp.central.stop('SIGKILL');
      const atKill = await relp.count();
      const killed = Date.now();
      await relp.central.start();
      const restartMs = Date.now() - killed;
      const results = await workers;
      const { complete, lastMovedAt } = await waitForAtLeastOrStall(relp.count, total, 10_000, 120_000);
      const deliveredS = (lastMovedAt - started) / 1000;
      await waitForQuiet(relp.count, 1000);
      const seconds = (Date.now() - started) / 1000;

      const expected = Object.fromEntries(results.map((w) => [String(w.pid), PER_PROCESS]));
      const report = await verifyFiles(relp.files(), { expected, allowDuplicates: true });
      const distinct = report.streams.reduce((n, s) => n + s.distinct, 0);
      console.log(
        `      logged ${total}, killed at ${atKill} stored; stored ${report.sequenced} lines, ${distinct} distinct, ` +
          `missing ${report.missing}, duplicates ${report.duplicates}, out of order ${report.outOfOrder}, ` +
          `reconnects ${results.map((w) => w.stats.reconnects).join('/')}, restart ${restartMs} ms, ` +
          `all in the file after ${deliveredS.toFixed(1)} s (${Math.round(total / deliveredS)} records/s), test ${seconds.toFixed(1)} s` +
          `\n      worker drops: ${results.map((w) => JSON.stringify(w.stats.drops)).join(' ')}`,
      );
      if (!complete || !report.ok) {
        console.log(`      worker warnings: ${results.map((w) => w.warnings.slice(0, 4).join(' | ')).join('\n        ')}`);
        console.log(`      central's own log:\n${relp.internalLog().slice(-4000)}`);
      }
      expect(relp.central.pid).to.not.equal(killedPid);
      expect(atKill).to.be.greaterThan(0).and.lessThan(total);
      expect(report.ok, formatReport(report)).to.equal(true);
      expect(report.missing).to.equal(0);
      expect(distinct).to.equal(total);
      expect(report.sequenced).to.equal(total + report.duplicates);
      expect(report.streams.map((s) => s.procId).sort()).to.deep.equal(results.map((w) => String(w.pid)).sort());
      // one file per host and app, as central.conf lays them out
      expect(relp.files().map((f) => f.slice(f.indexOf('/var/log/central/')))).to.deep.equal([
        `/var/log/central/${hostname()}/relp-central-app.log`,
      ]);
      for (const worker of results) {
        // sent = acknowledged by the central: every record once, resends included
        expect(worker.stats).to.include({ sent: PER_PROCESS, dropped: 0, queued: 0, inFlight: 0 });
        expect(worker.stats.reconnects).to.be.at.least(1);
      }
    } finally {
      await relp.stop();
    }
  });
});
