import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as dgram from 'dgram';
import { once } from 'events';
import { join } from 'path';
import winston from 'winston';
import { SyslogTransport, SyslogTransportOptions } from '../lib';
import { parseRecord } from '../lib/format/parse';

/** Sockets a test opened: closed after each test, also when an assertion failed. */
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

function track(transport: SyslogTransport): SyslogTransport {
  cleanup.push(() => transport.close());
  return transport;
}

/** An in-process UDP receiver: enough to see the exact bytes a logger call produces. */
async function udpReceiver(): Promise<{ port: number; next(n: number): Promise<string[]> }> {
  const socket = dgram.createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (m) => received.push(m.toString()));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  cleanup.push(() => socket.close());
  return {
    port: socket.address().port,
    async next(n) {
      while (received.length < n) await new Promise((r) => setTimeout(r, 5));
      return received.splice(0, n);
    },
  };
}

describe('SyslogTransport', () => {
  describe('options are checked at construction, with errors naming the option', () => {
    const bad: Array<[SyslogTransportOptions, RegExp]> = [
      [{ protocol: 'http' as never }, /option "protocol" must be one of "unix", "unix-stream", "udp", "tcp", "tls", "relp", got "http"/],
      [{ port: 70000 }, /option "port" must be an integer from 1 to 65535, got 70000/],
      [{ protocol: 'udp', maxRecordBytes: 100000 }, /option "maxRecordBytes" must be an integer from 1024 to 65507/],
      [{ protocol: 'udp', maxRecordBytes: 512 }, /option "maxRecordBytes"/],
      [{ protocol: 'udp', maxQueueRecords: 0 }, /option "maxQueueRecords"/],
      [{ protocol: 'udp', queueFullPolicy: 'block' as never }, /option "queueFullPolicy" must be one of "drop-oldest", "drop-newest"/],
      [{ protocol: 'udp', closeTimeoutMs: -1 }, /option "closeTimeoutMs"/],
      [{ protocol: 'udp', fullQueueWaitMs: 1.5 }, /option "fullQueueWaitMs"/],
      [{ protocol: 'udp', facility: 'local9' }, /option "facility"/],
      [{ protocol: 'udp', sdId: 'no spaces allowed' }, /option "sdId"/],
      [{ protocol: 'udp', timestamp: 'gmt' as never }, /option "timestamp"/],
      [{ protocol: 'udp', sequenceIds: 'yes' as never }, /option "sequenceIds" must be true or false/],
      [{ protocol: 'udp', levelMap: { audit: 'loud' as never } }, /option "levelMap" has level "audit" = loud/],
      [{ protocol: 'udp', type: 'RFC3164' }, /option "type" must be "RFC5424"/],
      [{ protocol: 'tls', tls: { minVersion: 'TLSv1' as never } }, /option "tls.minVersion"/],
      [{ path: '' }, /option "path" must be a non-empty string/],
      [{ protocol: 'relp', relpWindow: 0 }, /option "relpWindow" must be an integer from 1 to 1024, got 0/],
      [{ protocol: 'relp', relpTimeoutMs: 'soon' as never }, /option "relpTimeoutMs" must be an integer/],
      [{ protocol: 'relp', tls: 'on' as never }, /option "tls" must be an object, got "on"/],
      [{ protocol: 'relp', maxRecordBytes: 200000 }, /option "maxRecordBytes" must be an integer from 1024 to 131072/],
    ];
    for (const [options, message] of bad) {
      it(`${JSON.stringify(options)} -> ${message.source.slice(0, 60)}`, () => {
        expect(() => new SyslogTransport(options)).to.throw(TypeError, message);
      });
    }
  });

  it('accepts winston-syslog option names, so switching is a one-line change', async () => {
    const receiver = await udpReceiver();
    const transport = track(new SyslogTransport({
      protocol: 'udp4',
      host: '127.0.0.1',
      port: receiver.port,
      app_name: 'legacy-app',
      localhost: 'legacy-host',
      pid: 77,
      facility: 'local0',
      type: 'RFC5424',
      eol: '\n',
    }));
    const logger = winston.createLogger({ levels: winston.config.syslog.levels, transports: [transport] });
    logger.warning('switched');
    const [record] = await receiver.next(1);
    expect(record).to.match(/^<132>1 \S+ legacy-host legacy-app 77 - - switched$/);
  });

  it('defaults to udp when host or port is given, as winston-syslog did', async () => {
    const receiver = await udpReceiver();
    const transport = track(new SyslogTransport({ port: receiver.port, appName: 'a' }));
    winston.createLogger({ transports: [transport] }).info('x');
    expect(await receiver.next(1)).to.have.length(1);
  });

  it('works with child loggers, format.errors, splat, custom levels and npm levels', async () => {
    const receiver = await udpReceiver();
    const transport = track(new SyslogTransport({
      protocol: 'udp',
      port: receiver.port,
      appName: 'svc',
      hostname: 'h',
      levelMap: { audit: 'notice' },
    }));
    const logger = winston.createLogger({
      level: 'silly',
      levels: { ...winston.config.npm.levels, audit: 0 },
      format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.splat()),
      transports: [transport],
    });
    const child = logger.child({ requestId: 'r-1' });
    child.info('user %s logged in', 'ann');
    logger.log('audit', 'password changed');
    logger.silly('deep detail');
    logger.error('failed', new Error('boom'));
    const [info, audit, silly, error] = (await receiver.next(4)).map((r) => parseRecord(r));
    expect(info).to.include({ severity: 6, message: 'user ann logged in' });
    expect(info.structuredData).to.deep.equal([{ id: 'winston@32473', params: [['requestId', 'r-1']] }]);
    expect(audit).to.include({ severity: 5, message: 'password changed' });
    expect(silly.severity).to.equal(7);
    expect(error.severity).to.equal(3);
    expect(error.message).to.match(/^failed boom\nError: boom\n\s+at /);
  });

  it("emits 'logged' for each record, and never 'error' for delivery trouble", async () => {
    const transport = track(new SyslogTransport({ protocol: 'unix', path: '/nonexistent/log.sock', closeTimeoutMs: 50 }));
    const events: string[] = [];
    transport.on('logged', () => events.push('logged'));
    transport.on('warn', () => events.push('warn'));
    const logger = winston.createLogger({ transports: [transport] }); // note: no logger.on('error')
    logger.info('one');
    await new Promise((r) => setTimeout(r, 50));
    expect(events).to.deep.equal(['warn', 'logged']);
  });

  it('counts records whose MSG was cut to maxRecordBytes', async () => {
    const receiver = await udpReceiver();
    const transport = track(new SyslogTransport({ protocol: 'udp', port: receiver.port, maxRecordBytes: 1024 }));
    winston.createLogger({ transports: [transport] }).info('é'.repeat(2000));
    const [record] = await receiver.next(1);
    expect(Buffer.byteLength(record)).to.be.at.most(1024);
    expect(transport.stats().truncated).to.equal(1);
  });

  it('counts records whose metadata values were cut, and keeps the small values', async () => {
    const receiver = await udpReceiver();
    const transport = track(new SyslogTransport({ protocol: 'udp', port: receiver.port, maxRecordBytes: 1024 }));
    winston.createLogger({ transports: [transport] }).info('m', { requestId: 'r-1', body: 'x'.repeat(70_000), status: 500 });
    const [record] = await receiver.next(1);
    expect(Buffer.byteLength(record)).to.be.at.most(1024);
    expect(record).to.match(/\[winston@32473 requestId="r-1" body="x+\u2026" status="500"\]$/);
    expect(transport.stats().truncated).to.equal(1);
  });


  it('never throws into the caller when structuredData throws while it is read, and logs on', async () => {
    const receiver = await udpReceiver();
    const transport = track(new SyslogTransport({ protocol: 'udp', port: receiver.port, hostname: 'h', appName: 'a', procId: '1' }));
    // A format that leaves info as it is: winston's default, json(), would call the getter itself.
    const logger = winston.createLogger({ format: winston.format((info) => info)(), transports: [transport] });
    const lazy = Object.defineProperty({ ok: { id: 7 } }, 'entity', {
      enumerable: true,
      get: () => {
        throw new Error('not loaded');
      },
    });
    expect(() => logger.info('with a lazy entity', { structuredData: lazy, user: 'ann' })).to.not.throw();
    logger.info('next');
    const [first, next] = await receiver.next(2);
    expect(first).to.match(/^<14>1 \S+ h a 1 - \[winston@32473 user="ann"\]\[ok@32473 id="7"\] with a lazy entity$/);
    expect(next).to.match(/ - - next$/);
  });

  it("keeps a record intact when a listener logs another one while it is being queued", () => {
    // A 'warn' or 'dropped' listener can run inside the delivery engine's enqueue (a full queue
    // whose socket fails); the record being queued must not be overwritten by the listener's.
    const transport = track(new SyslogTransport({ protocol: 'udp', port: 9, sequenceIds: false }));
    const delivery = (transport as unknown as { delivery: { enqueue(bytes: Buffer): void } }).delivery;
    const queued: string[] = [];
    let nested = false;
    delivery.enqueue = (bytes: Buffer) => {
      if (!nested) {
        nested = true;
        transport.log({ level: 'warn', message: 'from a listener' }, () => undefined);
      }
      queued.push(bytes.toString());
    };
    transport.log({ level: 'info', message: 'the outer record' }, () => undefined);
    expect(queued.map((r) => r.slice(r.lastIndexOf(' ') + 1))).to.deep.equal(['listener', 'record']);
    expect(queued[1]).to.match(/^<14>1 .* - the outer record$/);
  });
  it('says what to install when the unix-dgram addon cannot be loaded', () => {
    const preload = join(__dirname, 'fixtures', 'without-unix-dgram.js');
    const script = `const { SyslogTransport } = require(${JSON.stringify(join(__dirname, '..', 'lib'))});
      try { new SyslogTransport({ protocol: 'unix' }); } catch (e) { console.log(e.message); }`;
    const output = execFileSync(process.execPath, ['-r', preload, '-e', script]).toString();
    expect(output).to.match(/protocol "unix" needs the optional package "unix-dgram".*npm install unix-dgram.*"unix-stream"/s);
  });
});
