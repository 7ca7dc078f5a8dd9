/**
 * RELP frames (librelp's protocol, as spoken by rsyslog's imrelp): a pure codec, no sockets.
 *
 *   FRAME = TXNR SP COMMAND SP DATALEN [SP DATA] LF
 *
 * TXNR counts from 1 per session and wraps after 999,999,999 to 1. DATALEN is the byte length of
 * DATA; when it is 0 there is neither the SP nor DATA. The server answers each command with
 * `rsp` carrying the command's TXNR; DATA of an `rsp` starts with a 3-digit status ("200 OK").
 * The server announces its own shutdown with `0 serverclose 0`.
 */

export const MAX_TXNR = 999_999_999;

/** The TXNR after `txnr`: 999,999,999 is followed by 1 (0 is reserved for server-initiated frames). */
export function nextTxnr(txnr: number): number {
  return txnr >= MAX_TXNR ? 1 : txnr + 1;
}

/** One frame, any command. */
export function encodeFrame(txnr: number, command: string, data?: Buffer | string): Buffer {
  const body = data === undefined ? Buffer.alloc(0) : typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const head = body.length === 0 ? `${txnr} ${command} 0\n` : `${txnr} ${command} ${body.length} `;
  if (body.length === 0) return Buffer.from(head, 'latin1');
  const out = Buffer.allocUnsafe(head.length + body.length + 1);
  out.write(head, 0, 'latin1');
  body.copy(out, head.length);
  out[out.length - 1] = 0x0a;
  return out;
}

/** What the client offers in `open`: one `name=value` per line. */
export interface ClientOffers {
  software: string;
}

export function encodeOpen(txnr: number, offers: ClientOffers): Buffer {
  return encodeFrame(txnr, 'open', `relp_version=0\nrelp_software=${offers.software}\ncommands=syslog`);
}

export function encodeClose(txnr: number): Buffer {
  return encodeFrame(txnr, 'close');
}

/**
 * Many `syslog` frames in one buffer (one write, one syscall), TXNRs from `firstTxnr` on, wrapping
 * as nextTxnr() does. Returns the buffer and the TXNR the next frame gets.
 */
export function encodeSyslogFrames(firstTxnr: number, records: readonly Buffer[]): { bytes: Buffer; nextTxnr: number } {
  const heads: string[] = [];
  let txnr = firstTxnr;
  let total = 0;
  for (const record of records) {
    const head = `${txnr} syslog ${record.length} `;
    heads.push(head);
    total += head.length + record.length + 1;
    txnr = nextTxnr(txnr);
  }
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < records.length; i++) {
    offset += out.write(heads[i], offset, 'latin1');
    offset += records[i].copy(out, offset);
    out[offset++] = 0x0a;
  }
  return { bytes: out, nextTxnr: txnr };
}

export interface RelpFrame {
  txnr: number;
  command: string;
  data: Buffer;
}

/** The status of an `rsp`: code 200 is success; `text` is the rest of the first line, `offers` what follows it. */
export interface RelpResponse {
  code: number;
  text: string;
  /** Lines after the status line ("commands=syslog" ...); empty for a per-record answer. */
  offers: Map<string, string>;
}

export class RelpProtocolError extends Error {
  readonly code = 'ERELPPROTO';
}

export function parseResponse(data: Buffer): RelpResponse {
  const text = data.toString('utf8');
  const match = /^(\d{3})(?: ([^\n]*))?(?:\n([\s\S]*))?$/.exec(text);
  if (!match) throw new RelpProtocolError(`RELP rsp without a status: ${JSON.stringify(text.slice(0, 80))}`);
  const offers = new Map<string, string>();
  for (const line of (match[3] ?? '').split('\n')) {
    if (line === '') continue;
    const eq = line.indexOf('=');
    offers.set(eq === -1 ? line : line.slice(0, eq), eq === -1 ? '' : line.slice(eq + 1));
  }
  return { code: Number(match[1]), text: match[2] ?? '', offers };
}

