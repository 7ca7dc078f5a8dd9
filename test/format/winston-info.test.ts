/** What a real winston logger hands the transport, turned into records. */
import { expect } from 'chai';
import winston from 'winston';
import Transport from 'winston-transport';
import { createInfoMapper, createLevelMapper, createRecordWriter, type SdParams, type SyslogRecord } from '../../lib/format';

class Capture extends Transport {
  readonly infos: Array<Record<string | symbol, unknown>> = [];
  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    this.infos.push(info);
    callback();
  }
}

/**
 * The metadata a record's SD-ELEMENT gets: the keys of `metadata` that `notMetadata` does not name
 * (the mapper hands winston's info itself), or undefined when there are none.
 */
function metadataOf(r: SyslogRecord): SdParams | undefined {
  const keys = Object.keys(r.metadata ?? {}).filter((key) => r.notMetadata?.(key) !== true);
  return keys.length === 0 ? undefined : Object.fromEntries(keys.map((key) => [key, r.metadata![key]]));
}

/** Log through a real logger and map every captured info. */
function records(options: winston.LoggerOptions, logSome: (logger: winston.Logger) => void): SyslogRecord[] {
  const capture = new Capture();
  const logger = winston.createLogger({ level: 'silly', ...options, transports: [capture] });
  logSome(logger);
  const toRecord = createInfoMapper();
  return capture.infos.map((info) => toRecord(info));
}

