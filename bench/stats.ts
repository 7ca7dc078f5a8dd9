/** Small numeric helpers shared by the measurements. */

/** The q-quantile (0..1) of already sorted numbers, nearest-rank; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: readonly number[]): number {
  return quantileSorted([...values].sort((a, b) => a - b), 0.5);
}

/** Milliseconds since the Unix epoch with sub-millisecond precision (CLOCK_REALTIME, like file mtimes). */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
