/** SyslogRecord -> RFC 5424 bytes. Options are resolved once; the returned function is the hot path. */
import { fitRecord } from './fit';
import { resolveOptions, type FormatterOptions } from './options';
import { headerField, messageText } from './sanitize';
import { createSdBuilder } from './structured-data';
import { createTimestamper } from './timestamp';
import type { FormattedRecord, SyslogRecord } from './types';

export type Formatter = (record: SyslogRecord) => FormattedRecord;

/**
 * The largest buffer a writer keeps for its records: one that does not fit (only possible with a
 * larger maxRecordBytes) gets a Buffer of its own.
 */
const SCRATCH_BYTES = 64 * 1024;
/** A UTF-16 unit never takes more than 3 octets of UTF-8 (a surrogate pair takes 4 for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

/**
 * Build the record writer once from options (validated here, with a TypeError naming the option),
 * then call it per record. The bytes it returns are a view of one buffer it reuses: they are valid
 * until its next call, so a caller copies them before formatting another record (the queue does).
 * That spares each record a Buffer of its own and the garbage it leaves.
 *
 * Records never exceed `maxRecordBytes`; `truncated` tells when MSG or SD values were cut (or
 * SD-ELEMENTs dropped) to get there, in the order fit.ts documents.
 */
export function createRecordWriter(options: FormatterOptions = {}): Formatter {
  const o = resolveOptions(options);
  const max = o.maxRecordBytes;
  const heads = Array.from({ length: 8 }, (_, severity) => `<${o.facility * 8 + severity}>1 `);
  const middle = ' ' + o.hostname + ' ' + o.appName + ' ' + o.procId + ' ';
  /** Everything after TIMESTAMP up to STRUCTURED-DATA when the record brings no MSGID of its own. */
  const middleDefaultMsgId = middle + o.msgId + ' ';
  const msgLead = o.bom ? ' \ufeff' : ' ';
  const leadBytes = Buffer.from(msgLead, 'utf8');
  const msgLeadBytes = leadBytes.length;
  const stamp = createTimestamper(o.timestamp);
  const buildSd = createSdBuilder(o.sdId, o.pen, max);
  const scratch = Buffer.allocUnsafeSlow(Math.min(max, SCRATCH_BYTES));

  return (record: SyslogRecord): FormattedRecord => {
    const rest = record.msgId === undefined ? middleDefaultMsgId : middle + headerField(record.msgId, 32) + ' ';
    const header = heads[record.severity] + stamp(record.time) + rest;
    const elements = buildSd(record);
    const head = header + (elements.length === 0 ? '-' : elements.length === 1 ? elements[0] : elements.join(''));
    // Each UTF-16 unit is at least one octet, so units past maxRecordBytes can never be kept;
    // dropping them before encoding keeps megabyte messages cheap.
    const message = messageText(record.message.length > max ? record.message.slice(0, max) : record.message);
    // The common record is small enough to go straight into the buffer without counting its octets.
    if ((head.length + message.length) * MAX_BYTES_PER_UNIT + msgLeadBytes > scratch.length) {
      const length = Buffer.byteLength(head) + (message.length === 0 ? 0 : msgLeadBytes + Buffer.byteLength(message));
      if (length > max) return fitRecord(header, elements, msgLead, message, max);
      if (length > scratch.length) return { bytes: Buffer.from(message.length === 0 ? head : head + msgLead + message, 'utf8'), truncated: false };
    }
    let end = scratch.write(head, 0);
    if (message.length > 0) {
      // Copied byte by byte: 1 or 4 octets cost less than a call into the encoder.
      for (let i = 0; i < msgLeadBytes; i++) scratch[end++] = leadBytes[i];
      end += scratch.write(message, end);
    }
    return { bytes: scratch.subarray(0, end), truncated: false };
  };
}

/** Like createRecordWriter, but each record's bytes are a Buffer of their own. */
export function createFormatter(options: FormatterOptions = {}): Formatter {
  const write = createRecordWriter(options);
  return (record: SyslogRecord): FormattedRecord => {
    const { bytes, truncated } = write(record);
    return { bytes: Buffer.from(bytes), truncated };
  };
}
