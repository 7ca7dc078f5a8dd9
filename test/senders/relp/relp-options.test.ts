import { expect } from 'chai';
import { resolveOptions } from '../../../lib/options';

describe("protocol 'relp' options", () => {
  it('plain RELP on port 2514 by default, window 128, 90 s answer timeout', () => {
    const { connection } = resolveOptions({ protocol: 'relp' });
    expect(connection).to.include({ protocol: 'relp', host: '127.0.0.1', port: 2514, relpWindow: 128, relpTimeoutMs: 90000 });
    expect(connection.tls).to.equal(undefined);
  });

  it('giving tls turns TLS on, verifying the server certificate and name as protocol tls does', () => {
    const { connection } = resolveOptions({ protocol: 'relp', host: 'logs.example.net', port: 2515, tls: { ca: 'PEM', cert: 'C', key: 'K' } });
    expect(connection.tls).to.include({ host: 'logs.example.net', port: 2515, servername: 'logs.example.net', rejectUnauthorized: true, ca: 'PEM', cert: 'C', key: 'K' });
    expect(resolveOptions({ protocol: 'relp', tls: {} }).connection.tls).to.include({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });

  it('relpWindow and relpTimeoutMs are taken as given', () => {
    const { connection } = resolveOptions({ protocol: 'relp', relpWindow: 1, relpTimeoutMs: 5000 });
    expect(connection).to.include({ relpWindow: 1, relpTimeoutMs: 5000 });
  });

  it('records up to 128 KiB (imrelp maxDataSize default), 8 KiB by default', () => {
    expect(resolveOptions({ protocol: 'relp' }).format.maxRecordBytes).to.equal(8192);
    expect(resolveOptions({ protocol: 'relp', maxRecordBytes: 131072 }).format.maxRecordBytes).to.equal(131072);
  });
});
