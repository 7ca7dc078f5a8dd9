import { expect } from 'chai';
import { unlinkSync } from 'fs';
import { startRsyslog } from '../helpers/rsyslog';
import { checkArrivals } from './sequence-check';
import { sequencedLogger, sleep } from './steady-logger';
import { TARGETS } from './targets';

describe('a long outage fills the queue: memory stays bounded, every drop is counted and reported', function () {
  this.timeout(60_000);
  for (const policy of ['drop-oldest', 'drop-newest'] as const) {
    it(`${policy}: 5,000 records into a 1,000-record queue`, async () => {
      const rsyslog = await startRsyslog(TARGETS.unix.input);
      try {
        const options = TARGETS.unix.options(rsyslog);
        unlinkSync(options.path!);
        const { logger, transport } = sequencedLogger({
          ...options,
          maxQueueRecords: 1000,
          maxQueueBytes: 1024 * 1024,
          queueFullPolicy: policy,
          reconnectMaxMs: 200,
          dropReportIntervalMs: 0,
        });
        const dropped: number[] = [];
        transport.on('dropped', (d: { count: number }) => dropped.push(d.count));
        for (let i = 0; i < 5000; i++) logger.info('during the outage', { pad: 'p'.repeat(100) });
        const during = transport.stats();
        expect(during).to.include({ queued: 1000, dropped: 4000 });
        expect(during.drops.queueFull).to.equal(4000);
        expect(during.queuedBytes).to.be.at.most(1024 * 1024);
        expect(dropped.reduce((a, b) => a + b, 0)).to.equal(4000);

        await rsyslog.restart();
        const records = await rsyslog.waitForCount(1001);
        await sleep(200);
        const check = checkArrivals(records, 5000);
        const pid = String(process.pid);
        expect(check.perProcess.get(pid)).to.equal(1001, 'the 1,000 queued records and the drop report');
        const ids = records
          .filter((r) => r.msgid !== 'DROPPED')
          .map((r) => Number(/sequenceId="(\d+)"/.exec(r.structuredData)![1]));
        expect(ids).to.have.length(1000);
        if (policy === 'drop-oldest') expect([ids[0], ids[999]]).to.deep.equal([4001, 5000]);
        else expect([ids[0], ids[999]]).to.deep.equal([1, 1000]);

        const report = records.find((r) => r.msgid === 'DROPPED');
        expect(report, 'a warning record tells the log reader what was lost').to.not.equal(undefined);
        expect(report!.severity).to.equal(4);
        expect(report!.msg).to.match(/^winston-rfc5424 dropped 4000 record\(s\) since \S+ \(queueFull: 4000\)$/);
        expect(report!.structuredData).to.match(/dropped="4000".*queueFull="4000"/);
        await transport.close();
      } finally {
        await rsyslog.stop();
      }
    });
  }
});