const SP = 0x20;
const LF = 0x0a;
/** "999999999 " + a command of at most 32 letters + " " + "999999999" + SP/LF. */
const MAX_HEADER = 10 + 33 + 10;

/**
 * Incremental parser of frames a server sends: feed it every chunk as it arrives (a frame may be
 * split across chunks, a chunk may hold several frames). Throws RelpProtocolError on bytes that
 * are not RELP; the connection is then unusable.
 */
export class FrameParser {
  private rest: Buffer = Buffer.alloc(0);

  constructor(private readonly maxDataBytes = 1024 * 1024) {}

  push(chunk: Buffer): RelpFrame[] {
    const buf = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const frames: RelpFrame[] = [];
    let pos = 0;
    for (;;) {
      const frame = this.parseOne(buf, pos);
      if (!frame) break;
      frames.push(frame.frame);
      pos = frame.end;
    }
    // copy: a view would keep the whole chunk alive
    this.rest = pos === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    return frames;
  }

  /** A frame starting at `start`, or undefined when more bytes are needed. */
  private parseOne(buf: Buffer, start: number): { frame: RelpFrame; end: number } | undefined {
    const sp1 = this.find(buf, start, SP);
    if (sp1 === -1) return undefined;
    const txnr = this.number(buf, start, sp1, 'TXNR', 9);
    const sp2 = this.find(buf, sp1 + 1, SP);
    if (sp2 === -1) return undefined;
    const command = buf.toString('latin1', sp1 + 1, sp2);
    if (!/^[a-z]{1,32}$/.test(command)) throw new RelpProtocolError(`RELP frame with command ${JSON.stringify(command)}`);
    // DATALEN ends with SP (data follows) or LF (no data)
    let lenEnd = sp2 + 1;
    while (lenEnd < buf.length && buf[lenEnd] !== SP && buf[lenEnd] !== LF) {
      if (lenEnd - sp2 > 9) throw new RelpProtocolError('RELP frame with a DATALEN longer than 9 digits');
      lenEnd++;
    }
    if (lenEnd === buf.length) return undefined;
    const dataLen = this.number(buf, sp2 + 1, lenEnd, 'DATALEN', 9);
    if (dataLen > this.maxDataBytes) throw new RelpProtocolError(`RELP frame of ${dataLen} bytes (limit ${this.maxDataBytes})`);
    if (buf[lenEnd] === LF) {
      if (dataLen !== 0) throw new RelpProtocolError(`RELP frame with DATALEN ${dataLen} but no data`);
      return { frame: { txnr, command, data: Buffer.alloc(0) }, end: lenEnd + 1 };
    }
    const dataStart = lenEnd + 1;
    const trailer = dataStart + dataLen;
    if (trailer >= buf.length) return undefined;
    if (buf[trailer] !== LF) throw new RelpProtocolError('RELP frame not ended by LF after DATALEN bytes');
    return { frame: { txnr, command, data: Buffer.from(buf.subarray(dataStart, trailer)) }, end: trailer + 1 };
  }

  /** Position of `byte` from `from` on; throws when a header runs longer than any valid one. */
  private find(buf: Buffer, from: number, byte: number): number {
    const at = buf.indexOf(byte, from);
    const limit = from + MAX_HEADER;
    if ((at === -1 && buf.length > limit) || at > limit) {
      throw new RelpProtocolError('RELP frame header too long (not a RELP peer?)');
    }
    return at;
  }

  private number(buf: Buffer, from: number, to: number, what: string, maxDigits: number): number {
    const text = buf.toString('latin1', from, to);
    if (!/^\d+$/.test(text) || text.length > maxDigits) {
      throw new RelpProtocolError(`RELP frame with ${what} ${JSON.stringify(text.slice(0, 20))}`);
    }
    return Number(text);
  }
}
