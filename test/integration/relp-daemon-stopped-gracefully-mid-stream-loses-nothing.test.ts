import { expect } from 'chai';
import { expectNothingLost, runRelpRestart } from './relp-restart';

const PROCESSES = 4;
const PER_PROCESS = Number(process.env['RELP_RESTART_RECORDS'] ?? 50_000);
const RATE = 5_000;

describe('over RELP, rsyslogd stopped gracefully (SIGTERM, serverclose) mid-stream and started again: nothing is lost', function () {
  this.timeout(240_000);
  it(`${PROCESSES} processes x ${PER_PROCESS} records: every record arrives, duplicates are only counted, the counters agree`, async () => {
    const run = await runRelpRestart({ processes: PROCESSES, perProcess: PER_PROCESS, rate: RATE, kill: false });
    expectNothingLost(run, PROCESSES, PER_PROCESS, 'stopped');
    const { workers } = run;
    console.log(`      first warning of each worker: ${workers.map((w) => w.warnings[0]).join(' | ')}`);
    // rsyslogd announced its shutdown on the session (the 0 serverclose 0 frame)
    expect(workers.some((w) => w.warnings.some((m) => /serverclose/.test(m)))).to.equal(true);
  });
});
