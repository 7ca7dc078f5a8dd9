/**
 * One worker process (node:cluster): builds a winston logger on the sink the primary chose, waits
 * for "go", logs `rate` records per second for `duration` seconds, ends the logger, waits until
 * its transports have flushed, and reports what it logged.
 */
import winston from 'winston';
import type TransportStream from 'winston-transport';
import { SyslogTransport, type SyslogTransportOptions } from '../../lib';

export type SinkConfig =
  | { kind: 'syslog'; transport: SyslogTransportOptions }
  /** winston's File transport; every worker has its own, all on the same filename. */
  | { kind: 'file'; filename: string; maxsize: number; maxFiles: number; tailable: boolean }
  /** winston-daily-rotate-file, rotating by time; every worker has its own on the same pattern. */
  | { kind: 'daily'; filename: string; datePattern: string };

export interface WorkerConfig {
  /** 1-based, also logged in every record as `worker`. */
  index: number;
  sink: SinkConfig;
  rate: number;
  durationMs: number;
}

export interface WorkerResult {
  index: number;
  pid: number;
  /** Records handed to winston. */
  logged: number;
  /** From the start signal to the last record logged. */
  loggingMs: number;
  /** logger.end() until every transport had flushed. */
  flushMs: number;
  /** SyslogTransport only: records it gave up on (by reason), from stats(). */
  dropped: number;
  /** 'warn' events of SyslogTransport, 'error' events of the file transports (first few, and how many). */
  warnings: string[];
  warningCount: number;
  /** A transport that did not say 'finish' within the flush limit. */
  unflushed: boolean;
}

export type WorkerMessage = { type: 'ready' } | { type: 'done'; result: WorkerResult };

const FLUSH_LIMIT_MS = 30000;

function createTransport(sink: SinkConfig): TransportStream {
  switch (sink.kind) {
    case 'syslog':
      return new SyslogTransport(sink.transport);
    case 'file':
      return new winston.transports.File({
        filename: sink.filename,
        maxsize: sink.maxsize,
        maxFiles: sink.maxFiles,
        tailable: sink.tailable,
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      });
    case 'daily': {
      // Loaded only here: a devDependency, needed only for --compare.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const DailyRotateFile = require('winston-daily-rotate-file') as new (options: object) => TransportStream;
      return new DailyRotateFile({
        filename: sink.filename,
        datePattern: sink.datePattern,
        utc: true,
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      });
    }
  }
}

/** Resolves on the stream's 'finish' (or false after `ms`). */
function finished(stream: NodeJS.EventEmitter & { writableFinished?: boolean }, ms: number): Promise<boolean> {
  if (stream.writableFinished === true) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    stream.once('finish', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function flush(logger: winston.Logger, transport: TransportStream, sink: SinkConfig): Promise<boolean> {
  const transportDone = finished(transport, FLUSH_LIMIT_MS);
  logger.end();
  let ok = await transportDone;
  if (sink.kind === 'syslog') {
    await (transport as SyslogTransport).close(); // resolves once delivered (or closeTimeoutMs)
  } else if (sink.kind === 'daily') {
    // Its 'finish' comes before the file stream has written; close() ends that stream and says 'finish' again.
    const closed = finished(transport, FLUSH_LIMIT_MS);
    (transport as TransportStream & { close(): void }).close();
    ok = (await closed) && ok;
  }
  return ok;
}

async function runWorker(config: WorkerConfig): Promise<WorkerResult> {
  const transport = createTransport(config.sink);
  const warnings: string[] = [];
  let warningCount = 0;
  const warn = (err: Error): void => {
    warningCount++;
    if (warnings.length < 5) warnings.push(err.message);
  };
  transport.on('warn', warn);
  const logger = winston.createLogger({ level: 'info', transports: [transport], exitOnError: false });
  logger.on('error', warn); // file transports' errors; without a listener they crash the worker

  await new Promise<void>((resolve) => {
    process.on('message', (message: { type?: string }) => {
      if (message?.type === 'go') resolve();
    });
    process.send?.({ type: 'ready' } satisfies WorkerMessage);
  });

  // Drift-free pacing: every 10 ms, log what is due since the start. A worker that falls behind
  // (a blocked event loop) catches up in a burst, as a real service would.
  const total = Math.round(config.rate * (config.durationMs / 1000));
  const started = Date.now();
  let logged = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((Date.now() - started) * config.rate) / 1000));
      while (logged < due) {
        const seq = ++logged;
        logger.info('order processed', {
          worker: config.index,
          seq,
          user: `u${seq % 977}`,
          path: `/api/orders/${seq}`,
          ms: seq % 89,
        });
      }
      if (logged >= total) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 10);
  });
  const loggingMs = Date.now() - started;

  const flushStarted = Date.now();
  const flushed = await flush(logger, transport, config.sink);
  const dropped = config.sink.kind === 'syslog' ? (transport as SyslogTransport).stats().dropped : 0;
  return {
    index: config.index,
    pid: process.pid,
    logged,
    loggingMs,
    flushMs: Date.now() - flushStarted,
    dropped,
    warnings,
    warningCount,
    unflushed: !flushed,
  };
}

const config = JSON.parse(process.env['DEMO_WORKER'] ?? 'null') as WorkerConfig | null;
if (config === null || process.send === undefined) {
  process.stderr.write('examples/demo/worker.js is started by the demo (node:cluster), not by hand\n');
  process.exit(2);
}
runWorker(config).then(
  (result) => process.send?.({ type: 'done', result } satisfies WorkerMessage, () => process.exit(0)),
  (err: Error) => {
    process.stderr.write(`demo worker ${config.index}: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
