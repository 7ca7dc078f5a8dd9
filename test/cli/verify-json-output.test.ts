import { expect } from 'chai';
import type { VerifyReport } from '../../lib/verify';
import { PROCS, interleaved, recordLine, tempDir, writeRotationSet } from '../verify/fixtures';
import { runCli } from './run-cli';

describe('cli: `winston-rfc5424 verify --json`', () => {
  let remove: () => Promise<void>;
  let paths: string[];

  before(async () => {
    let dir: string;
    ({ dir, remove } = await tempDir());
    const gone = new Set([5, 6, 7, 8, 9, 12].map((seq) => recordLine({ procId: '2001', seq })));
    const lines = interleaved(PROCS, 1, 60).filter((l) => !gone.has(l));
    lines.push('not a record');
    paths = await writeRotationSet(dir, lines);
  });
  after(() => remove());

  it('prints the whole report as JSON, with the same exit status', async () => {
    const { status, stdout } = await runCli(['verify', '--json', '--expect', '2003=61', ...paths]);
    expect(status).to.equal(1);
    const report = JSON.parse(stdout) as VerifyReport;
    expect(report).to.include({ ok: false, missing: 7, duplicates: 0, badLines: 1, lines: 175 });
    expect(report.files.map((f) => f.path)).to.deep.equal([paths[2], paths[1], paths[0]]);
    const [s2001, , s2003] = report.streams;
    expect(s2001).to.include({ key: 'web1/worker/2001', hostname: 'web1', appName: 'worker', procId: '2001' });
    expect(s2001.missingRanges).to.deep.equal([[5, 9], [12, 12]]);
    expect(s2003).to.include({ expected: 61, missing: 1 });
    expect(s2003.missingRanges).to.deep.equal([[61, 61]]);
    expect(report.badLineExamples[0]).to.deep.include({ file: paths[0], reason: 'RFC 5424 PRI at byte 0: expected "<", found byte 0x6e' });
  });
});