describe('winston info -> record', () => {
  it('message, level and metadata', () => {
    const [r] = records({}, (l) => l.info('order placed', { orderId: 42, user: { name: 'ann' } }));
    expect(r.severity).to.equal(6);
    expect(r.message).to.equal('order placed');
    expect(metadataOf(r)).to.deep.equal({ orderId: 42, user: { name: 'ann' } });
    expect(Math.abs(Number(r.time) - Date.now())).to.be.below(5000);
  });

  it('npm levels, including those winston-syslog rejects', () => {
    const rs = records({}, (l) => {
      for (const level of ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']) l.log(level, level);
    });
    expect(rs.map((r) => r.severity)).to.deep.equal([3, 4, 6, 6, 7, 7, 7]);
  });

  it('syslog levels', () => {
    const rs = records({ levels: winston.config.syslog.levels, level: 'debug' }, (l) => {
      for (const level of ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug']) l.log(level, level);
    });
    expect(rs.map((r) => r.severity)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('cli levels with colorize() on the level', () => {
    const rs = records({ levels: winston.config.cli.levels, format: winston.format.colorize({ all: true }) }, (l) => {
      for (const level of ['error', 'warn', 'help', 'data', 'info', 'debug', 'prompt', 'verbose', 'input', 'silly']) l.log(level, 'x');
    });
    expect(rs.map((r) => r.severity)).to.deep.equal([3, 4, 6, 6, 6, 7, 6, 7, 6, 7]);
  });

  it('custom levels through a custom mapper', () => {
    const capture = new Capture();
    const logger = winston.createLogger({ levels: { fatal: 0, trace: 1 }, level: 'trace', transports: [capture] });
    logger.log('fatal', 'a');
    logger.log('trace', 'b');
    const toRecord = createInfoMapper({ level: createLevelMapper({ fatal: 'emerg', trace: 'debug' }) });
    expect(capture.infos.map((i) => toRecord(i).severity)).to.deep.equal([0, 7]);
  });

  it('format.errors({ stack: true }): MSG is the stack', () => {
    const [r] = records({ format: winston.format.errors({ stack: true }) }, (l) => l.error(new Error('card declined')));
    expect(r.severity).to.equal(3);
    expect(r.message).to.match(/^Error: card declined\n {4}at /);
    expect(metadataOf(r)).to.equal(undefined);
  });

  it('an Error logged without format.errors: MSG is still its stack', () => {
    const [r] = records({}, (l) => l.error(new Error('boom')));
    expect(r.message).to.match(/^Error: boom\n {4}at /);
  });

  it('text with an Error as meta: the text, then the stack', () => {
    const [r] = records({}, (l) => l.warn('payment failed', new Error('timeout')));
    // winston appends the error's message to the text and copies its stack.
    expect(r.message).to.match(/^payment failed timeout\nError: timeout\n {4}at /);
  });

  it('an Error as the message property', () => {
    const [r] = records({}, (l) => l.log({ level: 'error', message: new Error('inner') as unknown as string }));
    expect(r.message).to.match(/^Error: inner\n/);
  });

  it('a non-string message becomes JSON', () => {
    const [a, b, c] = records({}, (l) => {
      l.log({ level: 'info', message: { a: 1, n: 2n } as unknown as string });
      l.log({ level: 'info', message: 42 as unknown as string });
      l.log({ level: 'info', message: undefined as unknown as string });
    });
    expect([a.message, b.message, c.message]).to.deep.equal(['{"a":1,"n":"2"}', '42', '']);
  });

  it('format.splat(): interpolated message, leftover object as metadata', () => {
    const [r] = records({ format: winston.format.splat() }, (l) => l.info('user %s logged in', 'ann', { ip: '192.0.2.1' }));
    expect(r.message).to.equal('user ann logged in');
    expect(metadataOf(r)).to.deep.equal({ ip: '192.0.2.1' });
  });

  it('child loggers and defaultMeta add metadata', () => {
    const [r] = records({ defaultMeta: { service: 'shop' } }, (l) => l.child({ requestId: 'r-1' }).info('hi', { step: 2 }));
    expect(metadataOf(r)).to.deep.equal({ service: 'shop', requestId: 'r-1', step: 2 });
  });

  it('format.timestamp(): the record keeps that time and the key is not metadata', () => {
    const [r] = records({ format: winston.format.timestamp() }, (l) => l.info('x'));
    expect(r.time).to.be.instanceOf(Date);
    expect(Math.abs(Number(r.time) - Date.now())).to.be.below(5000);
    expect(metadataOf(r)).to.equal(undefined);
  });

  it('timestamp: a Date or a parseable string is used, anything else means now', () => {
    const toRecord = createInfoMapper();
    const at = new Date(Date.UTC(2020, 0, 1));
    expect(toRecord({ level: 'info', message: '', timestamp: at }).time).to.equal(at);
    expect(toRecord({ level: 'info', message: '', timestamp: '2020-01-01T00:00:00.000Z' }).time.valueOf()).to.equal(at.getTime());
    for (const timestamp of ['yesterday', new Date(NaN), 1577836800000, null]) {
      expect(Math.abs(toRecord({ level: 'info', message: '', timestamp }).time.valueOf() - Date.now())).to.be.below(5000);
    }
  });

  it('msgId (or msgid) and structuredData are taken out of the metadata', () => {
    const [a, b] = records({}, (l) => {
      l.info('login', { msgId: 'LOGIN', structuredData: { request: { id: 'r1' } }, user: 'ann' });
      l.info('logout', { msgid: 'LOGOUT' });
    });
    expect(a).to.deep.include({ msgId: 'LOGIN', structuredData: { request: { id: 'r1' } } });
    expect(metadataOf(a)).to.deep.equal({ user: 'ann' });
    expect(b).to.deep.include({ msgId: 'LOGOUT' });
    expect(metadataOf(b)).to.equal(undefined);
  });

  it('winston\'s Symbol keys never become metadata', () => {
    const [r] = records({ format: winston.format.combine(winston.format.splat(), winston.format.json()) }, (l) => l.info('x %d', 5));
    expect(metadataOf(r)).to.equal(undefined);
    expect(r.message).to.equal('x 5');
  });

  it('reuseRecord: every call fills one record, with nothing left from the one before', () => {
    const toRecord = createInfoMapper({ reuseRecord: true });
    const first = toRecord({ level: 'error', message: 'a', msgId: 'ID', structuredData: { x: { y: 1 } }, user: 'ann' });
    const second = toRecord({ level: 'info', message: 'b' });
    expect(second).to.equal(first);
    expect(second).to.deep.include({ severity: 6, message: 'b', msgId: undefined, structuredData: undefined, sequenceId: undefined });
    expect(metadataOf(second)).to.equal(undefined);
    expect(createInfoMapper()({ level: 'info', message: 'c' })).to.not.equal(createInfoMapper()({ level: 'info', message: 'c' }));
  });

  it('a throwing getter on info becomes a placeholder, not an exception', () => {
    const info = Object.defineProperty({ level: 'info', message: 'm' }, 'bad', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    const { bytes } = createRecordWriter({ hostname: 'h', appName: 'a', procId: '1' })(createInfoMapper()(info));
    expect(bytes.toString()).to.match(/^<14>1 \S+ h a 1 - \[winston@32473 bad="\[Unserializable\\\]"\] m$/);
  });
});
