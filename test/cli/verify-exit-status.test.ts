import { expect } from 'chai';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROCS, interleaved, recordLine, tempDir, writeRotationSet } from '../verify/fixtures';
import { runCli } from './run-cli';

describe('cli: `winston-rfc5424 verify` exit status', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let complete: string[];
  let gap: string[];
  let duplicate: string[];

  before(async () => {
    ({ dir, remove } = await tempDir());
    const lines = interleaved(PROCS, 1, 100);
    complete = await writeRotationSet(await subdir('complete'), lines);
    const gone = recordLine({ procId: '2002', seq: 42 });
    gap = await writeRotationSet(await subdir('gap'), lines.filter((l) => l !== gone));
    duplicate = await writeRotationSet(await subdir('duplicate'), lines);
    await writeFile(duplicate[0], `${lines[lines.length - 1]}\n${await readFile(duplicate[0], 'utf8')}`);
  });
  after(() => remove());

  async function subdir(name: string): Promise<string> {
    const path = join(dir, name);
    await mkdir(path);
    return path;
  }

  it('exits 0 and says OK when nothing is missing or duplicated', async () => {
    const { status, stdout, stderr } = await runCli(['verify', ...complete]);
    expect(stderr).to.equal('');
    expect(status).to.equal(0);
    expect(stdout).to.match(/^OK: nothing missing, no duplicates in 3 streams\n/);
  });

  it('exits 1 and names the missing range when a line was deleted', async () => {
    const { status, stdout } = await runCli(['verify', ...gap]);
    expect(status).to.equal(1);
    expect(stdout).to.match(/^FAIL: 1 record missing\n/);
    expect(stdout).to.match(/web1\/worker\/2002 .* 42\n/);
  });

  it('exits 1 when a line was written twice', async () => {
    const { status, stdout } = await runCli(['verify', ...duplicate]);
    expect(status).to.equal(1);
    expect(stdout).to.match(/^FAIL: 1 duplicate\n/);
  });

  it('exits 1 when --expect reveals records lost at the end', async () => {
    expect((await runCli(['verify', '--expect', '2001=100', ...complete])).status).to.equal(0);
    const { status, stdout } = await runCli(['verify', '--expect', '2001=100', '--expect', '2003=105', ...complete]);
    expect(status).to.equal(1);
    expect(stdout).to.match(/web1\/worker\/2003 .* 101-105\n/);
  });

  it('takes expectations from --expect-file, with --expect overriding it', async () => {
    const file = join(dir, 'expect.json');
    await writeFile(file, JSON.stringify({ '2001': 100, 'web1/worker/2002': 100, '2003': 101 }));
    expect((await runCli(['verify', '--expect-file', file, ...complete])).status).to.equal(1);
    expect((await runCli(['verify', '--expect-file', file, '--expect', '2003=100', ...complete])).status).to.equal(0);
  });

  it('exits 1 when fewer streams than --min-streams were seen', async () => {
    expect((await runCli(['verify', '--min-streams', '3', ...complete])).status).to.equal(0);
    const { status, stdout } = await runCli(['verify', '--min-streams', '4', ...complete]);
    expect(status).to.equal(1);
    expect(stdout).to.match(/^FAIL: 3 streams seen, at least 4 required\n/);
  });

  const usageErrors: Array<[string, () => string[], RegExp]> = [
    ['an unknown option', () => ['verify', '--bogus', ...complete], /Unknown option '--bogus'/],
    ['a missing file', () => ['verify', join(dir, 'nope.log')], /nope\.log: no such file/],
    ['no file at all', () => ['verify'], /no FILE given/],
    ['a malformed --expect', () => ['verify', '--expect', '2001', ...complete], /--expect needs KEY=N/],
    ['a count that is not a number', () => ['verify', '--expect', '2001=ten', ...complete], /must be a whole number/],
    ['an --expect-file that is not JSON', () => ['verify', '--expect-file', complete[0], ...complete], /--expect-file .*JSON/],
    ['an unknown command', () => ['frobnicate'], /unknown command "frobnicate"/],
    ['no command', () => [], /Usage: winston-rfc5424 <command>/],
  ];
  for (const [name, args, message] of usageErrors) {
    it(`exits 2 on ${name}, explaining on stderr`, async () => {
      const { status, stdout, stderr } = await runCli(args());
      expect(status).to.equal(2);
      expect(stdout).to.equal('');
      expect(stderr).to.match(message);
    });
  }

  it('exits 0 on --help with the usage on stdout', async () => {
    const top = await runCli(['--help']);
    expect(top.status).to.equal(0);
    expect(top.stdout).to.match(/^Usage: winston-rfc5424 <command>/);
    expect(top.stdout).to.include('verify    check rsyslog output files');
    const verify = await runCli(['verify', '--help']);
    expect(verify.status).to.equal(0);
    expect(verify.stdout).to.match(/^Usage: winston-rfc5424 verify \[options\] FILE\.\.\./);
  });
});
