import { expect } from 'chai';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROCS, interleaved, recordLine, tempDir, writeRotationSet } from '../verify/fixtures';
import { runCli } from './run-cli';

describe('cli: `winston-rfc5424 verify --allow-duplicates` (at-least-once delivery over RELP)', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let duplicate: string[];
  let duplicateAndGap: string[];

  before(async () => {
    ({ dir, remove } = await tempDir());
    const lines = interleaved(PROCS, 1, 100);
    const again = lines[lines.length - 1];
    await mkdir(join(dir, 'duplicate'));
    duplicate = await writeRotationSet(join(dir, 'duplicate'), lines);
    await writeFile(duplicate[0], `${again}\n${await readFile(duplicate[0], 'utf8')}`);
    await mkdir(join(dir, 'both'));
    const gone = recordLine({ procId: '2002', seq: 42 });
    duplicateAndGap = await writeRotationSet(join(dir, 'both'), lines.filter((l) => l !== gone));
    await writeFile(duplicateAndGap[0], `${again}\n${await readFile(duplicateAndGap[0], 'utf8')}`);
  });
  after(() => remove());

  it('a complete run with a resent record exits 0 and still lists the duplicate', async () => {
    const { status, stdout, stderr } = await runCli(['verify', '--allow-duplicates', ...duplicate]);
    expect(stderr).to.equal('');
    expect(status).to.equal(0);
    expect(stdout).to.match(/^OK: nothing missing in 3 streams; 1 duplicate, allowed \(at-least-once delivery\)\n/);
    expect(stdout).to.match(/duplicates \(first few per stream\):\n {2}\S+ sequenceId \d+ again at /);
  });

  it('the JSON report counts the duplicate and says it was allowed', async () => {
    const { status, stdout } = await runCli(['verify', '--allow-duplicates', '--json', ...duplicate]);
    expect(status).to.equal(0);
    expect(JSON.parse(stdout)).to.include({ ok: true, duplicates: 1, duplicatesAllowed: true, missing: 0 });
  });

  it('a missing record still fails', async () => {
    const { status, stdout } = await runCli(['verify', '--allow-duplicates', ...duplicateAndGap]);
    expect(status).to.equal(1);
    expect(stdout).to.match(/^FAIL: 1 record missing\n/);
  });

  it('without the option a duplicate fails as before', async () => {
    const { status } = await runCli(['verify', ...duplicate]);
    expect(status).to.equal(1);
  });
});
