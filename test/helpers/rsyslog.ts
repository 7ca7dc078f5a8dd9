/**
 * A REAL private rsyslogd for integration tests: config from rsyslog-config.ts, one process per
 * instance in its own temp dir, ready only once every requested input has delivered a probe.
 *
 *   const rs = await startRsyslog({ unixDgram: true, tcp: true });
 *   ... send to rs.unixDgramPath / 127.0.0.1:rs.tcpPort ...
 *   const [record] = await rs.waitForCount(1);
 *   await rs.stop();
 *
 * Every instance is also stopped by the mocha root hook in hooks.ts and, as a last resort, killed
 * by PID when the Node process exits (and by the kernel if Node is killed: see spawnRsyslogd).
 */
import { ChildProcess, execFileSync } from 'child_process';
import { isAlive, isRunning, RSYSLOGD, RsyslogdChild, rsyslogdEnv, spawnRsyslogd, stopRsyslogd } from './rsyslogd-child';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { FileHandle, open, readFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type { ConnectionOptions } from 'tls';
import { makeCerts, TestCerts } from './certs';
import { freeTcpPort, freeUdpPort } from './free-port';
import {
  FILES,
  InputKind,
  LoopbackAddress,
  ParsedRecordJson,
  PROBE_APP_NAME,
  renderRsyslogConfig,
  RsyslogConfigSpec,
  TlsAuthMode,
} from './rsyslog-config';
import { sendFramed, sendRelp, sendUdp, sendUnixDgram } from './send';

export type { ParsedRecordJson, TlsAuthMode, LoopbackAddress, InputKind } from './rsyslog-config';
export { INPUT_NAMES, PROBE_APP_NAME } from './rsyslog-config';

export interface TlsInputOptions {
  /** Default '127.0.0.1'. */
  address?: LoopbackAddress;
  /** Default 'anon' (server-authenticated TLS only). 'x509/certvalid' = mutual TLS. */
  authMode?: TlsAuthMode;
  /** For 'x509/name'. Default: the CN of certs.client. */
  permittedPeers?: string[];
  /** Which certificate rsyslog presents. Default 'valid' (CN=localhost signed by certs.ca). */
  serverCert?: 'valid' | 'wrong-name' | 'untrusted';
  /** Default: a fresh PKI from makeCerts() in `<dir>/certs`. */
  certs?: TestCerts;
}

export interface RelpTlsInputOptions {
  /**
   * Default 'certvalid': the client certificate must be signed by certs.ca; 'name' also checks
   * permittedPeers. (imrelp's own default, with no tls.authMode, is fingerprint matching: every
   * client was refused with "non-permited fingerprint". It asks every TLS client for a certificate.)
   */
  authMode?: 'certvalid' | 'name';
  /** For 'name'. Default: the CN of certs.client. */
  permittedPeers?: string[];
  /** Which certificate rsyslog presents. Default 'valid' (CN=localhost signed by certs.ca). */
  serverCert?: 'valid' | 'wrong-name' | 'untrusted';
}

export interface RsyslogOptions {
  /** imrelp on 127.0.0.1, acknowledging a record once it is written (Direct queue); optionally over TLS. */
  relp?:
    | boolean
    | {
        tls?: boolean | RelpTlsInputOptions;
        /**
         * Queue of the RELP input's ruleset. Default 'Direct': the record is written before imrelp
         * acknowledges it. 'LinkedList' acknowledges records still in memory (for measurements).
         */
        queue?: 'Direct' | 'LinkedList';
      };
  udp?: boolean | { address?: LoopbackAddress; /** Default '4m'; null = kernel default. */ rcvbufSize?: string | null };
  tcp?: boolean | { address?: LoopbackAddress };
  tls?: boolean | TlsInputOptions;
  unixDgram?: boolean;
  unixStream?: boolean;
  /** Default '64k' (rsyslog's own default is 8k). */
  maxMessageSize?: string | number;
  /** How long start()/restart() wait for every input to deliver a probe. Default 15000. */
  readyTimeoutMs?: number;
  /** SIGTERM grace before SIGKILL. Default 15000 (rsyslog drains its queue for up to 10 s). */
  stopTimeoutMs?: number;
}

export interface WaitOptions {
  /** Default 10000. */
  timeoutMs?: number;
  /** Default 25. */
  intervalMs?: number;
}

export interface Rsyslog {
  /** The temp dir: rsyslog.conf, records.jsonl, records.log, internal.log, certs/, sockets. */
  readonly dir: string;
  /** The generated rsyslog.conf. */
  readonly config: string;
  /** PID of the current rsyslogd process (a new one after restart()). */
  readonly pid: number;
  /** False once the current process has exited. */
  readonly running: boolean;
  /** These throw when the input was not requested. Same values across restart(). */
  readonly udpPort: number;
  readonly udpAddress: LoopbackAddress;
  readonly tcpPort: number;
  readonly tlsPort: number;
  readonly relpPort: number;
  readonly unixDgramPath: string;
  readonly unixStreamPath: string;
  /** The PKI used by the TLS input (throws when tls was not requested). */
  readonly certs: TestCerts;
  /** tls.connect options that trust certs.ca and verify "localhost"; with the client cert if asked. */
  tlsClientOptions(options?: { clientCert?: boolean }): ConnectionOptions;
  /** Records parsed so far (probes excluded), in arrival order, across restarts. */
  records(): Promise<ParsedRecordJson[]>;
  /** Number of complete records so far, reading only what was appended since the last call. */
  countRecords(): Promise<number>;
  /** records.log: the same records as RFC 5424 lines, without the trailing LF. */
  rawLines(): Promise<string[]>;
  /** Polls (cheaply) until at least n records arrived; throws with the count that did on timeout. */
  waitForCount(n: number, options?: WaitOptions): Promise<ParsedRecordJson[]>;
  /** rsyslogd's own messages (internal.log), "" if none yet. */
  internalLog(): Promise<string>;
  /** stdout+stderr of the current rsyslogd process (last 64 KiB). */
  output(): string;
  /** SIGHUP: rsyslog reopens its output files (what logrotate's postrotate does). */
  hup(): void;
  /**
   * Stops the process (SIGTERM, or SIGKILL with kill: true to simulate a crash) and starts it
   * again with the same config, ports and socket paths; resolves when every input is ready again.
   */
  restart(options?: { kill?: boolean; /** Stay stopped this long before starting again. */ downMs?: number }): Promise<void>;
  /** SIGTERM, SIGKILL after stopTimeoutMs; removes the dir unless KEEP_RSYSLOG_DIR is set. Idempotent. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;
/** Unix socket paths longer than this fail to bind (sun_path is 108 bytes with the NUL). */
const MAX_SOCKET_PATH = 107;
const PORT_IN_USE = /Address already in use|Could not create (?:udp|tcp) listener|no listeners could be started/i;

const live = new Set<RsyslogInstance>();

class PortInUseError extends Error {}

function keepDir(): boolean {
  const v = process.env['KEEP_RSYSLOG_DIR'];
  return v !== undefined && v !== '' && v !== '0';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Complete lines only: rsyslog may be in the middle of writing the last one. */
function completeLines(text: string): string[] {
  const end = text.lastIndexOf('\n');
  return end < 0 ? [] : text.slice(0, end).split('\n');
}

function parseJsonLines(text: string, file: string): ParsedRecordJson[] {
  return completeLines(text).map((line, i) => {
    try {
      return JSON.parse(line) as ParsedRecordJson;
    } catch (error) {
      throw new Error(`${file} line ${i + 1} is not JSON (${(error as Error).message}): ${line}`);
    }
  });
}

function numbered(text: string): string {
  return text
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(3)}  ${line}`)
    .join('\n');
}

/** Throws rsyslogd's own diagnosis when the config does not validate. */
function checkConfig(confPath: string, config: string): void {
  try {
    execFileSync(RSYSLOGD, ['-N1', '-f', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: Buffer; stderr?: Buffer; status?: number | null };
    if (e.code === 'ENOENT') {
      throw new Error(`${RSYSLOGD} not found: apt-get install rsyslog rsyslog-gnutls (or set RSYSLOGD)`);
    }
    const said = `${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`;
    throw new Error(
      `rsyslogd -N1 rejected the generated config (exit ${e.status ?? '?'}):\n${said || e.message}\n` +
        `--- ${confPath}\n${numbered(config)}`,
    );
  }
}

interface Resolved {
  spec: RsyslogConfigSpec;
  certs?: TestCerts;
  tlsAuthMode?: TlsAuthMode;
}

async function resolveSpec(dir: string, options: RsyslogOptions, certs: TestCerts | undefined): Promise<Resolved> {
  const spec: RsyslogConfigSpec = { dir, maxMessageSize: options.maxMessageSize ?? '64k' };
  if (options.udp) {
    const o = options.udp === true ? {} : options.udp;
    const address = o.address ?? '127.0.0.1';
    spec.udp = { address, port: await freeUdpPort(address), rcvbufSize: o.rcvbufSize === undefined ? '4m' : o.rcvbufSize };
  }
  if (options.tcp) {
    const address = (options.tcp === true ? undefined : options.tcp.address) ?? '127.0.0.1';
    spec.tcp = { address, port: await freeTcpPort(address) };
  }
  let tlsAuthMode: TlsAuthMode | undefined;
  if (options.tls) {
    const o = options.tls === true ? {} : options.tls;
    certs = o.certs ?? certs ?? makeCerts(join(dir, 'certs'));
    const server = { valid: certs.server, 'wrong-name': certs.wrongNameServer, untrusted: certs.untrustedServer }[
      o.serverCert ?? 'valid'
    ];
    const address = o.address ?? '127.0.0.1';
    tlsAuthMode = o.authMode ?? 'anon';
    spec.tls = {
      address,
      port: await freeTcpPort(address),
      authMode: tlsAuthMode,
      permittedPeers: o.permittedPeers ?? [certs.clientName],
      caFile: certs.ca.cert,
      certFile: server.cert,
      keyFile: server.key,
    };
  }
  if (options.relp) {
    const o = options.relp === true ? {} : options.relp;
    spec.relp = { address: '127.0.0.1', port: await freeTcpPort('127.0.0.1'), queue: o.queue ?? 'Direct' };
    if (o.tls) {
      const t = o.tls === true ? {} : o.tls;
      certs = certs ?? makeCerts(join(dir, 'certs'));
      const server = { valid: certs.server, 'wrong-name': certs.wrongNameServer, untrusted: certs.untrustedServer }[
        t.serverCert ?? 'valid'
      ];
      spec.relp.tls = {
        authMode: t.authMode ?? 'certvalid',
        permittedPeers: t.permittedPeers ?? [certs.clientName],
        caFile: certs.ca.cert,
        certFile: server.cert,
        keyFile: server.key,
      };
    }
  }
  if (options.unixDgram) spec.unixDgramPath = join(dir, 'dgram.sock');
  if (options.unixStream) spec.unixStreamPath = join(dir, 'stream.sock');
  for (const path of [spec.unixDgramPath, spec.unixStreamPath]) {
    if (path !== undefined && Buffer.byteLength(path) > MAX_SOCKET_PATH) {
      throw new Error(`socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes: set TMPDIR to a shorter dir`);
    }
  }
  return { spec, certs, tlsAuthMode };
}

class RsyslogInstance implements Rsyslog {
  readonly dir: string;
  config = '';
  private spec!: RsyslogConfigSpec;
  private tlsAuthMode: TlsAuthMode | undefined;
  private certsValue: TestCerts | undefined;
  private spawned: RsyslogdChild | undefined;
  private stopping: Promise<void> | undefined;
  private launches = 0;
  private counted = { offset: 0, lines: 0 };
  private readonly readyTimeoutMs: number;
  private readonly stopTimeoutMs: number;

  constructor(private readonly options: RsyslogOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'rsyslog-'));
    this.readyTimeoutMs = options.readyTimeoutMs ?? 15000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15000;
  }

  // ---- configuration ----------------------------------------------------------------------

  async configure(): Promise<void> {
    const resolved = await resolveSpec(this.dir, this.options, this.certsValue);
    this.spec = resolved.spec;
    this.certsValue = resolved.certs;
    this.tlsAuthMode = resolved.tlsAuthMode;
    this.config = renderRsyslogConfig(this.spec);
    const confPath = join(this.dir, FILES.conf);
    writeFileSync(confPath, this.config);
    checkConfig(confPath, this.config);
  }

  private need<T>(value: T | undefined, input: string): T {
    if (value === undefined) throw new Error(`this rsyslog instance has no ${input} input: pass { ${input}: true }`);
    return value;
  }

  get udpPort(): number {
    return this.need(this.spec.udp, 'udp').port;
  }
  get udpAddress(): LoopbackAddress {
    return this.need(this.spec.udp, 'udp').address;
  }
  get tcpPort(): number {
    return this.need(this.spec.tcp, 'tcp').port;
  }
  get tlsPort(): number {
    return this.need(this.spec.tls, 'tls').port;
  }
  get relpPort(): number {
    return this.need(this.spec.relp, 'relp').port;
  }
  get unixDgramPath(): string {
    return this.need(this.spec.unixDgramPath, 'unixDgram');
  }
  get unixStreamPath(): string {
    return this.need(this.spec.unixStreamPath, 'unixStream');
  }
  get certs(): TestCerts {
    return this.need(this.certsValue, 'tls');
  }
  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('rsyslogd was never spawned (start failed?)');
    return pid;
  }
  get running(): boolean {
    return isRunning(this.spawned);
  }

  private get child(): ChildProcess | undefined {
    return this.spawned?.child;
  }

  private get out(): string {
    return this.spawned?.output() ?? '';
  }

  tlsClientOptions(options: { clientCert?: boolean } = {}): ConnectionOptions {
    const certs = this.certs;
    const base: ConnectionOptions = { ca: readFileSync(certs.ca.cert), servername: 'localhost' };
    if (!options.clientCert) return base;
    return { ...base, cert: readFileSync(certs.client.cert), key: readFileSync(certs.client.key) };
  }

  // ---- process control ----------------------------------------------------------------------

  spawnRsyslogd(): void {
    this.spawned = spawnRsyslogd({
      configFile: join(this.dir, FILES.conf),
      pidFile: join(this.dir, FILES.pid),
      env: rsyslogdEnv(),
      cwd: this.dir,
    });
    live.add(this);
  }

  private async stopProcess(signal: NodeJS.Signals): Promise<void> {
    if (this.spawned) await stopRsyslogd(this.spawned, signal, this.stopTimeoutMs);
  }

  /** Spawns and waits for every input; on any failure the process is stopped again. */
  async launch(): Promise<void> {
    this.spawnRsyslogd();
    try {
      await this.waitReady();
    } catch (error) {
      await this.stopProcess('SIGKILL');
      throw error;
    }
  }

  /** MSGID = input kind, MSG = "probe <launch>": probes of an earlier launch never count. */
  private probeSenders(launch: number): Array<[InputKind, () => Promise<void>]> {
    const s = this.spec;
    const senders: Array<[InputKind, () => Promise<void>]> = [];
    const probe = (kind: InputKind): string =>
      `<14>1 ${new Date().toISOString()} harness ${PROBE_APP_NAME} ${process.pid} ${kind} - probe ${launch}`;
    if (s.udp) senders.push(['udp', () => sendUdp(s.udp!.address, s.udp!.port, probe('udp'))]);
    if (s.tcp) senders.push(['tcp', () => sendFramed({ host: s.tcp!.address, port: s.tcp!.port }, [probe('tcp')])]);
    if (s.tls) {
      const clientCert = this.tlsAuthMode !== 'anon';
      // The probe proves the input works, whatever certificate the test made rsyslog present.
      const tls = { ...this.tlsClientOptions({ clientCert }), rejectUnauthorized: false };
      senders.push(['tls', () => sendFramed({ host: s.tls!.address, port: s.tls!.port, tls }, [probe('tls')])]);
    }
    if (s.relp) {
      const r = s.relp;
      let tls: ConnectionOptions | undefined;
      // imrelp (librelp 1.11) asks every TLS client for a certificate, whatever tls.authMode says
      if (r.tls) tls = { ...this.tlsClientOptions({ clientCert: true }), rejectUnauthorized: false };
      senders.push(['relp', () => sendRelp({ host: r.address, port: r.port, tls }, probe('relp'))]);
    }
    if (s.unixStreamPath !== undefined) {
      const path = s.unixStreamPath;
      senders.push(['unixStream', () => sendFramed({ path }, [probe('unixStream')])]);
    }
    if (s.unixDgramPath !== undefined) {
      const path = s.unixDgramPath;
      senders.push(['unixDgram', () => sendUnixDgram(path, probe('unixDgram'))]);
    }
    return senders;
  }

  /** Resends a probe through each input until rsyslog has written it; UDP probes may be lost. */
  private async waitReady(): Promise<void> {
    const deadline = Date.now() + this.readyTimeoutMs;
    const launch = ++this.launches;
    const pending = new Map(this.probeSenders(launch));
    const inFlight = new Set<InputKind>();
    const lastError = new Map<InputKind, string>();
    while (pending.size > 0) {
      for (const [kind, send] of pending) {
        if (inFlight.has(kind)) continue;
        inFlight.add(kind);
        send().then(
          () => inFlight.delete(kind),
          (error: Error) => {
            lastError.set(kind, (error as NodeJS.ErrnoException).code ?? error.message);
            inFlight.delete(kind);
          },
        );
      }
      await delay(50);
      for (const probe of parseJsonLines(await readIfExists(join(this.dir, FILES.probes)), FILES.probes)) {
        if (probe.msg === `probe ${launch}`) pending.delete(probe.msgid as InputKind);
      }
      if (pending.size === 0) break;
      const internal = await this.internalLog();
      const diagnosis = (): string =>
        `\n--- internal.log\n${internal}--- rsyslogd stdout/stderr\n${this.out}--- config ${join(this.dir, FILES.conf)}\n` +
        numbered(this.config);
      if (PORT_IN_USE.test(internal) || PORT_IN_USE.test(this.out)) {
        throw new PortInUseError(`rsyslogd could not bind a port${diagnosis()}`);
      }
      if (!this.running) {
        throw new Error(`rsyslogd exited during start (code ${this.child?.exitCode}, signal ${this.child?.signalCode})${diagnosis()}`);
      }
      if (Date.now() > deadline) {
        const waiting = [...pending.keys()].map((k) => `${k}${lastError.has(k) ? ` (last send: ${lastError.get(k)})` : ''}`);
        throw new Error(
          `rsyslogd (pid ${this.child?.pid}) not ready after ${this.readyTimeoutMs} ms: no probe came through ` +
            `${waiting.join(', ')}${diagnosis()}`,
        );
      }
    }
  }

  // ---- API ----------------------------------------------------------------------------------

  async records(): Promise<ParsedRecordJson[]> {
    return parseJsonLines(await readIfExists(join(this.dir, FILES.records)), FILES.records);
  }

  async rawLines(): Promise<string[]> {
    return completeLines(await readIfExists(join(this.dir, FILES.rawLines)));
  }

  /**
   * Complete lines in records.jsonl, reading only the bytes added since the last call: polling
   * for 200,000 records must not re-read and re-parse 100 MB every 25 ms (which starved rsyslogd
   * of CPU on 2 cores).
   */
  async countRecords(): Promise<number> {
    let fh: FileHandle;
    try {
      fh = await open(join(this.dir, FILES.records), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    try {
      const { size } = await fh.stat();
      if (size < this.counted.offset) this.counted = { offset: 0, lines: 0 }; // replaced or truncated
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(size - this.counted.offset, 1)));
      while (this.counted.offset < size) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - this.counted.offset), this.counted.offset);
        if (bytesRead === 0) break;
        // JSON lines never hold a raw LF (jsonf escapes it), and 0x0A is never part of a UTF-8 sequence.
        for (let i = buf.indexOf(10); i !== -1 && i < bytesRead; i = buf.indexOf(10, i + 1)) this.counted.lines++;
        this.counted.offset += bytesRead;
      }
    } finally {
      await fh.close();
    }
    return this.counted.lines;
  }

  async waitForCount(n: number, options: WaitOptions = {}): Promise<ParsedRecordJson[]> {
    const timeoutMs = options.timeoutMs ?? 10000;
    const deadline = Date.now() + timeoutMs;
    while ((await this.countRecords()) < n) {
      if (Date.now() > deadline) {
        const records = await this.records();
        if (records.length >= n) return records;
        const last = records.length > 0 ? `; last: ${JSON.stringify(records[records.length - 1])}` : '';
        const state = this.running ? 'running' : 'NOT running';
        throw new Error(
          `rsyslog: waited ${timeoutMs} ms for ${n} records, ${records.length} arrived (rsyslogd ${state})${last}` +
            `\n--- internal.log (tail)\n${(await this.internalLog()).slice(-4000)}`,
        );
      }
      await delay(options.intervalMs ?? 25);
    }
    return this.records();
  }

  internalLog(): Promise<string> {
    return readIfExists(join(this.dir, FILES.internal));
  }

  output(): string {
    return this.out;
  }

  hup(): void {
    if (!this.running) throw new Error('rsyslogd is not running');
    this.child!.kill('SIGHUP');
  }

  async restart(options: { kill?: boolean; downMs?: number } = {}): Promise<void> {
    if (this.stopping) throw new Error('restart() after stop()');
    await this.stopProcess(options.kill ? 'SIGKILL' : 'SIGTERM');
    if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
    await this.launch();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.stopProcess('SIGTERM');
      } finally {
        live.delete(this);
        this.removeDir();
      }
    })();
    return this.stopping;
  }

  removeDir(): void {
    if (keepDir()) {
      process.stderr.write(`KEEP_RSYSLOG_DIR: kept ${this.dir}\n`);
      return;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort for process 'exit'. */
  killNow(): void {
    const pid = this.child?.pid;
    if (pid !== undefined && this.running && isAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.removeDir();
  }
}

/**
 * Starts a private rsyslogd with the requested inputs and resolves once each one has delivered a
 * probe record. Retries with fresh ports when rsyslog reports a port in use.
 */
export async function startRsyslog(options: RsyslogOptions): Promise<Rsyslog> {
  if (!options.udp && !options.tcp && !options.tls && !options.relp && !options.unixDgram && !options.unixStream) {
    throw new Error('startRsyslog: request at least one input (udp, tcp, tls, relp, unixDgram, unixStream)');
  }
  const instance = new RsyslogInstance(options);
  try {
    for (let attempt = 1; ; attempt++) {
      await instance.configure();
      try {
        await instance.launch();
        return instance;
      } catch (error) {
        if (!(error instanceof PortInUseError) || attempt >= START_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    await instance.stop();
    if (keepDir()) (error as Error).message += `\n(kept ${instance.dir})`;
    throw error;
  }
}

/** Stops every instance still running (mocha root hook). */
export async function stopAllRsyslogs(): Promise<void> {
  await Promise.all([...live].map((instance) => instance.stop()));
}

/** PIDs of the instances not stopped yet, for tests of the harness itself. */
export function liveRsyslogPids(): number[] {
  return [...live].filter((i) => i.running).map((i) => i.pid);
}

process.once('exit', () => {
  for (const instance of live) instance.killNow();
  live.clear();
});
