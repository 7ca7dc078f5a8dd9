/** SyslogRecord -> RFC 5424 bytes. Options are resolved once; the returned function is the hot path. */
import { resolveOptions, type FormatterOptions } from './options';
import { headerField, messageText } from './sanitize';
import { createSdBuilder } from './structured-data';
import { createTimestamper } from './timestamp';
import type { FormattedRecord, SyslogRecord } from './types';

export type Formatter = (record: SyslogRecord) => FormattedRecord;

/** Byte offset <= limit that does not split a UTF-8 sequence (continuation bytes are 10xxxxxx). */
function charBoundary(bytes: Buffer, limit: number): number {
  let cut = Math.min(limit, bytes.length);
  while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xc0) === 0x80) cut--;
  return cut;
}

/**
 * Build the formatter once from options (validated here, with a TypeError naming the option), then
 * call it per record. Records never exceed `maxRecordBytes`; `truncated` tells when MSG or
 * SD-ELEMENTs were cut to get there.
 */
export function createFormatter(options: FormatterOptions = {}): Formatter {
  const o = resolveOptions(options);
  const max = o.maxRecordBytes;
  const heads = Array.from({ length: 8 }, (_, severity) => `<${o.facility * 8 + severity}>1 `);
  const middle = ' ' + o.hostname + ' ' + o.appName + ' ' + o.procId + ' ';
  /** Everything after TIMESTAMP up to STRUCTURED-DATA when the record brings no MSGID of its own. */
  const middleDefaultMsgId = middle + o.msgId + ' ';
  const msgLead = o.bom ? ' \ufeff' : ' ';
  const msgLeadBytes = Buffer.byteLength(msgLead);
  const stamp = createTimestamper(o.timestamp);
  const buildSd = createSdBuilder(o.sdId, o.pen);

  /**
   * The record did not fit: keep the header, drop SD-ELEMENTs from the end (meta, always last, goes
   * after all others), then give MSG what is left, cut at a character boundary.
   */
  function fit(header: string, elements: string[], message: string): FormattedRecord {
    const headerBytes = Buffer.byteLength(header);
    const sizes = elements.map((e) => Buffer.byteLength(e));
    let sdBytes = sizes.reduce((a, b) => a + b, 0);
    const hasMeta = elements.length > 0 && elements[elements.length - 1].startsWith('[meta ');
    while (elements.length > 0 && headerBytes + sdBytes > max) {
      const drop = hasMeta && elements.length > 1 ? elements.length - 2 : elements.length - 1;
      sdBytes -= sizes[drop];
      elements.splice(drop, 1);
      sizes.splice(drop, 1);
    }
    const head = header + (elements.length === 0 ? '-' : elements.join(''));
    const room = max - Buffer.byteLength(head) - msgLeadBytes;
    const body = Buffer.from(message, 'utf8');
    const cut = room > 0 ? charBoundary(body, room) : 0;
    const bytes = cut === 0 ? Buffer.from(head, 'utf8') : Buffer.concat([Buffer.from(head + msgLead, 'utf8'), body.subarray(0, cut)]);
    return { bytes, truncated: true };
  }

  return (record: SyslogRecord): FormattedRecord => {
    const rest = record.msgId === undefined ? middleDefaultMsgId : middle + headerField(record.msgId, 32) + ' ';
    const header = heads[record.severity] + stamp(record.time) + rest;
    const elements = buildSd(record);
    const sd = elements.length === 0 ? '-' : elements.length === 1 ? elements[0] : elements.join('');
    // Each UTF-16 unit is at least one octet, so units past maxRecordBytes can never be kept;
    // dropping them before encoding keeps megabyte messages cheap.
    const message = messageText(record.message.length > max ? record.message.slice(0, max) : record.message);
    const bytes = Buffer.from(message.length === 0 ? header + sd : header + sd + msgLead + message, 'utf8');
    return bytes.length <= max ? { bytes, truncated: false } : fit(header, elements, message);
  };
}
