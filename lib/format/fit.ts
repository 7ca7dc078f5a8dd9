/**
 * Making a record that is longer than maxRecordBytes fit, in this order:
 *
 * 1. MSG is cut, at a UTF-8 character boundary (down to nothing).
 * 2. The longest PARAM-VALUEs are cut: the shortest values stay whole, as many as fit with every
 *    longer value cut down to the mark, so small values next to one huge value all survive; the
 *    values that cannot stay whole share the octets left equally. A
 *    cut value keeps a prefix of at most that share, cut at a UTF-8 character boundary and never
 *    inside an escape, followed by CUT_MARK. Only a numeric `[meta sequenceId]` is never cut: a cut number
 *    would be a wrong one, and it is what proves loss. Values of the other IANA params (origin ip,
 *    meta language, ...) are cut like any other: they are among the longest only when they are
 *    not what RFC 5424 defines anyway.
 * 3. Only when even every value cut down to CUT_MARK does not fit (hundreds of params) are whole
 *    SD-ELEMENTs dropped, from the end, meta last; what remains is handled by steps 1 and 2 again.
 */
import type { FormattedRecord } from './types';

/** What a cut PARAM-VALUE ends with: U+2026 HORIZONTAL ELLIPSIS, 3 octets. */
export const CUT_MARK = '\u2026';
const CUT_MARK_BYTES = 3;
/** A sequenceId as RFC 5424 section 7.3.1 defines it (1..2147483647); any other text may be cut. */
const SEQUENCE_ID = /^[0-9]{1,10}$/;

interface Param {
  /** ` name="` */
  lead: string;
  /** The escaped value, as rendered. */
  value: string;
  bytes: number;
}

interface Element {
  /** `[id` plus every param's lead and quotes, plus `]`, plus fixed values: bytes that never shrink. */
  skeletonBytes: number;
  /** The element as rendered, whole. */
  text: string;
  bytes: number;
  /** The params whose values may be cut: all but a numeric meta sequenceId. */
  cuttable: Param[];
  /** Text pieces in order: strings stay, Params are rendered with their (possibly cut) value. */
  pieces: Array<string | Param>;
}

/** Byte offset <= limit that does not split a UTF-8 sequence (continuation bytes are 10xxxxxx). */
export function charBoundary(bytes: Uint8Array, limit: number): number {
  let cut = Math.min(limit, bytes.length);
  while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xc0) === 0x80) cut--;
  return cut;
}

/**
 * Split one SD-ELEMENT as structured-data.ts renders it: `[id name="value" ...]`, where a value
 * holds `\"`, `\\` and `\]` as escapes and no other backslash or quote.
 */
