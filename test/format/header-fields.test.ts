/** HEADER = PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID (RFC 5424 section 6.2). */
import { expect } from 'chai';
import * as os from 'os';
import * as path from 'path';
import { createFormatter, type FormatterOptions, type SyslogRecord } from '../../lib/format';

const TIME = new Date(Date.UTC(2026, 10, 25, 13, 55, 3, 123));
const BASE: FormatterOptions = { hostname: 'host', appName: 'app', procId: '1' };

function line(options: FormatterOptions, record: Partial<SyslogRecord> = {}): string {
  const format = createFormatter({ ...BASE, ...options });
  return format({ severity: 6, time: TIME, message: 'm', ...record }).bytes.toString('utf8');
}

describe('header fields', () => {
  describe('PRI = facility * 8 + severity (section 6.2.1)', () => {
    const cases: Array<[FormatterOptions['facility'], SyslogRecord['severity'], string]> = [
      ['kern', 0, '<0>'],
      [undefined, 6, '<14>'], // default facility user
      ['mail', 2, '<18>'],
      ['daemon', 3, '<27>'],
      ['auth', 2, '<34>'], // RFC example 1: su, crit
      ['syslog', 5, '<45>'],
      ['authpriv', 4, '<84>'],
      ['ntp', 7, '<103>'],
      ['security', 0, '<104>'],
      ['audit', 1, '<105>'],
      ['console', 6, '<118>'],
      ['alert', 6, '<118>'],
      ['solaris-cron', 7, '<127>'],
      ['clock', 7, '<127>'],
      ['local0', 5, '<133>'],
      ['local4', 5, '<165>'], // RFC examples 2-4
      ['local7', 7, '<191>'], // the largest PRIVAL
      [23, 0, '<184>'],
      [0, 7, '<7>'],
    ];
    for (const [facility, severity, pri] of cases) {
      it(`facility ${String(facility)}, severity ${severity} -> ${pri}1`, () => {
        expect(line({ facility }, { severity })).to.equal(`${pri}1 2026-11-25T13:55:03.123Z host app 1 - - m`);
      });
    }
  });

  describe('sanitising: outside PRINTUSASCII -> "_" per code point, then cut; "" -> "-"', () => {
    const cases: Array<[string, FormatterOptions, Partial<SyslogRecord>, string]> = [
      ['hostname with a space', { hostname: 'my host' }, {}, '<14>1 2026-11-25T13:55:03.123Z my_host app 1 - - m'],
      ['hostname with é', { hostname: 'hôte' }, {}, '<14>1 2026-11-25T13:55:03.123Z h_te app 1 - - m'],
      ['astral code point -> one "_"', { appName: 'a😀b' }, {}, '<14>1 2026-11-25T13:55:03.123Z host a_b 1 - - m'],
      ['lone surrogate -> one "_"', { appName: 'a\ud800b' }, {}, '<14>1 2026-11-25T13:55:03.123Z host a_b 1 - - m'],
      ['TAB, DEL, NUL', { procId: '\t\x7f\0' }, {}, '<14>1 2026-11-25T13:55:03.123Z host app ___ - - m'],
      ['empty hostname -> NILVALUE', { hostname: '' }, {}, '<14>1 2026-11-25T13:55:03.123Z - app 1 - - m'],
      ['numeric procId', { procId: 4242 }, {}, '<14>1 2026-11-25T13:55:03.123Z host app 4242 - - m'],
      ['default msgId option', { msgId: 'ID47' }, {}, '<14>1 2026-11-25T13:55:03.123Z host app 1 ID47 - m'],
      ['record msgId wins', { msgId: 'ID47' }, { msgId: 'LOGIN' }, '<14>1 2026-11-25T13:55:03.123Z host app 1 LOGIN - m'],
      ['record msgId sanitised', {}, { msgId: 'user login' }, '<14>1 2026-11-25T13:55:03.123Z host app 1 user_login - m'],
      ['record msgId "" -> NILVALUE', { msgId: 'ID47' }, { msgId: '' }, '<14>1 2026-11-25T13:55:03.123Z host app 1 - - m'],
      ['empty message: no SP, no MSG', {}, { message: '' }, '<14>1 2026-11-25T13:55:03.123Z host app 1 - -'],
    ];
    for (const [name, options, record, expected] of cases) {
      it(name, () => expect(line(options, record)).to.equal(expected));
    }
  });

  describe('length limits (section 6.2.4-6.2.7)', () => {
    const cases: Array<[keyof FormatterOptions, number]> = [
      ['hostname', 255],
      ['appName', 48],
      ['procId', 128],
      ['msgId', 32],
    ];
    for (const [option, max] of cases) {
      it(`${option}: ${max} octets kept, ${max + 1} cut to ${max}`, () => {
        const fields = (text: string): string[] => line({ [option]: text }).split(' ');
        const index = ['hostname', 'appName', 'procId', 'msgId'].indexOf(option) + 2;
        expect(fields('a'.repeat(max))[index]).to.equal('a'.repeat(max));
        expect(fields('b'.repeat(max + 1))[index]).to.equal('b'.repeat(max));
        // Cut after sanitising: a multi-byte character counts as one '_', never as a half.
        expect(fields('é'.repeat(max + 1))[index]).to.equal('_'.repeat(max));
      });
    }
    it('record msgId is cut to 32 too', () => {
      expect(line({}, { msgId: 'x'.repeat(40) }).split(' ')[5]).to.equal('x'.repeat(32));
    });
  });

  describe('defaults', () => {
    it('hostname os.hostname(), procId process.pid, appName the script name, msgId "-"', () => {
      const bytes = createFormatter()({ severity: 6, time: TIME, message: 'm' }).bytes.toString();
      const appName = path.parse(process.argv[1]).name;
      expect(bytes).to.equal(`<14>1 2026-11-25T13:55:03.123Z ${os.hostname()} ${appName} ${process.pid} - - m`);
    });
    it('appName is "node" when there is no script (REPL, node -e)', () => {
      const argv = process.argv.slice();
      process.argv.length = 1;
      try {
        expect(createFormatter()({ severity: 6, time: TIME, message: '' }).bytes.toString().split(' ')[3]).to.equal('node');
      } finally {
        process.argv.splice(0, process.argv.length, ...argv);
      }
    });
  });

  describe('option validation: a TypeError naming the option', () => {
    const cases: Array<[string, unknown]> = [
      ['facility', 'local8'],
      ['facility', 24],
      ['facility', -1],
      ['facility', 1.5],
      ['facility', 'toString'],
      ['hostname', 42],
      ['appName', null],
      ['procId', -1],
      ['procId', {}],
      ['msgId', 7],
      ['timestamp', 'UTC'],
      ['sdId', 'winston'], // no PEN
      ['sdId', 'meta'], // IANA
      ['sdId', 'a b@32473'],
      ['sdId', 'a=b@32473'],
      ['sdId', 'name@pen'],
      ['sdId', 'x'.repeat(27) + '@32473'], // 33 octets
      ['bom', 'yes'],
      ['maxRecordBytes', 1023],
      ['maxRecordBytes', 2048.5],
      ['maxRecordBytes', '8192'],
    ];
    for (const [option, value] of cases) {
      it(`${option}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`, () => {
        expect(() => createFormatter({ [option]: value } as FormatterOptions))
          .to.throw(TypeError)
          .with.property('message')
          .that.matches(new RegExp(`^winston-rfc5424: option "${option}" must be`));
      });
    }
    it('accepts the limits: sdId of 32 octets, maxRecordBytes 1024, facility 0 and 23', () => {
      expect(() => createFormatter({ sdId: 'x'.repeat(26) + '@32473', maxRecordBytes: 1024 })).not.to.throw();
      expect(() => createFormatter({ facility: 0 })).not.to.throw();
      expect(() => createFormatter({ facility: 23 })).not.to.throw();
    });
  });

  it('one writer, records alternating severity, MSGID and second: each header as if written alone', () => {
    const format = createFormatter({ ...BASE, msgId: 'DEF' });
    const second = Date.UTC(2026, 10, 25, 13, 55, 3);
    const records: Array<[SyslogRecord['severity'], number, string | undefined, string]> = [
      [6, second + 5, undefined, '<14>1 2026-11-25T13:55:03.005Z host app 1 DEF - m'],
      [3, second + 40, 'OWN', '<11>1 2026-11-25T13:55:03.040Z host app 1 OWN - m'],
      [6, second + 999, 'OWN', '<14>1 2026-11-25T13:55:03.999Z host app 1 OWN - m'],
      [3, second + 1000, undefined, '<11>1 2026-11-25T13:55:04.000Z host app 1 DEF - m'],
      [6, NaN, undefined, '<14>1 - host app 1 DEF - m'],
      [6, second + 1234, undefined, '<14>1 2026-11-25T13:55:04.234Z host app 1 DEF - m'],
      [3, second - 1, 'OWN', '<11>1 2026-11-25T13:55:02.999Z host app 1 OWN - m'],
      [6, second + 5, undefined, '<14>1 2026-11-25T13:55:03.005Z host app 1 DEF - m'],
    ];
    const lines = records.map(([severity, ms, msgId]) => format({ severity, time: ms, msgId, message: 'm' }).bytes.toString('utf8'));
    expect(lines).to.deep.equal(records.map((r) => r[3]));
  });
});
