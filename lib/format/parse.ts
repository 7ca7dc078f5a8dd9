/**
 * A strict RFC 5424 parser (section 6 ABNF). Pure: bytes in, a record or an Rfc5424ParseError out.
 * It exists to prove what the formatter writes and what rsyslog stores, so it accepts nothing the
 * ABNF does not allow, and it reports the rule that failed with its byte offset.
 */
import { invalidUtf8At } from './utf8';

/** Thrown for input that does not match RFC 5424; `rule` is the ABNF rule name that failed. */
export class Rfc5424ParseError extends Error {
  readonly rule: string;
  /** Byte offset into the input (UTF-8 bytes when the input was a string). */
  readonly offset: number;

  constructor(rule: string, offset: number, detail: string) {
    super(`RFC 5424 ${rule} at byte ${offset}: ${detail}`);
    this.name = 'Rfc5424ParseError';
    this.rule = rule;
    this.offset = offset;
  }
}

export interface ParsedSdElement {
  id: string;
  /** In record order; RFC 5424 allows a PARAM-NAME more than once. Values are unescaped. */
  params: Array<[string, string]>;
}

export interface ParsedRecord {
  pri: number;
  facility: number;
  severity: number;
  version: number;
  /** The TIMESTAMP text as written, or null for NILVALUE. */
  timestamp: string | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  structuredData: ParsedSdElement[];
  /** MSG without the BOM; "" when absent. MSG-ANY bytes that are not UTF-8 decode to U+FFFD. */
  message: string;
  /** True when MSG started with the UTF-8 BOM (MSG-UTF8). */
  bom: boolean;
}

export interface ParseOptions {
  /**
   * Accept and strip one trailing LF. rsyslog's file templates (RSYSLOG_SyslogProtocol23Format) end
   * each record with "\n", which is not part of the record. Default false: a LF belongs to MSG.
   */
  trailingLf?: boolean;
}

const SP = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE = 0x5d;
const NIL = 0x2d;

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

function isPrintUsAscii(b: number): boolean {
  return b >= 33 && b <= 126;
}

