/**
 * One end-to-end run in its own process: a sender logs `records` records to one rsyslog input.
 * First it logs `warmup` records the same way (so the JIT and the connection are warm, as in a
 * running service), reports 'ready' and waits for the parent's "go" on stdin; then it reports
 * 'start' (wall clock of the first send), 'logged' (the application's loop is done) and 'done'
 * (everything left the sender), with its own counters and CPU time. Asked to (config.ownCost),
 * the transport's sender then waits for "own" and measures its own cost, reported as 'own'.
 * The parent counts what rsyslog wrote; a crash here is a result, not a bench failure.
 */
import winston from 'winston';
import { createFormatter } from '../lib/format';
import { childConfig, report, runChild, waitForLine } from './child-io';
import { loadLib } from './lib-loader';
import { prepareRawSender } from './raw-senders';
import { sleep, untilDoneOrStalled, wallClockMs } from './stats';
import type { Target } from './target';
import { cpuMs, logBurst as logBurstOf, noopTransport, SIDE_BY_SIDE_BLOCK } from './winston-load';
import { APP_NAME, HOSTNAME, deliveredAll, messageForSize, transportOptions, winstonSyslogOptions } from './workload';

export type SenderKind = 'raw' | 'ours' | 'winston-syslog';

export interface E2eChildConfig {
  sender: SenderKind;
  target: Target;
  records: number;
  warmup: number;
  size: number;
  /** Records logged per event-loop turn (the application yields between chunks, as a busy service does). */
  chunk: number;
  /** winston-syslog's protocol name for this target ('unix', 'unix-connect', 'udp4', 'tcp4'...). */
  wsProtocol?: string;
  /** Load the transport from this build instead of the checkout's (--lib). */
  lib?: string;
  /** Ours: after 'done', wait for "own" and measure the transport's own cost (end to end only). */
  ownCost?: boolean;
}

const config = childConfig<E2eChildConfig>();
const message = messageForSize(config.size, config.records);

/** Warm-up done and delivered: tell the parent, and start when it says so. */
async function readyThenGo(): Promise<NodeJS.CpuUsage> {
  report('ready');
  await waitForLine('go');
  const cpu = process.cpuUsage();
  report('start', { t: wallClockMs() });
  return cpu;
}

async function raw(): Promise<void> {
  const format = createFormatter({ hostname: HOSTNAME, appName: APP_NAME });
  const encode = (from: number, count: number): Buffer[] => {
    const records: Buffer[] = [];
    for (let n = from; n < from + count; n++) records.push(format({ severity: 6, time: new Date(), message, metadata: { n } }).bytes);
    return records;
  };
  if (config.warmup > 0) await prepareRawSender(config.target, encode(1, config.warmup)).send();
  const records = encode(1, config.records);
  const sender = prepareRawSender(config.target, records);
  const cpu = await readyThenGo();
  await sender.send();
  report('done', { t: wallClockMs(), cpuMs: cpuMs(cpu), bytesPerRecord: records.reduce((sum, r) => sum + r.length, 0) / records.length });
}

/** Logs a burst: `chunk` records per event-loop turn. */
function logBurst(logger: winston.Logger, count: number): Promise<void> {
  return logBurstOf(logger, message, count, config.chunk);
}

/** The own-cost phase's CPU time, in ms, for `records` records each way. */
export interface OwnCostResult {
  records: number;
  oursCpuMs: number;
  noopCpuMs: number;
}

/**
 * The transport's own cost, after the timed run: blocks of records into winston + this transport
 * (a new one, warmed up), each waited out until delivered, alternating with the same blocks into
 * winston + a transport whose log() does nothing. Both in this process, so the difference is what
 * the transport adds to the application.
 */
