/** The parent side: spawns a compiled bench child (build/bench/<name>.js) and collects its JSON lines. */
import { ChildProcess, spawn } from 'child_process';
import { join } from 'path';

export interface ChildLine {
  event: string;
  [key: string]: unknown;
}

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: ChildLine[];
  /** The last 4 KiB of stderr: the stack of a crash. */
  stderr: string;
}

export interface BenchChild {
  readonly process: ChildProcess;
  readonly lines: ChildLine[];
  /** Resolves with the first line of this event (or undefined if the child exits first). */
  waitFor(event: string): Promise<ChildLine | undefined>;
  readonly exited: Promise<ChildOutcome>;
  readonly running: boolean;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** SIGKILL if still running; resolves once it has exited. */
  kill(): Promise<ChildOutcome>;
}

/** Node options for every child, e.g. --cpu-prof when profiling. */
let childNodeOptions: string[] = [];
export function setChildNodeOptions(options: string[]): void {
  childNodeOptions = options;
}

export function startChild(name: string, config: object, extraNodeOptions: string[] = []): BenchChild {
  const script = join(__dirname, `${name}.js`);
  const child = spawn(process.execPath, [...childNodeOptions, ...extraNodeOptions, script, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.on('error', () => undefined); // a child that died cannot read: its exit tells the rest
  const lines: ChildLine[] = [];
  const waiters: Array<{ event: string; resolve: (line: ChildLine | undefined) => void }> = [];
  let pending = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
      const text = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let line: ChildLine;
      try {
        line = JSON.parse(text) as ChildLine;
      } catch {
        line = { event: 'stdout', text };
      }
      lines.push(line);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i].event === line.event) waiters.splice(i, 1)[0].resolve(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4096);
  });
  let running = true;
  const exited = new Promise<ChildOutcome>((resolve) => {
    child.once('close', (code, signal) => {
      running = false;
      for (const waiter of waiters.splice(0)) waiter.resolve(undefined);
      resolve({ code, signal, lines, stderr });
    });
  });
  return {
    process: child,
    lines,
    exited,
    get running() {
      return running;
    },
    waitFor(event: string) {
      const seen = lines.find((line) => line.event === event);
      if (seen || !running) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ event, resolve }));
    },
    send(line: string) {
      if (running) child.stdin!.write(line + '\n');
    },
    kill() {
      if (running) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** What a child that did not finish normally said about it, in one line. */
export function failureText(outcome: ChildOutcome): string | undefined {
  const error = outcome.lines.find((line) => line.event === 'error');
  if (error) return `error: ${String(error.message).split('\n')[0]}`;
  if (outcome.signal) return `killed by ${outcome.signal}`;
  if (outcome.code !== 0) {
    const last = outcome.stderr.trim().split('\n').find((line) => /Error|error/.test(line)) ?? outcome.stderr.trim().split('\n')[0];
    return `crashed (exit ${outcome.code}): ${last ?? ''}`.trim();
  }
  return undefined;
}
