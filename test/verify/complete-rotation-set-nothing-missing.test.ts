import { expect } from 'chai';
import { verifyFiles } from '../../lib/verify';
import { PROCS, interleaved, tempDir, writeRotationSet } from './fixtures';

describe('verify: a complete rotation set (app.log, app.log.1, app.log.2.gz)', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let paths: string[];

  before(async () => {
    ({ dir, remove } = await tempDir());
    paths = await writeRotationSet(dir, interleaved(PROCS, 1, 300));
  });
  after(() => remove());

  it('reports every stream complete, nothing missing or duplicated', async () => {
    const report = await verifyFiles(paths);
    expect(report.ok, report.problems.join('; ')).to.equal(true);
    expect(report.problems).to.deep.equal([]);
    expect(report.lines).to.equal(900);
    expect(report.sequenced).to.equal(900);
    expect(report).to.include({ missing: 0, duplicates: 0, outOfOrder: 0, badLines: 0, unsequenced: 0 });
    expect(report.streams.map((s) => s.key)).to.deep.equal(PROCS.map((p) => `web1/worker/${p}`));
    for (const s of report.streams) {
      expect(s).to.include({ records: 300, distinct: 300, missing: 0, firstSequenceId: 1, lastSequenceId: 300, wraps: 0 });
      expect(s.missingRanges).to.deep.equal([]);
    }
  });

  it('reads the set oldest first and gunzips app.log.2.gz', async () => {
    const report = await verifyFiles(paths);
    expect(report.files.map((f) => [f.path.slice(dir.length + 1), f.gzip, f.lines])).to.deep.equal([
      ['app.log.2.gz', true, 300],
      ['app.log.1', false, 300],
      ['app.log', false, 300],
    ]);
  });

  it('gives the same result whatever order the files are named in', async () => {
    const forward = await verifyFiles(paths);
    const shuffled = await verifyFiles([paths[1], paths[2], paths[0]]);
    expect(shuffled).to.deep.equal(forward);
  });

  it('reads a file named twice only once instead of reporting it all as duplicates', async () => {
    const report = await verifyFiles([...paths, paths[0]]);
    expect(report.files).to.have.length(3);
    expect(report.duplicates).to.equal(0);
  });
});
