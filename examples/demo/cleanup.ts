/**
 * Everything the demo starts (rsyslogd, the compose stack, worker processes, temp dirs) registers
 * how to undo it here. The undo steps run, newest first, at the end of main(), on an error, and on
 * SIGINT/SIGTERM/SIGHUP; a last synchronous pass on process exit SIGKILLs what is still alive, so
 * no daemon outlives the demo.
 */

interface Step {
  name: string;
  run: () => Promise<void> | void;
  /** Synchronous last resort for process 'exit' (e.g. SIGKILL a pid). */
  runSync?: () => void;
}

const steps: Step[] = [];
let running: Promise<void> | undefined;

/** Registers an undo step; the returned function removes it once the thing is undone normally. */
export function onCleanup(name: string, run: Step['run'], runSync?: Step['runSync']): () => void {
  const step: Step = { name, run, runSync };
  steps.push(step);
  return () => {
    const at = steps.indexOf(step);
    if (at >= 0) steps.splice(at, 1);
  };
}

/** Runs every registered step once, newest first; a failing step is reported and the rest still run. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop() as Step;
      try {
        await step.run();
      } catch (err) {
        process.stderr.write(`demo: cleanup "${step.name}" failed: ${(err as Error).message}\n`);
      }
    }
  })().finally(() => {
    running = undefined;
  });
  return running;
}

let installed = false;

/** A first signal cleans up and exits; a second one while cleaning up kills what is left at once. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  let received = 0;
  const handler = (signal: NodeJS.Signals): void => {
    received++;
    const code = 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal];
    if (received > 1) {
      process.stderr.write(`\ndemo: ${signal} again, killing what is left\n`);
      process.exit(code); // the 'exit' handler below SIGKILLs
    }
    process.stderr.write(`\ndemo: ${signal}, stopping workers and rsyslogd (again to force)\n`);
    void runCleanups().finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handler);
  process.on('exit', () => {
    for (const step of steps.splice(0).reverse()) {
      try {
        step.runSync?.();
      } catch {
        // best effort while exiting
      }
    }
  });
}
