/** An append-only byte buffer that a formatter writes one record into, reused record after record. */

const ZERO = 0x30;

/** Decimal digits of a non-negative safe integer. */
export function decimalLength(n: number): number {
  // Comparisons, not divisions: metadata numbers and lengths are mostly small.
  if (n < 100000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : 5;
  let count = 6;
  for (let rest = Math.floor(n / 1000000); rest >= 1; rest = Math.floor(rest / 10)) count++;
  return count;
}

/** Writes a non-negative safe integer in decimal at `out[at]`, as String(n) gives it; returns where it ends. */
export function writeDecimal(out: Uint8Array, at: number, n: number): number {
  const end = at + decimalLength(n);
  if (n <= 0x7fffffff) {
    // int32: the division by 10 compiles to a multiplication, not a floating-point divide.
    for (let i = end - 1, rest = n | 0; i >= at; i--) {
      const next = (rest / 10) | 0;
      out[i] = ZERO + (rest - next * 10);
      rest = next;
    }
    return end;
  }
  for (let i = end - 1; i >= at; i--) {
    const rest = Math.floor(n / 10);
    // Subtract before adding '0': near 2^53, ZERO + n would round.
    out[i] = ZERO + (n - rest * 10);
    n = rest;
  }
  return end;
}

/** What a writer's own buffer starts with; a larger record grows it for as long as it is written. */
export const USUAL_RECORD_BYTES = 16 * 1024;

/**
 * One record's bytes, written at buf[base, at): in the writer's own buffer, or in memory lent to
 * it (startAt: the queue lets a record be encoded straight into its storage). Positions a
 * formatter keeps are relative to the record's start (`length`), so they hold when a record that
 * outgrows the room it was given moves to a buffer of the writer's own.
 */
export class ByteWriter {
  buf: Buffer;
  /** Where this record starts in buf. */
  base = 0;
  /** Where the next byte goes. */
  at = 0;
  private readonly usual: Buffer;

  /** `size`: what most records need; a larger one grows the buffer until the next reset(). */
  constructor(size: number) {
    this.usual = this.buf = Buffer.allocUnsafeSlow(size);
  }

  /** Starts a new record in the writer's own buffer, giving back a buffer a large one grew. */
  reset(): void {
    this.buf = this.usual;
    this.base = this.at = 0;
  }

  /** Starts a new record at buf[at], up to buf's end; more moves it to a buffer of the writer's own. */
  startAt(buf: Buffer, at: number): void {
    this.buf = buf;
    this.base = this.at = at;
  }

  /** Octets of the record so far. */
  get length(): number {
    return this.at - this.base;
  }

  /** Cuts the record back to its first `length` octets. */
  truncate(length: number): void {
    this.at = this.base + length;
  }

  /** The record: a view, valid until the writer writes again. */
  record(): Buffer {
    return this.buf.subarray(this.base, this.at);
  }

  byte(value: number): void {
    if (this.at === this.buf.length) this.grow(1);
    this.buf[this.at++] = value;
  }

  bytes(src: Uint8Array): void {
    if (this.at + src.length > this.buf.length) this.grow(src.length);
    // set(): about 14 ns for up to 40 octets here, where a loop takes 2 ns an octet.
    this.buf.set(src, this.at);
    this.at += src.length;
  }

  /** Text as UTF-8 (lone surrogates as U+FFFD). */
  text(text: string): void {
    // A UTF-16 unit never takes more than 3 octets; only a long text is worth counting exactly.
    if (this.at + text.length * 3 > this.buf.length) {
      const bytes = Buffer.byteLength(text);
      if (this.at + bytes > this.buf.length) this.grow(bytes);
    }
    this.at += this.buf.write(text, this.at);
  }

  /** A non-negative safe integer in decimal, as String(n) would give it. */
  digits(n: number): void {
    const count = decimalLength(n);
    if (this.at + count > this.buf.length) this.grow(count);
    this.at = writeDecimal(this.buf, this.at, n);
  }

  /** The text of the record's octets [start, end), as UTF-8. */
  toString(start: number, end: number): string {
    return this.buf.toString('utf8', this.base + start, this.base + end);
  }

  /** Moves the record to the start of a buffer of the writer's own with room for `needed` more. */
  private grow(needed: number): void {
    const length = this.length;
    const next =
      this.buf !== this.usual && length + needed <= this.usual.length
        ? this.usual
        : Buffer.allocUnsafeSlow(Math.max(2 * (length + needed), this.usual.length));
    this.buf.copy(next, 0, this.base, this.at);
    this.buf = next;
    this.base = 0;
    this.at = length;
  }
}
