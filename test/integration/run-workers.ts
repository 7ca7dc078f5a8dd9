import { spawn } from 'child_process';
import { join } from 'path';
import type { SyslogTransportOptions, TransportStats } from '../../lib';

const WORKER = join(__dirname, '..', 'fixtures', 'log-burst.js');

export interface WorkerResult {
  pid: number;
  stats: TransportStats;
  warnings: string[];
  exitMs: number;
}

/** Runs `processes` copies of a worker script at once; each prints its counters as one JSON line. */
export function runWorkerScripts(script: string, args: string[], processes: number): Promise<WorkerResult[]> {
  return Promise.all(
    Array.from({ length: processes }, () => {
      const started = Date.now();
      const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      return new Promise<WorkerResult>((resolve, reject) => {
        child.on('exit', (code) => {
          if (code !== 0) return reject(new Error(`worker ${child.pid} exited with ${code}: ${err}`));
          resolve({ pid: child.pid!, ...JSON.parse(out), exitMs: Date.now() - started });
        });
      });
    }),
  );
}

/** Runs `processes` log-burst workers at once, each logging `count` records; resolves with their counters. */
export function runWorkers(processes: number, count: number, options: SyslogTransportOptions): Promise<WorkerResult[]> {
  return runWorkerScripts(WORKER, [JSON.stringify(options), String(count)], processes);
}
