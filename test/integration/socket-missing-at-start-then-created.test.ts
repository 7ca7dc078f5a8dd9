import { expect } from 'chai';
import { unlinkSync } from 'fs';
import { startRsyslog } from '../helpers/rsyslog';
import { checkArrivals } from './sequence-check';
import { sequencedLogger, sleep } from './steady-logger';
import { TARGETS } from './targets';

describe('the socket file is missing, or removed while running: records wait and arrive once it is back', function () {
  this.timeout(60_000);
  for (const target of [TARGETS.unix, TARGETS.unixStream]) {
    const socketPath = (options: { path?: string }) => options.path!;

    it(`${target.name}: absent at start-up, then created`, async () => {
      const rsyslog = await startRsyslog(target.input);
      try {
        const options = target.options(rsyslog);
        unlinkSync(socketPath(options)); // the daemon runs, but nobody can reach it: as before it starts
        const { logger, transport, warnings } = sequencedLogger({ ...options, reconnectMaxMs: 200 });
        for (let i = 0; i < 100; i++) logger.info('before the socket exists');
        await sleep(300);
        expect(transport.stats()).to.include({ queued: 100, sent: 0, dropped: 0, connected: false });
        expect(warnings.map((w) => w.code)).to.deep.equal(['ENOENT']);
        expect(warnings[0].message).to.contain(socketPath(options));

        await rsyslog.restart();
        const records = await rsyslog.waitForCount(100);
        expect(checkArrivals(records, 100).missing.get(String(process.pid))).to.equal(0);
        expect(transport.stats()).to.include({ sent: 100, queued: 0, dropped: 0 });
        await transport.close();
      } finally {
        await rsyslog.stop();
      }
    });

    it(`${target.name}: removed mid-run, then created again`, async () => {
      const rsyslog = await startRsyslog(target.input);
      try {
        const options = target.options(rsyslog);
        const { logger, transport, warnings } = sequencedLogger({ ...options, reconnectMaxMs: 200 });
        for (let i = 0; i < 50; i++) logger.info('while the socket exists');
        await rsyslog.waitForCount(50);
        unlinkSync(socketPath(options));
        await sleep(300); // idle: the datagram socket closes and must reconnect by path
        for (let i = 0; i < 50; i++) logger.info('after the socket was removed');
        await sleep(300);
        if (target === TARGETS.unix) {
          expect(transport.stats()).to.include({ queued: 50, sent: 50 });
          expect(warnings.map((w) => w.code)).to.deep.equal(['ENOENT']);
          await rsyslog.restart(); // the daemon creates its socket again
        }
        // A Unix stream connection outlives the unlink of its socket file: no restart needed.
        const records = await rsyslog.waitForCount(100);
        const check = checkArrivals(records, 100);
        expect(check.missing.get(String(process.pid))).to.equal(0);
        expect(check.duplicates).to.equal(0);
        expect(transport.stats()).to.include({ sent: 100, dropped: 0 });
        await transport.close();
      } finally {
        await rsyslog.stop();
      }
    });
  }
});
