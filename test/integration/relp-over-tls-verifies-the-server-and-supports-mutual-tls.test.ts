import { expect } from 'chai';
import { readFileSync } from 'fs';
import type { SyslogTransportOptions } from '../../lib';
import { RelpTlsInputOptions, Rsyslog, startRsyslog } from '../helpers/rsyslog';
import { sequencedLogger, sleep } from './steady-logger';

/** imrelp asks every TLS client for a certificate: the client's is given unless `extra` says otherwise. */
function relpTlsOptions(rsyslog: Rsyslog, extra: SyslogTransportOptions['tls'] = {}): SyslogTransportOptions {
  const certs = rsyslog.certs;
  return {
    protocol: 'relp',
    host: 'localhost',
    port: rsyslog.relpPort,
    tls: { ca: readFileSync(certs.ca.cert, 'utf8'), cert: readFileSync(certs.client.cert), key: readFileSync(certs.client.key), ...extra },
    closeTimeoutMs: 1000,
  };
}

/** Logs 3 records, gives the handshake time to fail or the acknowledgements time to come, and returns what the transport reported. */
async function attempt(options: SyslogTransportOptions) {
  const { logger, transport, warnings } = sequencedLogger({ ...options, reconnectMinMs: 1000 });
  for (let i = 0; i < 3; i++) logger.info('over relp+tls');
  await sleep(1500);
  const stats = transport.stats();
  await transport.close();
  return { stats, warnings };
}

describe('RELP over TLS: the server is verified by default, mutual TLS works', function () {
  this.timeout(60_000);
  let rsyslog: Rsyslog | undefined;
  const start = async (tls: RelpTlsInputOptions) => (rsyslog = await startRsyslog({ relp: { tls } }));
  afterEach(() => rsyslog?.stop());

  it('records arrive and are acknowledged over TLS when the server certificate and name check out', async () => {
    await start({});
    const { stats, warnings } = await attempt(relpTlsOptions(rsyslog!));
    expect(warnings).to.deep.equal([]);
    expect(stats).to.include({ sent: 3, dropped: 0 });
    const records = await rsyslog!.waitForCount(3);
    expect(records.map((r) => r.inputname)).to.deep.equal(['relp', 'relp', 'relp']);
  });

  it('refuses a server certificate issued to another host name', async () => {
    await start({ serverCert: 'wrong-name' });
    const { stats, warnings } = await attempt(relpTlsOptions(rsyslog!));
    expect(stats.sent).to.equal(0);
    expect(warnings[0].code).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(warnings[0].message).to.match(/cannot deliver to relp\+tls:localhost:\d+/);
    expect(await rsyslog!.countRecords()).to.equal(0);
  });

  it('refuses a server certificate from an unknown CA', async () => {
    await start({ serverCert: 'untrusted' });
    const { stats, warnings } = await attempt(relpTlsOptions(rsyslog!));
    expect(stats.sent).to.equal(0);
    expect(warnings[0].code).to.be.oneOf(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT']);
    expect(await rsyslog!.countRecords()).to.equal(0);
  });

  it('mutual TLS (tls.authMode certvalid): accepted with the client certificate, refused without it', async () => {
    await start({ authMode: 'certvalid' });
    const withCert = await attempt(relpTlsOptions(rsyslog!));
    expect(withCert.stats).to.include({ sent: 3, dropped: 0 });
    expect(await rsyslog!.waitForCount(3)).to.have.length(3);

    const without = await attempt(relpTlsOptions(rsyslog!, { cert: undefined, key: undefined }));
    expect(without.stats).to.include({ sent: 0, queued: 3 }, 'never acknowledged: still queued');
    expect(without.warnings[0].message).to.match(/closed by the peer|ECONNRESET/);

    await sleep(500);
    expect(await rsyslog!.countRecords()).to.equal(3);
  });

  // Measured with librelp 1.11.0 / rsyslog 8.2302: imrelp's tls.authMode="certvalid" ACCEPTED a
  // client certificate signed by an unrelated CA (imtcp's x509/certvalid refuses it). Pinned here so
  // that a fix shows up; until then certvalid over RELP is no client authentication (README).
  it('KNOWN GAP: imrelp certvalid accepts a client certificate signed by another CA', async () => {
    await start({ authMode: 'certvalid' });
    const certs = rsyslog!.certs;
    const otherCa = await attempt(
      relpTlsOptions(rsyslog!, { cert: readFileSync(certs.untrustedClient.cert), key: readFileSync(certs.untrustedClient.key) }),
    );
    expect(otherCa.stats.sent).to.equal(3);
  });
});