async function ownCost(): Promise<OwnCostResult> {
  const { transport, logger, delivered } = oursLogger();
  transport.on('warn', () => undefined);
  const noopLogger = winston.createLogger({ transports: [noopTransport()] });
  await logBurst(logger, config.warmup);
  await logBurst(noopLogger, config.warmup);
  const result: OwnCostResult = { records: 0, oursCpuMs: 0, noopCpuMs: 0 };
  const block = Math.min(SIDE_BY_SIDE_BLOCK, config.records);
  for (; result.records < config.records; result.records += block) {
    let cpu = process.cpuUsage();
    await logBurst(logger, block);
    while (!delivered()) await sleep(1);
    result.oursCpuMs += cpuMs(cpu);
    cpu = process.cpuUsage();
    await logBurst(noopLogger, block);
    result.noopCpuMs += cpuMs(cpu);
  }
  await transport.close();
  return result;
}

/** winston with this transport, and whether the transport has delivered all it was given. */
function oursLogger() {
  const { SyslogTransport } = loadLib(config.lib);
  const transport = new SyslogTransport(transportOptions(config.target, config.records));
  const logger = winston.createLogger({ transports: [transport] });
  return { transport, logger, delivered: () => deliveredAll(transport) };
}

async function ours(): Promise<void> {
  const { transport, logger, delivered } = oursLogger();
  const warnings: string[] = [];
  transport.on('warn', (warning: Error) => warnings.push(warning.message));
  if (config.warmup > 0) {
    await logBurst(logger, config.warmup);
    await untilDoneOrStalled(delivered, () => JSON.stringify(transport.stats()), 5000, 10);
  }
  const before = transport.stats();
  const cpu = await readyThenGo();
  await logBurst(logger, config.records);
  report('logged', { t: wallClockMs() });
  await transport.close();
  report('done', { t: wallClockMs(), cpuMs: cpuMs(cpu), warmup: before, stats: transport.stats(), warnings: warnings.slice(0, 5) });
  if (!config.ownCost) return;
  await waitForLine('own');
  report('own', { ...(await ownCost()) });
}

interface WinstonSyslogTransport extends winston.transport {
  queue: unknown[];
  inFlight: number;
  socket: { writableLength?: number } | null;
  close(): void;
}

async function winstonSyslog(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Syslog } = require('winston-syslog') as { Syslog: new (options: object) => WinstonSyslogTransport };
  const transport = new Syslog(winstonSyslogOptions(config.target, config.wsProtocol));
  const errors: string[] = [];
  let errorCount = 0;
  // Without this listener its first EAGAIN crashes the process (winston re-emits the error).
  const onError = (error: Error): void => {
    if (errorCount++ < 5) errors.push(error.message);
  };
  const logger = winston.createLogger({ transports: [transport] });
  logger.on('error', onError);
  const buffered = (): number => transport.socket?.writableLength ?? 0;
  const state = () => ({ queue: transport.queue.length, inFlight: transport.inFlight, buffered: buffered(), errors: errorCount });
  // It has no flush, and its close() destroys a TCP socket with unsent data: wait until its queue
  // and the socket's buffer are empty and nothing is in flight, or nothing moved for 2 s.
  const delivered = (): boolean => transport.queue.length === 0 && transport.inFlight <= 0 && buffered() === 0;
  if (config.warmup > 0) {
    await logBurst(logger, config.warmup);
    await untilDoneOrStalled(delivered, () => JSON.stringify(state()), 2000, 10);
  }
  const warmup = state();
  errorCount = 0;
  const cpu = await readyThenGo();
  await logBurst(logger, config.records);
  report('logged', { t: wallClockMs(), state: state() });
  await untilDoneOrStalled(delivered, () => JSON.stringify(state()), 2000, 10);
  report('done', { t: wallClockMs(), cpuMs: cpuMs(cpu), warmup, state: state(), firstErrors: errors });
  transport.close();
  // Its TCP socket keeps the process alive after close (a known bug): the parent kills us if needed.
}

runChild(async () => {
  if (config.sender === 'raw') await raw();
  else if (config.sender === 'ours') await ours();
  else await winstonSyslog();
});
