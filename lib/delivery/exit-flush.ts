/**
 * The one process 'exit' listener of this package. process.exit() (and anything else that ends the
 * process without returning to the event loop) runs no more I/O callbacks: what a transport still
 * queues is gone unless it is written synchronously here. Every live Delivery registers a flush;
 * close() unregisters it, and the listener goes away with the last one.
 */

type Flush = () => void;

const flushes = new Set<Flush>();

function onExit(): void {
  for (const flush of flushes) {
    try {
      flush();
    } catch {
      // An exit handler that throws would replace the exit code and print a stack: never.
    }
  }
  flushes.clear();
}

/** Runs `flush` on process 'exit' until the returned function is called. */
export function onProcessExit(flush: Flush): () => void {
  if (flushes.size === 0) process.on('exit', onExit);
  flushes.add(flush);
  return () => {
    if (!flushes.delete(flush)) return;
    if (flushes.size === 0) process.removeListener('exit', onExit);
  };
}

/** How many flushes are registered now (tests). */
export function exitFlushCount(): number {
  return flushes.size;
}