function isSdNameChar(b: number): boolean {
  return isPrintUsAscii(b) && b !== 0x3d && b !== CLOSE && b !== QUOTE;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function byteName(b: number | undefined): string {
  return b === undefined ? 'end of input' : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

class Reader {
  pos = 0;

  constructor(readonly buf: Buffer, readonly end: number) {}

  peek(): number | undefined {
    return this.pos < this.end ? this.buf[this.pos] : undefined;
  }

  fail(rule: string, detail: string, at = this.pos): never {
    throw new Rfc5424ParseError(rule, at, detail);
  }

  expect(byte: number, rule: string, what: string): void {
    const b = this.peek();
    if (b !== byte) this.fail(rule, `expected ${what}, found ${byteName(b)}`);
    this.pos++;
  }

  /** Exactly `count` digits as a number. */
  digits(count: number, rule: string, what: string): number {
    let n = 0;
    for (let k = 0; k < count; k++) {
      const b = this.peek();
      if (b === undefined || !isDigit(b)) this.fail(rule, `expected a digit of ${what}, found ${byteName(b)}`);
      n = n * 10 + (b - 0x30);
      this.pos++;
    }
    return n;
  }

  /** A 2-digit field within [min, max], validated at its own offset. */
  ranged(rule: string, what: string, min: number, max: number): number {
    const at = this.pos;
    const n = this.digits(2, rule, what);
    if (n < min || n > max) this.fail(rule, `${what} ${n} is outside ${min}..${max}`, at);
    return n;
  }

  /** NILVALUE or 1..max PRINTUSASCII, followed by SP or the end (checked by the caller). */
  headerField(rule: string, max: number): string | null {
    const start = this.pos;
    const buf = this.buf;
    let i = start;
    while (i < this.end && buf[i] !== SP) {
      if (!isPrintUsAscii(buf[i])) this.fail(rule, `${byteName(buf[i])} is not PRINTUSASCII`, i);
      i++;
    }
    const len = i - start;
    if (len === 0) this.fail(rule, 'empty field (NILVALUE is "-")', start);
    if (len > max) this.fail(rule, `longer than ${max} octets`, start + max);
    this.pos = i;
    return len === 1 && buf[start] === NIL ? null : buf.toString('latin1', start, i);
  }

  /** SD-NAME: 1..32 PRINTUSASCII except '=', SP, ']', '"'. */
  sdName(rule: string): string {
    const start = this.pos;
    const buf = this.buf;
    let i = start;
    while (i < this.end && isSdNameChar(buf[i])) i++;
    if (i === start) this.fail(rule, `expected an SD-NAME, found ${byteName(this.peek())}`);
    if (i - start > 32) this.fail(rule, 'longer than 32 octets', start + 32);
    this.pos = i;
    return buf.toString('latin1', start, i);
  }
}

function parsePri(r: Reader): number {
  r.expect(0x3c, 'PRI', '"<"');
  const start = r.pos;
  let n = 0;
  for (let b = r.peek(); r.pos - start < 3 && b !== undefined && isDigit(b); b = r.peek()) {
    n = n * 10 + (b - 0x30);
    r.pos++;
  }
  const len = r.pos - start;
  if (len === 0) r.fail('PRI', `expected PRIVAL digits, found ${byteName(r.peek())}`);
  if (len > 1 && r.buf[start] === 0x30) r.fail('PRI', 'PRIVAL has a leading zero', start);
  if (n > 191) r.fail('PRI', `PRIVAL ${n} is outside 0..191`, start);
  r.expect(0x3e, 'PRI', '">" after at most 3 PRIVAL digits');
  return n;
}

function parseVersion(r: Reader): number {
  r.expect(0x31, 'VERSION', 'VERSION "1"');
  if (r.peek() !== SP) r.fail('VERSION', `only VERSION 1 is defined; found ${byteName(r.peek())} after "1"`);
  return 1;
}

function parseTimestamp(r: Reader): string | null {
  const start = r.pos;
  if (r.peek() === NIL) {
    r.pos++;
    return null;
  }
  const T = 'TIMESTAMP';
  const year = r.digits(4, T, 'DATE-FULLYEAR');
  r.expect(0x2d, T, '"-" after the year');
  const month = r.ranged(T, 'DATE-MONTH', 1, 12);
  r.expect(0x2d, T, '"-" after the month');
  const dayAt = r.pos;
  const day = r.digits(2, T, 'DATE-MDAY');
  const maxDay = daysInMonth(year, month);
  if (day < 1 || day > maxDay) r.fail(T, `DATE-MDAY ${day} is outside 1..${maxDay} for ${year}-${month}`, dayAt);
  r.expect(0x54, T, 'uppercase "T" between date and time');
  r.ranged(T, 'TIME-HOUR', 0, 23);
  r.expect(0x3a, T, '":" after the hour');
  r.ranged(T, 'TIME-MINUTE', 0, 59);
  r.expect(0x3a, T, '":" after the minute');
  r.ranged(T, 'TIME-SECOND', 0, 59);
  if (r.peek() === 0x2e) {
    r.pos++;
    const fracAt = r.pos;
    while (r.pos < r.end && isDigit(r.buf[r.pos])) r.pos++;
    const len = r.pos - fracAt;
    if (len === 0) r.fail(T, 'TIME-SECFRAC needs at least one digit', fracAt);
    if (len > 6) r.fail(T, 'TIME-SECFRAC has more than 6 digits', fracAt + 6);
  }
  const sign = r.peek();
  if (sign === 0x5a) {
    r.pos++;
  } else if (sign === 0x2b || sign === 0x2d) {
    r.pos++;
    r.ranged(T, 'offset hour', 0, 23);
    r.expect(0x3a, T, '":" in TIME-NUMOFFSET');
    r.ranged(T, 'offset minute', 0, 59);
  } else {
    r.fail(T, `expected TIME-OFFSET ("Z", "+hh:mm" or "-hh:mm"), found ${byteName(sign)}`);
  }
  return r.buf.toString('latin1', start, r.pos);
}

/** PARAM-VALUE between the quotes: `\"`, `\\`, `\]` unescape; a backslash before anything else stays. */
function parseParamValue(r: Reader): string {
  const buf = r.buf;
  const start = r.pos;
  let i = start;
  let escaped = false;
  for (;;) {
    if (i >= r.end) r.fail('PARAM-VALUE', 'unterminated PARAM-VALUE (no closing \'"\')', start);
    const b = buf[i];
    if (b === QUOTE) break;
    if (b === CLOSE) r.fail('PARAM-VALUE', 'unescaped "]" in PARAM-VALUE', i);
    if (b === BACKSLASH) {
      const next = i + 1 < r.end ? buf[i + 1] : -1;
      if (next === QUOTE || next === BACKSLASH || next === CLOSE) {
        escaped = true;
        i++;
      }
    }
    i++;
  }
  const bad = invalidUtf8At(buf, start, i);
  if (bad !== -1) r.fail('PARAM-VALUE', 'PARAM-VALUE is not valid UTF-8', bad);
  r.pos = i;
  const raw = buf.toString('utf8', start, i);
  return escaped ? raw.replace(/\\(["\\\]])/g, '$1') : raw;
}

function parseSdElement(r: Reader): ParsedSdElement {
  r.expect(0x5b, 'SD-ELEMENT', '"["');
  const id = r.sdName('SD-ID');
  const next = r.peek();
  if (next !== undefined && next !== SP && next !== CLOSE) r.fail('SD-ID', `${byteName(next)} is not allowed in an SD-ID`);
  const params: Array<[string, string]> = [];
  while (r.peek() === SP) {
    r.pos++;
    const name = r.sdName('PARAM-NAME');
    r.expect(0x3d, 'PARAM-NAME', '"=" after PARAM-NAME');
    r.expect(QUOTE, 'PARAM-VALUE', "'\"' opening PARAM-VALUE");
    const value = parseParamValue(r);
    r.pos++; // the closing quote found by parseParamValue
    params.push([name, value]);
  }
  r.expect(CLOSE, 'SD-ELEMENT', '"]" or SP and an SD-PARAM');
  return { id, params };
}

function parseStructuredData(r: Reader): ParsedSdElement[] {
  const elements: ParsedSdElement[] = [];
  if (r.peek() === NIL) {
    r.pos++;
    return elements;
  }
  if (r.peek() !== 0x5b) r.fail('STRUCTURED-DATA', `expected "-" or "[", found ${byteName(r.peek())}`);
  const seen = new Set<string>();
  while (r.peek() === 0x5b) {
    const at = r.pos + 1;
    const element = parseSdElement(r);
    // Section 6.3.2: the same SD-ID MUST NOT exist more than once in a message.
    if (seen.has(element.id)) r.fail('SD-ID', `duplicate SD-ID "${element.id}"`, at);
    seen.add(element.id);
    elements.push(element);
  }
  return elements;
}

function expectSp(r: Reader, after: string): void {
  r.expect(SP, 'SP', `SP after ${after}`);
}

/** Parse one RFC 5424 record; throws Rfc5424ParseError for anything the section 6 ABNF rejects. */
export function parseRecord(input: Buffer | string, options: ParseOptions = {}): ParsedRecord {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let end = buf.length;
  if (options.trailingLf === true && end > 0 && buf[end - 1] === 0x0a) end--;
  const r = new Reader(buf, end);

  const pri = parsePri(r);
  const version = parseVersion(r);
  expectSp(r, 'VERSION');
  const timestamp = parseTimestamp(r);
  expectSp(r, 'TIMESTAMP');
  const hostname = r.headerField('HOSTNAME', 255);
  expectSp(r, 'HOSTNAME');
  const appName = r.headerField('APP-NAME', 48);
  expectSp(r, 'APP-NAME');
  const procId = r.headerField('PROCID', 128);
  expectSp(r, 'PROCID');
  const msgId = r.headerField('MSGID', 32);
  expectSp(r, 'MSGID');
  const structuredData = parseStructuredData(r);

  let message = '';
  let bom = false;
  if (r.pos < end) {
    expectSp(r, 'STRUCTURED-DATA');
    let start = r.pos;
    if (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) {
      bom = true;
      start += 3;
      const bad = invalidUtf8At(buf, start, end);
      if (bad !== -1) r.fail('MSG', 'MSG-UTF8 (after a BOM) is not valid UTF-8', bad);
    }
    message = buf.toString('utf8', start, end);
  }

  return {
    pri,
    facility: pri >> 3,
    severity: pri & 7,
    version,
    timestamp,
    hostname,
    appName,
    procId,
    msgId,
    structuredData,
    message,
    bom,
  };
}

/** Parse one line of an rsyslog output file: parseRecord with its trailing LF stripped. */
export function parseLine(line: Buffer | string): ParsedRecord {
  return parseRecord(line, { trailingLf: true });
}
