/**
 * RFC 5424 section 7.3.1 sequenceId arithmetic. The counter runs 1..2147483647 and wraps to 1, so
 * each raw value is mapped onto an unbounded "unwrapped" line (JS numbers are exact far past any
 * real log) where a wrap is just the next number; the epoch is which lap of the counter it is on.
 */

export const SEQUENCE_MAX = 2147483647;

const DIGITS = /^[1-9][0-9]{0,9}$/;

/** The value of a sequenceId param, or null when it is not an integer in 1..2147483647. */
export function parseSequenceId(value: string): number | null {
  if (!DIGITS.test(value)) return null;
  const n = Number(value);
  return n <= SEQUENCE_MAX ? n : null;
}

/** The raw 1..2147483647 value of an unwrapped position. */
export function toRaw(unwrapped: number): number {
  const r = (unwrapped - 1) % SEQUENCE_MAX;
  return (r < 0 ? r + SEQUENCE_MAX : r) + 1;
}

/** Which lap of the counter an unwrapped position is on (the first record ever logged is on lap 0). */
export function epochOf(unwrapped: number): number {
  return Math.floor((unwrapped - 1) / SEQUENCE_MAX);
}

/** The unwrapped position of sequenceId 1 on the lap of `unwrapped`. */
export function epochStart(unwrapped: number): number {
  return epochOf(unwrapped) * SEQUENCE_MAX + 1;
}

/**
 * Place `raw` on the unwrapped line nearest to `previous` (serial number arithmetic, RFC 1982): a
 * step of less than half the counter either way. So 2147483647 then 1 is one step forward, and a
 * record read slightly late, even across the wrap, lands behind its successor instead of a lap on.
 */
export function unwrap(previous: number, raw: number): number {
  let delta = raw - toRaw(previous);
  if (delta > SEQUENCE_MAX / 2) delta -= SEQUENCE_MAX;
  else if (delta < -SEQUENCE_MAX / 2) delta += SEQUENCE_MAX;
  return previous + delta;
}
