/**
 * Synchronous writes for process 'exit', when no event-loop callback will ever run again: node's
 * sockets are non-blocking, so a full socket answers EAGAIN and we wait a millisecond and retry,
 * up to a deadline, without ever throwing.
 */
import { writeSync } from 'fs';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` (Atomics.wait is allowed on node's main thread). */
export function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** A write to a non-blocking socket took nothing for now (no room, or a signal came): try it again later. */
export function wouldBlock(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';
}

/** At 'exit' also ENOTCONN (a connect the kernel has not finished) and ENOBUFS mean "not now". */
function retryAtExit(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return wouldBlock(error) || code === 'ENOTCONN' || code === 'ENOBUFS';
}

/**
 * Writes all of `bytes` to `fd`, retrying partial writes and EAGAIN until `deadline` (Date.now()
 * ms). Returns how many bytes were written; stops early on any other error.
 */
export function writeAllSync(fd: number, bytes: Uint8Array, deadline: number): number {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if (!retryAtExit(error) || Date.now() >= deadline) return offset;
      sleepSync(1);
    }
  }
  return offset;
}

/**
 * One datagram per call on a connected datagram socket's fd: write(2) sends it whole or not at
 * all. Returns true when it was sent; retries EAGAIN until `deadline`.
 */
export function sendDatagramSync(fd: number, datagram: Uint8Array, deadline: number): boolean {
  for (;;) {
    try {
      writeSync(fd, datagram);
      return true;
    } catch (error) {
      if (!retryAtExit(error) || Date.now() >= deadline) return false;
      sleepSync(1);
    }
  }
}
