import { EventEmitter } from 'events';
import { Backoff } from './backoff';
import { onProcessExit } from './exit-flush';
import { ByteWriter, USUAL_RECORD_BYTES } from '../format/byte-writer';
import { sleepSync } from '../senders/sync-write';
import { QueueFullPolicy, RecordQueue } from './record-queue';
import type { LossReason, Sender, SenderEvents } from '../senders/sender';

/** Why records were dropped: each has its own counter. */
export type DropReason = 'queueFull' | LossReason | 'closed';

export interface DeliveryOptions {
  maxQueueRecords: number;
  maxQueueBytes: number;
  queueFullPolicy: QueueFullPolicy;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  closeTimeoutMs: number;
  dropReportIntervalMs: number;
  /** How long the process 'exit' handler may spend writing what is queued. 0: not at all. */
  exitFlushMs: number;
  /**
   * How long a record logged into a full queue may wait for the daemon to make room, on a sender
   * that `drainsWhileBlocked`. 0: drop at once.
   */
  fullQueueWaitMs: number;
}

/** Counters an application can read at any time (`transport.stats()`). */
export interface DeliveryStats {
  /** Records the kernel accepted; over RELP, records the daemon acknowledged. */
  sent: number;
  /** Records waiting in the queue now. */
  queued: number;
  /**
   * Bytes the queue holds, including records sent but not acknowledged yet (RELP); on stream
   * sockets each record's octet count (`MSG-LEN SP`) too.
   */
  queuedBytes: number;
  /** Records handed to the socket whose fate is not known yet (RELP: not acknowledged yet). */
  inFlight: number;
  /** All records dropped so far; `drops` splits them by reason. */
  dropped: number;
  drops: Record<DropReason, number>;
  /** Successful connections after the first one. */
  reconnects: number;
  connected: boolean;
}

/** Drops since the last report, emitted as 'dropReport' once delivery works again. */
export interface DropReport {
  counts: Partial<Record<DropReason, number>>;
  total: number;
  since: Date;
}

type State = 'idle' | 'opening' | 'open' | 'backoff' | 'closed';

/** Longest wait between two connection attempts while close() waits for a daemon that was reached before. */
const CLOSE_RETRY_MS = 100;
/** Between two tries of a full socket while a record waits for room (asked: 50 us; timer slack made it 60-230 us here). */
const ROOM_POLL_MS = 0.05;
/** Least time between two tries of a congested socket by newly logged records. */
const CONGESTED_RETRY_MS = 0.025;

/**
 * The one place that owns the queue, retries, reconnects and drop accounting for every sender.
 * Events: 'warn' (Error), 'connect', 'reconnect', 'dropped' ({ reason, count }), 'dropReport' (DropReport).
 */
export class Delivery extends EventEmitter {
  private readonly queue: RecordQueue;
  /** Where records are encoded, straight into the queue's memory when they fit there. */
  private readonly writer = new ByteWriter(USUAL_RECORD_BYTES);
  private readonly backoff: Backoff;
  private readonly events: SenderEvents;
  private state: State = 'idle';
  private pumping = false;
  /** A coalescing sender's records of this tick, after the first, wait for a full batch or the tick's end. */
  private collecting = false;
  /** The socket took fewer records than offered and has not asked for more yet. */
  private congested = false;
  private readonly endOfTick = (): void => {
    this.collecting = false;
    this.pump();
  };
  private inFlight = 0;
  /**
   * Sender that `confirms`: the first `unconfirmed` records of the queue were written and wait
   * for their confirmation; they stay queued (and count against its bounds) until it comes.
   */
  private unconfirmed = 0;
  /** Unconfirmed records the full queue dropped (drop-oldest): their late confirmations are skipped. */
  private droppedUnconfirmed = 0;
  private everConnected = false;
  /** performance.now() before which records logged into a congested socket do not try it again. */
  private nextRetry = 0;
  /** The daemon took records since the queue last waited for room in vain: waiting is worth it. */
  private daemonDrains = true;
  private lastWarnCode: string | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private reportTimer: NodeJS.Timeout | undefined;
  private lastReport = 0;
  private unreported: DropReport | undefined;
  private closing: { promise: Promise<void>; resolve: () => void; deadline: NodeJS.Timeout } | undefined;
  private readonly unregisterExit: () => void;
  private readonly counters = {
    sent: 0,
    dropped: 0,
    reconnects: 0,
    drops: { queueFull: 0, tooLarge: 0, sendFailed: 0, connectionLost: 0, closed: 0 } as Record<DropReason, number>,
  };

