/** fast-check generators for records and options, biased towards the characters the rules care about. */
import * as fc from 'fast-check';
import type { FormatterOptions, SyslogRecord } from '../../lib/format';

const special = fc.constantFrom('"', '\\', ']', '[', '=', ' ', '-', '@', '\0', '\n', '\t', '\x7f', '\ufeff', 'é', '€', '😀');
// fast-check's 'binary' unit never yields half a surrogate pair, so lone surrogates come from here.
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff - 0x800 })
  .map((n) => String.fromCodePoint(n < 0xd800 ? n : n + 0x800)); // skips the surrogate range
const unit = fc.oneof(
  { arbitrary: printableAscii, weight: 6 },
  { arbitrary: special, weight: 3 },
  { arbitrary: anyCodePoint, weight: 2 },
  { arbitrary: loneSurrogate, weight: 1 },
);

/** Short text with quotes, brackets, NUL, astral characters and lone surrogates. */
export const text = (maxLength = 40): fc.Arbitrary<string> => fc.string({ unit, maxLength });

/** Text of about `limit` code points, to hit the cut-off of a length limit. */
export const nearLimit = (limit: number): fc.Arbitrary<string> => fc.string({ unit, minLength: limit - 2, maxLength: limit + 2 });

/** Text of up to a few thousand UTF-16 units, cut anywhere (so possibly through a surrogate pair). */
export const longText = fc
  .tuple(text(12), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 3000 }))
  .map(([piece, times, cut]) => piece.repeat(times).slice(0, cut));

/** PARAM-VALUE inputs whose decoded form the model in model.ts knows. */
export const paramValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: text(), weight: 6 },
  { arbitrary: longText, weight: 1 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.bigInt(), fc.constant(null), fc.constant(undefined)), weight: 3 },
  { arbitrary: fc.oneof(fc.object({ maxDepth: 2, maxKeys: 4 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 })), weight: 1 },
);

const sdKey = fc.oneof(
  fc.constantFrom('meta', 'origin', 'timeQuality', 'winston', 'winston@32473', 'request', 'Meta', 'x@1'),
  text(40),
  nearLimit(26), // 26 + "@32473" = 32
  nearLimit(32),
);
const paramKey = fc.oneof(
  fc.constantFrom('sequenceId', 'sysUpTime', 'language', 'ip', 'software', 'tzKnown', 'isSynced', 'foo'),
  text(40),
  nearLimit(32),
);

const time = fc.oneof(
  { arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z') }), weight: 8 },
  { arbitrary: fc.date({ noInvalidDate: false }), weight: 1 },
  // What the info mapper gives when winston set no timestamp: milliseconds.
  { arbitrary: fc.date({ noInvalidDate: false }).map((date) => date.getTime()), weight: 3 },
);

export const record: fc.Arbitrary<SyslogRecord> = fc.record(
  {
    severity: fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7),
    time,
    msgId: fc.oneof(text(), nearLimit(32)),
    metadata: fc.dictionary(paramKey, paramValue, { maxKeys: 6 }),
    structuredData: fc.dictionary(sdKey, fc.dictionary(paramKey, paramValue, { maxKeys: 4 }), { maxKeys: 4 }),
    sequenceId: fc.integer({ min: 1, max: 2147483647 }),
    message: fc.oneof(text(80), longText),
  },
  { requiredKeys: ['severity', 'time', 'message'] },
);

export const options: fc.Arbitrary<FormatterOptions> = fc.record(
  {
    facility: fc.integer({ min: 0, max: 23 }),
    hostname: fc.oneof(text(), nearLimit(255)),
    appName: fc.oneof(text(), nearLimit(48)),
    procId: fc.oneof(text(), nearLimit(128), fc.nat()),
    msgId: fc.oneof(text(), nearLimit(32)),
    timestamp: fc.constantFrom('utc' as const, 'local' as const),
    sdId: fc.constantFrom('winston@32473', 'a@1', 'x'.repeat(26) + '@32473'),
    bom: fc.boolean(),
    maxRecordBytes: fc.integer({ min: 1024, max: 4096 }),
  },
  { requiredKeys: [] },
);
