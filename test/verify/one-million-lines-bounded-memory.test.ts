import { expect } from 'chai';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { verifyFiles, type VerifyReport } from '../../lib/verify';
import { recordLine, tempDir } from './fixtures';

const LINES = 1_000_000;
const PROCS = ['61', '62', '63', '64'];
const HEAP_LIMIT = 50 * 1024 * 1024;

/** Written in batches so the fixture itself never holds the file in memory. */
async function writeMillion(path: string): Promise<void> {
  const out = createWriteStream(path);
  const perProc = LINES / PROCS.length;
  for (let seq = 1; seq <= perProc; ) {
    let batch = '';
    for (const end = Math.min(perProc, seq + 2499); seq <= end; seq++) {
      for (const procId of PROCS) batch += `${recordLine({ procId, seq })}\n`;
    }
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Runs verifyFiles while sampling the heap, so a file loaded whole would show in the peak. */
async function measure(path: string): Promise<{ report: VerifyReport; ms: number; growth: number }> {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const start = process.hrtime.bigint();
  try {
    const report = await verifyFiles([path]);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { report, ms, growth: peak - base };
  } finally {
    clearInterval(sampler);
  }
}

describe('verify: a 1,000,000-line file, plain and gzip, in bounded memory', function () {
  this.timeout(10 * 60 * 1000);
  let remove: () => Promise<void>;
  let plain: string;
  let gzipped: string;

  before(async () => {
    let dir: string;
    ({ dir, remove } = await tempDir());
    plain = join(dir, 'big.log');
    gzipped = join(dir, 'big.log.1.gz');
    await writeMillion(plain);
    await pipeline(createReadStream(plain), createGzip(), createWriteStream(gzipped));
  });
  after(() => remove());

  for (const which of ['plain', 'gzip'] as const) {
    it(`verifies the ${which} file completely with heap growth under 50 MB`, async () => {
      const path = which === 'plain' ? plain : gzipped;
      const { report, ms, growth } = await measure(path);
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      console.log(
        `      ${which}: ${LINES} lines (${mb((await stat(path)).size)} MB on disk) in ${(ms / 1000).toFixed(2)} s, ` +
          `${Math.round(LINES / (ms / 1000))} lines/s, peak heap growth ${mb(growth)} MB${gc ? '' : ' (no --expose-gc)'}`,
      );
      expect(report).to.include({ ok: true, lines: LINES, sequenced: LINES, missing: 0, duplicates: 0, badLines: 0 });
      expect(report.files[0].gzip).to.equal(which === 'gzip');
      expect(report.streams.map((s) => s.records)).to.deep.equal(PROCS.map(() => LINES / PROCS.length));
      expect(growth).to.be.below(HEAP_LIMIT);
    });
  }
});
