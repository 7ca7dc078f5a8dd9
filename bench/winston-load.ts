/** What the bench's winston children share: bursts of logger.info calls, a transport that does nothing, CPU time. */
import type winston from 'winston';
import TransportStream from 'winston-transport';
import { nextTurn } from './stats';

/**
 * Records per block where two setups are measured in alternating blocks of one process (the
 * own-cost phase, the stages). This VM's speed drifts: one process's winston alone took 1.6 us a
 * record or 3.3 for the same code, and switched in mid-run, so two figures are only comparable
 * when measured side by side in short stretches of one process.
 */
export const SIDE_BY_SIDE_BLOCK = 10000;

/** Logs `logger.info(message, { n })` for n = 1..count, `chunk` records per event-loop turn. */
export async function logBurst(logger: winston.Logger, message: string, count: number, chunk: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    logger.info(message, { n });
    if (n % chunk === 0) await nextTurn();
  }
}

/** A transport whose log() does nothing: with it, winston's own cost per record. */
export function noopTransport(): TransportStream {
  return new TransportStream({ log: (_info: unknown, callback: () => void) => callback() } as object);
}

/** CPU time of this process since `since`, user + system, in ms. */
export function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