  constructor(
    private readonly sender: Sender,
    private readonly options: DeliveryOptions,
  ) {
    super();
    this.queue = new RecordQueue(
      options.maxQueueRecords,
      options.maxQueueBytes,
      options.queueFullPolicy,
      sender.keepsRecords === true,
      sender.octetCounted === true,
    );
    this.backoff = new Backoff(options.reconnectMinMs, options.reconnectMaxMs);
    this.events = {
      writable: () => {
        this.congested = false;
        this.pump();
      },
      sent: (count) => {
        this.daemonDrains = true;
        count = this.confirmed(count);
        this.inFlight -= count;
        this.counters.sent += count;
        // close() gives up only after closeTimeoutMs WITHOUT progress: a slow but working daemon
        // still gets everything a finished application logged.
        this.closing?.deadline.refresh();
        this.settle();
      },
      lost: (count, reason, error) => {
        count = this.confirmed(count);
        this.inFlight -= count;
        if (count > 0) {
          this.drop(reason, count);
          this.warn(error, `${count} record(s) lost (${reason})`);
        }
        this.settle();
      },
      broken: (error) => this.onBroken(error),
    };
    this.unregisterExit =
      sender.syncFlush && options.exitFlushMs > 0 ? onProcessExit(() => this.flushSync(Date.now() + options.exitFlushMs)) : () => undefined;
  }

  /**
   * A writer for the next record, placed where the queue keeps it (see RecordQueue.beginRecord);
   * endRecord() queues what was written. Nothing else may use the queue in between.
   */
  beginRecord(): ByteWriter {
    this.queue.beginRecord(this.writer);
    return this.writer;
  }

  /** Queues the record written since beginRecord() and sends what the socket takes now. */
  endRecord(): void {
    if (this.state !== 'closed' && this.queue.commit(this.writer)) return this.sendQueued();
    // Rare (a new slab, a full queue): a copy, since a listener that logs during enqueue (on
    // 'dropped' or 'warn') reuses the writer.
    this.enqueue(Buffer.from(this.writer.record()));
  }

  /** Queues one encoded record and sends what the socket takes now. */
  enqueue(record: Buffer): void {
    if (this.state === 'closed') {
      this.drop('closed', 1);
      return;
    }
    if (this.queue.isFullFor(record)) this.makeRoom(record);
    const dropped = this.queue.push(record);
    if (dropped > 0) {
      this.forgetDroppedUnconfirmed(dropped, record);
      this.drop('queueFull', dropped);
    }
    this.sendQueued();
  }

  /** After a record was queued: what the socket takes now, or later in a batch. */
  private sendQueued(): void {
    // Stream sockets take a batch in one syscall: the first record of a tick leaves at once (so a
    // record logged just before a crash still gets out), the ones logged after it in the same tick
    // leave together when a batch is full or the tick ends, instead of one write each.
    if (this.collecting && !this.congested && this.queue.length - this.unconfirmed < this.sender.batchSize) return;
    if (this.congested && !this.retryDue()) return;
    this.pump();
    if (this.sender.coalesce && !this.collecting && this.state === 'open') {
      this.collecting = true;
      process.nextTick(this.endOfTick);
    }
  }

  stats(): DeliveryStats {
    return {
      sent: this.counters.sent,
      queued: this.queue.length - this.unconfirmed,
      queuedBytes: this.queue.bytes,
      inFlight: this.inFlight,
      dropped: this.counters.dropped,
      drops: { ...this.counters.drops },
      reconnects: this.counters.reconnects,
      connected: this.state === 'open',
    };
  }

  /**
   * Sends what is queued, then releases every handle; gives up once `closeTimeoutMs` pass without
   * a record getting through. When the daemon is unreachable it tries again at once instead of
   * waiting out the backoff. A daemon that was reached before (a restart) is then retried every
   * 100 ms (or reconnectMinMs if shorter) until the queue is delivered or the timeout passes; one
   * that was never reached is given up at once, so a script that logs and ends with no daemon
   * exits promptly. What is left is counted as dropped ('closed').
   */
  close(): Promise<void> {
    if (this.closing) return this.closing.promise;
    if (this.state === 'closed') return Promise.resolve();
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const deadline = setTimeout(() => this.finishClose(), this.options.closeTimeoutMs);
    this.closing = { promise, resolve, deadline };
    if (this.state === 'backoff') {
      clearTimeout(this.retryTimer);
      this.open();
    } else {
      this.settle();
    }
    return promise;
  }

