import { spawn } from 'child_process';
import { join } from 'path';
import type { SyslogTransportOptions } from '../../lib';

export interface ExitRun {
  code: number | null;
  /** From the moment the script said it was done (its last log call or the throw) to its exit. */
  lingerMs: number;
  stderr: string;
}

/** Runs a fixture script that prints Date.now() when it is done, and measures how long it lived after that. */
export function runExitScript(fixture: string, options: SyslogTransportOptions, mode: string): Promise<ExitRun> {
  const script = join(__dirname, '..', 'fixtures', fixture);
  const child = spawn(process.execPath, [script, JSON.stringify(options), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(killer);
      const exited = Date.now();
      const done = Number(out.trim().split('\n').pop());
      resolve({ code, lingerMs: Number.isFinite(done) ? exited - done : NaN, stderr: err });
    });
  });
}
