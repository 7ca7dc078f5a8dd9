import winston from 'winston';
import { SyslogTransport, SyslogTransportOptions } from '../../lib';

/** A logger on one transport with sequence ids, collecting every 'warn' it emits. */
export function sequencedLogger(options: SyslogTransportOptions): {
  logger: winston.Logger;
  transport: SyslogTransport;
  warnings: NodeJS.ErrnoException[];
} {
  const transport = new SyslogTransport({ sequenceIds: true, appName: 'steady', ...options });
  const warnings: NodeJS.ErrnoException[] = [];
  transport.on('warn', (warning: NodeJS.ErrnoException) => warnings.push(warning));
  const logger = winston.createLogger({ transports: [transport] });
  return { logger, transport, warnings };
}

/** Logs `perTick` records every `intervalMs` until `durationMs` passed; resolves with how many were logged. */
export function logSteadily(logger: winston.Logger, perTick: number, intervalMs: number, durationMs: number): Promise<number> {
  let logged = 0;
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      for (let i = 0; i < perTick; i++) logger.info('steady record', { n: ++logged });
      if (Date.now() - started >= durationMs) {
        clearInterval(timer);
        resolve(logged);
      }
    }, intervalMs);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until rsyslog has written nothing new for `quietMs`: everything in flight has landed. */
export async function waitForQuiet(rsyslog: { countRecords(): Promise<number> }, quietMs = 1000): Promise<void> {
  let last = -1;
  for (;;) {
    const count = await rsyslog.countRecords();
    if (count === last) return;
    last = count;
    await sleep(quietMs);
  }
}
