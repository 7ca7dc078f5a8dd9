import { expect } from 'chai';
import winston from 'winston';
import { SyslogTransport } from '../../lib';
import { Rsyslog, startRsyslog } from '../helpers/rsyslog';
import { TARGETS } from './targets';

describe('rsyslog stores what the application logged, field by field', () => {
  for (const target of Object.values(TARGETS)) {
    describe(`over ${target.name}`, () => {
      let rsyslog: Rsyslog;
      before(async () => {
        rsyslog = await startRsyslog(target.input);
      });
      after(() => rsyslog.stop());

      // The README suggests errors() alone, without the JSON text the transport never reads: the
      // record must not change.
      const loggerFormats: Array<[string, winston.Logform.Format | undefined]> = [
        ["winston's default format", undefined],
        ['format.errors() alone as the logger format', winston.format.errors({ stack: true })],
      ];
      for (const [formatName, format] of loggerFormats) {
        it(`delivers header, metadata as STRUCTURED-DATA and the message, with ${formatName}`, async () => {
          const before = (await rsyslog.records()).length;
          const transport = new SyslogTransport({
            ...target.options(rsyslog),
            appName: 'shop',
            hostname: 'web-1',
            facility: 'local3',
          });
          const logger = winston.createLogger({ level: 'silly', format, transports: [transport] });
          logger.info('order placed', { orderId: 42, user: 'ann', msgId: 'ORDER' });
          logger.log('http', 'GET /cart 200');
          logger.error(new Error('card declined'));
          const records = (await rsyslog.waitForCount(before + 3)).slice(before);
          await transport.close();

          expect(records[0]).to.include({
            facility: 19,
            severity: 6,
            hostname: 'web-1',
            appName: 'shop',
            procid: String(process.pid),
            msgid: 'ORDER',
            structuredData: '[winston@32473 orderId="42" user="ann"]',
            msg: 'order placed',
            protocolVersion: 1,
          });
          expect(records[1]).to.include({ severity: 6, msgid: '-', structuredData: '-', msg: 'GET /cart 200' });
          expect(records[2]).to.include({ severity: 3 });
          expect(records[2].msg).to.match(/^Error: card declined#012    at /, 'the stack, with LF escaped by rsyslog');
          expect(transport.stats()).to.include({ sent: 3, dropped: 0, queued: 0 });
        });
      }
    });
  }
});
