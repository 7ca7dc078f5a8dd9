/**
 * process.exit() runs no more I/O callbacks: the transport's 'exit' handler writes what is queued
 * synchronously (issue 12: the final record of a 200-record burst arrived 0 of 3 times over
 * unix-stream and tcp). Within a second, and bounded when the daemon does not read.
 */
import { expect } from 'chai';
import { startRsyslog, type Rsyslog } from '../helpers/rsyslog';
import { runExitScript } from './exit-script';
import { checkArrivals } from './sequence-check';
import { waitForQuiet } from './steady-logger';
import { TARGETS, type Target } from './targets';

const FIXTURE = 'log-then-exit.js';

async function newRecords(rsyslog: Rsyslog, before: number): Promise<Array<{ msg: string; severity: number }>> {
  await waitForQuiet(rsyslog, 300);
  return (await rsyslog.records()).slice(before).map((r) => ({ msg: r.msg, severity: r.pri % 8 }));
}

const CASES: Array<{ target: Target; connected: boolean; startup: boolean }> = [
  { target: TARGETS.unix, connected: true, startup: true },
  { target: TARGETS.unixStream, connected: true, startup: true },
  { target: TARGETS.tcp4, connected: true, startup: false },
  { target: TARGETS.udp4, connected: true, startup: true },
  { target: TARGETS.udp6, connected: true, startup: true },
  { target: TARGETS.tls, connected: false, startup: false },
];

describe('the last record before process.exit() arrives', function () {
  this.timeout(60_000);
  for (const { target, connected, startup } of CASES) {
    describe(`over ${target.name}`, () => {
      let rsyslog: Rsyslog;
      before(async () => {
        rsyslog = await startRsyslog(target.input);
      });
      after(async () => {
        await rsyslog?.stop();
      });

      const connectedTitle = connected
        ? 'connected, idle 300 ms, then 200 records and a final error in one tick: all 202 arrive'
        : 'connected: the process still exits promptly (records node had not written are lost: TLS cannot be written synchronously)';
      it(connectedTitle, async () => {
        const before = (await rsyslog.records()).length;
        const run = await runExitScript(FIXTURE, target.options(rsyslog), 'connected');
        const records = await newRecords(rsyslog, before);
        console.log(`      arrived ${records.length} of 202, exit ${run.lingerMs} ms after process.exit()`);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.equal('');
        expect(run.lingerMs).to.be.below(1000);
        if (!connected) return;
        expect(records).to.have.length(202);
        expect(records[201]).to.deep.equal({ msg: 'final error before process.exit()', severity: 3 });
      });

      if (connected) {
        it('connected, 200 records and a final error, then an exception nobody handles (node exits with 1): all 202 arrive', async () => {
          const before = (await rsyslog.records()).length;
          const run = await runExitScript(FIXTURE, target.options(rsyslog), 'throw');
          const records = await newRecords(rsyslog, before);
          console.log(`      arrived ${records.length} of 202, exit ${run.lingerMs} ms after the throw`);
          expect(run.code).to.equal(1);
          expect(run.stderr).to.include('nobody handles this');
          expect(records).to.have.length(202);
          expect(records[201]).to.deep.equal({ msg: 'final error before process.exit()', severity: 3 });
        });
      }

      if (connected) {
        it('one record, then one event-loop turn later 200 records and a final error, then process.exit(0): all 202 arrive', async () => {
          // The transport starts connecting with its first record; over TCP node issues the
          // connect a tick later, so this is the earliest a TCP record can get out at exit.
          const before = (await rsyslog.records()).length;
          const run = await runExitScript(FIXTURE, target.options(rsyslog), 'next-turn');
          const records = await newRecords(rsyslog, before);
          console.log(`      arrived ${records.length} of 202, exit ${run.lingerMs} ms after process.exit()`);
          expect(run.code, run.stderr).to.equal(0);
          expect(run.lingerMs).to.be.below(1000);
          expect(records).to.have.length(202);
          expect(records[201]).to.deep.equal({ msg: 'final error before process.exit()', severity: 3 });
        });
      }

      const startupTitle = startup
        ? 'right after creating the logger, 200 records and a final error, then process.exit(0): all 201 arrive'
        : 'right after creating the logger, then process.exit(0): exits promptly (no connection exists yet: lost)';
      it(startupTitle, async () => {
        const before = (await rsyslog.records()).length;
        const run = await runExitScript(FIXTURE, target.options(rsyslog), 'startup');
        const records = await newRecords(rsyslog, before);
        console.log(`      arrived ${records.length} of 201, exit ${run.lingerMs} ms after process.exit()`);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.equal('');
        expect(run.lingerMs).to.be.below(1000);
        if (!startup) return;
        expect(records).to.have.length(201);
        expect(records[200]).to.deep.equal({ msg: 'final error before process.exit()', severity: 3 });
      });
    });
  }
});

describe('20 MB logged in one tick, then process.exit(): stream sockets deliver all of it, no frame cut', function () {
  this.timeout(60_000);
  for (const target of [TARGETS.unixStream, TARGETS.tcp4]) {
    it(`over ${target.name}`, async () => {
      const rsyslog = await startRsyslog(target.input);
      try {
        // node had part of it in a write the kernel took only in part: the exit handler writes the
        // rest of that frame first (libuv's writeQueueSize), then the queue.
        const run = await runExitScript(FIXTURE, target.options(rsyslog), 'flood');
        await waitForQuiet(rsyslog, 500);
        const records = await rsyslog.records();
        const check = checkArrivals(records, 10_002);
        console.log(`      arrived ${records.length} of 10,002, exit ${run.lingerMs} ms after process.exit()`);
        expect(run.code, run.stderr).to.equal(0);
        expect(records).to.have.length(10_002);
        expect(check.duplicates).to.equal(0);
        expect(check.outOfOrder).to.equal(0);
        expect(records[10_001].msg).to.equal('final error before process.exit()');
      } finally {
        await rsyslog.stop();
      }
    });
  }
});
