/**
 * A set of integers kept as sorted, disjoint, non-adjacent closed intervals. A stream of millions
 * of in-order sequenceIds is one interval, so memory grows with the number of gaps, not of records.
 * Adding to the end (the usual case) is O(1); elsewhere a binary search plus an array splice, which
 * is cheap while gaps are few.
 */
export class IntervalSet {
  private readonly lo: number[] = [];
  private readonly hi: number[] = [];
  private count = 0;

  /** Number of integers in the set. */
  get size(): number {
    return this.count;
  }

  get min(): number | undefined {
    return this.lo[0];
  }

  get max(): number | undefined {
    return this.hi[this.hi.length - 1];
  }

  /** Adds n; false when it was already present. */
  add(n: number): boolean {
    const { lo, hi } = this;
    const last = lo.length - 1;
    if (last < 0 || n > hi[last]) {
      if (last >= 0 && n === hi[last] + 1) hi[last] = n;
      else {
        lo.push(n);
        hi.push(n);
      }
      this.count++;
      return true;
    }
    const i = this.lastStartingAtOrBelow(n);
    if (i >= 0 && n <= hi[i]) return false;
    const joinsLeft = i >= 0 && hi[i] === n - 1;
    const joinsRight = lo[i + 1] === n + 1;
    if (joinsLeft && joinsRight) {
      hi[i] = hi[i + 1];
      lo.splice(i + 1, 1);
      hi.splice(i + 1, 1);
    } else if (joinsLeft) hi[i] = n;
    else if (joinsRight) lo[i + 1] = n;
    else {
      lo.splice(i + 1, 0, n);
      hi.splice(i + 1, 0, n);
    }
    this.count++;
    return true;
  }

  /** The integers of [from, to] that are not in the set, as ascending closed intervals. */
  gaps(from: number, to: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let next = from;
    for (let i = 0; i < this.lo.length && next <= to; i++) {
      if (this.hi[i] < next) continue;
      if (this.lo[i] > next) out.push([next, Math.min(this.lo[i] - 1, to)]);
      next = this.hi[i] + 1;
    }
    if (next <= to) out.push([next, to]);
    return out;
  }

  /** How many members are greater than n. */
  countAbove(n: number): number {
    let total = 0;
    for (let i = this.lo.length - 1; i >= 0 && this.hi[i] > n; i--) {
      total += this.hi[i] - Math.max(this.lo[i], n + 1) + 1;
    }
    return total;
  }

  /** Index of the last interval whose start is <= n, or -1. */
  private lastStartingAtOrBelow(n: number): number {
    let a = 0;
    let b = this.lo.length - 1;
    while (a <= b) {
      const mid = (a + b) >> 1;
      if (this.lo[mid] <= n) a = mid + 1;
      else b = mid - 1;
    }
    return b;
  }
}
