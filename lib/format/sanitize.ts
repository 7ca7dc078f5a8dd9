/**
 * Making text fit the RFC 5424 character rules. Each function tests the common case with one
 * regex over the whole string and only walks code points when something must change.
 */

/** NILVALUE: what an empty header field becomes. */
export const NILVALUE = '-';

const PRINTUSASCII_ONLY = /^[\x21-\x7e]*$/;
// SD-NAME: PRINTUSASCII except '=', SP, ']' and '"' (SP is already outside PRINTUSASCII).
const SD_NAME_ONLY = /^[\x21\x23-\x3c\x3e-\x5c\x5e-\x7e]*$/;

function isSdNameCode(c: number): boolean {
  return c >= 33 && c <= 126 && c !== 34 && c !== 61 && c !== 93;
}

/** Every code point the predicate rejects becomes one '_'; the result is ASCII. */
function replaceOutside(text: string, allowed: (code: number) => boolean): string {
  let out = '';
  for (const ch of text) out += allowed(ch.charCodeAt(0)) && ch.length === 1 ? ch : '_';
  return out;
}

/**
 * HOSTNAME, APP-NAME, PROCID, MSGID: characters outside PRINTUSASCII (33..126) become '_', one per
 * code point; the result is cut to `max` octets; "" becomes NILVALUE.
 */
export function headerField(text: string, max: number): string {
  const ascii = PRINTUSASCII_ONLY.test(text) ? text : replaceOutside(text, (c) => c >= 33 && c <= 126);
  if (ascii.length === 0) return NILVALUE;
  return ascii.length > max ? ascii.slice(0, max) : ascii;
}

/** SD-ID and PARAM-NAME characters: anything outside SD-NAME becomes '_', one per code point. */
export function sdNameChars(text: string): string {
  return SD_NAME_ONLY.test(text) ? text : replaceOutside(text, isSdNameCode);
}

/** PARAM-NAME: SD-NAME characters, 1..32 octets; "" becomes "_". */
export function paramName(text: string): string {
  const name = sdNameChars(text);
  if (name.length === 0) return '_';
  return name.length > 32 ? name.slice(0, 32) : name;
}

const NEEDS_ESCAPE = /["\\\]\0]/;
const ESCAPES = /["\\\]\0]/g;

/**
 * PARAM-VALUE: '"', '\' and ']' get a backslash (RFC 5424 section 6.3.3). NUL becomes U+FFFD
 * because C programs reading the log (rsyslog's parsers, grep) take NUL as the end of a string.
 * Lone surrogates need nothing here: UTF-8 encoding already turns them into U+FFFD.
 */
export function paramValue(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPES, (c) => (c === '\0' ? '\ufffd' : '\\' + c)) : text;
}

/** MSG: NUL becomes U+FFFD, as in PARAM-VALUE. */
export function messageText(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, '\ufffd') : text;
}
