import { expect } from 'chai';
import fc from 'fast-check';
import { IntervalSet } from '../../lib/verify/interval-set';

describe('verify: the interval set behind each stream', () => {
  it('keeps an in-order run as one interval and reports its gaps', () => {
    const set = new IntervalSet();
    for (let n = 1; n <= 1000; n++) if (n !== 500) set.add(n);
    expect(set.size).to.equal(999);
    expect(set.gaps(1, 1000)).to.deep.equal([[500, 500]]);
    expect(set.add(500)).to.equal(true);
    expect(set.gaps(1, 1000)).to.deep.equal([]);
    expect(set.add(500)).to.equal(false);
  });

  it('joins, extends and inserts intervals in any order, like a plain Set', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }), (numbers) => {
        const set = new IntervalSet();
        const model = new Set<number>();
        for (const n of numbers) {
          expect(set.add(n)).to.equal(!model.has(n));
          model.add(n);
        }
        const absent: number[] = [];
        for (let n = -60; n <= 60; n++) if (!model.has(n)) absent.push(n);
        const fromGaps = set.gaps(-60, 60).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
        expect(fromGaps).to.deep.equal(absent);
        expect(set.size).to.equal(model.size);
        expect(set.countAbove(10)).to.equal([...model].filter((n) => n > 10).length);
        if (model.size > 0) {
          expect(set.min).to.equal(Math.min(...model));
          expect(set.max).to.equal(Math.max(...model));
        }
      }),
    );
  });
});
