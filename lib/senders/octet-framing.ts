/**
 * Octet-counting framing (RFC 6587 section 3.4.1, RFC 5425 section 4.3): "MSG-LEN SP SYSLOG-MSG".
 * All records of a batch go into one buffer, so a busy stream writes many frames per syscall.
 * MSG-LEN is written as ASCII digits straight into that buffer: no string per record.
 */

const SPACE = 0x20;
const ZERO = 0x30;

/** Decimal digits of a positive length. */
function digitCount(n: number): number {
  let digits = 1;
  while (n >= 10) {
    n = (n / 10) | 0;
    digits++;
  }
  return digits;
}

export function frameRecords(records: readonly Buffer[]): Buffer {
  let total = 0;
  for (let i = 0; i < records.length; i++) {
    const length = records[i].length;
    total += digitCount(length) + 1 + length;
  }
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    let length = record.length;
    const end = offset + digitCount(length);
    for (let at = end - 1; at >= offset; at--) {
      const rest = (length / 10) | 0;
      out[at] = ZERO + length - rest * 10;
      length = rest;
    }
    out[end] = SPACE;
    out.set(record, end + 1);
    offset = end + 1 + record.length;
  }
  return out;
}
