/**
 * A record whose metadata holds one very large value next to small ones: the large value is cut
 * (visibly, with U+2026) and every small value survives, where the whole element used to be dropped.
 */
import { expect } from 'chai';
import * as fc from 'fast-check';
import { createFormatter, parseRecord, type SyslogRecord } from '../../lib/format';
import { CUT_MARK } from '../../lib/format/fit';
import * as arb from './arbitraries';

const TIME = new Date(Date.UTC(2026, 10, 25, 13, 55, 3, 123));
const HEAD = '<14>1 2026-11-25T13:55:03.123Z h a 1 - '; // 39 octets, up to STRUCTURED-DATA
const MAX = 1024;

function format(record: Partial<SyslogRecord>, max = MAX): { text: string; bytes: Buffer; truncated: boolean } {
  const f = createFormatter({ hostname: 'h', appName: 'a', procId: '1', maxRecordBytes: max });
  const { bytes, truncated } = f({ severity: 6, time: TIME, message: '', ...record });
  parseRecord(bytes); // strict RFC 5424, throws on anything invalid
  return { text: bytes.toString('utf8'), bytes, truncated };
}

describe('a record with one huge metadata value keeps its small values', () => {
  it('a 70 KB value is cut to what is left; requestId, user and status survive (exact bytes)', () => {
    const r = format({
      message: 'request failed',
      metadata: { requestId: 'r-1', user: 'alice', body: 'x'.repeat(70000), status: 500 },
    });
    // Skeleton [winston@32473 requestId="" user="" body="" status=""] is 54 octets, the small values
    // 11: body gets 1024 - 39 - 54 - 11 = 920 octets, 917 of its own and the 3-octet mark. MSG,
    // cut first, is gone.
    expect(r.text).to.equal(
      HEAD + `[winston@32473 requestId="r-1" user="alice" body="${'x'.repeat(917)}\u2026" status="500"]`,
    );
    expect(r.bytes.length).to.equal(MAX);
    expect(r.truncated).to.equal(true);
  });

  it('a long value that fits next to the mark of the longest stays whole', () => {
    const r = format({ metadata: { a: 'a'.repeat(600), b: 'b'.repeat(2000), c: 'small' } });
    // [winston@32473 a="" b="" c=""] 30 octets; 1024 - 39 - 30 = 955 for values: c (5) and a (600)
    // fit next to b's mark, b gets the other 350 (347 + the mark).
    expect(r.text).to.equal(HEAD + `[winston@32473 a="${'a'.repeat(600)}" b="${'b'.repeat(347)}\u2026" c="small"]`);
  });

  it('values that cannot stay whole are cut to the same length', () => {
    const r = format({ metadata: { a: 'a'.repeat(2000), b: 'b'.repeat(3000), c: 'small' } });
    // 955 for values: c keeps its 5, a and b share 950, 475 each (472 + the mark).
    expect(r.text).to.equal(HEAD + `[winston@32473 a="${'a'.repeat(472)}\u2026" b="${'b'.repeat(472)}\u2026" c="small"]`);
    expect(r.bytes.length).to.equal(MAX);
  });

  it('a value that is not among the longest stays whole', () => {
    const r = format({ metadata: { a: 'a'.repeat(400), b: 'b'.repeat(2000) } });
    // 1024 - 39 - 25 = 960: a (400) is under its share (480) and stays; b gets 560.
    expect(r.text).to.equal(HEAD + `[winston@32473 a="${'a'.repeat(400)}" b="${'b'.repeat(557)}\u2026"]`);
  });

  it('never cuts inside an escape', () => {
    // [winston@32473 q="" y=""] 25 octets: 960 for values; y keeps 1, q gets 959: 956 before the
    // mark, 478 whole \" escapes.
    const r = format({ metadata: { q: '"'.repeat(2000), y: 'z' } });
    expect(r.text).to.equal(HEAD + `[winston@32473 q="${'\\"'.repeat(478)}\u2026" y="z"]`);
    expect(r.bytes.length).to.equal(MAX);
    // With y="zz", 955 before the mark would end inside the 478th escape: the cut goes one back.
    const r2 = format({ metadata: { q: '"'.repeat(2000), y: 'zz' } });
    expect(r2.text).to.equal(HEAD + `[winston@32473 q="${'\\"'.repeat(477)}\u2026" y="zz"]`);
    expect(r2.bytes.length).to.equal(MAX - 1);
    // A backslash followed by ']' escapes to \\\] (4 octets): 955 = 238 * 4 + 3 would end inside the
    // escape of ']', after the complete escape \\ of the backslash.
    const r3 = format({ metadata: { q: '\\]'.repeat(1000), y: 'zz' } });
    expect(r3.text).to.equal(HEAD + '[winston@32473 q="' + '\\\\\\]'.repeat(238) + '\\\\' + '\u2026" y="zz"]');
    expect(parseRecord(r3.bytes).structuredData[0].params[0][1]).to.equal('\\]'.repeat(238) + '\\' + CUT_MARK);
  });

  it('never cuts inside a UTF-8 character', () => {
    // 1024 - 39 - 20 = 965 for the value; 962 before the mark: 320 of the 3-octet € take 960.
    const r = format({ metadata: { e: '€'.repeat(1000) } });
    expect(r.text).to.equal(HEAD + `[winston@32473 e="${'€'.repeat(320)}\u2026"]`);
    expect(r.bytes.length).to.equal(MAX - 2);
    const r2 = format({ metadata: { e: '😀'.repeat(1000) } });
    // 962 before the mark: 240 of the 4-octet 😀 take 960.
    expect(r2.text).to.equal(HEAD + `[winston@32473 e="${'😀'.repeat(240)}\u2026"]`);
  });

  it('leaves the values of caller elements alone when cutting metadata is enough', () => {
    const r = format({
      metadata: { trace: 't'.repeat(5000) },
      structuredData: { request: { method: 'GET', path: '/a/b' } },
      sequenceId: 7,
    });
    // [winston@32473 trace=""] 24, [request@32473 method="" path=""] 33, [meta sequenceId="7"] 21:
    // 1024 - 39 - 78 = 907 for values: GET and /a/b keep 7, trace gets 900.
    expect(r.text).to.equal(
      HEAD + `[winston@32473 trace="${'t'.repeat(897)}\u2026"][request@32473 method="GET" path="/a/b"][meta sequenceId="7"]`,
    );
  });

  it('property: whatever the metadata, every value that fits alone next to the cut one survives', () => {
    // "Fits alone": the record with the huge value's text reduced to the mark fits maxRecordBytes.
    // Then every other value is kept whole and the huge value is cut, not dropped.
    fc.assert(
      fc.property(arb.options, arb.record, fc.integer({ min: 1, max: 70000 }), (options, record, hugeLength) => {
        const max = options.maxRecordBytes ?? 8192;
        const format = createFormatter(options);
        const huge = 'h'.repeat(max + hugeLength);
        const metadata: Record<string, unknown> = { ...record.metadata, huge };
        const withMark = format({ ...record, message: '', metadata: { ...metadata, huge: CUT_MARK } });
        if (withMark.truncated) return; // the small values alone do not fit: another case
        const { bytes, truncated } = format({ ...record, metadata });
        expect(truncated).to.equal(true);
        expect(bytes.length).to.be.at.most(max);
        // The output is the one with the mark alone, but for the huge value, which is cut, not dropped.
        const cut = parseRecord(bytes).structuredData;
        const sdId = options.sdId ?? 'winston@32473';
        const hugeValue = cut.find((e) => e.id === sdId)?.params.find(([name]) => name === 'huge')?.[1];
        expect(hugeValue, 'the huge value').to.be.a('string');
        expect(hugeValue!.endsWith(CUT_MARK) && huge.startsWith(hugeValue!.slice(0, -1))).to.equal(true);
        const marked = cut.map((e) => ({ id: e.id, params: e.params.map(([n, v]) => [n, n === 'huge' ? CUT_MARK : v]) }));
        expect(marked).to.deep.equal(parseRecord(withMark.bytes).structuredData);
      }),
      { numRuns: 2000 },
    );
  });
});
