/** Records longer than maxRecordBytes: MSG is cut first, then whole SD-ELEMENTs, meta last. */
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

    it('drops whole elements from the end until header and SD fit; MSG gets what is left', () => {
      const r = format({
        message: 'hello',
        metadata: { a: big(300) },
        structuredData: { one: { b: big(300) }, two: { c: big(500) } },
      });
      expect(r.text).to.equal(`<14>1 2026-11-25T13:55:03.123Z h a 1 - [winston@32473 a="${big(300)}"][one@32473 b="${big(300)}"] hello`);
      expect(r.truncated).to.equal(true);
    });

    it('keeps meta (the sequenceId) while anything else can go', () => {
      const r = format({ sequenceId: 42, metadata: { a: big(600) }, structuredData: { one: { b: big(600) } } });
      expect(r.text).to.equal(`<14>1 2026-11-25T13:55:03.123Z h a 1 - [winston@32473 a="${big(600)}"][meta sequenceId="42"]`);
      const r2 = format({ sequenceId: 42, metadata: { a: big(1000) }, message: 'm' });
      expect(r2.text).to.equal('<14>1 2026-11-25T13:55:03.123Z h a 1 - [meta sequenceId="42"] m');
    });

    it('drops meta too when it alone does not fit', () => {
      const r = format({ sequenceId: 42, structuredData: { meta: { language: big(1000) } }, message: 'm' });
      expect(r.text).to.equal('<14>1 2026-11-25T13:55:03.123Z h a 1 - - m');
    });

    it('never splits an escape: an element full of escapes goes whole', () => {
      // 500 quotes escape to 1000 octets: the element cannot fit with anything else.
      const r = format({ metadata: { q: '"'.repeat(500) }, structuredData: { x: { y: 'z' } }, message: 'm' });
      expect(r.text).to.equal('<14>1 2026-11-25T13:55:03.123Z h a 1 - - m');
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
