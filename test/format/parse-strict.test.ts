/** parseRecord accepts exactly the RFC 5424 section 6 ABNF and names the rule that failed. */
import { expect } from 'chai';
import { parseLine, parseRecord, Rfc5424ParseError, type ParsedRecord } from '../../lib/format';

const BOM = '\ufeff';

describe('strict RFC 5424 parser', () => {
  describe('RFC 5424 section 6.5 examples', () => {
    const cases: Array<[string, string, Partial<ParsedRecord>, ParsedRecord['structuredData']]> = [
      [
        'example 1: no STRUCTURED-DATA, BOM',
        `<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`,
        { pri: 34, facility: 4, severity: 2, version: 1, timestamp: '2003-10-11T22:14:15.003Z', hostname: 'mymachine.example.com', appName: 'su', procId: null, msgId: 'ID47', message: "'su root' failed for lonvick on /dev/pts/8", bom: true },
        [],
      ],
      [
        'example 2: microseconds, numeric offset, no BOM',
        "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
        { pri: 165, facility: 20, severity: 5, timestamp: '2003-08-24T05:14:15.000003-07:00', hostname: '192.0.2.1', appName: 'myproc', procId: '8710', msgId: null, message: "%% It's time to make the do-nuts.", bom: false },
        [],
      ],
      [
        'example 3: STRUCTURED-DATA and MSG',
        `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`,
        { pri: 165, appName: 'evntslog', msgId: 'ID47', message: 'An application event log entry...', bom: true },
        [{ id: 'exampleSDID@32473', params: [['iut', '3'], ['eventSource', 'Application'], ['eventID', '1011']] }],
      ],
      [
        'example 4: two elements, no MSG',
        '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
        { pri: 165, message: '', bom: false },
        [
          { id: 'exampleSDID@32473', params: [['iut', '3'], ['eventSource', 'Application'], ['eventID', '1011']] },
          { id: 'examplePriority@32473', params: [['class', 'high']] },
        ],
      ],
    ];
    for (const [name, input, fields, sd] of cases) {
      it(name, () => {
        const parsed = parseRecord(input);
        expect(parsed).to.include(fields);
        expect(parsed.structuredData).to.deep.equal(sd);
        expect(parseRecord(Buffer.from(input, 'utf8'))).to.deep.equal(parsed);
      });
    }
  });

  describe('other valid records', () => {
    const cases: Array<[string, string, Partial<ParsedRecord>]> = [
      ['all NILVALUE', '<0>1 - - - - - -', { pri: 0, timestamp: null, hostname: null, appName: null, procId: null, msgId: null, message: '' }],
      ['PRI 191', '<191>1 - - - - - -', { facility: 23, severity: 7 }],
      ['SP and an empty MSG', '<13>1 - - - - - - ', { message: '' }],
      ['MSG with spaces and a LF', '<13>1 - - - - - -  a b\n', { message: ' a b\n' }],
      ['MSG-ANY that is not UTF-8 decodes with U+FFFD', '<13>1 - - - - - - \xff', { message: '\ufffd', bom: false }],
      ['leap day 2000', '<13>1 2000-02-29T00:00:00Z - - - - -', { timestamp: '2000-02-29T00:00:00Z' }],
      ['23:59:59.999999+23:59', '<13>1 2026-12-31T23:59:59.999999+23:59 - - - - -', { timestamp: '2026-12-31T23:59:59.999999+23:59' }],
      ['255-octet HOSTNAME', `<13>1 - ${'h'.repeat(255)} - - - -`, { hostname: 'h'.repeat(255) }],
      ['48-octet APP-NAME', `<13>1 - - ${'a'.repeat(48)} - - -`, { appName: 'a'.repeat(48) }],
      ['128-octet PROCID', `<13>1 - - - ${'p'.repeat(128)} - -`, { procId: 'p'.repeat(128) }],
      ['32-octet MSGID', `<13>1 - - - - ${'m'.repeat(32)} -`, { msgId: 'm'.repeat(32) }],
      ['"--" is a value, not NILVALUE', '<13>1 - -- - - - -', { hostname: '--' }],
    ];
    for (const [name, input, fields] of cases) {
      it(name, () => expect(parseRecord(Buffer.from(input, 'latin1'))).to.include(fields));
    }

    it('PARAM-VALUE escapes decode; a backslash before anything else stays (section 6.3.3)', () => {
      const parsed = parseRecord('<13>1 - - - - - [x@1 a="q\\"b\\\\c\\]d" b="\\n\\x" c="" d="[="]');
      expect(parsed.structuredData).to.deep.equal([{ id: 'x@1', params: [['a', 'q"b\\c]d'], ['b', '\\n\\x'], ['c', ''], ['d', '[=']] }]);
    });

    it('a PARAM-NAME may repeat', () => {
      expect(parseRecord('<13>1 - - - - - [x@1 a="1" a="2"]').structuredData[0].params).to.deep.equal([['a', '1'], ['a', '2']]);
    });

    it('UTF-8 in PARAM-VALUE', () => {
      expect(parseRecord('<13>1 - - - - - [x@1 a="żółw 😀"]').structuredData[0].params[0][1]).to.equal('żółw 😀');
    });

    it('parseLine strips one trailing LF, as rsyslog writes its files', () => {
      expect(parseLine('<13>1 - - - - - - hi\n').message).to.equal('hi');
      expect(parseLine('<13>1 - - - - - - hi\n\n').message).to.equal('hi\n');
      expect(parseLine('<13>1 - - - - - [a@1 b="c"]\n').structuredData).to.have.length(1);
      expect(parseRecord('<13>1 - - - - - - hi\n').message).to.equal('hi\n');
      expect(() => parseRecord('<13>1 - - - - - [a@1 b="c"]\n')).to.throw(Rfc5424ParseError);
    });
  });

  describe('invalid records: rule and byte offset', () => {
    const cases: Array<[string, string | Buffer, string, number]> = [
      ['empty input', '', 'PRI', 0],
      ['no "<"', '13>1 - - - - - -', 'PRI', 0],
      ['no PRIVAL', '<>1 - - - - - -', 'PRI', 1],
      ['leading zero', '<013>1 - - - - - -', 'PRI', 1],
      ['"<00>"', '<00>1 - - - - - -', 'PRI', 1],
      ['PRIVAL 192', '<192>1 - - - - - -', 'PRI', 1],
      ['4 digits', '<1911>1 - - - - - -', 'PRI', 4],
      ['VERSION 2', '<13>2 - - - - - -', 'VERSION', 4],
      ['VERSION 10', '<13>10 - - - - - -', 'VERSION', 5],
      ['missing VERSION', '<13> - - - - - -', 'VERSION', 4],
      ['two SPs', '<13>1  - - - - - -', 'TIMESTAMP', 6],
      ['lowercase t', '<13>1 2003-10-11t22:14:15Z - - - - -', 'TIMESTAMP', 16],
      ['lowercase z', '<13>1 2003-10-11T22:14:15z - - - - -', 'TIMESTAMP', 25],
      ['month 13', '<13>1 2003-13-11T22:14:15Z - - - - -', 'TIMESTAMP', 11],
      ['month 00', '<13>1 2003-00-11T22:14:15Z - - - - -', 'TIMESTAMP', 11],
      ['day 00', '<13>1 2003-10-00T22:14:15Z - - - - -', 'TIMESTAMP', 14],
      ['April 31', '<13>1 2003-04-31T22:14:15Z - - - - -', 'TIMESTAMP', 14],
      ['Feb 29 in 1900', '<13>1 1900-02-29T22:14:15Z - - - - -', 'TIMESTAMP', 14],
      ['hour 24', '<13>1 2003-10-11T24:00:00Z - - - - -', 'TIMESTAMP', 17],
      ['minute 60', '<13>1 2003-10-11T22:60:00Z - - - - -', 'TIMESTAMP', 20],
      ['leap second 60', '<13>1 2003-10-11T22:14:60Z - - - - -', 'TIMESTAMP', 23],
      ['7 fraction digits', '<13>1 2003-10-11T22:14:15.1234567Z - - - - -', 'TIMESTAMP', 32],
      ['empty fraction', '<13>1 2003-10-11T22:14:15.Z - - - - -', 'TIMESTAMP', 26],
      ['no offset', '<13>1 2003-10-11T22:14:15 - - - - -', 'TIMESTAMP', 25],
      ['offset without colon', '<13>1 2003-10-11T22:14:15+0200 - - - - -', 'TIMESTAMP', 28],
      ['offset hour 24', '<13>1 2003-10-11T22:14:15+24:00 - - - - -', 'TIMESTAMP', 26],
      ['2-digit year', '<13>1 03-10-11T22:14:15Z - - - - -', 'TIMESTAMP', 8],
      ['date only', '<13>1 2003-10-11 - - - - -', 'TIMESTAMP', 16],
      ['HOSTNAME of 256', `<13>1 - ${'h'.repeat(256)} - - - -`, 'HOSTNAME', 8 + 255],
      ['APP-NAME of 49', `<13>1 - - ${'a'.repeat(49)} - - -`, 'APP-NAME', 10 + 48],
      ['PROCID of 129', `<13>1 - - - ${'p'.repeat(129)} - -`, 'PROCID', 12 + 128],
      ['MSGID of 33', `<13>1 - - - - ${'m'.repeat(33)} -`, 'MSGID', 14 + 32],
      ['HOSTNAME with a non-ASCII byte', Buffer.from('<13>1 - h\xe9 - - - -', 'latin1'), 'HOSTNAME', 9],
      ['HOSTNAME with DEL', '<13>1 - h\x7f - - - -', 'HOSTNAME', 9],
      ['TAB instead of SP', '<13>1 -\t- - - - -', 'SP', 7],
      ['header without STRUCTURED-DATA', '<13>1 - - - - -', 'SP', 15],
      ['missing STRUCTURED-DATA', '<13>1 - - - - - ', 'STRUCTURED-DATA', 16],
      ['header ends early', '<13>1 - - -', 'SP', 11],
      ['STRUCTURED-DATA neither "-" nor "["', '<13>1 - - - - - x', 'STRUCTURED-DATA', 16],
      ['"-x" after MSGID', '<13>1 - - - - - -x', 'SP', 17],
      ['no SP between SD and MSG', '<13>1 - - - - - [a@1]x', 'SP', 21],
      ['empty SD-ID', '<13>1 - - - - - []', 'SD-ID', 17],
      ['SD-ID of 33', `<13>1 - - - - - [${'i'.repeat(33)}]`, 'SD-ID', 17 + 32],
      ['SD-ID with "="', '<13>1 - - - - - [a=b]', 'SD-ID', 18],
      ['SD-ID with \'"\'', '<13>1 - - - - - [a"b]', 'SD-ID', 18],
      ['SD-ID with a non-ASCII byte', Buffer.from('<13>1 - - - - - [a\xc3\xa9]', 'latin1'), 'SD-ID', 18],
      ['duplicate SD-ID', '<13>1 - - - - - [a@1 x="1"][a@1 y="2"]', 'SD-ID', 28],
      ['unclosed element', '<13>1 - - - - - [a@1', 'SD-ELEMENT', 20],
      ['trailing SP in element', '<13>1 - - - - - [a@1 b="c" ]', 'PARAM-NAME', 27],
      ['two SPs between params', '<13>1 - - - - - [a@1 b="c"  d="e"]', 'PARAM-NAME', 27],
      ['PARAM-NAME without value', '<13>1 - - - - - [a@1 b]', 'PARAM-NAME', 22],
      ['PARAM-NAME of 33', `<13>1 - - - - - [a@1 ${'n'.repeat(33)}="v"]`, 'PARAM-NAME', 21 + 32],
      ['unquoted PARAM-VALUE', '<13>1 - - - - - [a@1 b=c]', 'PARAM-VALUE', 23],
      ['single quotes', "<13>1 - - - - - [a@1 b='c']", 'PARAM-VALUE', 23],
      ['unescaped "]" in PARAM-VALUE', '<13>1 - - - - - [a@1 b="x]y"]', 'PARAM-VALUE', 25],
      ['unterminated PARAM-VALUE', '<13>1 - - - - - [a@1 b="xy', 'PARAM-VALUE', 24],
      ['escaped closing quote leaves the value open', '<13>1 - - - - - [a@1 b="x\\"', 'PARAM-VALUE', 24],
      ['the "]" after an escaped quote is unescaped', '<13>1 - - - - - [a@1 b="x\\"]', 'PARAM-VALUE', 27],
      ['PARAM-VALUE not UTF-8', Buffer.from('<13>1 - - - - - [a@1 b="x\xffy"]', 'latin1'), 'PARAM-VALUE', 25],
      ['PARAM-VALUE with an overlong sequence', Buffer.from('<13>1 - - - - - [a@1 b="\xc0\xaf"]', 'latin1'), 'PARAM-VALUE', 24],
      ['PARAM-VALUE with an encoded surrogate', Buffer.from('<13>1 - - - - - [a@1 b="\xed\xa0\x80"]', 'latin1'), 'PARAM-VALUE', 24],
      ['PARAM-VALUE above U+10FFFF', Buffer.from('<13>1 - - - - - [a@1 b="\xf4\x90\x80\x80"]', 'latin1'), 'PARAM-VALUE', 24],
      ['PARAM-VALUE with a truncated sequence', Buffer.from('<13>1 - - - - - [a@1 b="\xe2\x82"]', 'latin1'), 'PARAM-VALUE', 24],
      ['MSG-UTF8 not UTF-8 after the BOM', Buffer.from('<13>1 - - - - - - \xef\xbb\xbfok\xff', 'latin1'), 'MSG', 23],
      ['MSG-UTF8 with a truncated sequence at the end', Buffer.from('<13>1 - - - - - - \xef\xbb\xbf\xf0\x9f\x98', 'latin1'), 'MSG', 21],
    ];
    for (const [name, input, rule, offset] of cases) {
      it(`${name}: ${rule} at ${offset}`, () => {
        let error: unknown;
        try {
          parseRecord(input);
        } catch (err) {
          error = err;
        }
        expect(error).to.be.instanceOf(Rfc5424ParseError);
        const parseError = error as Rfc5424ParseError;
        expect({ rule: parseError.rule, offset: parseError.offset }, parseError.message).to.deep.equal({ rule, offset });
        expect(parseError.message).to.match(new RegExp(`^RFC 5424 ${rule} at byte ${offset}: `));
      });
    }
  });
});
