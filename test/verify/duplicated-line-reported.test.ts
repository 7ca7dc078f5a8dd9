import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { verifyFiles } from '../../lib/verify';
import { PROCS, interleaved, tempDir, writeRotationSet } from './fixtures';

describe('verify: a line written twice (e.g. on both sides of a rotation)', () => {
  let remove: () => Promise<void>;
  let paths: string[];

  before(async () => {
    let dir: string;
    ({ dir, remove } = await tempDir());
    paths = await writeRotationSet(dir, interleaved(PROCS, 1, 300));
    // The last line of app.log.1 again at the top of app.log.
    const older = (await readFile(paths[1], 'utf8')).trimEnd().split('\n');
    const newer = await readFile(paths[0], 'utf8');
    await writeFile(paths[0], `${older[older.length - 1]}\n${newer}`);
  });
  after(() => remove());

  it('counts one duplicate, names where it was read, and misses nothing', async () => {
    const report = await verifyFiles(paths);
    expect(report.ok).to.equal(false);
    expect(report).to.include({ duplicates: 1, missing: 0 });
    expect(report.problems).to.deep.equal(['1 duplicate']);
    const stream = report.streams.find((s) => s.duplicates > 0);
    expect(stream?.procId).to.equal('2003');
    expect(stream?.records).to.equal(301);
    expect(stream?.distinct).to.equal(300);
    expect(stream?.duplicateExamples).to.deep.equal([{ sequenceId: 200, file: paths[0], line: 1 }]);
  });

  it('does not count the duplicate as out of order', async () => {
    const report = await verifyFiles(paths);
    expect(report.outOfOrder).to.equal(0);
  });
});
