import { expectNothingLost, runRelpRestart } from './relp-restart';

const PROCESSES = 4;
const PER_PROCESS = Number(process.env['RELP_RESTART_RECORDS'] ?? 50_000);
const RATE = 5_000;

describe('over RELP, rsyslogd SIGKILLed mid-stream and started again: nothing is lost', function () {
  this.timeout(240_000);
  it(`${PROCESSES} processes x ${PER_PROCESS} records: every record arrives, duplicates are only counted, the counters agree`, async () => {
    const run = await runRelpRestart({ processes: PROCESSES, perProcess: PER_PROCESS, rate: RATE, kill: true });
    expectNothingLost(run, PROCESSES, PER_PROCESS, 'killed');
  });
});
