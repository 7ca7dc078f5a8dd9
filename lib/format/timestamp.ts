/** RFC 5424 TIMESTAMP: RFC 3339 with exactly 3 fraction digits. */

export type TimestampMode = 'utc' | 'local';

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** What a TIMESTAMP holds for a whole second: everything but the 3 fraction digits. */
export interface SecondText {
  /** `YYYY-MM-DDThh:mm:ss.` */
  head: string;
  /** `Z`, or the offset `+hh:mm` in local mode. */
  zone: string;
}

/**
 * The TIMESTAMP text of the second `second` (ms / 1000, floored), or undefined when it cannot be
 * one: an invalid time, or a year outside the 4 digits RFC 5424 allows (NILVALUE then).
 */
export function secondText(second: number, mode: TimestampMode): SecondText | undefined {
  if (!Number.isFinite(second)) return undefined;
  const ms = second * 1000;
  // Local time is shown as the UTC fields of the instant moved by the whole-minute offset, so the
  // fields and the offset always describe the same instant (even for historical offsets with seconds).
  const offset = mode === 'local' ? -Math.round(new Date(ms).getTimezoneOffset()) : 0;
  const shifted = new Date(ms + offset * 60000);
  const year = shifted.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return undefined;
  const head =
    String(year).padStart(4, '0') + '-' + pad2(shifted.getUTCMonth() + 1) + '-' + pad2(shifted.getUTCDate()) +
    'T' + pad2(shifted.getUTCHours()) + ':' + pad2(shifted.getUTCMinutes()) + ':' + pad2(shifted.getUTCSeconds()) + '.';
  const abs = Math.abs(offset);
  const zone = mode === 'utc' ? 'Z' : (offset < 0 ? '-' : '+') + pad2(Math.floor(abs / 60)) + ':' + pad2(abs % 60);
  return { head, zone };
}
