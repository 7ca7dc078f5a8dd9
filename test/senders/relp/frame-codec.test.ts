import { expect } from 'chai';
import {
  encodeClose,
  encodeFrame,
  encodeOpen,
  encodeSyslogFrames,
  FrameParser,
  MAX_TXNR,
  nextTxnr,
  parseResponse,
  RelpProtocolError,
} from '../../../lib/senders/relp/frame';

const text = (b: Buffer): string => b.toString('utf8');

describe('RELP frame codec', () => {
  describe('encoding', () => {
    it('open carries the offers, one per line, with the byte length of DATA', () => {
      const open = encodeOpen(1, { software: 'winston-rfc5424,0.1.0,https://example.net' });
      const data = 'relp_version=0\nrelp_software=winston-rfc5424,0.1.0,https://example.net\ncommands=syslog';
      expect(text(open)).to.equal(`1 open ${Buffer.byteLength(data)} ${data}\n`);
    });

    it('close has DATALEN 0 and neither SP nor DATA', () => {
      expect(text(encodeClose(7))).to.equal('7 close 0\n');
      expect(text(encodeFrame(3, 'rsp'))).to.equal('3 rsp 0\n');
    });

    it('syslog frames: one per record, consecutive TXNRs, DATALEN in bytes not characters, LF after each', () => {
      const records = [Buffer.from('<14>1 - - - - - - a'), Buffer.from('<14>1 - - - - - - é\nx')];
      const { bytes, nextTxnr: next } = encodeSyslogFrames(41, records);
      expect(text(bytes)).to.equal('41 syslog 19 <14>1 - - - - - - a\n42 syslog 22 <14>1 - - - - - - é\nx\n');
      expect(next).to.equal(43);
    });

    it('TXNR wraps after 999,999,999 to 1, also inside one batch', () => {
      expect(nextTxnr(MAX_TXNR - 1)).to.equal(MAX_TXNR);
      expect(nextTxnr(MAX_TXNR)).to.equal(1);
      const { bytes, nextTxnr: next } = encodeSyslogFrames(MAX_TXNR, [Buffer.from('a'), Buffer.from('b')]);
      expect(text(bytes)).to.equal('999999999 syslog 1 a\n1 syslog 1 b\n');
      expect(next).to.equal(2);
    });
  });

  describe('parsing what the server sends', () => {
    it('an open answer: status 200 and the server offers', () => {
      const data = '200 OK\nrelp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog';
      const [frame] = new FrameParser().push(Buffer.from(`1 rsp ${data.length} ${data}\n`));
      expect(frame).to.deep.include({ txnr: 1, command: 'rsp' });
      const response = parseResponse(frame.data);
      expect(response.code).to.equal(200);
      expect(response.text).to.equal('OK');
      expect(response.offers.get('commands')).to.equal('syslog');
      expect(response.offers.get('relp_version')).to.equal('0');
    });

    it('several answers in one read', () => {
      const frames = new FrameParser().push(Buffer.from('2 rsp 6 200 OK\n3 rsp 6 200 OK\n4 rsp 6 200 OK\n'));
      expect(frames.map((f) => [f.txnr, f.command, text(f.data)])).to.deep.equal([
        [2, 'rsp', '200 OK'],
        [3, 'rsp', '200 OK'],
        [4, 'rsp', '200 OK'],
      ]);
    });

    it('an answer split across reads at every possible byte', () => {
      const wire = Buffer.from('12 rsp 6 200 OK\n13 rsp 6 200 OK\n0 serverclose 0\n');
      for (let cut = 1; cut < wire.length; cut++) {
        const parser = new FrameParser();
        const frames = [...parser.push(wire.subarray(0, cut)), ...parser.push(wire.subarray(cut))];
        expect(frames.map((f) => f.txnr), `cut at ${cut}`).to.deep.equal([12, 13, 0]);
      }
      // and one byte at a time
      const parser = new FrameParser();
      const frames = [...wire].flatMap((byte) => parser.push(Buffer.from([byte])));
      expect(frames.map((f) => f.command)).to.deep.equal(['rsp', 'rsp', 'serverclose']);
    });

    it('a 500 refusal keeps its text', () => {
      const [frame] = new FrameParser().push(Buffer.from('5 rsp 20 500 message too long\n'));
      expect(parseResponse(frame.data)).to.deep.include({ code: 500, text: 'message too long' });
    });

    it('serverclose: TXNR 0, no data', () => {
      const [frame] = new FrameParser().push(Buffer.from('0 serverclose 0\n'));
      expect(frame).to.deep.equal({ txnr: 0, command: 'serverclose', data: Buffer.alloc(0) });
    });

    it('answers around the TXNR wrap', () => {
      const frames = new FrameParser().push(Buffer.from('999999999 rsp 6 200 OK\n1 rsp 6 200 OK\n'));
      expect(frames.map((f) => f.txnr)).to.deep.equal([MAX_TXNR, 1]);
    });

    it('bytes that are not RELP are a protocol error, not a hang', () => {
      expect(() => new FrameParser().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).to.throw(RelpProtocolError);
      expect(() => new FrameParser().push(Buffer.from('1 rsp 3 200X'))).to.throw(RelpProtocolError, /LF/);
      expect(() => new FrameParser().push(Buffer.alloc(100, 0x31))).to.throw(RelpProtocolError);
      expect(() => new FrameParser(10).push(Buffer.from('1 rsp 11 '))).to.throw(RelpProtocolError, /limit/);
      expect(() => parseResponse(Buffer.from('OK'))).to.throw(RelpProtocolError);
    });
  });
});
