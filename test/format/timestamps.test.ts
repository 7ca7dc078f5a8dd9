/** TIMESTAMP (RFC 5424 section 6.2.3): RFC 3339, 3 fraction digits, UTC "Z" or the local offset. */
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { createFormatter, type FormatterOptions } from '../../lib/format';

function stamp(time: Date, timestamp: FormatterOptions['timestamp'] = 'utc'): string {
  const format = createFormatter({ hostname: 'h', appName: 'a', procId: '1', timestamp });
  return format({ severity: 6, time, message: '' }).bytes.toString().split(' ')[1];
}

describe('timestamps', () => {
  describe('utc', () => {
    const cases: Array<[string, Date, string]> = [
      ['milliseconds always 3 digits', new Date(Date.UTC(2026, 10, 25, 13, 55, 3, 5)), '2026-11-25T13:55:03.005Z'],
      ['zero milliseconds kept', new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 0)), '2026-01-01T00:00:00.000Z'],
      ['last millisecond of a year', new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 999)), '2025-12-31T23:59:59.999Z'],
      ['leap day', new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 120)), '2024-02-29T12:00:00.120Z'],
      ['year below 1000 zero-padded', new Date('0999-03-04T05:06:07.089Z'), '0999-03-04T05:06:07.089Z'],
      ['before 1970', new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 1)), '1969-12-31T23:59:59.001Z'],
      ['year 10000 does not fit 4 digits -> NILVALUE', new Date('+010000-01-01T00:00:00.000Z'), '-'],
      ['negative year -> NILVALUE', new Date('-000001-01-01T00:00:00.000Z'), '-'],
      ['invalid Date -> NILVALUE', new Date(NaN), '-'],
    ];
    for (const [name, time, expected] of cases) {
      it(`${name}: ${expected}`, () => expect(stamp(time)).to.equal(expected));
    }

    it('the per-second cache never leaks into a neighbouring second', () => {
      const format = createFormatter({ hostname: 'h', appName: 'a', procId: '1' });
      const at = (ms: number): string => format({ severity: 6, time: new Date(ms), message: '' }).bytes.toString().split(' ')[1];
      const base = Date.UTC(2026, 10, 25, 13, 55, 3, 0);
      expect(at(base + 999)).to.equal('2026-11-25T13:55:03.999Z');
      expect(at(base + 1000)).to.equal('2026-11-25T13:55:04.000Z');
      expect(at(base + 500)).to.equal('2026-11-25T13:55:03.500Z');
      expect(at(base - 1)).to.equal('2026-11-25T13:55:02.999Z');
      expect(at(NaN)).to.equal('-');
      expect(at(base + 1)).to.equal('2026-11-25T13:55:03.001Z');
    });
  });

  describe('local: clock fields in the host zone with the matching offset', () => {
    // Each zone runs in a child process, since TZ is read when the process starts.
    const script = `
      const { createFormatter } = require(${JSON.stringify(path.resolve(__dirname, '../../lib/format'))});
      const format = createFormatter({ hostname: 'h', appName: 'a', procId: '1', timestamp: 'local' });
      const times = JSON.parse(process.argv[1]);
      console.log(JSON.stringify(times.map((t) => format({ severity: 6, time: new Date(t), message: '' }).bytes.toString().split(' ')[1])));
    `;
    const winter = Date.UTC(2026, 10, 25, 13, 55, 3, 123);
    const summer = Date.UTC(2026, 6, 1, 12, 0, 0, 7);
    const cases: Array<[string, string, string]> = [
      ['Asia/Kolkata', '2026-11-25T19:25:03.123+05:30', '2026-07-01T17:30:00.007+05:30'],
      ['America/St_Johns', '2026-11-25T10:25:03.123-03:30', '2026-07-01T09:30:00.007-02:30'],
      ['America/New_York', '2026-11-25T08:55:03.123-05:00', '2026-07-01T08:00:00.007-04:00'],
      ['Pacific/Kiritimati', '2026-11-26T03:55:03.123+14:00', '2026-07-02T02:00:00.007+14:00'],
      ['UTC', '2026-11-25T13:55:03.123+00:00', '2026-07-01T12:00:00.007+00:00'],
    ];
    for (const [zone, inWinter, inSummer] of cases) {
      it(`TZ=${zone}: ${inWinter}, ${inSummer}`, () => {
        const output = execFileSync(process.execPath, ['-e', script, JSON.stringify([winter, summer])], {
          env: { ...process.env, TZ: zone },
          encoding: 'utf8',
        });
        expect(JSON.parse(output)).to.deep.equal([inWinter, inSummer]);
      });
    }

    it('in this process, the offset matches what Date itself reports', () => {
      const time = new Date(Date.UTC(2026, 10, 25, 13, 55, 3, 123));
      const minutes = -time.getTimezoneOffset();
      const sign = minutes < 0 ? '-' : '+';
      const offset = `${sign}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
      expect(stamp(time, 'local')).to.match(new RegExp(`^2026-11-2\\dT\\d\\d:\\d\\d:03\\.123\\${offset}$`));
      expect(stamp(new Date(NaN), 'local')).to.equal('-');
    });
  });
});
