import { expect } from 'chai';
import { Backoff } from '../../lib/delivery/backoff';

describe('Backoff', () => {
  it('doubles from the minimum up to the cap, scaled into [0.5, 1) of each step', () => {
    const low = new Backoff(100, 1000, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).to.deep.equal([50, 100, 200, 400, 500, 500]);
    const high = new Backoff(100, 1000, () => 0.999999);
    expect([1, 2, 3, 4, 5].map(() => high.next())).to.deep.equal([100, 200, 400, 800, 1000]);
  });

  it('starts again from the minimum after reset', () => {
    const backoff = new Backoff(10, 1000, () => 0);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).to.equal(5);
  });
});
