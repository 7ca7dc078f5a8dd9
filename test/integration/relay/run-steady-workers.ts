import { join } from 'path';
import type { SyslogTransportOptions } from '../../../lib';
import { runWorkerScripts, WorkerResult } from '../run-workers';

const WORKER = join(__dirname, 'steady-worker.js');

/**
 * Starts `processes` steady-worker processes at once, each logging `count` records at `rate` per
 * second; resolves with their counters when all have ended (rejects if one exits non-zero).
 */
export function runSteadyWorkers(
  processes: number,
  count: number,
  rate: number,
  options: SyslogTransportOptions,
): Promise<WorkerResult[]> {
  return runWorkerScripts(WORKER, [JSON.stringify(options), String(count), String(rate)], processes);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `count` until it reaches `n` (true) or `timeoutMs` passes (false). */
export async function waitForAtLeast(count: () => Promise<number>, n: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while ((await count()) < n) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}

/**
 * Like waitForAtLeast, but gives up early once `count` has not moved for `stallMs`: when records
 * were lost, waiting for them to the timeout proves nothing more. `lastMovedAt` is when the count
 * last grew (Date.now() time), i.e. when delivery actually ended.
 */
export async function waitForAtLeastOrStall(
  count: () => Promise<number>,
  n: number,
  stallMs: number,
  timeoutMs: number,
): Promise<{ complete: boolean; lastMovedAt: number }> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const now = await count();
    if (now !== last) {
      last = now;
      movedAt = Date.now();
    }
    if (now >= n) return { complete: true, lastMovedAt: movedAt };
    if (Date.now() - movedAt > stallMs || Date.now() > deadline) return { complete: false, lastMovedAt: movedAt };
    await sleep(200);
  }
}

/** Waits until `count` stops changing for `quietMs`: whatever was still in flight has landed. */
export async function waitForQuiet(count: () => Promise<number>, quietMs: number): Promise<number> {
  let last = -1;
  for (;;) {
    const now = await count();
    if (now === last) return now;
    last = now;
    await sleep(quietMs);
  }
}
