import { expect } from 'chai';
import { join } from 'node:path';
import { formatReport, verifyFiles } from '../../lib/verify';
import { PROCS, interleaved, recordLine, tempDir, writeLines, writeRotationSet } from './fixtures';

describe('verify: a deleted line is reported missing as a range', () => {
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => ({ dir, remove } = await tempDir()));
  after(() => remove());

  it('reports exactly the one deleted sequenceId of its stream', async () => {
    const lines = interleaved(PROCS, 1, 300);
    const gone = recordLine({ procId: '2002', seq: 150 });
    const paths = await writeRotationSet(dir, lines.filter((l) => l !== gone));
    const report = await verifyFiles(paths);

    expect(report.ok).to.equal(false);
    expect(report.missing).to.equal(1);
    expect(report.problems).to.deep.equal(['1 record missing']);
    const byKey = Object.fromEntries(report.streams.map((s) => [s.procId, s]));
    expect(byKey['2002']).to.include({ missing: 1, records: 299 });
    expect(byKey['2002'].missingRanges).to.deep.equal([[150, 150]]);
    expect(byKey['2001'].missing).to.equal(0);
    expect(byKey['2003'].missing).to.equal(0);
    expect(formatReport(report)).to.match(/web1\/worker\/2002 .* 150\n/);
  });

  it('compacts several gaps into ranges like "5-9, 12", the start of a stream included', async () => {
    const kept = [3, 4, 10, 11, 13, 14, 15];
    const path = await writeLines(join(dir, 'gaps.log'), kept.map((seq) => recordLine({ procId: '77', seq })));
    const report = await verifyFiles([path]);
    const [stream] = report.streams;
    expect(stream.missingRanges).to.deep.equal([[1, 2], [5, 9], [12, 12]]);
    expect(stream.missing).to.equal(8);
    expect(formatReport(report)).to.include('1-2, 5-9, 12');
  });
});
