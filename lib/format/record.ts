/** SyslogRecord -> RFC 5424 bytes. Options are resolved once; the returned function is the hot path. */
import { fitRecord } from './fit';
import { resolveOptions, type FormatterOptions } from './options';
import { headerField, messageText } from './sanitize';
import { ByteWriter, USUAL_RECORD_BYTES } from './byte-writer';
import { createHeaderWriter } from './header';
import { createSdWriter } from './structured-data';
import type { FormattedRecord, SyslogRecord } from './types';

export type Formatter = (record: SyslogRecord) => FormattedRecord;

/**
 * Writes one record into `w` (started by the caller: reset() or startAt()) and returns whether
 * something was cut to fit `maxRecordBytes`. The record is then `w.record()`.
 */
export type RecordEncoder = (record: SyslogRecord, w: ByteWriter) => boolean;

const SPACE = 0x20;

/**
 * Build the record encoder once from options (validated here, with a TypeError naming the option),
 * then call it per record. It writes straight into the writer it is given, so a record can be
 * encoded in the queue's memory: no Buffer or view per record.
 *
 * Records never exceed `maxRecordBytes`; the result tells when MSG or SD values were cut (or
 * SD-ELEMENTs dropped) to get there, in the order fit.ts documents.
 */
export function createRecordEncoder(options: FormatterOptions = {}): RecordEncoder {
  const o = resolveOptions(options);
  const max = o.maxRecordBytes;
  const msgLead = o.bom ? ' \ufeff' : ' ';
  const leadBytes = Buffer.from(msgLead, 'utf8');
  const writeHeader = createHeaderWriter(o);
  const writeSd = createSdWriter(o.sdId, o.pen, max);
  const starts: number[] = [];

  return (record: SyslogRecord, w: ByteWriter): boolean => {
    const msgId = record.msgId;
    writeHeader(record.severity, record.time, msgId !== undefined, w);
    if (msgId !== undefined) {
      // Header fields are ASCII once sanitized.
      w.text(headerField(msgId, 32));
      w.byte(SPACE);
    }
    const headerEnd = w.length;
    const elementCount = writeSd(record, w, starts);
    const sdEnd = w.length;
    // Each UTF-16 unit is at least one octet, so units past maxRecordBytes can never be kept;
    // dropping them before encoding keeps megabyte messages cheap.
    const message = messageText(record.message.length > max ? record.message.slice(0, max) : record.message);
    if (message.length > 0) {
      if (o.bom) w.bytes(leadBytes);
      else w.byte(SPACE);
      w.text(message);
    }
    if (w.length <= max) return false;
    const elements = starts.slice(0, elementCount).map((start, i) => w.toString(start, i + 1 < elementCount ? starts[i + 1] : sdEnd));
    const fitted = fitRecord(w.toString(0, headerEnd), elements, msgLead, message, max);
    w.truncate(0);
    w.bytes(fitted.bytes);
    return fitted.truncated;
  };
}

/**
 * Like createRecordEncoder, with a buffer of its own that it reuses: the bytes it returns are a
 * view, valid until its next call.
 */
export function createRecordWriter(options: FormatterOptions = {}): Formatter {
  const encode = createRecordEncoder(options);
  const w = new ByteWriter(USUAL_RECORD_BYTES);
  return (record: SyslogRecord): FormattedRecord => {
    w.reset();
    const truncated = encode(record, w);
    return { bytes: w.record(), truncated };
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
