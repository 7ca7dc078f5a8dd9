/**
 * The whole contract of one formatted record, checked against the parser and the model: valid
 * RFC 5424, within maxRecordBytes, every field decoding to the documented sanitised input, and
 * any cut made the documented way.
 */
import { expect } from 'chai';
import { createFormatter, parseRecord, type FormatterOptions, type SyslogRecord } from '../../lib/format';
import { decodedText, expectedStructuredData, headerAsParsed, type Element } from './model';
import type { ParsedRecord } from '../../lib/format';

const UNLIMITED = 2 ** 31;

/** What the cuts did over all records checked so far, for the fuzz run's summary line. */
export const cutCounts = { records: 0, truncated: 0, valuesCut: 0, elementsDropped: 0, metadataElementDropped: 0 };

/** One deep equality per record: a failure shows every field that differs, and chai stays cheap. */
export function checkRoundTrip(options: FormatterOptions, record: SyslogRecord): void {
  const max = options.maxRecordBytes ?? 8192;
  const { bytes, truncated } = createFormatter(options)(record);
  const parsed = parseRecord(bytes);
  cutCounts.records++;
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
  const time = new Date(record.time);
  const ms = time.getTime();
  const year = Number.isNaN(ms) ? NaN : time.getUTCFullYear();
  if ((options.timestamp ?? 'utc') === 'utc') {
    actual.timestamp = parsed.timestamp;
    expected.timestamp = year >= 0 && year <= 9999 ? time.toISOString() : null;
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
    cutCounts.truncated++;
    if (parsed.structuredData.length < elements.length) cutCounts.elementsDropped++;
    if (elements.length > 0 && elements[0].id === sdId && parsed.structuredData[0]?.id !== sdId) cutCounts.metadataElementDropped++;
    checkCut(bytes, max, parsed, elements, message, actual, expected);
  }
  expect(actual).to.deep.equal(expected);
}

const CUT_MARK = '\u2026';

/** Octets of a PARAM-VALUE once escaped: '"', '\\' and ']' take a backslash. */
function escapedBytes(value: string): number {
  return Buffer.byteLength(value) + (value.match(/["\\\]]/g)?.length ?? 0);
}

/**
 * The documented cut: MSG first; then the longest PARAM-VALUEs (never a numeric meta sequenceId), with CUT_MARK,
 * keeping whole every value that fits next to the marks of the longer ones (so also every value no
 * longer than its fair share of the room); whole elements are dropped from the end (meta last) only when even values cut down to the
 * mark do not fit.
 */
function checkCut(
  bytes: Buffer,
  max: number,
  parsed: ParsedRecord,
  elements: Element[],
  message: string,
  actual: Record<string, unknown>,
  expected: Record<string, unknown>,
): void {
  const last = (list: Array<{ id: string }>): boolean => list.length > 0 && list[list.length - 1].id === 'meta';
  const others = last(elements) ? elements.slice(0, -1) : elements;
  const keptOthers = last(parsed.structuredData) ? parsed.structuredData.slice(0, -1) : parsed.structuredData;
  const keptExpected = [
    ...others.slice(0, keptOthers.length),
    ...(last(parsed.structuredData) || (last(elements) && keptOthers.length > 0) ? elements.slice(-1) : []),
  ];
  actual.keptElements = parsed.structuredData.map((e) => [e.id, e.params.map(([name]) => name)]);
  expected.keptElements = keptExpected.map((e) => [e.id, e.params.map(([name]) => name)]);

  // Each value: whole, or (outside IANA elements) a prefix followed by CUT_MARK.
  const whole: number[] = [];
  const cut: number[] = [];
  let cuttableOutputBytes = 0;
  const badValues: string[] = [];
  parsed.structuredData.forEach((element, i) => {
    const model = keptExpected[i];
    if (model === undefined || model.id !== element.id) return;
    element.params.forEach(([name, value], k) => {
      const original = model.params[k]?.[1] ?? '';
      if (isSequenceId(element.id, name, original)) {
        if (value !== original) badValues.push(`${element.id} ${name}`);
        return;
      }
      cuttableOutputBytes += escapedBytes(value);
      if (value === original) whole.push(escapedBytes(original));
      else if (value.endsWith(CUT_MARK) && original.startsWith(value.slice(0, -1))) cut.push(escapedBytes(original));
      else badValues.push(`${element.id} ${name}`);
    });
  });
  actual.badValues = badValues;
  expected.badValues = [];

  if (cut.length > 0) {
    cutCounts.valuesCut++;
    // Values were cut only once MSG was gone; the longest went first; and every value no longer
    // than its fair share of the room left by the rest of the record is whole.
    actual.messageWhenValuesCut = parsed.message;
    expected.messageWhenValuesCut = '';
    actual.longestCutFirst = whole.length === 0 || Math.max(...whole) <= Math.min(...cut);
    expected.longestCutFirst = true;
    const room = max - (bytes.length - cuttableOutputBytes);
    const fair = Math.floor(room / (whole.length + cut.length));
    actual.fairShareKept = cut.every((length) => length > fair);
    expected.fairShareKept = true;
    // The shortest cut value would not have fitted whole next to the marks of the other cut ones.
    const wholeBytes = whole.reduce((a, b) => a + b, 0);
    actual.cutOnlyWhatCannotFit = wholeBytes + Math.min(...cut) + 3 * (cut.length - 1) > room;
    expected.cutOnlyWhatCannotFit = true;
  }

  // An element is dropped only when it, with every cuttable value cut to the mark, cannot fit next
  // to the elements kept before it and meta (which goes last).
  if (keptOthers.length < others.length) {
    const dropped = others[keptOthers.length];
    const sdStart = nthSpace(bytes, 6) + 1;
    const keptMinimum = keptOthers.reduce((sum, e) => sum + minimumBytes(e.id, e.params), 0);
    const meta = last(elements) ? minimumBytes('meta', elements[elements.length - 1].params) : 0;
    actual.droppedOnlyWhenTooBig = sdStart + keptMinimum + minimumBytes(dropped.id, dropped.params) + meta > max;
    expected.droppedOnlyWhenTooBig = true;
  }

  actual.messageIsPrefix = message.startsWith(parsed.message);
  expected.messageIsPrefix = true;
  if (parsed.structuredData.length === elements.length && parsed.message !== '') {
    // Nothing dropped: MSG lost less than one character (at most 3 octets short of the limit).
    actual.cutAtMost3Short = bytes.length >= max - 3;
    expected.cutAtMost3Short = true;
  }
}

/** meta's sequenceId when it is a number: never cut. */
function isSequenceId(id: string, name: string, value: string): boolean {
  return id === 'meta' && name === 'sequenceId' && /^[0-9]{1,10}$/.test(value);
}

function nthSpace(bytes: Buffer, n: number): number {
  let at = -1;
  for (let k = 0; k < n; k++) at = bytes.indexOf(0x20, at + 1);
  return at;
}

/** Octets of an element with every cuttable value cut down to CUT_MARK (values of 3 octets or less stay). */
function minimumBytes(id: string, params: Array<[string, string]>): number {
  let sum = 2 + id.length;
  for (const [name, value] of params) sum += name.length + 4 + (isSequenceId(id, name, value) ? escapedBytes(value) : Math.min(3, escapedBytes(value)));
  return sum;
}
