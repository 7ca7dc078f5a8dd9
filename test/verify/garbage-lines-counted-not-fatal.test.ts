import { expect } from 'chai';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatReport, verifyFiles } from '../../lib/verify';
import { interleaved, recordLine, tempDir, writeLines } from './fixtures';

describe('verify: lines that are not sequenced RFC 5424 records', () => {
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => ({ dir, remove } = await tempDir()));
  after(() => remove());

  it('counts unparsable lines with file:line and goes on verifying the rest', async () => {
    const lines = interleaved(['31', '32'], 1, 50);
    const whole = recordLine({ procId: '31', seq: 51 });
    lines.splice(10, 0, 'Nov 25 13:59:00 web1 worker[31]: an RFC 3164 line');
    lines.splice(20, 0, '');
    lines.splice(30, 0, whole.slice(0, 30)); // a record cut in half
    lines.splice(40, 0, '\u0000\u0001binary junk');
    const path = await writeLines(join(dir, 'mixed.log'), lines);

    const report = await verifyFiles([path]);
    expect(report.badLines).to.equal(4);
    expect(report.badLineExamples.map((b) => `${b.file}:${b.line}`)).to.deep.equal(
      [11, 21, 31, 41].map((n) => `${path}:${n}`),
    );
    expect(report.badLineExamples[0].reason).to.match(/^RFC 5424 PRI at byte 0/);
    expect(report.badLineExamples[0].text).to.equal('Nov 25 13:59:00 web1 worker[31]: an RFC 3164 line');
    expect(report).to.include({ sequenced: 100, missing: 0, duplicates: 0, ok: true });
    expect(formatReport(report)).to.include(`${path}:31: RFC 5424`);
  });

  it('keeps only the first few examples but counts them all', async () => {
    const junk = Array.from({ length: 20 }, (_, i) => `junk ${i}`);
    const path = await writeLines(join(dir, 'junk.log'), junk);
    const report = await verifyFiles([path], { maxExamples: 3 });
    expect(report.badLines).to.equal(20);
    expect(report.badLineExamples.map((b) => b.line)).to.deep.equal([1, 2, 3]);
  });

  it('counts records without [meta sequenceId] apart, as unsequenced', async () => {
    const lines = [
      recordLine({ procId: '40', seq: 1 }),
      recordLine({ procId: '-', seq: null, app: 'rsyslogd' }),
      recordLine({ procId: '40', seq: 2 }),
    ];
    const report = await verifyFiles([await writeLines(join(dir, 'unsequenced.log'), lines)]);
    expect(report).to.include({ unsequenced: 1, sequenced: 2, badLines: 0, ok: true });
    expect(report.streams).to.have.length(1);
  });

  it('counts a sequenceId outside 1..2147483647 as a bad line, not a record', async () => {
    const lines = ['0', '2147483648', '12x', '007'].map(
      (value) => `<134>1 - web1 worker 41 - [meta sequenceId="${value}"] x`,
    );
    const report = await verifyFiles([await writeLines(join(dir, 'bad-seq.log'), lines)]);
    expect(report.badLines).to.equal(4);
    expect(report.badLineExamples[1].reason).to.equal('sequenceId "2147483648" is not in 1..2147483647');
    expect(report.streams).to.deep.equal([]);
  });

  it('cuts an endless line at 1 MiB instead of holding it in memory', async () => {
    const path = await writeLines(join(dir, 'long.log'), [
      recordLine({ procId: '42', seq: 1 }),
      'x'.repeat(3 * 1024 * 1024),
      recordLine({ procId: '42', seq: 2 }),
    ]);
    const report = await verifyFiles([path]);
    expect(report.badLines).to.equal(1);
    expect(report.badLineExamples[0].reason).to.equal('line of 3145728 bytes is longer than 1048576');
    expect(report.streams[0]).to.include({ records: 2, missing: 0 });
  });

  it('reads a last line that has no LF yet (a file still being written)', async () => {
    const path = join(dir, 'unterminated.log');
    await writeLines(path, [recordLine({ procId: '43', seq: 1 })]);
    await appendFile(path, recordLine({ procId: '43', seq: 2 }));
    const report = await verifyFiles([path]);
    expect(report.streams[0]).to.include({ records: 2, lastSequenceId: 2 });
  });
});
