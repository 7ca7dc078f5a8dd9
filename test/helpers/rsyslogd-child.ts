/** Spawning and stopping one rsyslogd -n process: shared by the generated-config harness and the given-config runner. */
import { ChildProcess, spawn } from 'child_process';
import { existsSync, unlinkSync } from 'fs';

export const RSYSLOGD = process.env['RSYSLOGD'] ?? (existsSync('/usr/sbin/rsyslogd') ? '/usr/sbin/rsyslogd' : 'rsyslogd');
/** Makes the kernel SIGKILL rsyslogd when the Node process dies, even by SIGKILL. */
const SETPRIV = existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : undefined;
const OUTPUT_LIMIT = 64 * 1024;

/** The environment for rsyslogd, with `extra` added and systemd's variables removed. */
export function rsyslogdEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // With systemd support compiled in, rsyslogd -n would sd_notify() the test runner's service
  // manager, or adopt its socket-activation fds.
  delete env['NOTIFY_SOCKET'];
  delete env['LISTEN_FDS'];
  delete env['LISTEN_PID'];
  return env;
}

export interface RsyslogdChild {
  readonly child: ChildProcess;
  /** Resolves when the process exited (or could not be spawned). */
  readonly exited: Promise<void>;
  /** stdout+stderr so far (last 64 KiB). */
  output(): string;
}

export function spawnRsyslogd(options: { configFile: string; pidFile: string; env: NodeJS.ProcessEnv; cwd?: string }): RsyslogdChild {
  // A pid file left by a SIGKILLed process could name a live, unrelated PID by now.
  if (existsSync(options.pidFile)) unlinkSync(options.pidFile);
  const args = ['-n', '-f', options.configFile, '-i', options.pidFile];
  const [cmd, argv] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', RSYSLOGD, ...args]] : [RSYSLOGD, args];
  const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const collect = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      collect(Buffer.from(`spawn ${cmd} failed: ${error.message}\n`));
      resolve();
    });
  });
  return { child, exited, output: () => out };
}

/** Whether a process with this PID exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function isRunning(spawned: RsyslogdChild | undefined): boolean {
  return spawned !== undefined && spawned.child.exitCode === null && spawned.child.signalCode === null;
}

/** Sends `signal`, then SIGKILL after `timeoutMs`; resolves once the process is gone. */
export async function stopRsyslogd(spawned: RsyslogdChild, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (!isRunning(spawned)) return;
  spawned.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    spawned.exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    spawned.child.kill('SIGKILL');
    await spawned.exited;
  }
}
