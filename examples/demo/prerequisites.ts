/** Finds the programs the demo needs, or says exactly what to install. Nothing is started here. */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { DaemonMode, DemoProtocol } from './options';

export class MissingPrerequisite extends Error {}

/** The directories rsyslogd and logrotate live in on Debian, Fedora and Alpine, which a user's PATH may lack. */
const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

export function findProgram(name: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

const INSTALL_HINT = `  Debian/Ubuntu:  sudo apt-get install rsyslog rsyslog-relp logrotate
  Fedora/RHEL:    sudo dnf install rsyslog rsyslog-relp logrotate
  Alpine:         sudo apk add rsyslog rsyslog-relp logrotate
(The demo runs its own rsyslogd with rsyslog/rsyslog.conf in a temporary directory; the system's
syslog service is not touched and need not run.) Without installing them: npm run demo -- --docker`;

export interface LocalTools {
  rsyslogd: string;
  logrotate: string;
  /** util-linux setpriv: lets the kernel kill rsyslogd if the demo itself is killed. */
  setpriv?: string;
}

export function localTools(): LocalTools {
  const rsyslogd = findProgram('rsyslogd');
  const logrotate = findProgram('logrotate');
  const missing = [rsyslogd ? undefined : 'rsyslogd', logrotate ? undefined : 'logrotate'].filter(Boolean);
  if (missing.length > 0) {
    throw new MissingPrerequisite(`the demo needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed:\n${INSTALL_HINT}`);
  }
  return { rsyslogd: rsyslogd as string, logrotate: logrotate as string, setpriv: findProgram('setpriv') };
}

/** protocol 'unix' needs the optional native addon; say so before forking anything. */
export function checkProtocol(protocol: DemoProtocol): void {
  if (protocol !== 'unix') return;
  try {
    require('unix-dgram');
  } catch (err) {
    throw new MissingPrerequisite(
      `protocol "unix" needs the optional package unix-dgram, which did not load (${(err as Error).message}).\n` +
        '  Install it with: npm install unix-dgram   (it builds a native addon: needs python3, make and g++)\n' +
        '  or run the demo over the Unix stream socket instead: npm run demo -- --protocol unix-stream',
    );
  }
}

/** `docker compose` (v2) when the plugin is there, else docker-compose (v1). */
export function composeCommand(): string[] {
  const docker = findProgram('docker');
  if (docker && spawnSync(docker, ['compose', 'version'], { stdio: 'ignore' }).status === 0) return [docker, 'compose'];
  const v1 = findProgram('docker-compose');
  if (v1 && spawnSync(v1, ['version'], { stdio: 'ignore' }).status === 0) return [v1];
  throw new MissingPrerequisite(
    '--docker needs Docker with Compose ("docker compose" or docker-compose):\n' +
      '  Debian/Ubuntu:  sudo apt-get install docker.io docker-compose\n' +
      '  or Docker Engine with the compose plugin: https://docs.docker.com/engine/install/\n' +
      'Without Docker: install rsyslog and logrotate and run npm run demo',
  );
}

export function checkPrerequisites(mode: DaemonMode, protocol: DemoProtocol): void {
  checkProtocol(protocol);
  if (mode === 'local') localTools();
  if (mode === 'docker') composeCommand();
}
