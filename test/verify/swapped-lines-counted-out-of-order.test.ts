import { expect } from 'chai';
import { join } from 'node:path';
import { verifyFiles } from '../../lib/verify';
import { PROCS, interleaved, recordLine, tempDir, writeLines, writeRotationSet } from './fixtures';

describe('verify: records stored out of order', () => {
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => ({ dir, remove } = await tempDir()));
  after(() => remove());

  it('counts two swapped lines of one stream once, and nothing as missing', async () => {
    const lines = interleaved(PROCS, 1, 300);
    const a = lines.indexOf(recordLine({ procId: '2001', seq: 40 }));
    const b = lines.indexOf(recordLine({ procId: '2001', seq: 41 }));
    [lines[a], lines[b]] = [lines[b], lines[a]];
    const report = await verifyFiles(await writeRotationSet(dir, lines));

    expect(report.ok).to.equal(true);
    expect(report).to.include({ outOfOrder: 1, missing: 0, duplicates: 0 });
    expect(report.streams.find((s) => s.procId === '2001')?.outOfOrder).to.equal(1);
  });

  it('counts one late record once, however far it moved', async () => {
    const seqs = [1, 2, 4, 5, 6, 7, 3, 8];
    const path = await writeLines(join(dir, 'late.log'), seqs.map((seq) => recordLine({ procId: '9', seq })));
    const [stream] = (await verifyFiles([path])).streams;
    expect(stream).to.include({ outOfOrder: 1, missing: 0, firstSequenceId: 1, lastSequenceId: 8 });
  });

  it('judges order in reading order, while missing and duplicates ignore the order of files', async () => {
    // Two files outside any rotation set, so they are read in the order given.
    const early = await writeLines(join(dir, 'early.log'), [1, 2, 3, 5].map((seq) => recordLine({ procId: '5', seq })));
    const late = await writeLines(join(dir, 'late-part.log'), [6, 7, 7].map((seq) => recordLine({ procId: '5', seq })));
    const forward = await verifyFiles([early, late]);
    const backward = await verifyFiles([late, early]);
    for (const report of [forward, backward]) {
      expect(report.streams[0].missingRanges).to.deep.equal([[4, 4]]);
      expect(report).to.include({ missing: 1, duplicates: 1 });
    }
    expect(forward.outOfOrder).to.equal(0);
    expect(backward.outOfOrder).to.equal(1);
  });
});
