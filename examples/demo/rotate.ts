/**
 * Forced rotations: `logrotate -f` with the project's logrotate.conf (rename, then HUP rsyslogd),
 * either run here or, when rsyslogd is in a container, requested from the container through a file
 * in the shared socket directory (examples/docker/rsyslog-demo-entrypoint.sh serves the requests).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RotationOutcome {
  ok: boolean;
  /** logrotate's stderr, or why the request failed. */
  error?: string;
}

export interface Rotator {
  rotateOnce(): Promise<RotationOutcome>;
}

/** Runs logrotate here. `env` must carry WINSTON_RFC5424_PREFIX so postrotate finds the pid file. */
export function logrotateRotator(logrotate: string, conf: string, state: string, env: NodeJS.ProcessEnv): Rotator {
  return {
    rotateOnce: () =>
      new Promise((resolve) => {
        const child = spawn(logrotate, ['-f', '-s', state, conf], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', (err) => resolve({ ok: false, error: err.message }));
        child.on('close', (code) => resolve(code === 0 ? { ok: true } : { ok: false, error: stderr.trim() || `logrotate exited with ${code}` }));
      }),
  };
}

/** The request/answer files shared with rsyslog-demo-entrypoint.sh. */
export const ROTATE_REQUEST = 'demo-rotate.request';
export const ROTATE_DONE = 'demo-rotate.done';
export const ROTATOR_READY = 'demo-rotator.ready';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks the rsyslog container to run `logrotate -f`; its answer is "<id> <exit status>". */
export function requestRotator(socketDir: string, timeoutMs = 20000): Rotator {
  return {
    async rotateOnce() {
      const id = randomUUID();
      const request = join(socketDir, ROTATE_REQUEST);
      await writeFile(`${request}.tmp`, `${id}\n`);
      await rename(`${request}.tmp`, request); // the container never sees half a request
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        await delay(50);
        const answer = await readFile(join(socketDir, ROTATE_DONE), 'utf8').catch(() => '');
        const [answerId, status, ...rest] = answer.trim().split(' ');
        if (answerId !== id) continue;
        return status === '0' ? { ok: true } : { ok: false, error: `logrotate in the container exited with ${status}: ${rest.join(' ')}` };
      }
      await rm(request, { force: true });
      return { ok: false, error: `no answer from the rsyslog container within ${timeoutMs} ms (is rsyslog-demo-entrypoint.sh its entrypoint?)` };
    },
  };
}

export interface RotationSummary {
  done: number;
  failed: number;
  errors: string[];
}

/** Calls rotateOnce() every `everyMs` (never two at once) until stop(). */
export class RotationSchedule {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private busy = false;
  private readonly summary: RotationSummary = { done: 0, failed: 0, errors: [] };

  constructor(
    private readonly rotator: Rotator,
    private readonly everyMs: number,
    private readonly onRotation?: (n: number, outcome: RotationOutcome) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.everyMs);
  }

  private tick(): void {
    if (this.busy) return;
    this.busy = true;
    this.inFlight = this.rotator.rotateOnce().then((outcome) => {
      this.busy = false;
      if (outcome.ok) this.summary.done++;
      else {
        this.summary.failed++;
        if (this.summary.errors.length < 3) this.summary.errors.push(outcome.error ?? 'failed');
      }
      this.onRotation?.(this.summary.done + this.summary.failed, outcome);
    });
  }

  /** Stops the timer and waits for a rotation in progress. */
  async stop(): Promise<RotationSummary> {
    clearInterval(this.timer);
    await this.inFlight;
    return this.summary;
  }
}
