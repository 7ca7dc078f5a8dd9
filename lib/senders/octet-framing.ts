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

/** Where a write of frames stopped: the frames it wrote whole, and the one it stopped in. */
export interface FrameCut {
  /** Frames written whole. */
  whole: number;
  /** The rest of the frame the write stopped in, unwritten: runs[run][from, end) (run = runs.length when none). */
  run: number;
  from: number;
  end: number;
}

/**
 * Where a write of the first `octets` of `runs` (frames back to back; no frame spans two runs, as
 * peekFrames hands them out) stopped. For counting what a partial write delivered, and finding
 * the rest of the frame it cut.
 */
export function frameCut(runs: readonly Uint8Array[], octets: number): FrameCut {
  let whole = 0;
  let before = 0;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    let at = 0;
    while (at < run.length) {
      let p = at;
      let length = 0;
      while (run[p] !== SPACE) length = length * 10 + run[p++] - ZERO;
      const end = p + 1 + length;
      if (before + end > octets) return { whole, run: r, from: octets - before, end };
      whole++;
      at = end;
    }
    before += run.length;
  }
  return { whole, run: runs.length, from: 0, end: 0 };
}
