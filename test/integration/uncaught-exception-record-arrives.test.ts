/**
 * winston's exception handler (`handleExceptions: true`) logs the exception and waits for the
 * transports before process.exit(1): the crash record must arrive on every socket kind, also when
 * the exception comes before the first connection.
 */
import { expect } from 'chai';
import { startRsyslog, type Rsyslog } from '../helpers/rsyslog';
import { runExitScript } from './exit-script';
import { waitForQuiet } from './steady-logger';
import { TARGETS } from './targets';

const FIXTURE = 'throw-uncaught.js';

describe("an uncaught exception's record arrives", function () {
  this.timeout(60_000);
  for (const target of [TARGETS.unix, TARGETS.unixStream, TARGETS.udp4, TARGETS.tcp4, TARGETS.tls]) {
    describe(`over ${target.name}`, () => {
      let rsyslog: Rsyslog;
      before(async () => {
        rsyslog = await startRsyslog(target.input);
      });
      after(async () => {
        await rsyslog?.stop();
      });

      for (const mode of ['after-logging', 'before-connect'] as const) {
        const title = mode === 'after-logging' ? 'thrown after logging 51 records: all arrive, the crash record last' : 'thrown before the first connect';
        it(title, async () => {
          const before = (await rsyslog.records()).length;
          const run = await runExitScript(FIXTURE, target.options(rsyslog), mode);
          await waitForQuiet(rsyslog, 300);
          const records = (await rsyslog.records()).slice(before);
          console.log(`      arrived ${records.length}, exit code ${run.code} ${run.lingerMs} ms after the throw`);
          expect(run.code).to.equal(1);
          expect(run.lingerMs).to.be.below(4000, 'winston waits at most 3 s for the transports');
          const crash = records[records.length - 1];
          expect(crash, 'the crash record').not.to.equal(undefined);
          expect(crash.pri % 8).to.equal(3);
          // winston's crash record carries the stack twice (MSG and the `error` value) plus process
          // info and a trace: over udp (maxRecordBytes 2048) it does not fit, MSG is cut first and
          // the `error` value, which fits next to the cut trace, still names the exception.
          if (crash.msg !== '') expect(crash.msg).to.match(/^uncaughtException: uncaught: the last words/);
          else expect(crash.structuredData).to.match(/ error="Error: uncaught: the last words/);
          if (mode === 'after-logging') expect(records).to.have.length(52);
          else expect(records).to.have.length(1);
        });
      }
    });
  }
});
