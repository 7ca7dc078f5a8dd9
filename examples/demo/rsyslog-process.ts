/**
 * A private rsyslogd with the project's rsyslog/rsyslog.conf, run under a temporary
 * WINSTON_RFC5424_PREFIX exactly as the comments in rsyslog.conf describe. The only edit to the
 * shipped file: port 514 becomes a free port, so the demo neither needs root for it nor collides
 * with a system syslog. logrotate.conf gets its paths moved under the prefix, and keeps more files
 * (the verifier must see every record, so rotation must not delete any during the demo).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { onCleanup } from './cleanup';
import type { SyslogDaemon } from './daemon';
import type { LocalTools } from './prerequisites';
import { logrotateRotator } from './rotate';

/** rsyslog/ in the repository, from build/examples/demo/. */
export const RSYSLOG_DIR = join(__dirname, '..', '..', '..', 'rsyslog');
/** How many rotated files logrotate keeps in the demo (rsyslog/logrotate.conf: 14). */
export const DEMO_ROTATE_KEEP = 1000;

const OUTPUT_LIMIT = 16 * 1024;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port free on 127.0.0.1 for both TCP and UDP (rsyslog.conf uses one number for both). */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const server: Server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
    const udp = createSocket('udp4');
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    udp.close();
    await new Promise((resolve) => server.close(resolve));
    if (udpFree) return port;
  }
  throw new Error('no port free for both TCP and UDP on 127.0.0.1');
}

/** The demo's logrotate.conf: the shipped one with its paths under `logDir` and DEMO_ROTATE_KEEP files kept. */
export function demoLogrotateConf(shipped: string, logDir: string): string {
  const moved = shipped.replace(/\/var\/log\/apps\//g, `${logDir}/`);
  const kept = moved.replace(/^(\s*)rotate \d+$/m, `$1rotate ${DEMO_ROTATE_KEEP}`);
  if (moved === shipped || kept === moved) {
    throw new Error('rsyslog/logrotate.conf no longer has "/var/log/apps/" paths and a "rotate N" line: update examples/demo/rsyslog-process.ts');
  }
  return kept;
}

export interface LocalRsyslogOptions {
  tools: LocalTools;
  /** The demo's temporary directory; rsyslogd's prefix is <workDir>/root. */
  workDir: string;
}

export async function startLocalRsyslog({ tools, workDir }: LocalRsyslogOptions): Promise<SyslogDaemon> {
  const prefix = join(workDir, 'root');
  const socketDir = join(prefix, 'run', 'winston-rfc5424');
  const logDir = join(prefix, 'var', 'log', 'apps');
  const pidFile = join(prefix, 'run', 'rsyslogd-winston-rfc5424.pid');
  // rsyslog.conf's workDirectory: rsyslogd creates the socket and log directories, not this one.
  await mkdir(join(prefix, 'var', 'spool', 'rsyslog'), { recursive: true });

  const port = await freePort();
  const relpPort = await freePort();
  const shipped = await readFile(join(RSYSLOG_DIR, 'rsyslog.conf'), 'utf8');
  const conf = join(workDir, 'rsyslog.conf');
  await writeFile(conf, shipped.replace(/Port="514"/g, `Port="${port}"`).replace(/Port="2514"/g, `Port="${relpPort}"`));
  const rotateConf = join(workDir, 'logrotate.conf');
  await writeFile(rotateConf, demoLogrotateConf(await readFile(join(RSYSLOG_DIR, 'logrotate.conf'), 'utf8'), logDir), { mode: 0o644 });

  const env: NodeJS.ProcessEnv = { ...process.env, WINSTON_RFC5424_PREFIX: prefix };
  // With systemd support compiled in, rsyslogd -n would notify or adopt the caller's service manager.
  delete env['NOTIFY_SOCKET'];
  delete env['LISTEN_FDS'];
  delete env['LISTEN_PID'];
  try {
    execFileSync(tools.rsyslogd, ['-N1', '-f', conf], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`rsyslogd -N1 rejected ${conf}:\n${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? e.message}`);
  }

  const args = ['-n', '-f', conf, '-i', pidFile];
  // setpriv --pdeathsig: the kernel SIGKILLs rsyslogd if the demo dies without cleaning up.
  const [cmd, argv] = tools.setpriv ? [tools.setpriv, ['--pdeathsig', 'KILL', '--', tools.rsyslogd, ...args]] : [tools.rsyslogd, args];
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  let child!: ChildProcess;
  let exited!: Promise<void>;
  const spawnRsyslogd = (): void => {
    child = spawn(cmd, argv, { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const current = child;
    exited = new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.once('error', (err) => {
        collect(Buffer.from(`spawn ${cmd}: ${err.message}\n`));
        resolve();
      });
    });
  };
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;

  let closing: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (closing ??= (async () => {
      if (!alive()) return;
      // SIGTERM: rsyslogd writes what it holds (or saves its queue) and removes its sockets.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
      await exited;
      clearTimeout(timer);
    })());
  const unregister = onCleanup('stop rsyslogd', () => stop(), () => {
    if (alive()) child.kill('SIGKILL');
  });

  const internalLog = join(logDir, '_rsyslogd.log');
  const internalLogTail = (): string => {
    try {
      return readFileSync(internalLog, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  };

  // Ready when the pid file and both Unix sockets exist (the network listeners follow at once;
  // the scenario's probe record proves the chosen input end to end).
  const waitReady = async (): Promise<void> => {
    const deadline = Date.now() + 15000;
    while (!(existsSync(pidFile) && existsSync(join(socketDir, 'log.sock')) && existsSync(join(socketDir, 'stream.sock')))) {
      if (!alive()) {
        await stop();
        unregister();
        throw new Error(`rsyslogd exited during start (code ${child.exitCode}, signal ${child.signalCode}):\n${output}${internalLogTail()}`);
      }
      if (Date.now() > deadline) {
        await stop();
        unregister();
        throw new Error(`rsyslogd did not create its sockets in ${socketDir} within 15 s:\n${output}${internalLogTail()}`);
      }
      await delay(50);
    }
  };
  spawnRsyslogd();
  await waitReady();

  /** --kill-daemon: a crash, as the kernel's OOM killer or a `kill -9` does it, then a restart. */
  const killAndRestart = async (): Promise<void> => {
    if (!alive()) return;
    child.kill('SIGKILL');
    await exited;
    // A killed rsyslogd leaves its pid file (and sockets, which Unlink="on" replaces).
    rmSync(pidFile, { force: true });
    spawnRsyslogd();
    await waitReady();
  };

  const version = /rsyslogd\s+(\S+)/.exec(execFileSync(tools.rsyslogd, ['-v'], { encoding: 'utf8' }))?.[1] ?? '';
  return {
    description: `rsyslogd ${version.replace(/,$/, '')} (pid ${child.pid}) with rsyslog/rsyslog.conf under ${prefix}`,
    socketDir,
    logDir,
    port,
    relpPort,
    killAndRestart,
    rotator: logrotateRotator(tools.logrotate, rotateConf, join(workDir, 'logrotate.state'), env),
    finish: stop,
    async close() {
      await stop();
      unregister();
    },
    internalLogTail,
  };
}
