import { expect } from 'chai';
import { formatReport } from '../../lib/verify';
import { runRelpRestart } from './relp-restart';

const PROCESSES = 4;
const PER_PROCESS = Number(process.env['RELP_RESTART_RECORDS'] ?? 50_000);
const RATE = 5_000;

describe('over RELP, rsyslogd stopped gracefully (SIGTERM, serverclose) mid-stream and started again: nothing is lost', function () {
  this.timeout(240_000);
  it(`${PROCESSES} processes x ${PER_PROCESS} records: every record arrives, duplicates are only counted, the counters agree`, async () => {
    const run = await runRelpRestart({ processes: PROCESSES, perProcess: PER_PROCESS, rate: RATE, kill: false });
    const { report, workers } = run;
    const distinct = report.streams.reduce((n, s) => n + s.distinct, 0);
    console.log(
      `      logged ${run.total}, stopped at ${run.atStop} stored; stored ${report.sequenced} lines, ${distinct} distinct, ` +
        `missing ${report.missing}, duplicates ${report.duplicates}, out of order ${report.outOfOrder}, ` +
        `reconnects ${workers.map((w) => w.stats.reconnects).join('/')}, restart ${run.restartMs} ms, ${run.seconds.toFixed(1)} s` +
        `\n      worker drops: ${workers.map((w) => JSON.stringify(w.stats.drops)).join(' ')}`,
    );
    if (!report.ok) console.log(`      worker warnings: ${workers.map((w) => w.warnings.slice(0, 4).join(' | ')).join('\n        ')}`);
    expect(report.ok, formatReport(report)).to.equal(true);
    expect(report.missing).to.equal(0);
    expect(distinct).to.equal(run.total);
    expect(report.sequenced).to.equal(run.total + report.duplicates);
    expect(report.streams).to.have.length(PROCESSES);
    expect(run.atStop).to.be.greaterThan(0).and.lessThan(run.total);
    for (const worker of workers) {
      // sent = acknowledged: every record once, resends included
      expect(worker.stats).to.include({ sent: PER_PROCESS, dropped: 0, queued: 0, inFlight: 0 });
      expect(worker.stats.reconnects).to.be.at.least(1);
    }
    console.log(`      first warning of each worker: ${workers.map((w) => w.warnings[0]).join(' | ')}`);
    // rsyslogd announced its shutdown on the session (the 0 serverclose 0 frame)
    expect(workers.some((w) => w.warnings.some((m) => /serverclose/.test(m)))).to.equal(true);
  });
});
