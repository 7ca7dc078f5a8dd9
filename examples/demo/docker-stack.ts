/**
 * rsyslogd in a container: the `rsyslog` service of docker-compose.yml (`--docker`, started and
 * removed here), or one that already runs next to this process (`--external`, the compose `app`
 * service). Either way its sockets and files are in bind-mounted directories, and rotations are
 * requested through the socket directory (see examples/docker/rsyslog-demo-entrypoint.sh).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { onCleanup } from './cleanup';
import type { SyslogDaemon } from './daemon';
import { composeCommand } from './prerequisites';
import { requestRotator, ROTATOR_READY } from './rotate';

export const REPO_DIR = join(__dirname, '..', '..', '..');
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tailOf(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

async function waitForRotator(socketDir: string, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(join(socketDir, ROTATOR_READY))) {
    if (Date.now() > deadline) {
      throw new Error(`${what}: no ${join(socketDir, ROTATOR_READY)} after ${timeoutMs / 1000} s: the rsyslog container is not ready`);
    }
    await delay(100);
  }
}

/** `--external`: rsyslogd runs in another container whose directories are mounted here. */
export async function attachExternalRsyslog(socketDir: string, logDir: string): Promise<SyslogDaemon> {
  await waitForRotator(socketDir, 60000, 'external rsyslogd');
  return {
    description: `rsyslogd of the compose "rsyslog" service (sockets ${socketDir}, files ${logDir})`,
    socketDir,
    logDir,
    port: 514,
    relpPort: 2514,
    rotator: requestRotator(socketDir),
    // Not ours to stop: the scenario waits until every record is in the files instead.
    finish: async () => undefined,
    close: async () => undefined,
    internalLogTail: () => tailOf(join(logDir, '_rsyslogd.log')),
  };
}

function run(cmd: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // Compose's own progress goes to the user's terminal (stderr), the report stays on stdout.
    const child = spawn(cmd[0], cmd.slice(1), { cwd: REPO_DIR, env, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd.join(' ')} exited with ${code}`))));
  });
}

/** `--docker`: builds and starts the compose `rsyslog` service with its directories under workDir. */
export async function startComposeRsyslog(workDir: string): Promise<SyslogDaemon> {
  const compose = [...composeCommand(), '-p', process.env['COMPOSE_PROJECT_NAME'] ?? 'winston-rfc5424-demo', '-f', join(REPO_DIR, 'docker-compose.yml')];
  const socketDir = join(workDir, 'run');
  const logDir = join(workDir, 'logs');
  // Created here so they belong to the user (Docker would create missing ones as root).
  await mkdir(socketDir, { recursive: true });
  await mkdir(logDir, { recursive: true });
  const env = { ...process.env, WINSTON_RFC5424_DEMO_DIR: workDir };

  let closed = false;
  const down = [...compose, 'down', '--volumes', '--remove-orphans', '--timeout', '20'];
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await run(down, env);
  };
  const unregister = onCleanup('docker compose down', close, () => {
    if (!closed) spawnSync(down[0], down.slice(1), { cwd: REPO_DIR, env, stdio: 'ignore', timeout: 60000 });
  });
  try {
    process.stderr.write(`demo: ${compose.join(' ')} up -d --build rsyslog\n`);
    await run([...compose, 'up', '-d', '--build', 'rsyslog'], env);
    await waitForRotator(socketDir, 60000, 'docker compose rsyslog');
  } catch (err) {
    await close().catch(() => undefined);
    unregister();
    throw err;
  }
  let finished = false;
  return {
    description: `rsyslogd in the compose "rsyslog" container (sockets ${socketDir}, files ${logDir})`,
    socketDir,
    logDir,
    port: 514,
    relpPort: 2514,
    rotator: requestRotator(socketDir),
    async finish() {
      if (finished) return;
      finished = true;
      // docker stop = SIGTERM: rsyslogd writes everything it holds before it exits.
      await run([...compose, 'stop', '--timeout', '20', 'rsyslog'], env);
    },
    async close() {
      await close();
      unregister();
    },
    internalLogTail: () => tailOf(join(logDir, '_rsyslogd.log')),
  };
}
