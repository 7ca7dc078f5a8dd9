/** The buffer a record is written into: digits as String() gives them, growth past its usual size. */
import { expect } from 'chai';
import * as fc from 'fast-check';
import { ByteWriter } from '../../lib/format/byte-writer';

describe('ByteWriter', () => {
  it('writes a non-negative safe integer as String(n) does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 1000 }),
          // int32 takes a path of its own; its edges and the powers of ten change the digit count
          fc.nat(),
          fc.constantFrom(9, 10, 99999, 100000, 999999, 1000000, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 10 ** 15, Number.MAX_SAFE_INTEGER),
          fc.maxSafeNat(),
        ),
        (n) => {
          const w = new ByteWriter(16);
          w.digits(n);
          expect(w.toString(0, w.at)).to.equal(String(n));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('grows for a record larger than its usual size, and starts the next record in the usual buffer', () => {
    const w = new ByteWriter(16);
    const usual = w.buf;
    w.bytes(Buffer.from('<14>1 '));
    w.text('ż'.repeat(100));
    w.digits(123456789);
    w.byte(0x5d);
    expect(w.toString(0, w.at)).to.equal('<14>1 ' + 'ż'.repeat(100) + '123456789]');
    expect(w.buf).not.to.equal(usual);
    w.reset();
    expect(w.buf).to.equal(usual);
    w.text('ok');
    expect(w.toString(0, w.at)).to.equal('ok');
  });
});
