/** RFC 5424 TIMESTAMP: RFC 3339 with exactly 3 fraction digits, written as bytes. */

export type TimestampMode = 'utc' | 'local';

const ZERO = 0x30;
const HYPHEN = 0x2d;

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Writes one TIMESTAMP into `out` at `at` and returns where it ends. */
export type TimestampWriter = (time: Date | number, out: Buffer, at: number) => number;

/**
 * Build the Date -> TIMESTAMP writer. Everything but the milliseconds is cached per second, as
 * bytes, since bursts of records share their second. An invalid Date, or a year outside the 4
 * digits RFC 5424 allows, gives NILVALUE.
 */
export function createTimestampWriter(mode: TimestampMode): TimestampWriter {
  let cachedSecond = NaN;
  /** `YYYY-MM-DDThh:mm:ss.` of cachedSecond, or empty when its year has no 4 digits. */
  let head = Buffer.alloc(0);
  /** `Z` or the offset, `+hh:mm`. */
  let tail = Buffer.alloc(0);

  return (time: Date | number, out: Buffer, at: number): number => {
    const ms = typeof time === 'number' ? time : time.getTime();
    const invalid = Number.isNaN(ms);
    const second = Math.floor(ms / 1000);
    if (second !== cachedSecond && !invalid) {
      // Local time is shown as the UTC fields of the instant moved by the whole-minute offset, so the
      // fields and the offset always describe the same instant (even for historical offsets with seconds).
      const offset = mode === 'local' ? -Math.round(new Date(ms).getTimezoneOffset()) : 0;
      const shifted = new Date(ms + offset * 60000);
      const year = shifted.getUTCFullYear();
      const text =
        year < 0 || year > 9999
          ? ''
          : String(year).padStart(4, '0') + '-' + pad2(shifted.getUTCMonth() + 1) + '-' + pad2(shifted.getUTCDate()) +
            'T' + pad2(shifted.getUTCHours()) + ':' + pad2(shifted.getUTCMinutes()) + ':' + pad2(shifted.getUTCSeconds()) + '.';
      const abs = Math.abs(offset);
      head = Buffer.from(text, 'latin1');
      tail = Buffer.from(mode === 'utc' ? 'Z' : (offset < 0 ? '-' : '+') + pad2(Math.floor(abs / 60)) + ':' + pad2(abs % 60), 'latin1');
      cachedSecond = second;
    }
    if (invalid || head.length === 0) {
      out[at] = HYPHEN;
      return at + 1;
    }
    out.set(head, at);
    at += head.length;
    const millis = ms - second * 1000;
    out[at++] = ZERO + Math.floor(millis / 100);
    out[at++] = ZERO + (Math.floor(millis / 10) % 10);
    out[at++] = ZERO + (millis % 10);
    out.set(tail, at);
    return at + tail.length;
  };
}
