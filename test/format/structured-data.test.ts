/** STRUCTURED-DATA (RFC 5424 section 6.3): element order, SD-ID and PARAM rules, escaping. */
import { expect } from 'chai';
import { createFormatter, type StructuredData, type SyslogRecord } from '../../lib/format';

const TIME = new Date(Date.UTC(2026, 10, 25, 13, 55, 3, 123));
const HEADER = '<14>1 2026-11-25T13:55:03.123Z h a 1 - ';

/** The STRUCTURED-DATA part of the record, i.e. everything after the header up to " m". */
function sd(record: Partial<SyslogRecord>, sdId?: string): string {
  const format = createFormatter({ hostname: 'h', appName: 'a', procId: '1', sdId });
  const text = format({ severity: 6, time: TIME, message: 'm', ...record }).bytes.toString('utf8');
  expect(text.startsWith(HEADER) && text.endsWith(' m'), text).to.equal(true);
  return text.slice(HEADER.length, -2);
}

describe('structured data', () => {
  describe('PARAM-VALUE escaping: \'"\', \'\\\' and \']\' get a backslash (section 6.3.3)', () => {
    const cases: Array<[string, string, string]> = [
      ['plain', 'abc', '[winston@32473 v="abc"]'],
      ['quote', 'say "hi"', '[winston@32473 v="say \\"hi\\""]'],
      ['backslash', 'C:\\dir', '[winston@32473 v="C:\\\\dir"]'],
      ['closing bracket', 'a]b', '[winston@32473 v="a\\]b"]'],
      ['opening bracket and = need nothing', '[x=1', '[winston@32473 v="[x=1"]'],
      ['backslash before a quote: both escaped', '\\"', '[winston@32473 v="\\\\\\""]'],
      ['NUL -> U+FFFD', 'a\0b', '[winston@32473 v="a\ufffdb"]'],
      ['LF and TAB stay (rsyslog escapes them as #012, #011)', 'a\n\tb', '[winston@32473 v="a\n\tb"]'],
      ['UTF-8 as is', 'żółw 😀', '[winston@32473 v="żółw 😀"]'],
      ['empty value', '', '[winston@32473 v=""]'],
    ];
    for (const [name, value, expected] of cases) {
      it(`${name}: ${JSON.stringify(expected)}`, () => expect(sd({ metadata: { v: value } })).to.equal(expected));
    }
    it('a lone surrogate is written as U+FFFD (EF BF BD)', () => {
      const format = createFormatter({ hostname: 'h', appName: 'a', procId: '1' });
      const bytes = format({ severity: 6, time: TIME, message: '', metadata: { v: 'a\ud800b\udc00' } }).bytes;
      expect(bytes.toString('hex')).to.include(Buffer.from('v="a\ufffdb\ufffd"').toString('hex'));
    });
  });

  describe('PARAM-VALUE of other types', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const shared = { x: 1 };
    const throwing = {
      get boom(): never {
        throw new Error('getter');
      },
    };
    const badJson = {
      toJSON(): never {
        throw new Error('toJSON');
      },
    };
    const error = new Error('bad thing');
    error.stack = 'Error: bad thing\n    at here';
    const noStack = new Error('no stack');
    delete (noStack as { stack?: string }).stack;
    const cases: Array<[string, unknown, string | null]> = [
      ['number', 42.5, '42.5'],
      ['NaN', NaN, 'NaN'],
      ['-0', -0, '0'],
      ['boolean', false, 'false'],
      ['bigint', 12345678901234567890n, '12345678901234567890'],
      ['null', null, 'null'],
      ['undefined: param left out', undefined, null],
      ['function: param left out', () => 1, null],
      ['symbol', Symbol('tag'), 'Symbol(tag)'],
      ['Date', new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)), '2020-01-02T03:04:05.006Z'],
      ['invalid Date', new Date(NaN), 'Invalid Date'],
      ['Buffer -> base64', Buffer.from([0, 1, 2, 255]), 'AAEC/w=='],
      ['Uint8Array view -> base64 of the view only', new Uint8Array([9, 0, 1, 2, 255, 9]).subarray(1, 5), 'AAEC/w=='],
      ['Error -> stack', error, 'Error: bad thing\n    at here'],
      ['Error without stack -> message', noStack, 'no stack'],
      ['array -> JSON', [1, 'two', null], '[1,"two",null]'],
      ['object -> JSON, escaped', { q: 'a"b]' }, '{"q":"a\\"b]"}'],
      ['circular -> [Circular]', circular, '{"a":1,"self":"[Circular]"}'],
      ['shared, not circular -> both copies', { p: shared, q: shared }, '{"p":{"x":1},"q":{"x":1}}'],
      ['nested bigint -> string', { n: 1n }, '{"n":"1"}'],
      ['nested Error -> its stack', { e: error }, '{"e":"Error: bad thing\\n    at here"}'],
      ['throwing getter -> placeholder', throwing, '[Unserializable]'],
      ['throwing toJSON -> placeholder', badJson, '[Unserializable]'],
      [
        'Proxy whose traps throw -> placeholder',
        new Proxy({}, {
          getPrototypeOf(): never {
            throw new Error('trap');
          },
        }),
        '[Unserializable]',
      ],
    ];
    for (const [name, value, decoded] of cases) {
      it(name, () => {
        const text = sd({ metadata: { v: value, end: 1 } });
        if (decoded === null) {
          expect(text).to.equal('[winston@32473 end="1"]');
          return;
        }
        const escaped = decoded.replace(/["\\\]]/g, '\\$&');
        expect(text).to.equal(`[winston@32473 v="${escaped}" end="1"]`);
      });
    }
    it('a getter that throws on the metadata object itself -> placeholder', () => {
      const metadata = Object.defineProperty({}, 'v', {
        enumerable: true,
        get: () => {
          throw new Error('nope');
        },
      });
      expect(sd({ metadata })).to.equal('[winston@32473 v="[Unserializable\\]"]');
    });
  });

  describe('objects that throw while their params are listed or read: the rest of the record, well-formed', () => {
    const fail = (): never => {
      throw new Error('trap');
    };
    const keysThrow = new Proxy({ a: 1 }, { ownKeys: fail });
    const descriptorThrows = new Proxy({ a: 1 }, { getOwnPropertyDescriptor: fail });
    const cases: Array<[string, Partial<SyslogRecord>, string]> = [
      ['metadata whose keys cannot be listed', { metadata: keysThrow, sequenceId: 1 }, '[meta sequenceId="1"]'],
      ['metadata whose properties cannot be described', { metadata: descriptorThrows, sequenceId: 1 }, '[meta sequenceId="1"]'],
      ['structuredData whose keys cannot be listed', { metadata: { m: 1 }, structuredData: keysThrow as unknown as StructuredData }, '[winston@32473 m="1"]'],
      ['an SD-ELEMENT getter that throws', { structuredData: Object.defineProperty({ y: { b: 2 } }, 'x', { enumerable: true, get: fail }) }, '[y@32473 b="2"]'],
      ['element params whose keys cannot be listed', { structuredData: { x: keysThrow, y: { b: 2 } } }, '[y@32473 b="2"]'],
      ['IANA element params whose keys cannot be listed', { structuredData: { origin: keysThrow, y: { b: 2 } } }, '[y@32473 b="2"]'],
    ];
    for (const [name, record, expected] of cases) {
      it(`${name}: ${expected}`, () => expect(sd(record)).to.equal(expected));
    }
  });

  describe('PARAM-NAME: SD-NAME characters, 1..32 octets', () => {
    const cases: Array<[string, string]> = [
      ['user id', 'user_id'],
      ['a=b', 'a_b'],
      ['a]b', 'a_b'],
      ['a"b', 'a_b'],
      ['ключ', '____'],
      ['', '_'],
      ['x'.repeat(40), 'x'.repeat(32)],
      ['@#$%', '@#$%'],
    ];
    for (const [key, name] of cases) {
      it(`${JSON.stringify(key)} -> ${name}`, () => expect(sd({ metadata: { [key]: 1 } })).to.equal(`[winston@32473 ${name}="1"]`));
    }
  });

  describe('element order, SD-ID rules, IANA params, duplicates', () => {
    const cases: Array<[string, Partial<SyslogRecord>, string]> = [
      ['nothing -> NILVALUE', {}, '-'],
      ['empty metadata -> NILVALUE', { metadata: {} }, '-'],
      ['only undefined values -> NILVALUE', { metadata: { a: undefined } }, '-'],
      ['metadata element', { metadata: { a: 1, b: 'x' } }, '[winston@32473 a="1" b="x"]'],
      ['the first param with a value opens the element', { metadata: { a: undefined, b: 2, c: undefined, a2: 3 } }, '[winston@32473 b="2" a2="3"]'],
      [
        'a key that opens the metadata element is a plain param in another element',
        { metadata: { b: 1 }, structuredData: { x: { b: 2 } }, sequenceId: 4 },
        '[winston@32473 b="1"][x@32473 b="2"][meta sequenceId="4"]',
      ],
      ['caller id without "@" gets our PEN', { structuredData: { request: { id: 'r1' } } }, '[request@32473 id="r1"]'],
      ['caller id with "@" kept', { structuredData: { 'req@999': { id: 'r1' } } }, '[req@999 id="r1"]'],
      ['caller id sanitised', { structuredData: { 'my req': { id: 1 } } }, '[my_req@32473 id="1"]'],
      ['long caller id cut so that the PEN fits', { structuredData: { ['r'.repeat(40)]: { a: 1 } } }, `[${'r'.repeat(26)}@32473 a="1"]`],
      ['long caller id with "@" cut to 32', { structuredData: { ['r'.repeat(30) + '@12345']: { a: 1 } } }, `[${'r'.repeat(30)}@1 a="1"]`],
      ['empty caller id -> "_"', { structuredData: { '': { a: 1 } } }, '[_@32473 a="1"]'],
      ['empty caller element left out', { structuredData: { x: {} } }, '-'],
      ['non-object params left out', { structuredData: { x: null as never, y: 'str' as never } }, '-'],
      [
        'order: metadata, caller elements, meta last',
        { metadata: { a: 1 }, structuredData: { meta: { language: 'en' }, first: { b: 2 }, second: { c: 3 } } },
        '[winston@32473 a="1"][first@32473 b="2"][second@32473 c="3"][meta language="en"]',
      ],
      ['sequenceId -> meta', { sequenceId: 7 }, '[meta sequenceId="7"]'],
      [
        'our sequenceId replaces the caller\'s',
        { sequenceId: 7, structuredData: { meta: { sequenceId: 99, sysUpTime: 5 } } },
        '[meta sysUpTime="5" sequenceId="7"]',
      ],
      ['caller sequenceId kept without ours', { structuredData: { meta: { sequenceId: 99 } } }, '[meta sequenceId="99"]'],
      [
        'IANA timeQuality: defined params stay, others move to timeQuality@PEN',
        { structuredData: { timeQuality: { tzKnown: 1, isSynced: 0, drift: 3 } } },
        '[timeQuality tzKnown="1" isSynced="0"][timeQuality@32473 drift="3"]',
      ],
      [
        'IANA origin',
        { structuredData: { origin: { ip: '192.0.2.1', enterpriseId: '32473', software: 's', swVersion: '1', region: 'eu' } } },
        '[origin ip="192.0.2.1" enterpriseId="32473" software="s" swVersion="1"][origin@32473 region="eu"]',
      ],
      ['IANA meta with only foreign params', { structuredData: { meta: { foo: 1 } } }, '[meta@32473 foo="1"]'],
      ['IANA ids are case-sensitive', { structuredData: { Meta: { foo: 1 } } }, '[Meta@32473 foo="1"]'],
      [
        'caller element named like sdId merges into the metadata element',
        { metadata: { a: 1 }, structuredData: { 'winston@32473': { b: 2 } } },
        '[winston@32473 a="1" b="2"]',
      ],
      [
        'caller id that becomes sdId after the PEN is added merges too',
        { metadata: { a: 1 }, structuredData: { winston: { b: 2 } } },
        '[winston@32473 a="1" b="2"]',
      ],
      [
        'metadata element stays first even when only the caller fills it',
        { structuredData: { x: { a: 1 }, winston: { b: 2 } } },
        '[winston@32473 b="2"][x@32473 a="1"]',
      ],
      [
        'ids equal after sanitising merge into the first',
        { structuredData: { 'a b': { x: 1 }, c: { y: 2 }, a_b: { z: 3 } } },
        '[a_b@32473 x="1" z="3"][c@32473 y="2"]',
      ],
      [
        'moved IANA params merge with an explicit <id>@PEN element',
        { structuredData: { origin: { ip: '1', v: 2 }, 'origin@32473': { w: 3 } } },
        '[origin ip="1"][origin@32473 v="2" w="3"]',
      ],
      [
        'metadata keys notMetadata names are left out',
        { metadata: { level: 'info', a: 1, message: 'm' }, notMetadata: (key) => key === 'level' || key === 'message' },
        '[winston@32473 a="1"]',
      ],
      [
        'metadata of only keys notMetadata names: no element',
        { metadata: { level: 'info' }, notMetadata: (key) => key === 'level', sequenceId: 7 },
        '[meta sequenceId="7"]',
      ],
      [
        'notMetadata also where caller elements merge',
        { metadata: { level: 'info', a: 1 }, notMetadata: (key) => key === 'level', structuredData: { winston: { b: 2 } } },
        '[winston@32473 a="1" b="2"]',
      ],
    ];
    for (const [name, record, expected] of cases) {
      it(`${name}: ${expected}`, () => expect(sd(record)).to.equal(expected));
    }
    it('a custom sdId carries the metadata and lends its PEN', () => {
      expect(sd({ metadata: { a: 1 }, structuredData: { req: { b: 2 } } }, 'app@55555')).to.equal('[app@55555 a="1"][req@55555 b="2"]');
    });
  });
});
