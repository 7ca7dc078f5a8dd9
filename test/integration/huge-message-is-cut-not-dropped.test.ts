import { expect } from 'chai';
import { startRsyslog } from '../helpers/rsyslog';
import { sequencedLogger } from './steady-logger';
import { TARGETS } from './targets';

describe('a record larger than the socket takes is cut to maxRecordBytes, never dropped', function () {
  this.timeout(60_000);
  for (const target of [TARGETS.unix, TARGETS.unixStream, TARGETS.udp4]) {
    it(`${target.name}: a 300,000-character message`, async () => {
      const rsyslog = await startRsyslog({ ...target.input, maxMessageSize: '256k' });
      try {
        // UDP's own limit; the unix datagram limit; under imptcp's default maxFrameSize (200,000)
        const maxRecordBytes = { [TARGETS.udp4.name]: 65507, [TARGETS.unix.name]: 200 * 1024 }[target.name] ?? 199_000;
        const { logger, transport, warnings } = sequencedLogger({ ...target.options(rsyslog), maxRecordBytes });
        logger.info('é'.repeat(150_000), { part: 'big' });
        logger.info('the next record arrives too');
        const records = await rsyslog.waitForCount(2);
        expect(Buffer.byteLength(records[0].rawmsg)).to.be.within(maxRecordBytes - 64, maxRecordBytes);
        expect(records[0].msg).to.match(/^(é)+$/, 'cut at a character boundary');
        expect(records[0].structuredData).to.contain('part="big"');
        expect(records[1].msg).to.equal('the next record arrives too');
        expect(transport.stats()).to.include({ truncated: 1, dropped: 0, sent: 2 });
        expect(warnings).to.deep.equal([]);
        await transport.close();
      } finally {
        await rsyslog.stop();
      }
    });
  }
});
