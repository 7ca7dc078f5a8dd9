/**
 * Records longer than maxRecordBytes: MSG is cut first, then the longest PARAM-VALUEs, and whole
 * SD-ELEMENTs (meta last) only when even cut values do not fit. The cut of values itself is in
 * huge-metadata-value-keeps-small-values.test.ts.
 */
import { expect } from 'chai';
import { createFormatter, parseRecord, type FormatterOptions, type SyslogRecord } from '../../lib/format';

const TIME = new Date(Date.UTC(2026, 10, 25, 13, 55, 3, 123));
// 41 octets: '<14>1 2026-11-25T13:55:03.123Z h a 1 - - '
const HEADER_NO_SD = '<14>1 2026-11-25T13:55:03.123Z h a 1 - - ';
const MAX = 1024;

function format(record: Partial<SyslogRecord>, options: FormatterOptions = {}): { text: string; bytes: Buffer; truncated: boolean } {
  const f = createFormatter({ hostname: 'h', appName: 'a', procId: '1', maxRecordBytes: MAX, ...options });
  const { bytes, truncated } = f({ severity: 6, time: TIME, message: '', ...record });
  parseRecord(bytes);
  return { text: bytes.toString('utf8'), bytes, truncated };
}

describe('record longer than maxRecordBytes', () => {
  const room = MAX - HEADER_NO_SD.length;

  it('exactly maxRecordBytes is kept whole', () => {
    const r = format({ message: 'x'.repeat(room) });
    expect(r.bytes.length).to.equal(MAX);
    expect(r.truncated).to.equal(false);
  });

  it('one octet more cuts MSG by one octet', () => {
    const r = format({ message: 'x'.repeat(room) + 'y' });
    expect(r.text).to.equal(HEADER_NO_SD + 'x'.repeat(room));
    expect(r.truncated).to.equal(true);
  });

  const boundaryCases: Array<[string, string, number]> = [
    ['2-octet é', 'é', 1],
    ['3-octet €', '€', 2],
    ['4-octet 😀', '😀', 3],
  ];
  for (const [name, ch, partial] of boundaryCases) {
    it(`a ${name} across the limit is dropped whole, never split`, () => {
      // The character starts `partial` octets before the limit, so only part of it would fit.
      const r = format({ message: 'x'.repeat(room - partial) + ch + 'tail' });
      expect(r.text).to.equal(HEADER_NO_SD + 'x'.repeat(room - partial));
      expect(r.bytes.length).to.equal(MAX - partial);
    });
    it(`a ${name} ending exactly at the limit is kept`, () => {
      const r = format({ message: 'x'.repeat(room - Buffer.byteLength(ch)) + ch + 'tail' });
      expect(r.text).to.equal(HEADER_NO_SD + 'x'.repeat(room - Buffer.byteLength(ch)) + ch);
      expect(r.bytes.length).to.equal(MAX);
    });
  }

  it('with a BOM, the BOM stays whole and MSG gets 3 octets less', () => {
    const r = format({ message: 'x'.repeat(MAX) }, { bom: true });
    expect(r.bytes.subarray(HEADER_NO_SD.length, HEADER_NO_SD.length + 3).toString('hex')).to.equal('efbbbf');
    expect(r.bytes.length).to.equal(MAX);
    expect(parseRecord(r.bytes)).to.include({ bom: true, message: 'x'.repeat(room - 3) });
  });

  it('a 1 MB message is cut to the limit quickly', () => {
    const started = process.hrtime.bigint();
    const r = format({ message: 'ü'.repeat(1 << 20) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(r.bytes.length).to.equal(MAX - 1); // ü is 2 octets and room is odd
    expect(r.truncated).to.equal(true);
    expect(ms).to.be.below(50);
  });

  describe('when header + STRUCTURED-DATA alone is too long', () => {
    const big = (n: number): string => 'v'.repeat(n);

    it('cuts the longest values before dropping any element; MSG goes first', () => {
      const r = format({
        message: 'hello',
        metadata: { a: big(300) },
        structuredData: { one: { b: big(300) }, two: { c: big(500) } },
      });
      // The 39-octet header and the skeletons ([winston@32473 a=""] 20, [one@32473 b=""] 16,
      // [two@32473 c=""] 16) leave 933 octets for values: 300 + 300 fit whole, c gets the other 333
      // (330 + the 3-octet mark), and MSG gets nothing.
      expect(r.text).to.equal(
        `<14>1 2026-11-25T13:55:03.123Z h a 1 - [winston@32473 a="${big(300)}"][one@32473 b="${big(300)}"][two@32473 c="${big(330)}\u2026"]`,
      );
      expect(r.bytes.length).to.equal(MAX);
      expect(r.truncated).to.equal(true);
    });

    it('drops whole elements from the end only when even values cut to the mark do not fit', () => {
      // 120 params of 7 skeleton octets each cannot fit in 1024 whatever their values.
      const many = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`p${String(i).padStart(2, '0')}`, 'v']));
      const r = format({ message: 'hello', metadata: many, structuredData: { one: { b: 'small' } } });
      expect(r.text).to.equal('<14>1 2026-11-25T13:55:03.123Z h a 1 - - hello');
    });

    it('keeps meta (the sequenceId) whole and cuts the other values', () => {
      const r = format({ sequenceId: 42, metadata: { a: big(600) }, structuredData: { one: { b: big(600) } } });
      // 39 + 20 + 16 + 22 ([meta sequenceId="42"]) leave 927: a (the first of two equal values) fits
      // next to b's mark, b gets 327 (324 + the mark).
      expect(r.text).to.equal(
        `<14>1 2026-11-25T13:55:03.123Z h a 1 - [winston@32473 a="${big(600)}"][one@32473 b="${big(324)}\u2026"][meta sequenceId="42"]`,
      );
      const r2 = format({ sequenceId: 42, metadata: { a: big(1000) }, message: 'm' });
      expect(r2.text).to.equal(`<14>1 2026-11-25T13:55:03.123Z h a 1 - [winston@32473 a="${big(940)}\u2026"][meta sequenceId="42"]`);
      expect(r2.bytes.length).to.equal(MAX);
    });

    it("cuts meta's other values like any other, never its sequenceId", () => {
      const r = format({ sequenceId: 42, structuredData: { meta: { language: big(1000) } }, message: 'm' });
      // [meta language="" sequenceId="42"] is 34 octets: language gets 1024 - 39 - 34 = 951 (948 + the mark).
      expect(r.text).to.equal(`<14>1 2026-11-25T13:55:03.123Z h a 1 - [meta language="${big(948)}\u2026" sequenceId="42"]`);
    });

    it('an element that fits exactly stays, and MSG is dropped with its SP', () => {
      const header = '<14>1 2026-11-25T13:55:03.123Z h a 1 - ';
      const wrapper = '[winston@32473 a=""]';
      const value = big(MAX - header.length - wrapper.length);
      const r = format({ metadata: { a: value }, message: 'dropped' });
      expect(r.text).to.equal(`${header}[winston@32473 a="${value}"]`);
      expect(r.bytes.length).to.equal(MAX);
    });
  });
});