function parseElement(text: string): Element {
  const bytes = Buffer.byteLength(text);
  let i = text.indexOf(' ');
  if (i < 0) return { skeletonBytes: bytes, text, bytes, cuttable: [], pieces: [text] };
  const meta = text.slice(1, i) === 'meta';
  const pieces: Array<string | Param> = [text.slice(0, i)];
  const cuttable: Param[] = [];
  let valueBytes = 0;
  while (text[i] === ' ') {
    const open = text.indexOf('="', i) + 2;
    let close = text.indexOf('"', open);
    // A quote after an odd run of backslashes is an escaped one, part of the value.
    for (;;) {
      let run = 0;
      while (text.charCodeAt(close - 1 - run) === 0x5c && close - 1 - run >= open) run++;
      if (run % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    const param: Param = { lead: text.slice(i, open), value: text.slice(open, close), bytes: 0 };
    param.bytes = Buffer.byteLength(param.value);
    if (meta && param.lead === ' sequenceId="' && SEQUENCE_ID.test(param.value)) pieces.push(param.lead + param.value + '"');
    else {
      pieces.push(param, '"');
      cuttable.push(param);
      valueBytes += param.bytes;
    }
    i = close + 1;
  }
  pieces.push(text.slice(i));
  return { skeletonBytes: bytes - valueBytes, text, bytes, cuttable, pieces };
}

/** The value cut to at most `limit` octets, CUT_MARK included. */
function cutValue(value: string, limit: number): string {
  // Each UTF-16 unit is at least one octet: units past `limit` can never be kept.
  const buf = Buffer.from(value.length > limit ? value.slice(0, limit) : value, 'utf8');
  let cut = charBoundary(buf, limit - CUT_MARK_BYTES);
  // Backslashes in an escaped value come in escape pairs: an odd run at the end starts an escape
  // whose second character was cut off.
  let run = 0;
  while (run < cut && buf[cut - 1 - run] === 0x5c) run++;
  if (run % 2 === 1) cut--;
  return buf.toString('utf8', 0, cut) + CUT_MARK;
}

/**
 * Which values stay whole, and how many octets (CUT_MARK included) each of the others may keep;
 * null when all fit whole.
 *
 * The shortest values stay whole, as many as fit with every longer value cut down to the mark (of
 * equal lengths, the earlier first): so every value that fits next to the marks of the longer
 * ones survives. The values left, each longer than every whole one, share what is left equally.
 */
export function planCut(lengths: readonly number[], room: number): { whole: boolean[]; level: number } | null {
  const n = lengths.length;
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  // markCost[k]: octets of the values order[k..] all cut to the mark (3 octets or less stay).
  const markCost = new Array<number>(n + 1).fill(0);
  for (let k = n - 1; k >= 0; k--) markCost[k] = markCost[k + 1] + Math.min(lengths[order[k]], CUT_MARK_BYTES);
  let used = 0;
  let k = 0;
  while (k < n && used + lengths[order[k]] + markCost[k + 1] <= room) used += lengths[order[k++]];
  if (k === n) return null;
  const whole = new Array<boolean>(n).fill(false);
  for (let j = 0; j < k; j++) whole[order[j]] = true;
  return { whole, level: Math.max(CUT_MARK_BYTES, Math.floor((room - used) / (n - k))) };
}

function minimumBytes(element: Element): number {
  let sum = element.skeletonBytes;
  for (const p of element.cuttable) sum += Math.min(p.bytes, CUT_MARK_BYTES);
  return sum;
}

/**
 * The record `header + elements + msgLead + message` is longer than `max`: cut it as the module
 * comment says. `header` ends with the SP before STRUCTURED-DATA.
 */
export function fitRecord(header: string, elementTexts: readonly string[], msgLead: string, message: string, max: number): FormattedRecord {
  const headerBytes = Buffer.byteLength(header);
  const elements = elementTexts.map(parseElement);
  const hasMeta = elements.length > 0 && elementTexts[elementTexts.length - 1].startsWith('[meta ');
  let minimum = elements.reduce((sum, e) => sum + minimumBytes(e), 0);
  while (elements.length > 0 && headerBytes + minimum > max) {
    const drop = hasMeta && elements.length > 1 ? elements.length - 2 : elements.length - 1;
    minimum -= minimumBytes(elements[drop]);
    elements.splice(drop, 1);
  }

  const whole = elements.reduce((sum, e) => sum + e.bytes, 0);
  if (headerBytes + whole <= max) {
    // Step 1: STRUCTURED-DATA fits whole; MSG gets what is left.
    const head = header + (elements.length === 0 ? '-' : elements.map((e) => e.text).join(''));
    const room = max - headerBytes - (elements.length === 0 ? 1 : whole) - Buffer.byteLength(msgLead);
    const body = Buffer.from(message, 'utf8');
    const cut = room > 0 ? charBoundary(body, room) : 0;
    const bytes = cut === 0 ? Buffer.from(head, 'utf8') : Buffer.concat([Buffer.from(head + msgLead, 'utf8'), body.subarray(0, cut)]);
    return { bytes, truncated: true };
  }

  // Step 2: no room for MSG; the shortest values stay whole, the longest are cut (planCut).
  const skeleton = elements.reduce((sum, e) => sum + e.skeletonBytes, 0);
  const params = elements.flatMap((e) => e.cuttable);
  const plan = planCut(
    params.map((p) => p.bytes),
    max - headerBytes - skeleton,
  );
  const kept = new Set(plan === null ? params : params.filter((_, i) => plan.whole[i]));
  let sd = '';
  for (const element of elements) {
    for (const piece of element.pieces) {
      if (typeof piece === 'string') sd += piece;
      else sd += piece.lead + (kept.has(piece) ? piece.value : cutValue(piece.value, plan!.level));
    }
  }
  return { bytes: Buffer.from(header + sd, 'utf8'), truncated: true };
}
