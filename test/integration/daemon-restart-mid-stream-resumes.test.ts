import { expect } from 'chai';
import { readFileSync } from 'fs';
import { startRsyslog } from '../helpers/rsyslog';
import { checkArrivals } from './sequence-check';
import { logSteadily, sequencedLogger, waitForQuiet } from './steady-logger';
import { TARGETS } from './targets';

/** The kernel holds max_dgram_qlen + 1 datagrams for a Unix socket (its "full" test is "more than"); they die with the daemon. */
const KERNEL_HELD = Number(readFileSync('/proc/sys/net/unix/max_dgram_qlen', 'utf8')) + 1;

describe('rsyslogd stopped for a few seconds mid-stream: delivery resumes by itself', function () {
  this.timeout(120_000);
  for (const target of [TARGETS.unix, TARGETS.unixStream, TARGETS.tcp4, TARGETS.tls]) {
    it(`over ${target.name}`, async () => {
      const rsyslog = await startRsyslog(target.input);
      try {
        const { logger, transport, warnings } = sequencedLogger({ ...target.options(rsyslog), reconnectMaxMs: 500 });
        const logging = logSteadily(logger, 20, 5, 6000);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await rsyslog.restart({ downMs: 3000 });
        const logged = await logging;
        await transport.close();
        const stats = transport.stats();
        await waitForQuiet(rsyslog);
        const records = await rsyslog.records();
        const check = checkArrivals(records, logged);
        const lost = [...check.missing.values()][0];
        // After counted drops the transport logs one "dropped N records" report record itself.
        const reports = records.filter((r) => r.msgid === 'DROPPED').length;
        console.log(`      logged ${logged}, arrived ${records.length}, lost ${lost} (in the kernel when the daemon died), ` +
          `reconnects ${stats.reconnects}, warnings: ${warnings.map((w) => w.code).join(',')}`);

        expect(stats.reconnects).to.be.at.least(1);
        // Stream sockets: what node was writing when the connection died is counted as
        // connectionLost (over unix-stream and tcp at most the one record a partial write cut: the
        // transport writes to the fd itself); everything else waited in the queue through the outage.
        expect(stats.dropped).to.equal(stats.drops.connectionLost);
        if (target === TARGETS.unixStream || target === TARGETS.tcp4) expect(stats.drops.connectionLost).to.be.at.most(stats.reconnects);
        expect(reports).to.equal(stats.dropped > 0 ? 1 : 0);
        expect(stats.sent + stats.dropped).to.equal(logged + reports, 'the counters account for every record');
        expect(check.duplicates).to.equal(0);
        expect(check.outOfOrder).to.equal(0);
        expect(records.length).to.equal(logged - lost + reports);
        if (target === TARGETS.unix) expect(lost).to.be.at.most(KERNEL_HELD);
        else expect(lost).to.be.at.most(2000, 'only what sat in the dead connection\'s socket buffers');
        expect(lost).to.be.at.least(stats.dropped, 'a counted drop is a record that did not arrive');
        expect(warnings.length).to.be.at.least(1);
      } finally {
        await rsyslog.stop();
      }
    });
  }
});
