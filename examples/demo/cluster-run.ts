/** Forks the workers with node:cluster, starts them together, and collects what each logged. */
import cluster, { type Worker } from 'node:cluster';
import { join } from 'node:path';
import { onCleanup } from './cleanup';
import type { WorkerConfig, WorkerMessage, WorkerResult } from './worker';

const READY_LIMIT_MS = 60000;

/**
 * Resolves once every worker reported and exited. `onGo` runs right after all of them were told
 * to start (the rotation schedule starts there). A worker that dies without a report fails the run.
 */
export async function runWorkers(configs: WorkerConfig[], onGo: () => void): Promise<WorkerResult[]> {
  cluster.setupPrimary({ exec: join(__dirname, 'worker.js'), args: [], silent: false });
  const workers: Worker[] = [];
  const unregister = onCleanup('stop workers', () => {
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
  }, () => {
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
  });

  try {
    const ready: Promise<void>[] = [];
    const done: Promise<WorkerResult>[] = [];
    for (const config of configs) {
      const worker = cluster.fork({ DEMO_WORKER: JSON.stringify(config) });
      workers.push(worker);
      let result: WorkerResult | undefined;
      ready.push(
        new Promise((resolve, reject) => {
          worker.on('message', (m: WorkerMessage) => {
            if (m.type === 'ready') resolve();
            if (m.type === 'done') result = m.result;
          });
          worker.once('exit', () => reject(new Error(`worker ${config.index} exited before it was ready`)));
        }),
      );
      done.push(
        new Promise((resolve, reject) => {
          worker.once('exit', (code, signal) => {
            if (result !== undefined) resolve(result);
            else reject(new Error(`worker ${config.index} (pid ${worker.process.pid}) died without a report (exit ${code ?? signal})`));
          });
        }),
      );
    }
    // Every promise gets a handler now: a worker dying early must not be an unhandled rejection.
    for (const p of [...ready, ...done]) p.catch(() => undefined);

    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(ready),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`workers not ready within ${READY_LIMIT_MS / 1000} s`)), READY_LIMIT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    for (const w of workers) w.send({ type: 'go' });
    onGo();
    return await Promise.all(done);
  } finally {
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
    unregister();
  }
}
