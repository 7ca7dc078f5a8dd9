/** The record writer the transport uses: the same bytes as createFormatter, from one reused buffer. */
import { expect } from 'chai';
import { createFormatter, parseRecord, type SyslogRecord } from '../../lib/format';
import { createRecordWriter } from '../../lib/format/record';

const TIME = new Date(Date.UTC(2026, 11, 2, 15, 0, 0, 7));
const OPTIONS = { hostname: 'h', appName: 'a', procId: '1' };

function record(message: string, metadata?: Record<string, unknown>): SyslogRecord {
  return { severity: 6, time: TIME, message, ...(metadata && { metadata }) };
}

describe('record writer', () => {
  // Sizes around the writer's shortcuts: small enough not to count octets, small enough to count
  // them and still fit its 64 KiB buffer, larger than that buffer, and larger than maxRecordBytes.
  const cases: Array<[string, number, SyslogRecord, boolean]> = [
    ['a small record', 8192, record('hello', { n: 5 }), false],
    ['a record that may be over maxRecordBytes by its length but is not by its octets', 8192, record('x'.repeat(8000)), false],
    ['multi-byte text near maxRecordBytes', 8192, record('ż'.repeat(4000), { k: 'ł'.repeat(40) }), false],
    ['a record larger than the writer keeps a buffer for', 200000, record('y'.repeat(100000), { n: 1 }), false],
    ['a record cut to maxRecordBytes', 1024, record('z'.repeat(5000), { n: 2 }), true],
  ];
  for (const [name, maxRecordBytes, rec, cut] of cases) {
    it(`${name}: every octet of it, or cut to maxRecordBytes`, () => {
      const written = createRecordWriter({ ...OPTIONS, maxRecordBytes })(rec);
      const parsed = parseRecord(written.bytes);
      const params = Object.entries(rec.metadata ?? {}).map(([k, v]) => [k, String(v)]);
      expect(parsed.structuredData).to.deep.equal(params.length === 0 ? [] : [{ id: 'winston@32473', params }]);
      expect(written.truncated).to.equal(cut);
      if (cut) expect(written.bytes.length).to.equal(maxRecordBytes);
      else expect(parsed.message).to.equal(rec.message);
    });
  }

  it("createFormatter's records stay intact when more are formatted (the writer's are views of one buffer)", () => {
    const format = createFormatter(OPTIONS);
    const first = format(record('first'));
    const copy = Buffer.from(first.bytes);
    format(record('second, longer than the first'));
    expect(first.bytes.equals(copy)).to.equal(true);
  });
});
