/**
 * The contract between the shared delivery engine and one kind of socket.
 * A sender knows its socket and nothing of winston, queues or retries.
 */

export interface SenderEvents {
  /** The socket takes records again after write() took fewer than it was offered. */
  writable(): void;
  /**
   * Records taken earlier reached the kernel, or, for a sender that `confirms`, the daemon
   * acknowledged them. Always the oldest records taken and not yet reported, in order.
   */
  sent(count: number): void;
  /**
   * Records taken earlier that did not (or may not) reach the daemon; `reason` says which drop counter they go to.
   * In order with `sent`, like it.
   */
  lost(count: number, reason: LossReason, error: Error): void;
  /**
   * The connection is gone; the engine reconnects. Records not yet taken stay queued; for a sender
   * that `confirms`, so do the records taken but not confirmed: they are offered again, in order.
   */
  broken(error: Error): void;
}

export type LossReason = 'tooLarge' | 'sendFailed' | 'connectionLost';

export interface Sender {
  /** Name used in messages, e.g. "unix:/dev/log" or "tcp:127.0.0.1:514". */
  readonly target: string;
  /** How many records one write() call should be offered at most. */
  readonly batchSize: number;
  /**
   * One write() of many records costs one syscall (stream sockets): the engine then collects the
   * records logged in one tick into batches instead of writing each at once.
   */
  readonly coalesce?: boolean;
  /**
   * The daemon acknowledges each record (RELP): the engine keeps a record queued until `sent` or
   * `lost` reports it, and offers the unreported ones again after a reconnect. Without it
   * (datagrams, octet-counted streams) a record leaves the queue once write() took it, and its
   * confirmation is the kernel's acceptance.
   */
  readonly confirms?: boolean;
  /**
   * The daemon empties the socket while this thread is blocked (Unix datagrams: what the kernel
   * took waits in the daemon's receive queue, and the socket takes more as soon as it reads).
   * The engine may then wait for room synchronously instead of dropping from a full queue.
   */
  readonly drainsWhileBlocked?: boolean;
  /**
   * write() keeps the records it took (views of the queue's memory) after it returns, as UDP
   * does until node has sent them: the queue then never reuses that memory. A sender that copies
   * them or sends them synchronously leaves it out.
   */
  readonly keepsRecords?: boolean;
  /**
   * The sender writes octet-counted frames (RFC 6587 3.4.1) on a stream: the queue stores each
   * record framed, and write() and syncFlush() get runs of whole frames, back to back, instead
   * of one Buffer per record, with `count` saying how many records the runs hold. The runs are
   * the queue's own memory, not reused until the sender has reported every record the write took
   * (by `sent` and `lost`, after write() returned; one report or several, in order), so the
   * sender may write them as they are.
   * Never together with `confirms`: frames are handed out from the front of the queue.
   */
  readonly octetCounted?: boolean;
  /** Opens the socket; `done` gets an error when it cannot. Called again after broken(). */
  open(events: SenderEvents, done: (error?: Error) => void): void;
  /**
   * Offers `count` records in order (`batch`: one Buffer each, or runs of frames when
   * `octetCounted`) and returns how many were taken from the front. Fewer than offered means:
   * wait for `writable` (or `broken`). Never throws for socket trouble.
   */
  write(batch: readonly Buffer[], count: number): number;
  /** Whether taken records still wait in user-space buffers (stream sockets). */
  readonly pending: boolean;
  /** Whether the socket should keep the event loop alive: only while there is something to deliver. */
  setActive(active: boolean): void;
  /** Ends the connection gracefully, calling back once buffered data left or `destroy` ran. */
  end(done: () => void): void;
  /** Releases every handle at once. Idempotent. */
  destroy(): void;
  /**
   * Optional: for process 'exit', when no callback will run again. Writes, synchronously and in
   * order, whatever the socket still holds in user space from earlier write() calls, then the
   * `count` records of `batch` (as in write()); gives up at `deadline` (Date.now() ms). Returns
   * how many of them reached the kernel whole. Never throws. A sender that cannot write
   * synchronously leaves it out.
   */
  syncFlush?(batch: readonly Buffer[], deadline: number, count: number): number;
}
