/**
 * The whole contract of one formatted record, checked against the parser and the model: valid
 * RFC 5424, within maxRecordBytes, every field decoding to the documented sanitised input, and
 * any cut made the documented way.
 */
import { expect } from 'chai';
import { createFormatter, parseRecord, type FormatterOptions, type SyslogRecord } from '../../lib/format';
import { decodedText, expectedStructuredData, headerAsParsed } from './model';

const UNLIMITED = 2 ** 31;

/** One deep equality per record: a failure shows every field that differs, and chai stays cheap. */
export function checkRoundTrip(options: FormatterOptions, record: SyslogRecord): void {
  const max = options.maxRecordBytes ?? 8192;
  const { bytes, truncated } = createFormatter(options)(record);
  const parsed = parseRecord(bytes);
  const actual: Record<string, unknown> = {
    fits: bytes.length <= max,
    cutOnlyWhenTooLong: !truncated || createFormatter({ ...options, maxRecordBytes: UNLIMITED })(record).bytes.length > max,
    pri: parsed.pri,
    msgId: parsed.msgId,
  };
  const expected: Record<string, unknown> = {
    fits: true,
    cutOnlyWhenTooLong: true,
    pri: Number(options.facility ?? 1) * 8 + record.severity,
    msgId: headerAsParsed(record.msgId ?? options.msgId ?? '', 32),
  };
  const header = [
    ['hostname', options.hostname, 255],
    ['appName', options.appName, 48],
    ['procId', options.procId, 128],
  ] as const;
  for (const [field, value, limit] of header) {
    if (value === undefined) continue;
    actual[field] = parsed[field];
    expected[field] = headerAsParsed(String(value), limit);
  }

  // UTC text is known exactly; local text must name the same instant. Years 0 and 9999 may leave
  // the 4 digits once an offset is applied, so only 1..9998 must always be shown.
  const ms = record.time.getTime();
  const year = Number.isNaN(ms) ? NaN : record.time.getUTCFullYear();
  if ((options.timestamp ?? 'utc') === 'utc') {
    actual.timestamp = parsed.timestamp;
    expected.timestamp = year >= 0 && year <= 9999 ? record.time.toISOString() : null;
  } else if (year >= 1 && year <= 9998) {
    actual.instant = parsed.timestamp === null ? null : Date.parse(parsed.timestamp);
    expected.instant = ms;
  }

  const sdId = options.sdId ?? 'winston@32473';
  const elements = expectedStructuredData(sdId, sdId.split('@')[1], record.metadata, record.structuredData, record.sequenceId);
  let message = decodedText(record.message);
  // Without our BOM, a message that starts with U+FEFF itself reads back as MSG-UTF8.
  const textBom = !options.bom && message.startsWith('\ufeff');
  if (textBom) message = message.slice(1);

  if (!truncated) {
    Object.assign(actual, { structuredData: parsed.structuredData, message: parsed.message, bom: parsed.bom });
    Object.assign(expected, { structuredData: elements, message, bom: record.message !== '' && (options.bom === true || textBom) });
  } else {
    // Whole elements dropped from the end, meta last; MSG cut to a prefix.
    const last = (list: typeof elements): boolean => list.length > 0 && list[list.length - 1].id === 'meta';
    const others = last(elements) ? elements.slice(0, -1) : elements;
    const keptOthers = last(parsed.structuredData) ? parsed.structuredData.slice(0, -1) : parsed.structuredData;
    actual.keptElements = parsed.structuredData;
    expected.keptElements = [
      ...others.slice(0, keptOthers.length),
      ...(last(parsed.structuredData) || (last(elements) && keptOthers.length > 0) ? elements.slice(-1) : []),
    ];
    actual.messageIsPrefix = message.startsWith(parsed.message);
    expected.messageIsPrefix = true;
    if (parsed.structuredData.length === elements.length && parsed.message !== '') {
      // Nothing dropped: MSG lost less than one character (at most 3 octets short of the limit).
      actual.cutAtMost3Short = bytes.length >= max - 3;
      expected.cutAtMost3Short = true;
    }
  }
  expect(actual).to.deep.equal(expected);
}
