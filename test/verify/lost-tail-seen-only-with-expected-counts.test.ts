import { expect } from 'chai';
import { join } from 'node:path';
import { VerifyInputError, formatReport, verifyFiles } from '../../lib/verify';
import { interleaved, recordLine, tempDir, writeLines } from './fixtures';

describe('verify: records lost at the end of a stream, found through expected counts', () => {
  let remove: () => Promise<void>;
  let path: string;

  before(async () => {
    let dir: string;
    ({ dir, remove } = await tempDir());
    // Worker 51 logged 100 records but the last 5 never arrived; worker 52 is complete.
    const lines = interleaved(['51', '52'], 1, 100).filter((l) => !/ 51 job \[meta sequenceId="(9[6-9]|100)"\]/.test(l));
    path = await writeLines(join(dir, 'app.log'), lines);
  });
  after(() => remove());

  it('cannot see the lost tail without an expectation', async () => {
    const report = await verifyFiles([path]);
    expect(report).to.include({ ok: true, missing: 0 });
  });

  it('reports the lost tail as a range when the count is expected by PROCID', async () => {
    const report = await verifyFiles([path], { expected: { '51': 100, '52': 100 } });
    expect(report).to.include({ ok: false, missing: 5 });
    const s51 = report.streams.find((s) => s.procId === '51');
    expect(s51).to.include({ expected: 100, missing: 5 });
    expect(s51?.missingRanges).to.deep.equal([[96, 100]]);
    expect(formatReport(report)).to.match(/web1\/worker\/51 +95 +100 +5 .* 96-100\n/);
  });

  it('accepts the full HOSTNAME/APP-NAME/PROCID key, which wins over the PROCID', async () => {
    const report = await verifyFiles([path], { expected: { 'web1/worker/51': 95, '51': 100 } });
    expect(report.ok).to.equal(true);
    expect(report.streams.find((s) => s.procId === '51')).to.include({ expected: 95, missing: 0 });
    expect(report.unseenExpectations).to.deep.equal([]);
  });

  it('counts every expected record missing for a stream never seen', async () => {
    const report = await verifyFiles([path], { expected: { '53': 40 } });
    expect(report).to.include({ ok: false, missing: 40 });
    expect(report.unseenExpectations).to.deep.equal([{ key: '53', expected: 40 }]);
    expect(formatReport(report)).to.match(/^53 +0 +40 +40 .* 1-40$/m);
  });

  it('fails when a stream has more records than expected', async () => {
    const report = await verifyFiles([path], { expected: { '52': 90 } });
    expect(report.ok).to.equal(false);
    expect(report.streams.find((s) => s.procId === '52')).to.include({ beyondExpected: 10, missing: 0 });
    expect(report.problems).to.deep.equal(['web1/worker/52: 10 records beyond the 90 expected']);
  });

  it('fails when fewer streams than --min-streams were seen', async () => {
    expect((await verifyFiles([path], { minStreams: 2 })).ok).to.equal(true);
    const report = await verifyFiles([path], { minStreams: 3 });
    expect(report.problems).to.deep.equal(['2 streams seen, at least 3 required']);
  });

  it('rejects a count that is not a whole number', async () => {
    const err = await verifyFiles([path], { expected: { '51': 1.5 } }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(VerifyInputError);
  });

  it('treats record 1 as the start: a stream seen from 3 on misses 1-2', async () => {
    const late = await writeLines(`${path}.late`, [3, 4].map((seq) => recordLine({ procId: '54', seq })));
    const report = await verifyFiles([late], { expected: { '54': 4 } });
    expect(report.streams[0].missingRanges).to.deep.equal([[1, 2]]);
  });
});
