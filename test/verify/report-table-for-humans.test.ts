import { expect } from 'chai';
import { join } from 'node:path';
import { formatRanges, formatReport, verifyFiles } from '../../lib/verify';
import { recordLine, tempDir, writeLines } from './fixtures';

describe('verify: the human report', () => {
  it('writes missing numbers as compact ranges', () => {
    expect(formatRanges([[5, 9], [12, 12]])).to.equal('5-9, 12');
    expect(formatRanges([])).to.equal('');
    expect(formatRanges([[1, 1], [3, 3], [5, 5], [7, 8]], 2)).to.equal('1, 3, (+2 more)');
  });

  it('starts with the verdict and has one row per stream', async () => {
    const { dir, remove } = await tempDir();
    try {
      const lines = [1, 2, 4, 4].map((seq) => recordLine({ procId: '81', seq }));
      lines.push(recordLine({ procId: '82', seq: 1, host: 'web2' }));
      const report = await verifyFiles([await writeLines(join(dir, 'app.log'), lines)]);
      const text = formatReport(report);
      const rows = text.split('\n');
      expect(rows[0]).to.equal('FAIL: 1 record missing; 1 duplicate');
      expect(rows[1]).to.equal(`read 1 files oldest first: ${join(dir, 'app.log')}`);
      expect(rows[2]).to.equal('5 lines: 5 sequenced, 0 without sequenceId, 0 not RFC 5424; 0 out of order');
      expect(text).to.include(
        [
          'stream          records  expected  missing  dups  out-of-order  first  last  missing ranges',
          'web1/worker/81        4         -        1     1             0      1     4  3',
          'web2/worker/82        1         -        0     0             0      1     1',
        ].join('\n'),
      );
      expect(text).to.include(`web1/worker/81 sequenceId 4 again at ${join(dir, 'app.log')}:4`);
    } finally {
      await remove();
    }
  });
});