  /**
   * process 'exit': the event loop is over, so hand what is queued to the sender's synchronous
   * path, bounded by `deadline`. What it could not write stays counted as queued.
   */
  flushSync(deadline: number): void {
    if (this.state === 'closed' || !this.sender.syncFlush) return;
    const { batch, count } = this.peek(this.queue.length);
    const written = this.sender.syncFlush(batch, deadline, count);
    this.queue.discard(written);
    this.counters.sent += written;
  }

  private pump(): void {
    if (this.pumping) return;
    if (this.state === 'idle') return this.open();
    // Tried again on 'writable' and, paced, by newly logged records: see retryDue().
    if (this.state !== 'open' || this.queue.length <= this.unconfirmed) return;
    this.pumping = true;
    this.sender.setActive(true);
    try {
      while (this.state === 'open' && this.queue.length > this.unconfirmed) {
        const { batch, count } = this.peek(this.sender.batchSize);
        // Counted in flight before the write: a sender may report 'sent' synchronously.
        this.inFlight += count;
        const taken = this.sender.write(batch, count);
        this.inFlight -= count - taken;
        if (this.sender.confirms) this.unconfirmed += taken;
        else if (this.sender.octetCounted && taken > 0) this.queue.handOver(taken);
        else this.queue.discard(taken);
        this.congested = taken < count;
        if (this.congested) break;
      }
    } finally {
      this.pumping = false;
    }
    this.settle();
  }

  /** Up to `max` records after the unconfirmed ones, as the sender takes them. */
  private peek(max: number): { batch: Buffer[]; count: number } {
    if (this.sender.octetCounted) {
      const { runs, count } = this.queue.peekFrames(max);
      return { batch: runs, count };
    }
    const batch = this.queue.peek(max, this.unconfirmed);
    return { batch, count: batch.length };
  }

  /**
   * A congested socket the daemon drains while this thread runs (Unix datagrams) is retried by the
   * records logged meanwhile, so a backlog drains during the application's own burst instead of a
   * few records per event-loop turn; but at most once per
   * CONGESTED_RETRY_MS, since a failed send is a syscall too: over `unix`, retrying on every record
   * cost 13.7-15.6 us of CPU per record against 11.1-13.2 (README, Benchmarks).
   */
  private retryDue(): boolean {
    // Other sockets make no progress before the event loop runs ('drain', send callbacks, acks).
    if (!this.sender.drainsWhileBlocked) return false;
    const now = performance.now();
    if (now < this.nextRetry) return false;
    this.nextRetry = now + CONGESTED_RETRY_MS;
    return true;
  }

  /**
   * The queue is full: never drop what the socket would take now (a congested one is tried as
   * retryDue() allows, so a daemon that stopped reading does not cost a failed send per record).
   * On a socket the daemon drains while this thread waits, a burst then waits up to
   * fullQueueWaitMs for room, as a blocking write would, instead of dropping (the daemon paces the
   * application). A daemon that made no room in that time is not waited for again until it takes
   * a record.
   */
  private makeRoom(record: Buffer): void {
    if (!this.congested || this.retryDue()) this.pump();
    const wait = this.options.fullQueueWaitMs;
    if (!this.sender.drainsWhileBlocked || wait === 0 || !this.daemonDrains) return;
    const deadline = performance.now() + wait;
    while (this.state === 'open' && this.queue.isFullFor(record)) {
      if (performance.now() >= deadline) {
        this.daemonDrains = false;
        return;
      }
      sleepSync(ROOM_POLL_MS);
      this.pump();
    }
  }

  private open(): void {
    this.state = 'opening';
    this.sender.open(this.events, (error) => {
      if (this.state === 'closed') return;
      if (error) return this.onUnreachable(error);
      this.state = 'open';
      this.backoff.reset();
      this.lastWarnCode = undefined;
      if (this.everConnected) {
        this.counters.reconnects++;
        this.emit('reconnect');
      } else {
        this.everConnected = true;
        this.emit('connect');
      }
      this.scheduleReport();
      this.pump();
    });
  }

  private onBroken(error: Error): void {
    if (this.state !== 'open' && this.state !== 'opening') return;
    this.sender.destroy();
    this.onUnreachable(error);
  }

