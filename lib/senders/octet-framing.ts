/**
 * Octet-counting framing (RFC 6587 section 3.4.1, RFC 5425 section 4.3): "MSG-LEN SP SYSLOG-MSG".
 * The queue of a stream sender stores each record framed this way, so a batch of frames is a few
 * runs of contiguous bytes: no per-record copy or view when it is written.
 */

import { decimalLength, writeDecimal } from '../format/byte-writer';

const SPACE = 0x20;
const ZERO = 0x30;

/** Octets of the frame of a record of `length` octets. */
export function frameLength(length: number): number {
  return decimalLength(length) + 1 + length;
}

/** Writes "MSG-LEN SP" for a record of `length` octets at `out[at]`; returns where the record goes. */
export function writeFrameHead(out: Uint8Array, at: number, length: number): number {
  const end = writeDecimal(out, at, length);
  out[end] = SPACE;
  return end + 1;
}

/**
 * How many whole frames the first `octets` of `frames` hold (the frames back to back, as written).
 * For counting what a partial write delivered.
 */
export function wholeFrames(frames: Uint8Array, octets: number): number {
  let at = 0;
  let count = 0;
  for (;;) {
    let length = 0;
    while (frames[at] !== SPACE) length = length * 10 + frames[at++] - ZERO;
    at += 1 + length;
    if (at > octets) return count;
    count++;
    if (at === octets) return count;
  }
}
