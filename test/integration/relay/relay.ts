/**
 * An edge and a central rsyslogd running the SHIPPED configuration, side by side on loopback:
 *
 *   edge    = rsyslog/rsyslog.conf + rsyslog/forward.conf in <edge>/etc/winston-rfc5424/ruleset.d/
 *   central = rsyslog/central.conf
 *
 * Each gets its own WINSTON_RFC5424_PREFIX under one temp dir, so their sockets, files and queue
 * spools never meet. The only edit to a shipped file is the one rsyslog/test-config.sh also makes:
 * rsyslog.conf's loopback listeners on port 514 move to free ports (514 may be taken, and two
 * tests must not share it). The hop from edge to central is chosen the way the comments of
 * forward.conf and central.conf tell users to: 'tcp' (octet-counted, the files as shipped), 'tls'
 * (`#@tls ` lines switched on in both), 'relp' (`#@tcp` lines deleted and `#@relp ` lines switched
 * on in forward.conf, the RELP input switched on in central.conf).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { makeCerts } from '../../helpers/certs';
import { freeTcpPort, freeUdpPort } from '../../helpers/free-port';
import { canConnect, ConfiguredRsyslogd, startRsyslogdWithConfig } from '../../helpers/rsyslogd-process';
import { countLines, listLogs } from './log-files';

/** rsyslog/ in the source tree (this file runs from build/test/integration/relay/). */
export const RSYSLOG_DIR = join(__dirname, '..', '..', '..', '..', 'rsyslog');

export type Hop = 'tcp' | 'tls' | 'relp';

export interface Relay {
  dir: string;
  hop: Hop;
  edge: ConfiguredRsyslogd;
  central: ConfiguredRsyslogd;
  /** Where winston-rfc5424 logs to on the edge. */
  edgeDgramPath: string;
  edgeStreamPath: string;
  /** The per-app files on the edge (/var/log/apps/*.log), its own _rsyslogd.log excluded. */
  edgeFiles(): string[];
  /** The per-host/per-app files at the central (/var/log/central/<host>/<app>.log). */
  centralFiles(): string[];
  /** The edge's forward queue files in its spool directory (winston-rfc5424-forward-q.*). */
  forwardQueueFiles(): string[];
  edgeInternalLog(): string;
  centralInternalLog(): string;
  /** Lines in the given files (complete lines only). */
  countLines(files: string[]): Promise<number>;
  /** Stops both (SIGTERM) and removes the temp dir unless KEEP_RSYSLOG_DIR is set. */
  stop(): Promise<void>;
}