  private onUnreachable(error: Error): void {
    this.state = 'backoff';
    // What the old connection never confirmed is offered again, first, on the next one.
    this.inFlight -= this.unconfirmed;
    this.unconfirmed = 0;
    this.droppedUnconfirmed = 0;
    this.warn(error, `cannot deliver to ${this.sender.target}; records stay queued and delivery is retried`);
    if (this.closing) {
      // A daemon never reached is not coming: a script that logs and ends exits promptly. One that
      // was reached is likely restarting: retry at short intervals (keeping the process alive)
      // until the queue is delivered or closeTimeoutMs pass without a record getting through.
      if (!this.everConnected) return this.finishClose();
      this.retryTimer = setTimeout(() => this.open(), Math.min(this.options.reconnectMinMs, CLOSE_RETRY_MS));
      return;
    }
    this.retryTimer = setTimeout(() => this.open(), this.backoff.next());
    // A daemon that is away must not keep the application alive.
    this.retryTimer.unref();
  }

  /** Lets the socket release the event loop when idle, and completes a pending close. */
  private settle(): void {
    if (this.state === 'closed') return;
    const idle = this.queue.length === 0 && this.inFlight === 0 && !this.sender.pending;
    if (this.state === 'open' || this.state === 'opening') this.sender.setActive(!idle);
    if (idle && this.closing) this.finishClose();
  }

  private finishClose(): void {
    if (this.state === 'closed' || !this.closing) return;
    const { resolve, deadline } = this.closing;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.unregisterExit();
    clearTimeout(this.retryTimer);
    clearTimeout(this.reportTimer);
    const left = this.queue.clear() + this.inFlight - this.unconfirmed;
    this.inFlight = 0;
    this.unconfirmed = 0;
    this.droppedUnconfirmed = 0;
    if (left > 0) this.drop('closed', left);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      clearTimeout(endTimer);
      this.sender.destroy();
      resolve();
    };
    // A graceful end gets its own bound: a peer that never acknowledges the close must not hang us.
    const endTimer = setTimeout(done, this.options.closeTimeoutMs);
    if (wasOpen && left === 0) this.sender.end(done);
    else done();
  }

  /**
   * The sender reported `count` records (the oldest unreported ones), sent or lost. An
   * octet-counted sender is done with their frames: once all of a write's are reported, the queue
   * memory it wrote from is free again.
   * A sender that confirms: they leave the queue. Returns how many of them were still queued,
   * i.e. not already dropped and counted.
   */
  private confirmed(count: number): number {
    if (this.sender.octetCounted) this.queue.handedBack(count);
    if (!this.sender.confirms) return count;
    const forgotten = Math.min(count, this.droppedUnconfirmed);
    this.droppedUnconfirmed -= forgotten;
    const left = count - forgotten;
    this.queue.discard(left);
    this.unconfirmed -= left;
    return left;
  }

  /** drop-oldest takes records from the front of the queue, where the unconfirmed ones are. */
  private forgetDroppedUnconfirmed(dropped: number, record: Buffer): void {
    if (this.unconfirmed === 0 || this.options.queueFullPolicy !== 'drop-oldest') return;
    if (record.length > this.options.maxQueueBytes) return; // refused alone, nothing else dropped
    const n = Math.min(dropped, this.unconfirmed);
    this.unconfirmed -= n;
    this.inFlight -= n;
    this.droppedUnconfirmed += n;
  }

  private drop(reason: DropReason, count: number): void {
    this.counters.drops[reason] += count;
    this.counters.dropped += count;
    this.emit('dropped', { reason, count });
    if (reason === 'closed') return; // nothing will be sent after close to report it in
    const report = (this.unreported ??= { counts: {}, total: 0, since: new Date() });
    report.counts[reason] = (report.counts[reason] ?? 0) + count;
    report.total += count;
    this.scheduleReport();
  }

  /** At most one report per interval, and only while connected, so the report itself can arrive. */
  private scheduleReport(): void {
    if (!this.unreported || this.reportTimer) return;
    const wait = Math.max(0, this.lastReport + this.options.dropReportIntervalMs - Date.now());
    this.reportTimer = setTimeout(() => {
      this.reportTimer = undefined;
      if (this.state !== 'open' || !this.unreported) return; // the next connect reschedules it
      const report = this.unreported;
      this.unreported = undefined;
      this.lastReport = Date.now();
      this.emit('dropReport', report);
    }, wait);
    this.reportTimer.unref();
  }

  /** One warning per outage and per change of cause, not one per retry. */
  private warn(error: Error, context: string): void {
    const code = (error as NodeJS.ErrnoException).code ?? error.message;
    if (code === this.lastWarnCode) return;
    this.lastWarnCode = code;
    const warning = new Error(`winston-rfc5424: ${context}: ${error.message}`) as NodeJS.ErrnoException;
    warning.code = (error as NodeJS.ErrnoException).code;
    warning.cause = error;
    this.emit('warn', warning);
  }
}
