/** RFC 5424 TIMESTAMP text: RFC 3339 with exactly 3 fraction digits. */
import { NILVALUE } from './sanitize';

export type TimestampMode = 'utc' | 'local';

const MILLIS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * Build the Date -> TIMESTAMP function. Everything but the milliseconds is cached per second,
 * since bursts of records share their second. An invalid Date, or a year outside the 4 digits
 * RFC 5424 allows, gives NILVALUE.
 */
export function createTimestamper(mode: TimestampMode): (time: Date) => string {
  let cachedSecond = NaN;
  let cachedHead = '';
  let cachedTail = '';

  return (time: Date): string => {
    const ms = time.getTime();
    if (Number.isNaN(ms)) return NILVALUE;
    const second = Math.floor(ms / 1000);
    if (second !== cachedSecond) {
      // Local time is shown as the UTC fields of the instant moved by the whole-minute offset, so the
      // fields and the offset always describe the same instant (even for historical offsets with seconds).
      const offset = mode === 'local' ? -Math.round(time.getTimezoneOffset()) : 0;
      const shifted = offset === 0 ? time : new Date(ms + offset * 60000);
      const year = shifted.getUTCFullYear();
      if (year < 0 || year > 9999) return NILVALUE;
      cachedHead =
        String(year).padStart(4, '0') + '-' + pad2(shifted.getUTCMonth() + 1) + '-' + pad2(shifted.getUTCDate()) +
        'T' + pad2(shifted.getUTCHours()) + ':' + pad2(shifted.getUTCMinutes()) + ':' + pad2(shifted.getUTCSeconds()) + '.';
      if (mode === 'utc') cachedTail = 'Z';
      else {
        const abs = Math.abs(offset);
        cachedTail = (offset < 0 ? '-' : '+') + pad2(Math.floor(abs / 60)) + ':' + pad2(abs % 60);
      }
      cachedSecond = second;
    }
    return cachedHead + MILLIS[ms - second * 1000] + cachedTail;
  };
}
