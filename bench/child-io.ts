/**
 * The child side of a bench child process: its configuration arrives as JSON in argv[2]; it
 * reports JSON lines on stdout, written synchronously so that a line reported just before a
 * crash is never lost.
 */
import { writeSync } from 'fs';

export function childConfig<T>(): T {
  return JSON.parse(process.argv[2]) as T;
}

export function report(event: string, data: object = {}): void {
  writeSync(1, JSON.stringify({ event, ...data }) + '\n');
}

/** Resolves when the parent writes `line` to our stdin (the parent's go-ahead). */
export function waitForLine(line: string): Promise<void> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      if (text.split('\n').includes(line)) {
        process.stdin.removeListener('data', onData);
        process.stdin.pause();
        (process.stdin as unknown as { unref?: () => void }).unref?.();
        resolve();
      }
    };
    process.stdin.on('data', onData);
    // a second wait: the first one paused and unreferenced stdin
    (process.stdin as unknown as { ref?: () => void }).ref?.();
    process.stdin.resume();
  });
}

/** Runs the child's main function; any exception is reported as an 'error' line and exit code 1. */
export function runChild(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      report('error', { message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
}
