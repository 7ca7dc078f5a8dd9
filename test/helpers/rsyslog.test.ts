import { expect } from 'chai';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import * as tls from 'tls';
import { FILES, renderRsyslogConfig } from './rsyslog-config';
import { INPUT_NAMES, ParsedRecordJson, PROBE_APP_NAME, Rsyslog, startRsyslog } from './rsyslog';
import { octetFrame, sendFramed, sendUdp, sendUnixDgram } from './send';
import { isAlive } from './rsyslogd-child';

/** The fields a sender controls, as rsyslog should report them. */
function parsedFields(r: ParsedRecordJson): Partial<ParsedRecordJson> {
  const { pri, timereported, hostname, appName, procid, msgid, structuredData, msg, inputname, protocolVersion } = r;
  return { pri, timereported, hostname, appName, procid, msgid, structuredData, msg, inputname, protocolVersion };
}

const SD = '[ex@32473 a="1" b="x\\"y"][z@1 c="]"]';

describe('test harness: private rsyslogd with every input', function () {
  let rs: Rsyslog;

  before(async function () {
    rs = await startRsyslog({
      udp: true,
      tcp: true,
      tls: { authMode: 'x509/certvalid' },
      unixDgram: true,
      unixStream: true,
    });
  });

  after(async function () {
    await rs?.stop();
  });

  it('parses one RFC 5424 record from each input field by field', async function () {
    const record = (app: string, msg: string): string =>
      `<165>1 2024-01-02T03:04:05.678+01:00 host.example ${app} 4242 ID47 ${SD} ${msg}`;
    const sent = {
      udp: record('app-udp', 'via udp'),
      tcp: record('app-tcp', '  two leading spaces kept'),
      tls: record('app-tls', 'via tls'),
      unixStream: record('app-stream', 'via unix stream'),
      unixDgram: record('app-dgram', '\ufeffBOM and\nLF'),
    };
    await sendUdp(rs.udpAddress, rs.udpPort, sent.udp);
    await sendFramed({ host: '127.0.0.1', port: rs.tcpPort }, [sent.tcp]);
    await sendFramed({ host: '127.0.0.1', port: rs.tlsPort, tls: rs.tlsClientOptions({ clientCert: true }) }, [sent.tls]);
    await sendFramed({ path: rs.unixStreamPath }, [sent.unixStream]);
    await sendUnixDgram(rs.unixDgramPath, sent.unixDgram);

    const records = await rs.waitForCount(5);
    const byApp = new Map(records.map((r) => [r.appName, r]));
    const expected = (appName: string, msg: string, inputname: string): Partial<ParsedRecordJson> => ({
      pri: 165,
      timereported: '2024-01-02T03:04:05.678+01:00',
      hostname: 'host.example',
      appName,
      procid: '4242',
      msgid: 'ID47',
      structuredData: SD,
      msg,
      inputname: inputname as ParsedRecordJson['inputname'],
      protocolVersion: 1,
    });
    expect(parsedFields(byApp.get('app-udp')!)).to.deep.equal(expected('app-udp', 'via udp', INPUT_NAMES.udp));
    expect(parsedFields(byApp.get('app-tcp')!)).to.deep.equal(
      expected('app-tcp', '  two leading spaces kept', INPUT_NAMES.tcp),
    );
    expect(parsedFields(byApp.get('app-tls')!)).to.deep.equal(expected('app-tls', 'via tls', INPUT_NAMES.tls));
    expect(parsedFields(byApp.get('app-stream')!)).to.deep.equal(
      expected('app-stream', 'via unix stream', INPUT_NAMES.unixStream),
    );
    // BOM kept at the start of msg; LF escaped to "#012" on receive.
    expect(parsedFields(byApp.get('app-dgram')!)).to.deep.equal(
      expected('app-dgram', '\ufeffBOM and#012LF', INPUT_NAMES.unixDgram),
    );
    expect(byApp.get('app-udp')!).to.include({ facility: 20, severity: 5, rawmsg: sent.udp });

    // records.log writes the records back out as RFC 5424 lines.
    const lines = await rs.rawLines();
    const backOut = Object.values(sent).map((r) => r.replace('\n', '#012'));
    expect([...lines].sort()).to.deep.equal([...backOut].sort());
  });

  it('reports nil fields as "-", no MSG as "", and a nil TIMESTAMP as the arrival time', async function () {
    const before = (await rs.records()).length;
    const start = Date.now();
    await sendFramed({ path: rs.unixStreamPath }, ['<14>1 - - - - - -', '<14>1 2024-01-02T03:04:05Z h nil-sd - - -']);
    const [allNil, noMsg] = (await rs.waitForCount(before + 2)).slice(before);
    expect(allNil).to.include({ hostname: '-', appName: '-', procid: '-', msgid: '-', structuredData: '-', msg: '' });
    expect(Date.parse(allNil!.timereported)).to.be.within(start - 1000, Date.now() + 1000);
    expect(noMsg).to.include({ appName: 'nil-sd', structuredData: '-', msg: '' });
  });

  it('keeps the readiness probes out of records()', async function () {
    expect((await rs.records()).map((r) => r.appName)).not.to.include(PROBE_APP_NAME);
    const probes = readFileSync(join(rs.dir, FILES.probes), 'utf8');
    expect(probes).to.include(PROBE_APP_NAME);
  });

  it('refuses a TLS client without a certificate when mutual TLS is on', async function () {
    const before = (await rs.records()).length;
    // We never end this connection: if it closes, rsyslog closed it. (With TLS 1.3 the client's
    // handshake completes first; rsyslog then checks the certificate and drops the session.)
    const outcome = await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: rs.tlsPort, ...rs.tlsClientOptions() }, () => {
        socket.write(octetFrame('<14>1 2024-01-02T03:04:05Z h no-client-cert - - - must not arrive'));
      });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve('still open after 5 s');
      }, 5000);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve('closed by rsyslog');
      });
    });
    expect(outcome).to.equal('closed by rsyslog');
    // A good client right after it: its record arriving proves the refused one had its chance.
    await sendFramed({ host: '127.0.0.1', port: rs.tlsPort, tls: rs.tlsClientOptions({ clientCert: true }) }, [
      '<14>1 2024-01-02T03:04:05Z h with-client-cert - - - arrives',
    ]);
    const records = await rs.waitForCount(before + 1);
    expect(records.map((r) => r.appName)).to.include('with-client-cert').and.not.include('no-client-cert');
    expect(await rs.internalLog()).to.include('did not provide a certificate');
  });

  for (const kill of [false, true]) {
    it(`restarts${kill ? ' after SIGKILL' : ''} on the same ports and socket paths`, async function () {
      const before = {
        udp: rs.udpPort,
        tcp: rs.tcpPort,
        tls: rs.tlsPort,
        dgram: rs.unixDgramPath,
        stream: rs.unixStreamPath,
      };
      const oldPid = rs.pid;
      const count = (await rs.records()).length;
      await rs.restart({ kill });
      expect({
        udp: rs.udpPort,
        tcp: rs.tcpPort,
        tls: rs.tlsPort,
        dgram: rs.unixDgramPath,
        stream: rs.unixStreamPath,
      }).to.deep.equal(before);
      expect(rs.pid).not.to.equal(oldPid);
      expect(isAlive(oldPid)).to.equal(false);
      // The Unix sockets were recreated: both accept records again.
      await sendUnixDgram(rs.unixDgramPath, '<14>1 2024-01-02T03:04:05Z h after-restart-dgram - - - x');
      await sendFramed({ path: rs.unixStreamPath }, ['<14>1 2024-01-02T03:04:05Z h after-restart-stream - - - x']);
      const records = await rs.waitForCount(count + 2);
      expect(records.slice(count).map((r) => r.appName).sort()).to.deep.equal([
        'after-restart-dgram',
        'after-restart-stream',
      ]);
    });
  }

  it('stop() leaves no process and no temp dir behind, and can be called twice', async function () {
    const pid = rs.pid;
    expect(isAlive(pid)).to.equal(true);
    await rs.stop();
    expect(isAlive(pid)).to.equal(false);
    expect(rs.running).to.equal(false);
    if (!process.env['KEEP_RSYSLOG_DIR']) expect(existsSync(rs.dir)).to.equal(false);
    await rs.stop();
  });
});

