/**
 * A central rsyslogd running the SHIPPED rsyslog/central.conf with its RELP input switched on the
 * way its comments tell users to (`#@relp ` prefixes removed), with no edge in front: applications
 * speak RELP straight to it. Loopback only, files under a temp WINSTON_RFC5424_PREFIX.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freeTcpPort } from '../../helpers/free-port';
import { canConnect, ConfiguredRsyslogd, startRsyslogdWithConfig } from '../../helpers/rsyslogd-process';
import { countLines, listLogs } from './log-files';
import { RSYSLOG_DIR } from './relay';

export interface RelpCentral {
  dir: string;
  relpPort: number;
  central: ConfiguredRsyslogd;
  /** The per-host/per-app files (/var/log/central/<host>/<app>.log). */
  files(): string[];
  /** Complete lines in those files. */
  count(): Promise<number>;
  /** The central's own messages (_rsyslogd.log). */
  internalLog(): string;
  /** Stops rsyslogd (SIGTERM) and removes the temp dir unless KEEP_RSYSLOG_DIR is set. */
  stop(): Promise<void>;
}

export async function startRelpCentral(): Promise<RelpCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'relp-central-'));
  const keep = !['', '0', undefined].includes(process.env['KEEP_RSYSLOG_DIR']);
  try {
    const prefix = join(dir, 'central');
    mkdirSync(join(prefix, 'var', 'spool', 'rsyslog'), { recursive: true });
    const conf = readFileSync(join(RSYSLOG_DIR, 'central.conf'), 'utf8').replace(/^#@relp /gm, '');
    if (!/type="imrelp"[\s\S]*Ruleset="winston-rfc5424-central-relp"/.test(conf) || !conf.includes('queue.type="Direct"')) {
      throw new Error('central.conf: the RELP lines are not where this test expects them');
    }
    // RELP_CENTRAL_RULESET=queued measures what the input lost with the queued ruleset it had before
    const queued = process.env['RELP_CENTRAL_RULESET'] === 'queued';
    writeFileSync(
      join(dir, 'central.conf'),
      queued ? conf.replace('Ruleset="winston-rfc5424-central-relp"', 'Ruleset="winston-rfc5424-central"') : conf,
    );
    const relpPort = await freeTcpPort('127.0.0.1');
    const central = await startRsyslogdWithConfig({
      configFile: join(dir, 'central.conf'),
      env: {
        WINSTON_RFC5424_PREFIX: prefix,
        WINSTON_RFC5424_CENTRAL_ADDRESS: '127.0.0.1',
        WINSTON_RFC5424_CENTRAL_PORT: String(await freeTcpPort('127.0.0.1')),
        WINSTON_RFC5424_CENTRAL_RELP_PORT: String(relpPort),
      },
      ready: () => canConnect({ host: '127.0.0.1', port: relpPort }),
    });
    const logDir = join(prefix, 'var', 'log', 'central');
    const files = (): string[] => listLogs(logDir, 1);
    return {
      dir,
      relpPort,
      central,
      files,
      count: () => countLines(files()),
      internalLog: () => {
        try {
          return readFileSync(join(logDir, '_rsyslogd.log'), 'utf8');
        } catch {
          return '';
        }
      },
      async stop() {
        await central.stop();
        if (keep) process.stderr.write(`KEEP_RSYSLOG_DIR: kept ${dir}\n`);
        else rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (keep) (error as Error).message += `\n(kept ${dir})`;
    else rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
