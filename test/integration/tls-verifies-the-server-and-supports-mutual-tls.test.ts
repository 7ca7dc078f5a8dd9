import { expect } from 'chai';
import { readFileSync } from 'fs';
import { createServer, Server } from 'net';
import type { SyslogTransportOptions } from '../../lib';
import { Rsyslog, RsyslogOptions, startRsyslog } from '../helpers/rsyslog';
import { sequencedLogger, sleep } from './steady-logger';

function tlsOptions(rsyslog: Rsyslog, extra: SyslogTransportOptions['tls'] = {}): SyslogTransportOptions {
  return {
    protocol: 'tls',
    host: 'localhost',
    port: rsyslog.tlsPort,
    tls: { ca: readFileSync(rsyslog.certs.ca.cert, 'utf8'), ...extra },
    closeTimeoutMs: 300,
  };
}

/** Logs 3 records, gives the handshake time to fail, and returns what the transport reported. */
async function attempt(options: SyslogTransportOptions) {
  const { logger, transport, warnings } = sequencedLogger({ ...options, reconnectMinMs: 1000 });
  for (let i = 0; i < 3; i++) logger.info('over tls');
  await sleep(1000);
  const stats = transport.stats();
  await transport.close();
  return { stats, warnings };
}

describe('TLS: the server is verified, mutual TLS works, a stalled handshake never hangs close()', function () {
  this.timeout(60_000);
  let rsyslog: Rsyslog | undefined;
  const start = async (tls: RsyslogOptions['tls']) => (rsyslog = await startRsyslog({ tls }));
  afterEach(() => rsyslog?.stop());

  it('refuses a server certificate issued to another host name, with a clear warning', async () => {
    await start({ serverCert: 'wrong-name' });
    const { stats, warnings } = await attempt(tlsOptions(rsyslog!));
    expect(stats.sent).to.equal(0);
    expect(warnings[0].code).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(warnings[0].message).to.match(/cannot deliver to tls:localhost:\d+.*Host: localhost\. is not in the cert's altnames: DNS:wrong\.example/);
    expect(await rsyslog!.countRecords()).to.equal(0);
  });

  it('refuses a server certificate from an unknown CA', async () => {
    await start({ serverCert: 'untrusted' });
    const { stats, warnings } = await attempt(tlsOptions(rsyslog!));
    expect(stats.sent).to.equal(0);
    expect(warnings[0].code).to.be.oneOf(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT']);
    expect(await rsyslog!.countRecords()).to.equal(0);
  });

  it('connects with insecureSkipVerify only when asked by name', async () => {
    await start({ serverCert: 'untrusted' });
    const { stats } = await attempt(tlsOptions(rsyslog!, { insecureSkipVerify: true }));
    expect(stats.sent).to.equal(3);
    expect(await rsyslog!.waitForCount(3)).to.have.length(3);
  });

  it('mutual TLS: records arrive with the client certificate, and not without it', async () => {
    await start({ authMode: 'x509/certvalid' });
    const certs = rsyslog!.certs;
    const withCert = await attempt(
      tlsOptions(rsyslog!, { cert: readFileSync(certs.client.cert), key: readFileSync(certs.client.key) }),
    );
    expect(withCert.stats.sent).to.equal(3);
    expect(await rsyslog!.waitForCount(3)).to.have.length(3);

    await attempt(tlsOptions(rsyslog!)); // rsyslog resets the session: nothing may be stored
    await sleep(500);
    expect(await rsyslog!.countRecords()).to.equal(3);
  });

  it('a server that accepts TCP but never answers the handshake: close() still ends on time', async () => {
    const sockets: Array<import('net').Socket> = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const { logger, transport, warnings } = sequencedLogger({
        protocol: 'tls',
        host: '127.0.0.1',
        port,
        connectTimeoutMs: 300,
        closeTimeoutMs: 300,
      });
      logger.info('into the void');
      await sleep(600);
      expect(warnings[0]?.code).to.equal('ETIMEDOUT');
      const started = Date.now();
      await transport.close();
      expect(Date.now() - started).to.be.below(1000);
      expect(transport.stats().drops.closed).to.equal(1);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});
