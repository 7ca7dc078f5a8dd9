/**
 * Test PKI made with the openssl CLI (no network, no committed keys): a CA, leaf certificates for
 * rsyslog's TLS input and for a mutual-TLS client, plus the certificates tests need to prove that
 * a client REJECTS a bad server (wrong name, unrelated CA) and that rsyslog rejects a bad client.
 *
 * Keys are EC P-256 in PKCS#8 PEM ("BEGIN PRIVATE KEY"): gnutls (rsyslog's gtls driver) and Node
 * both read them, and they are generated in milliseconds where RSA takes seconds.
 * Every certificate carries basicConstraints, keyUsage and extendedKeyUsage: gnutls refuses a
 * leaf without serverAuth/clientAuth when it checks purpose, and Node refuses a CA without
 * CA:TRUE.
 */
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

export interface CertPair {
  cert: string;
  key: string;
}

/** Absolute paths of PEM files. */
export interface TestCerts {
  dir: string;
  /** The CA that signs every "good" certificate. Give it to clients as `ca`, to rsyslog as CAFile. */
  ca: CertPair;
  /** CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1, serverAuth; signed by `ca`. */
  server: CertPair;
  /** CN and SAN DNS name of `client` (what rsyslog's x509/name mode matches against PermittedPeer). */
  clientName: string;
  /** CN=clientName, clientAuth; signed by `ca` (mutual TLS). */
  client: CertPair;
  /** A second CA that has nothing to do with `ca`. */
  otherCa: CertPair;
  /** CN=localhost with the right SANs, but signed by `otherCa`: a client trusting `ca` must reject it. */
  untrustedServer: CertPair;
  /** A client certificate signed by `otherCa`: rsyslog in x509/certvalid mode must reject it. */
  untrustedClient: CertPair;
  /** Signed by `ca` but issued to wrong.example only: a client checking the name must reject it. */
  wrongNameServer: CertPair;
}

const DAYS = '3650';
const CLIENT_NAME = 'winston-rfc5424-client';

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as Error & { stderr?: Buffer };
    throw new Error(`openssl ${args.join(' ')} failed: ${e.stderr?.toString() ?? e.message}`);
  }
}

function newKey(path: string, cwd: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path], cwd);
}

function makeCa(dir: string, name: string, cn: string): CertPair {
  const pair = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  const ext = join(dir, `${name}.ext`);
  // Our own config file: `openssl req -x509` would otherwise merge in the distribution's v3_ca.
  writeFileSync(
    ext,
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      'x509_extensions = v3',
      '[dn]',
      `CN = ${cn}`,
      '[v3]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '',
    ].join('\n'),
  );
  newKey(pair.key, dir);
  openssl(['req', '-x509', '-new', '-key', pair.key, '-out', pair.cert, '-days', DAYS, '-config', ext, '-set_serial', serial()], dir);
  return pair;
}

function makeLeaf(
  dir: string,
  name: string,
  signer: CertPair,
  cn: string,
  usage: 'serverAuth' | 'clientAuth',
  san?: string,
): CertPair {
  const pair = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  const extLines = [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyAgreement',
    `extendedKeyUsage = ${usage}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
  ];
  if (san !== undefined) extLines.push(`subjectAltName = ${san}`);
  writeFileSync(ext, ['[v3]', ...extLines, ''].join('\n'));
  newKey(pair.key, dir);
  openssl(['req', '-new', '-key', pair.key, '-out', csr, '-subj', `/CN=${cn}`], dir);
  openssl(
    ['x509', '-req', '-in', csr, '-CA', signer.cert, '-CAkey', signer.key, '-set_serial', serial(), '-days', DAYS,
      '-extfile', ext, '-extensions', 'v3', '-out', pair.cert],
    dir,
  );
  return pair;
}

/** A random serial: two certificates from one CA must never share one (no serial file needed). */
function serial(): string {
  return `0x${randomBytes(16).toString('hex')}`;
}

/** Writes the whole test PKI into `dir` (created if missing) and returns the file paths. */
export function makeCerts(dir: string): TestCerts {
  mkdirSync(dir, { recursive: true });
  const ca = makeCa(dir, 'ca', 'winston-rfc5424 test CA');
  const otherCa = makeCa(dir, 'other-ca', 'unrelated test CA');
  const localhostSan = 'DNS:localhost, IP:127.0.0.1, IP:::1';
  const clientName = CLIENT_NAME;
  return {
    dir,
    ca,
    otherCa,
    server: makeLeaf(dir, 'server', ca, 'localhost', 'serverAuth', localhostSan),
    clientName,
    client: makeLeaf(dir, 'client', ca, clientName, 'clientAuth', `DNS:${clientName}`),
    untrustedServer: makeLeaf(dir, 'untrusted-server', otherCa, 'localhost', 'serverAuth', localhostSan),
    untrustedClient: makeLeaf(dir, 'untrusted-client', otherCa, clientName, 'clientAuth', `DNS:${clientName}`),
    wrongNameServer: makeLeaf(dir, 'wrong-name-server', ca, 'wrong.example', 'serverAuth', 'DNS:wrong.example'),
  };
}