function keepDir(): boolean {
  const v = process.env['KEEP_RSYSLOG_DIR'];
  return v !== undefined && v !== '' && v !== '0';
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** rsyslog's RELP modules come in their own Debian package. */
function requireRelp(): void {
  const dirs = ['/usr/lib/x86_64-linux-gnu/rsyslog', '/usr/lib/aarch64-linux-gnu/rsyslog', '/usr/lib/rsyslog'];
  if (!dirs.some((d) => existsSync(join(d, 'imrelp.so')))) {
    throw new Error('rsyslog RELP modules missing: apt-get install rsyslog-relp');
  }
}

export interface RelayOptions {
  /** For hop 'tls': which certificate the central presents. Default 'valid' (CN=localhost, signed by the CA). */
  centralCert?: 'valid' | 'wrong-name';
}

export async function startRelay(hop: Hop = 'tcp', options: RelayOptions = {}): Promise<Relay> {
  if (hop === 'relp') requireRelp();
  const dir = mkdtempSync(join(tmpdir(), 'relay-'));
  try {
    return await startIn(dir, hop, options);
  } catch (error) {
    if (keepDir()) (error as Error).message += `\n(kept ${dir})`;
    else rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(dir: string, hop: Hop, options: RelayOptions): Promise<Relay> {
  const edgePrefix = join(dir, 'edge');
  const centralPrefix = join(dir, 'central');
  const forwardConf = (text: string): string => {
    if (hop === 'tls') return text.replace(/^#@tls /gm, '');
    if (hop === 'relp') return text.replace(/^.*#@tcp\n/gm, '').replace(/^#@relp /gm, '');
    return text;
  };
  const centralConf = (text: string): string => {
    if (hop === 'tls') return text.replace(/^#@tls /gm, '');
    if (hop === 'relp') return text.replace(/^#@relp /gm, '');
    return text;
  };

  for (const prefix of [edgePrefix, centralPrefix]) {
    mkdirSync(join(prefix, 'var', 'spool', 'rsyslog'), { recursive: true });
  }
  const ruleset = join(edgePrefix, 'etc', 'winston-rfc5424', 'ruleset.d');
  mkdirSync(ruleset, { recursive: true });
  const forward = forwardConf(readFileSync(join(RSYSLOG_DIR, 'forward.conf'), 'utf8'));
  const wanted = hop === 'relp' ? 'type="omrelp"' : 'type="omfwd"';
  if (!forward.includes(wanted) || (hop === 'relp' && forward.includes('type="omfwd"'))) {
    throw new Error(`forward.conf: the ${hop} lines are not where this test expects them`);
  }
  writeFileSync(join(ruleset, 'forward.conf'), forward);

  const tcp514 = await freeTcpPort('127.0.0.1');
  const udp514 = await freeUdpPort('127.0.0.1');
  const edgeConf = readFileSync(join(RSYSLOG_DIR, 'rsyslog.conf'), 'utf8')
    .replace(/(type="imudp"[^)]*?)Port="514"/, `$1Port="${udp514}"`)
    .replace(/(type="imptcp"[^)]*?)Port="514"/, `$1Port="${tcp514}"`)
    .replace(/(type="imrelp"[^)]*?)Port="2514"/, `$1Port="${await freeTcpPort('127.0.0.1')}"`);
  if (edgeConf.includes('Port="514"')) throw new Error('rsyslog.conf: a Port="514" was not moved to a free port');
  writeFileSync(join(dir, 'edge.conf'), edgeConf);
  writeFileSync(join(dir, 'central.conf'), centralConf(readFileSync(join(RSYSLOG_DIR, 'central.conf'), 'utf8')));

  const centralPort = await freeTcpPort('127.0.0.1');
  const centralEnv: Record<string, string> = {
    WINSTON_RFC5424_PREFIX: centralPrefix,
    WINSTON_RFC5424_CENTRAL_ADDRESS: '127.0.0.1',
    WINSTON_RFC5424_CENTRAL_PORT: String(centralPort),
  };
  const edgeEnv: Record<string, string> = {
    WINSTON_RFC5424_PREFIX: edgePrefix,
    WINSTON_RFC5424_CENTRAL_HOST: '127.0.0.1',
    WINSTON_RFC5424_CENTRAL_PORT: String(centralPort),
  };
  let readyPort = centralPort;
  if (hop === 'relp') {
    const relpPort = await freeTcpPort('127.0.0.1');
    centralEnv['WINSTON_RFC5424_CENTRAL_RELP_PORT'] = String(relpPort);
    edgeEnv['WINSTON_RFC5424_CENTRAL_PORT'] = String(relpPort);
    readyPort = relpPort;
  }
  if (hop === 'tls') {
    const certs = makeCerts(join(dir, 'certs'));
    const tlsPort = await freeTcpPort('127.0.0.1');
    centralEnv['WINSTON_RFC5424_CENTRAL_TLS_PORT'] = String(tlsPort);
    edgeEnv['WINSTON_RFC5424_CENTRAL_PORT'] = String(tlsPort);
    // The test server certificate is issued to CN=localhost.
    edgeEnv['WINSTON_RFC5424_CENTRAL_TLS_NAME'] = 'localhost';
    const centralTls = join(centralPrefix, 'etc', 'winston-rfc5424', 'tls');
    const edgeTls = join(edgePrefix, 'etc', 'winston-rfc5424', 'tls');
    mkdirSync(centralTls, { recursive: true });
    mkdirSync(edgeTls, { recursive: true });
    copyFileSync(certs.ca.cert, join(centralTls, 'ca.pem'));
    const server = options.centralCert === 'wrong-name' ? certs.wrongNameServer : certs.server;
    copyFileSync(server.cert, join(centralTls, 'central-cert.pem'));
    copyFileSync(server.key, join(centralTls, 'central-key.pem'));
    copyFileSync(certs.ca.cert, join(edgeTls, 'ca.pem'));
    readyPort = tlsPort;
  }

  const edgeDgramPath = join(edgePrefix, 'run', 'winston-rfc5424', 'log.sock');
  const edgeStreamPath = join(edgePrefix, 'run', 'winston-rfc5424', 'stream.sock');
  const started: ConfiguredRsyslogd[] = [];
  try {
    const central = await startRsyslogdWithConfig({
      configFile: join(dir, 'central.conf'),
      env: centralEnv,
      ready: () => canConnect({ host: '127.0.0.1', port: readyPort }),
    });
    started.push(central);
    const edge = await startRsyslogdWithConfig({
      configFile: join(dir, 'edge.conf'),
      env: edgeEnv,
      // imuxsock opens log.sock first, imptcp stream.sock after it (rsyslog.conf's module order).
      ready: () => canConnect({ path: edgeStreamPath }),
    });
    started.push(edge);
    return {
      dir,
      hop,
      edge,
      central,
      edgeDgramPath,
      edgeStreamPath,
      edgeFiles: () => listLogs(join(edgePrefix, 'var', 'log', 'apps'), 0),
      centralFiles: () => listLogs(join(centralPrefix, 'var', 'log', 'central'), 1),
      forwardQueueFiles: () =>
        readdirSync(join(edgePrefix, 'var', 'spool', 'rsyslog'))
          .filter((name) => name.startsWith('winston-rfc5424-forward-q'))
          .sort(),
      edgeInternalLog: () => readIfExists(join(edgePrefix, 'var', 'log', 'apps', '_rsyslogd.log')),
      centralInternalLog: () => readIfExists(join(centralPrefix, 'var', 'log', 'central', '_rsyslogd.log')),
      countLines,
      async stop() {
        await Promise.all([edge.stop(), central.stop()]);
        if (keepDir()) process.stderr.write(`KEEP_RSYSLOG_DIR: kept ${dir}\n`);
        else rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(started.map((p) => p.stop()));
    throw error;
  }
}
