import { expect } from 'chai';
import { join } from 'node:path';
import { SEQUENCE_MAX, formatReport, verifyFiles } from '../../lib/verify';
import { recordLine, tempDir, writeLines } from './fixtures';

const MAX = SEQUENCE_MAX;

/** MAX-9..MAX, then 1..10: the counter wrapping in the middle of a file. */
function acrossTheWrap(): number[] {
  const seqs: number[] = [];
  for (let s = MAX - 9; s <= MAX; s++) seqs.push(s);
  for (let s = 1; s <= 10; s++) seqs.push(s);
  return seqs;
}

describe('verify: the sequenceId counter wrapping from 2147483647 to 1', () => {
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => ({ dir, remove } = await tempDir()));
  after(() => remove());

  async function verifySeqs(name: string, seqs: number[]) {
    const path = await writeLines(join(dir, name), seqs.map((seq) => recordLine({ procId: '8', seq })));
    const report = await verifyFiles([path]);
    return { report, stream: report.streams[0] };
  }

  it('takes 1 after 2147483647 as the next record, not a duplicate or a step back', async () => {
    const { stream } = await verifySeqs('wrap.log', acrossTheWrap());
    expect(stream).to.include({ records: 20, distinct: 20, duplicates: 0, outOfOrder: 0, wraps: 1 });
    expect(stream).to.include({ firstSequenceId: MAX - 9, lastSequenceId: 10 });
    // Only the numbers before the first one seen are missing: the process started at 1.
    expect(stream.missingRanges).to.deep.equal([[1, MAX - 10]]);
  });

  it('reports a gap across the wrap as two ranges, one per lap', async () => {
    const seqs = acrossTheWrap().filter((s) => s !== MAX - 1 && s !== MAX && s !== 1 && s !== 2);
    const { report, stream } = await verifySeqs('wrap-gap.log', seqs);
    expect(stream.missingRanges).to.deep.equal([[1, MAX - 10], [MAX - 1, MAX], [1, 2]]);
    expect(stream.missing).to.equal(MAX - 10 + 4);
    expect(formatReport(report)).to.include(`1-${MAX - 10}, ${MAX - 1}-${MAX}, 1-2`);
  });

  it('tells a record 1 of the next lap from a duplicate of the same lap', async () => {
    const { stream } = await verifySeqs('wrap-dup.log', [...acrossTheWrap(), 10, MAX]);
    expect(stream).to.include({ duplicates: 2, distinct: 20 });
    expect(stream.duplicateExamples.map((d) => d.sequenceId)).to.deep.equal([10, MAX]);
  });

  it('places a record that arrived late across the wrap behind its successors', async () => {
    const seqs = acrossTheWrap();
    seqs.splice(seqs.indexOf(MAX), 1);
    seqs.push(MAX); // stored after 1..10
    const { stream } = await verifySeqs('wrap-late.log', seqs);
    expect(stream).to.include({ outOfOrder: 1, duplicates: 0, wraps: 1, lastSequenceId: MAX });
    expect(stream.missingRanges).to.deep.equal([[1, MAX - 10]]);
  });

  it('counts an expectation across the wrap from 1 of the first lap', async () => {
    const seqs: number[] = [];
    for (let s = 1; s <= 5; s++) seqs.push(s);
    const path = await writeLines(join(dir, 'from-one.log'), seqs.map((seq) => recordLine({ procId: '8', seq })));
    const report = await verifyFiles([path], { expected: { '8': MAX + 3 } });
    expect(report.streams[0].missingRanges).to.deep.equal([[6, MAX], [1, 3]]);
  });
});
