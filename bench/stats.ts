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

/**
 * Polls every `intervalMs` until `done()`; gives up once `progress()` (a snapshot of what moves,
 * e.g. counters as JSON) stood still for `stallMs`. Returns whether `done()` came true.
 */
export async function untilDoneOrStalled(done: () => boolean, progress: () => string, stallMs: number, intervalMs: number): Promise<boolean> {
  let last = progress();
  let since = Date.now();
  while (!done()) {
    const now = progress();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since > stallMs) return false;
    await sleep(intervalMs);
  }
  return true;
}
