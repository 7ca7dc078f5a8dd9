/**
 * A private rsyslogd running a GIVEN config file (e.g. one of the shipped files in rsyslog/), for
 * tests that must exercise that exact config rather than the harness's generated one (rsyslog.ts).
 * The caller says what "ready" means; this module only runs, waits for and stops the process.
 *
 *   const central = await startRsyslogdWithConfig({
 *     configFile: '/tmp/x/central.conf',
 *     env: { WINSTON_RFC5424_PREFIX: '/tmp/x/central' },
 *     ready: () => canConnect({ host: '127.0.0.1', port }),
 *   });
 *   await central.stop();   // SIGTERM, then wait for the exit
 *   await central.start();  // same config and environment again
 *
 * Every instance is stopped by the mocha root hook (hooks.ts) if a test leaves it running, and
 * killed by PID when the Node process exits (and by the kernel if Node is killed: setpriv).
 */
import { ChildProcess, execFileSync } from 'child_process';
import { isRunning, RSYSLOGD, RsyslogdChild, rsyslogdEnv, spawnRsyslogd, stopRsyslogd } from './rsyslogd-child';
import * as net from 'net';


export interface ConfiguredRsyslogdOptions {
  /** The config file rsyslogd runs; checked with `rsyslogd -N1` (same environment) before each start. */
  configFile: string;
  /** Added to the environment of rsyslogd and of the -N1 check (e.g. WINSTON_RFC5424_PREFIX). */
  env?: Record<string, string>;
  /** Default: `<configFile>.pid`. */
  pidFile?: string;
  /** Polled every 50 ms after each spawn; start() resolves once it returns true. */
  ready: () => Promise<boolean>;
  /** Default 15000. */
  readyTimeoutMs?: number;
  /** Grace after SIGTERM before SIGKILL. Default 15000. */
  stopTimeoutMs?: number;
}

export interface ConfiguredRsyslogd {
  /** PID of the current (or last) rsyslogd process. */
  readonly pid: number;
  readonly running: boolean;
  /** stdout+stderr of the current process (last 64 KiB). */
  output(): string;
  /** Starts the process again after stop(): same config, same environment. */
  start(): Promise<void>;
  /** Sends `signal` (default SIGTERM), SIGKILL after stopTimeoutMs; resolves when it exited. No-op when stopped. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** True when something accepts a connection on the Unix stream socket or TCP address. */
export function canConnect(target: { path: string } | { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(target as net.NetConnectOpts);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const live = new Set<Instance>();

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class Instance implements ConfiguredRsyslogd {
  private spawned: RsyslogdChild | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly pidFile: string;

  constructor(private readonly options: ConfiguredRsyslogdOptions) {
    this.env = rsyslogdEnv(options.env);
    this.pidFile = options.pidFile ?? `${options.configFile}.pid`;
  }

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('rsyslogd was never spawned');
    return pid;
  }

  get running(): boolean {
    return isRunning(this.spawned);
  }

  private get child(): ChildProcess | undefined {
    return this.spawned?.child;
  }

  output(): string {
    return this.spawned?.output() ?? '';
  }

  private check(): void {
    try {
      execFileSync(RSYSLOGD, ['-N1', '-f', this.options.configFile], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const e = error as Error & { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`rsyslogd -N1 -f ${this.options.configFile} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}${e.message}`);
    }
  }

  private spawn(): void {
    this.spawned = spawnRsyslogd({ configFile: this.options.configFile, pidFile: this.pidFile, env: this.env });
    live.add(this);
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`rsyslogd (pid ${this.pid}) is already running`);
    this.check();
    this.spawn();
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 15000);
    try {
      while (!(await this.options.ready())) {
        if (!this.running) throw new Error(`rsyslogd exited during start:\n${this.output()}`);
        if (Date.now() > deadline) throw new Error(`rsyslogd (pid ${this.child?.pid}) not ready in time:\n${this.output()}`);
        await delay(50);
      }
    } catch (error) {
      await this.stop('SIGKILL');
      throw error;
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.spawned) await stopRsyslogd(this.spawned, signal, this.options.stopTimeoutMs ?? 15000);
    live.delete(this);
  }

  /** Synchronous last resort for process 'exit'. */
  killNow(): void {
    const pid = this.child?.pid;
    if (pid !== undefined && this.running) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** Validates the config (rsyslogd -N1), spawns rsyslogd -n and resolves once `ready` says so. */
export async function startRsyslogdWithConfig(options: ConfiguredRsyslogdOptions): Promise<ConfiguredRsyslogd> {
  const instance = new Instance(options);
  await instance.start();
  return instance;
}

/** Stops every instance still running (mocha root hook). */
export async function stopAllConfiguredRsyslogds(): Promise<void> {
  await Promise.all([...live].map((instance) => instance.stop()));
}

process.once('exit', () => {
  for (const instance of live) instance.killNow();
  live.clear();
});
