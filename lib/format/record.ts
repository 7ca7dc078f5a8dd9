/** SyslogRecord -> RFC 5424 bytes. Options are resolved once; the returned function is the hot path. */
import { fitRecord } from './fit';
import { resolveOptions, type FormatterOptions } from './options';
import { headerField, messageText } from './sanitize';
import { ByteWriter } from './byte-writer';
import { createHeaderWriter } from './header';
import { createSdWriter } from './structured-data';
import type { FormattedRecord, SyslogRecord } from './types';

export type Formatter = (record: SyslogRecord) => FormattedRecord;

/** What a writer's buffer starts with; a larger record grows it for as long as it is written. */
const USUAL_RECORD_BYTES = 16 * 1024;
const SPACE = 0x20;

/**
 * Build the record writer once from options (validated here, with a TypeError naming the option),
 * then call it per record. The bytes it returns are a view of one buffer it reuses: they are valid
 * until its next call, so a caller copies them before formatting another record (the queue does).
 * That spares each record a Buffer and the strings it would be built from.
 *
 * Records never exceed `maxRecordBytes`; `truncated` tells when MSG or SD values were cut (or
 * SD-ELEMENTs dropped) to get there, in the order fit.ts documents.
 */
export function createRecordWriter(options: FormatterOptions = {}): Formatter {
  const o = resolveOptions(options);
  const max = o.maxRecordBytes;
  const msgLead = o.bom ? ' \ufeff' : ' ';
  const leadBytes = Buffer.from(msgLead, 'utf8');
  const writeHeader = createHeaderWriter(o);
  const writeSd = createSdWriter(o.sdId, o.pen, max);
  const w = new ByteWriter(Math.min(max, USUAL_RECORD_BYTES));
  const starts: number[] = [];

  return (record: SyslogRecord): FormattedRecord => {
    w.reset();
    const ownMsgId = record.msgId !== undefined;
    writeHeader(record.severity, record.time, ownMsgId, w);
    if (ownMsgId) {
      // Header fields are ASCII once sanitized.
      w.text(headerField(record.msgId!, 32));
      w.byte(SPACE);
    }
    const headerEnd = w.at;
    const elementCount = writeSd(record, w, starts);
    const sdEnd = w.at;
    // Each UTF-16 unit is at least one octet, so units past maxRecordBytes can never be kept;
    // dropping them before encoding keeps megabyte messages cheap.
    const message = messageText(record.message.length > max ? record.message.slice(0, max) : record.message);
    if (message.length > 0) {
      if (o.bom) w.bytes(leadBytes);
      else w.byte(SPACE);
      w.text(message);
    }
    if (w.at <= max) return { bytes: w.buf.subarray(0, w.at), truncated: false };
    const elements = starts.slice(0, elementCount).map((start, i) => w.toString(start, i + 1 < elementCount ? starts[i + 1] : sdEnd));
    return fitRecord(w.toString(0, headerEnd), elements, msgLead, message, max);
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
