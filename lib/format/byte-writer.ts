/** An append-only byte buffer that a formatter writes one record into, reused record after record. */

const ZERO = 0x30;

export class ByteWriter {
  /** The bytes written so far are buf[0, at). */
  buf: Buffer;
  at = 0;
  private readonly usual: Buffer;

  /** `size`: what most records need; a larger one grows the buffer until the next reset(). */
  constructor(size: number) {
    this.usual = this.buf = Buffer.allocUnsafeSlow(size);
  }

  /** Starts a new record, giving back a buffer a large one grew. */
  reset(): void {
    this.at = 0;
    this.buf = this.usual;
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
    let count = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count++;
    if (this.at + count > this.buf.length) this.grow(count);
    const buf = this.buf;
    for (let at = this.at + count - 1; at >= this.at; at--) {
      const rest = Math.floor(n / 10);
      buf[at] = ZERO + (n - rest * 10);
      n = rest;
    }
    this.at += count;
  }

  /** The text of buf[start, end), as UTF-8. */
  toString(start: number, end: number): string {
    return this.buf.toString('utf8', start, end);
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + needed));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
}
