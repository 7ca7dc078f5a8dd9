import { expect } from 'chai';
import { Rsyslog, startRsyslog } from '../helpers/rsyslog';
import { checkArrivals } from './sequence-check';
import { runWorkers } from './run-workers';
import { TARGETS } from './targets';

const TOTAL = 200_000;

describe('a burst of 200,000 records arrives complete: none lost, none twice, per-process order kept', function () {
  this.timeout(180_000);
  const streamTargets = [TARGETS.unix, TARGETS.unixStream, TARGETS.tcp4, TARGETS.tls];
  for (const target of streamTargets) {
    for (const processes of [1, 4]) {
      it(`over ${target.name} from ${processes} process(es)`, async () => {
        const rsyslog: Rsyslog = await startRsyslog(target.input);
        try {
          const perProcess = TOTAL / processes;
          const started = Date.now();
          const workers = await runWorkers(processes, perProcess, target.options(rsyslog));
          const records = await rsyslog.waitForCount(TOTAL, { timeoutMs: 60_000 });
          const seconds = (Date.now() - started) / 1000;
          console.log(`      ${TOTAL} records in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)}/s end to end)`);
          const check = checkArrivals(records, perProcess);
          expect(records).to.have.length(TOTAL);
          expect(check.duplicates).to.equal(0);
          expect(check.outOfOrder).to.equal(0);
          expect([...check.perProcess.keys()].sort()).to.deep.equal(workers.map((w) => String(w.pid)).sort());
          expect([...check.missing.values()].every((m) => m === 0)).to.equal(true);
          for (const worker of workers) {
            expect(worker.stats).to.include({ sent: perProcess, dropped: 0, queued: 0 });
            expect(worker.warnings).to.deep.equal([]);
          }
        } finally {
          await rsyslog.stop();
        }
      });
    }
  }
});
