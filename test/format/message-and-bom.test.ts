/** MSG (RFC 5424 section 6.4): text as given except NUL and lone surrogates; optional BOM. */
import { expect } from 'chai';
import { createFormatter, parseRecord, type FormatterOptions } from '../../lib/format';

const TIME = new Date(Date.UTC(2026, 10, 25, 13, 55, 3, 123));
const HEADER = '<14>1 2026-11-25T13:55:03.123Z h a 1 - -';

function bytes(message: string, options: FormatterOptions = {}): Buffer {
  return createFormatter({ hostname: 'h', appName: 'a', procId: '1', ...options })({ severity: 6, time: TIME, message }).bytes;
}

describe('message text and BOM', () => {
  const cases: Array<[string, string, string]> = [
    ['ASCII', 'hello world', ' hello world'],
    ['UTF-8 as is', 'zażółć 😀', ' zażółć 😀'],
    ['leading and trailing spaces kept', '  x  ', '   x  '],
    ['LF, CR, TAB and ESC kept (rsyslog escapes control characters itself)', 'a\nb\rc\td\x1be', ' a\nb\rc\td\x1be'],
    ['characters that SD escapes need nothing in MSG', 'a"b\\c]d', ' a"b\\c]d'],
    ['NUL -> U+FFFD', 'a\0b\0', ' a\ufffdb\ufffd'],
    ['lone high surrogate -> U+FFFD', 'a\ud83d', ' a\ufffd'],
    ['lone low surrogate -> U+FFFD', '\ude00b', ' \ufffdb'],
    ['reversed pair -> two U+FFFD', '\ude00\ud83d', ' \ufffd\ufffd'],
    ['empty: no SP, no MSG', '', ''],
  ];
  for (const [name, message, tail] of cases) {
    it(name, () => {
      const out = bytes(message);
      expect(out.equals(Buffer.from(HEADER + tail, 'utf8')), out.toString('utf8')).to.equal(true);
    });
  }

  describe('bom: true', () => {
    it('writes EF BB BF right after the SP', () => {
      const out = bytes('héllo', { bom: true });
      expect(out.toString('hex')).to.equal(Buffer.from(HEADER + ' ').toString('hex') + 'efbbbf' + Buffer.from('héllo').toString('hex'));
      expect(parseRecord(out)).to.include({ bom: true, message: 'héllo' });
    });
    it('no BOM for an empty message', () => {
      expect(bytes('', { bom: true }).toString('utf8')).to.equal(HEADER);
    });
    it('the MSG after the BOM is always valid UTF-8, lone surrogates included', () => {
      expect(parseRecord(bytes('\ud800x\udfff', { bom: true }))).to.include({ bom: true, message: '\ufffdx\ufffd' });
    });
  });

  it('bom: false: a message that itself starts with U+FEFF reads back as MSG-UTF8, still valid', () => {
    const out = bytes('\ufeffhello');
    // The caller's U+FEFF is part of the text, so the parser sees a BOM: documented, not hidden.
    expect(parseRecord(out)).to.include({ bom: true, message: 'hello' });
    expect(parseRecord(bytes('hello'))).to.include({ bom: false, message: 'hello' });
  });
});
