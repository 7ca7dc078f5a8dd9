/** SyslogRecord -> RFC 5424 bytes. Options are resolved once; the returned function is the hot path. */
import { fitRecord } from './fit';
import { resolveOptions, type FormatterOptions } from './options';
import { headerField, messageText } from './sanitize';
import { createSdBuilder } from './structured-data';
import { createTimestamper } from './timestamp';
import type { FormattedRecord, SyslogRecord } from './types';

export type Formatter = (record: SyslogRecord) => FormattedRecord;

/**
 * Build the formatter once from options (validated here, with a TypeError naming the option), then
 * call it per record. Records never exceed `maxRecordBytes`; `truncated` tells when MSG or
 * SD values were cut (or SD-ELEMENTs dropped) to get there, in the order fit.ts documents.
 */
export function createFormatter(options: FormatterOptions = {}): Formatter {
  const o = resolveOptions(options);
  const max = o.maxRecordBytes;
  const heads = Array.from({ length: 8 }, (_, severity) => `<${o.facility * 8 + severity}>1 `);
  const middle = ' ' + o.hostname + ' ' + o.appName + ' ' + o.procId + ' ';
  /** Everything after TIMESTAMP up to STRUCTURED-DATA when the record brings no MSGID of its own. */
  const middleDefaultMsgId = middle + o.msgId + ' ';
  const msgLead = o.bom ? ' \ufeff' : ' ';
  const stamp = createTimestamper(o.timestamp);
  const buildSd = createSdBuilder(o.sdId, o.pen, max);

  return (record: SyslogRecord): FormattedRecord => {
    const rest = record.msgId === undefined ? middleDefaultMsgId : middle + headerField(record.msgId, 32) + ' ';
    const header = heads[record.severity] + stamp(record.time) + rest;
    const elements = buildSd(record);
    const sd = elements.length === 0 ? '-' : elements.length === 1 ? elements[0] : elements.join('');
    // Each UTF-16 unit is at least one octet, so units past maxRecordBytes can never be kept;
    // dropping them before encoding keeps megabyte messages cheap.
    const message = messageText(record.message.length > max ? record.message.slice(0, max) : record.message);
    const bytes = Buffer.from(message.length === 0 ? header + sd : header + sd + msgLead + message, 'utf8');
    return bytes.length <= max ? { bytes, truncated: false } : fitRecord(header, elements, msgLead, message, max);
  };
}
