import { writeSync, writevSync } from 'fs';
import type { Socket } from 'net';
import type { Sender, SenderEvents } from './sender';
import { frameCut } from './octet-framing';
import { wouldBlock, writeAllSync } from './sync-write';

/** What node keeps of a socket that we read at exit: its libuv handle and its writable state. */
interface SocketInternals {
  _handle?: { fd?: number; writeQueueSize?: number } | null;
  _writableState?: { writing?: boolean; writelen?: number };
}

/** Opens a new connection; `readyEvent` is emitted once records may be written. */
export type Dialer = () => { socket: Socket; readyEvent: 'connect' | 'secureConnect' };

/**
 * Frames in one write at most. Each write wakes the daemon up, and on a VM a wake-up costs more
 * than copying the bytes (a write of 64 frames took 45-65 us of CPU, of 256 frames 90-130): 256
 * instead of 64 cut the sender's CPU per record by 5-15% (`npm run bench -- --only e2e`).
 */
export const FRAMES_PER_WRITE = 256;

/**
 * Any stream socket (Unix stream, TCP, TLS) carrying octet-counted frames.
 *
 * Unix stream and TCP write the frames to the socket's file descriptor themselves, so they know
 * how much the kernel took: what it did not take stays in the queue, and node is given only the
 * rest of a frame the write cut (or, when the socket is full, the first frame), whose completion
 * says the socket has room again. A connection that breaks then takes at most that one record
 * with it from user space, where node's own buffering held up to a whole write. TLS goes through
 * node's socket and respects its backpressure: once node's buffer is above its high-water mark it
 * takes nothing until 'drain'.
 */
export class StreamSender implements Sender {
  readonly batchSize = FRAMES_PER_WRITE;
  readonly coalesce = true;
  readonly octetCounted = true;
  private socket: Socket | undefined;
  private events: SenderEvents | undefined;
  /** Runs of frames handed to socket.write() whose callback has not run yet, oldest first (for syncFlush). */
  private unconfirmed: Buffer[] = [];
  /** The connection's file descriptor, when frames are written to it directly (plainFd). */
  private fd: number | undefined;

  constructor(
    readonly target: string,
    private readonly dial: Dialer,
    private readonly connectTimeoutMs: number,
    /**
     * The socket's fd carries our bytes as they are (Unix stream, TCP), so frames are written to it
     * directly, at process 'exit' too. Not TLS: bytes written past the TLS layer would break the session.
     */
    private readonly plainFd = false,
  ) {
    if (plainFd) this.syncFlush = (frames, deadline, count) => this.flushToFd(frames, deadline, count);
  }

  readonly syncFlush?: (frames: readonly Buffer[], deadline: number, count: number) => number;

  get pending(): boolean {
    return (this.socket?.writableLength ?? 0) > 0;
  }

