import { expect } from 'chai';
import * as fc from 'fast-check';
import { RecordQueue } from '../../lib/delivery/record-queue';
import { frameCut, frameLength, writeFrameHead } from '../../lib/senders/octet-framing';

/** A stream sender's queue: records stored as frames. */
function framedQueue(): RecordQueue {
  return new RecordQueue(1e6, 1e9, 'drop-oldest', false, true);
}

describe('octet-counting framing (RFC 6587 3.4.1)', () => {
  it('prefixes each record with its length in octets and a space', () => {
    const queue = framedQueue();
    queue.push(Buffer.from('<14>1 - - - - - - a'));
    queue.push(Buffer.from('<14>1 - - - - - - é'));
    const { runs, count } = queue.peekFrames(256);
    expect(count).to.equal(2);
    expect(Buffer.concat(runs).toString('utf8')).to.equal('19 <14>1 - - - - - - a20 <14>1 - - - - - - é');
  });

  it('counts octets, not characters, and keeps embedded newlines inside the frame', () => {
    const record = Buffer.from('line1\nline2 ✓');
    const out = Buffer.alloc(frameLength(record.length));
    const at = writeFrameHead(out, 0, record.length);
    expect(out.subarray(0, at).toString()).to.equal(`${record.length} `);
    expect(at + record.length).to.equal(out.length);
  });

  it('hands out whole frames across slab boundaries, in order, as few runs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 15, max: 9000 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 256 }), (sizes, max) => {
        const queue = framedQueue();
        const records = sizes.map((size, i) => Buffer.alloc(size, 0x61 + (i % 26)));
        for (const record of records) queue.push(record);
        let expected = Buffer.concat(records.flatMap((r) => [Buffer.from(`${r.length} `), r]));
        while (queue.length > 0) {
          const { runs, count } = queue.peekFrames(max);
          const bytes = Buffer.concat(runs);
          expect(runs.length).to.be.at.most(1 + Math.ceil(bytes.length / 65536));
          expect(bytes.equals(expected.subarray(0, bytes.length))).to.equal(true);
          expect(frameCut(runs, bytes.length).whole).to.equal(count);
          expected = expected.subarray(bytes.length);
          queue.discard(count);
        }
        expect(expected.length).to.equal(0);
      }),
      { numRuns: 100 },
    );
  });

  it('counts the frames a partial write delivered whole, and finds the one it cut, across runs', () => {
    const frames = Buffer.from('3 abc10 0123456789');
    expect([0, 4, 5, 6, 17, 18].map((octets) => frameCut([frames], octets).whole)).to.deep.equal([0, 0, 1, 1, 1, 2]);
    expect(frameCut([frames], 6)).to.deep.equal({ whole: 1, run: 0, from: 6, end: 18 });
    const runs = [Buffer.from('3 abc'), Buffer.from('2 de1 f')];
    expect([2, 5, 6, 9, 10, 12].map((octets) => frameCut(runs, octets))).to.deep.equal([
      { whole: 0, run: 0, from: 2, end: 5 },
      { whole: 1, run: 1, from: 0, end: 4 },
      { whole: 1, run: 1, from: 1, end: 4 },
      { whole: 2, run: 1, from: 4, end: 7 },
      { whole: 2, run: 1, from: 5, end: 7 },
      { whole: 3, run: 2, from: 0, end: 0 },
    ]);
  });
});