describe('test harness: server-only TLS and IPv6 UDP', function () {
  it('accepts a TLS client that verifies the server, and UDP on ::1', async function () {
    const rs = await startRsyslog({ tls: true, udp: { address: '::1' } });
    try {
      await sendFramed({ host: '127.0.0.1', port: rs.tlsPort, tls: rs.tlsClientOptions() }, [
        '<14>1 2024-01-02T03:04:05Z h anon-tls - - - x',
      ]);
      await sendUdp('::1', rs.udpPort, '<14>1 2024-01-02T03:04:05Z h udp6 - - - x');
      const records = await rs.waitForCount(2);
      expect(records.map((r) => r.appName).sort()).to.deep.equal(['anon-tls', 'udp6']);
    } finally {
      await rs.stop();
    }
  });

  it('can present a certificate with the wrong name, which a verifying client rejects', async function () {
    const rs = await startRsyslog({ tls: { serverCert: 'wrong-name' } });
    try {
      const error = await new Promise<Error>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port: rs.tlsPort, ...rs.tlsClientOptions() }, () =>
          resolve(new Error('handshake succeeded')),
        );
        socket.on('error', (e) => resolve(e));
      });
      expect((error as NodeJS.ErrnoException).code).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      await rs.stop();
    }
  });
});

describe('test harness: config generator', function () {
  it('sets maxMessageSize before any input and never loads the system socket', function () {
    const config = renderRsyslogConfig({
      dir: '/tmp/x',
      maxMessageSize: '64k',
      udp: { address: '127.0.0.1', port: 1, rcvbufSize: '4m' },
      unixDgramPath: '/tmp/x/d.sock',
    });
    expect(config.indexOf('maxMessageSize="64k"')).to.be.greaterThan(-1).and.lessThan(config.indexOf('input('));
    expect(config).to.include('module(load="imuxsock" SysSock.Use="off")');
    expect(config).to.match(/UseSpecialParser="off"[\s\S]*IgnoreTimestamp="off"[\s\S]*RateLimit.Interval="0"/);
  });

  it('rejects a start with no input', async function () {
    await startRsyslog({}).then(
      () => expect.fail('started'),
      (error: Error) => expect(error.message).to.match(/at least one input/),
    );
  });
});