  open(events: SenderEvents, done: (error?: Error) => void): void {
    this.events = events;
    this.destroy();
    const { socket, readyEvent } = this.dial();
    this.socket = socket;
    const unconfirmed: Buffer[] = [];
    this.unconfirmed = unconfirmed;
    this.fd = undefined;
    let ready = false;
    const timer = setTimeout(() => {
      const error = new Error(`connect ETIMEDOUT ${this.target} (no connection within ${this.connectTimeoutMs} ms)`);
      socket.destroy(Object.assign(error, { code: 'ETIMEDOUT' }));
    }, this.connectTimeoutMs);
    timer.unref();
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      ready = true;
      this.fd = this.plainFd ? fdOf(socket) : undefined;
      done();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (socket !== this.socket) return;
      if (!ready) {
        this.socket = undefined;
        socket.destroy();
        done(error);
      } else {
        events.broken(error);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (socket !== this.socket || !ready) return;
      events.broken(Object.assign(new Error(`connection to ${this.target} closed by the peer`), { code: 'ECONNRESET' }));
    });
    socket.on('drain', () => {
      if (socket === this.socket) events.writable();
    });
    // syslog receivers send nothing; reading keeps a peer's close from going unnoticed
    socket.resume();
  }

  /**
   * Written to the fd: takes the frames the kernel took whole, and the one it cut, whose rest node
   * writes. Through node (TLS): all `count` records or none.
   */
  write(runs: readonly Buffer[], count: number): number {
    const socket = this.socket;
    if (!socket || socket.destroyed) return 0;
    return this.fd === undefined ? this.writeThroughNode(socket, runs, count) : this.writeToFd(socket, this.fd, runs, count);
  }

  private writeToFd(socket: Socket, fd: number, runs: readonly Buffer[], count: number): number {
    // node still writes the rest of a frame: the socket has no room yet, and the order must hold
    if (socket.writableLength > 0) return 0;
    let written: number;
    try {
      written = runs.length === 1 ? writeSync(fd, runs[0]) : writevSync(fd, runs);
    } catch (error) {
      if (!wouldBlock(error)) {
        // the connection is gone: 'error' reports it, and the records stay queued for the next one
        socket.destroy(error as Error);
        return 0;
      }
      written = 0;
    }
    const events = this.events!;
    let total = 0;
    for (const run of runs) total += run.length;
    if (written === total) {
      process.nextTick(() => events.sent(count));
      return count;
    }
    const cut = frameCut(runs, written);
    if (cut.whole > 0) process.nextTick(() => events.sent(cut.whole));
    // The kernel stopped inside this frame (or before it): node writes its rest, and calls back
    // once the socket took it, i.e. has room for more.
    const rest = runs[cut.run].subarray(cut.from, cut.end);
    const unconfirmed = this.unconfirmed;
    unconfirmed.push(rest);
    socket.write(rest, (error) => {
      unconfirmed.shift();
      if (error) events.lost(1, 'connectionLost', error);
      else {
        events.sent(1);
        events.writable();
      }
    });
    return cut.whole + 1;
  }

  private writeThroughNode(socket: Socket, runs: readonly Buffer[], count: number): number {
    if (socket.writableNeedDrain) return 0;
    const events = this.events!;
    // The runs are the queue's memory, kept for us until the callback below reports them.
    const unconfirmed = this.unconfirmed;
    const last = runs.length - 1;
    // corked, runs that span two slabs leave in one writev
    if (last > 0) socket.cork();
    for (let i = 0; i < last; i++) {
      unconfirmed.push(runs[i]);
      socket.write(runs[i]);
    }
    unconfirmed.push(runs[last]);
    socket.write(runs[last], (error) => {
      unconfirmed.splice(0, last + 1);
      // also called for writes a dying socket never flushed: those records are lost, and counted
      if (error) events.lost(count, 'connectionLost', error);
      else events.sent(count);
    });
    if (last > 0) socket.uncork();
    return count;
  }

  /**
   * process 'exit': the rest of what node still buffers for this socket (the unwritten tail of a
   * partial write included, so no frame is cut), then `frames`, written straight to the fd.
   * Works as soon as the kernel has the connection: a Unix stream connect completes inside the
   * connect call, so this also covers records logged before node saw the connection; a TCP
   * connect starts a tick later in node, so TCP needs at least one event-loop turn first.
   */
  private flushToFd(runs: readonly Buffer[], deadline: number, count: number): number {
    try {
      const socket = this.socket as (Socket & SocketInternals) | undefined;
      if (!socket || socket.destroyed) return 0;
      const fd = fdOf(socket);
      if (fd === undefined) return 0;
      const tail = this.unwrittenTail(socket);
      if (tail === undefined) return 0; // cannot tell where node stopped: writing more would corrupt the stream
      if (tail.length > 0 && writeAllSync(fd, tail, deadline) < tail.length) return 0;
      const frames = Buffer.concat(runs);
      const written = writeAllSync(fd, frames, deadline);
      return written === frames.length ? count : frameCut([frames], written).whole;
    } catch {
      return 0;
    }
  }

  /**
   * The bytes of earlier write() calls that have not reached the kernel: what libuv still queues
   * (handle.writeQueueSize, the rest of the write in progress) plus what node's Writable buffers
   * behind it. They are the tail of the unconfirmed frames. Undefined when node's state is not
   * what this expects.
   */
  private unwrittenTail(socket: Socket & SocketInternals): Buffer | undefined {
    const total = socket.writableLength;
    if (total === 0) return Buffer.alloc(0);
    const queued = socket._handle?.writeQueueSize;
    const state = socket._writableState;
    if (typeof queued !== 'number' || !state || typeof state.writing !== 'boolean') return undefined;
    const inLibuv = state.writing ? state.writelen : 0;
    if (typeof inLibuv !== 'number' || inLibuv > total || queued > inLibuv) return undefined;
    const unsent = queued + (total - inLibuv);
    // Writes that completed at once still wait for their callbacks (node defers them a tick), so
    // the unconfirmed frames may hold more than node does: the unsent bytes are their tail.
    const all = Buffer.concat(this.unconfirmed);
    if (all.length < unsent) return undefined;
    return all.subarray(all.length - unsent);
  }

  setActive(active: boolean): void {
    if (active) this.socket?.ref();
    else this.socket?.unref();
  }

  end(done: () => void): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return done();
    socket.once('close', () => done());
    this.socket = undefined;
    socket.end();
  }

  destroy(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }
}

/** The socket's file descriptor, where the platform has one for it. */
function fdOf(socket: Socket): number | undefined {
  const fd = (socket as Socket & SocketInternals)._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}
