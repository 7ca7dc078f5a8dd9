import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VerifyInputError, verifyFiles } from '../../lib/verify';
import { interleaved, tempDir, writeLines } from './fixtures';

describe('verify: gzip files are recognised by their magic bytes', () => {
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => ({ dir, remove } = await tempDir()));
  after(() => remove());

  it('gunzips a compressed file without .gz and reads a plain file named .gz as text', async () => {
    const lines = interleaved(['71'], 1, 20);
    const compressed = await writeLines(join(dir, 'app.log.2'), lines.slice(0, 10), true);
    const plain = await writeLines(join(dir, 'app.log.1.gz'), lines.slice(10));
    const report = await verifyFiles([plain, compressed]);
    expect(report.files.map((f) => [f.path, f.gzip])).to.deep.equal([
      [compressed, true],
      [plain, false],
    ]);
    expect(report).to.include({ ok: true, sequenced: 20, outOfOrder: 0 });
  });

  it('reads concatenated gzip members (logs appended to a .gz) as one file', async () => {
    const lines = interleaved(['72'], 1, 20);
    const first = await readFile(await writeLines(join(dir, 'm1.gz'), lines.slice(0, 10), true));
    const second = await readFile(await writeLines(join(dir, 'm2.gz'), lines.slice(10), true));
    const path = join(dir, 'members.gz');
    await writeFile(path, Buffer.concat([first, second]));
    const report = await verifyFiles([path]);
    expect(report).to.include({ ok: true, lines: 20 });
  });

  it('reports a truncated gzip file as a problem with the lines read so far, without throwing', async () => {
    const lines = interleaved(['73'], 1, 5000);
    const whole = await readFile(await writeLines(join(dir, 'whole.gz'), lines, true));
    const path = join(dir, 'cut.log.1.gz');
    await writeFile(path, whole.subarray(0, Math.floor(whole.length / 2)));
    const report = await verifyFiles([path]);
    expect(report.ok).to.equal(false);
    expect(report.files[0].error).to.equal('unexpected end of file');
    expect(report.files[0].lines).to.be.above(0).and.below(5000);
    expect(report.problems[0]).to.match(/cut\.log\.1\.gz: reading stopped after line \d+: unexpected end of file/);
  });

  it('rejects a missing file or a directory as unusable input before reading anything', async () => {
    for (const path of [join(dir, 'nope.log'), dir]) {
      const err = await verifyFiles([path]).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(VerifyInputError);
    }
    expect(await verifyFiles([]).catch((e: unknown) => e)).to.be.instanceOf(VerifyInputError);
  });
});
