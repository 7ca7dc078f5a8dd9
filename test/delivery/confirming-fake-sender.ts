import type { Sender, SenderEvents } from '../../lib/senders/sender';

/**
 * A scriptable sender whose daemon acknowledges records (as RELP does): written records stay
 * unconfirmed until the test calls ack()/refuse(), at most `window` at a time.
 */
export class ConfirmingFakeSender implements Sender {
  readonly target = 'fake-ack:0';
  readonly confirms = true;
  readonly coalesce = false;
  batchSize = 4;
  pending = false;
  events!: SenderEvents;
  openError: Error | undefined;
  opens = 0;
  window = 8;
  /** Every record written, across connections (resends included). */
  readonly written: string[] = [];
  /** Written on the current connection and not answered yet. */
  readonly unanswered: string[] = [];
  ended = 0;
  active = false;

  open(events: SenderEvents, done: (error?: Error) => void): void {
    this.events = events;
    this.opens++;
    this.unanswered.length = 0;
    const error = this.openError;
    setImmediate(() => done(error));
  }

  write(records: readonly Buffer[]): number {
    const taken = Math.max(0, Math.min(this.window - this.unanswered.length, records.length));
    for (const record of records.slice(0, taken)) {
      this.written.push(record.toString());
      this.unanswered.push(record.toString());
    }
    return taken;
  }

  /** The daemon acknowledges the oldest `n` records. */
  ack(n = this.unanswered.length): void {
    const full = this.unanswered.length >= this.window;
    this.unanswered.splice(0, n);
    this.events.sent(n);
    if (full) this.events.writable();
  }

  /** The daemon refuses the oldest record (RELP 500). */
  refuse(): void {
    this.unanswered.shift();
    this.events.lost(1, 'sendFailed', new Error('500 refused'));
    this.events.writable();
  }

  /** The connection breaks (daemon killed): unanswered records are the engine's again. */
  breakConnection(): void {
    this.unanswered.length = 0;
    this.events.broken(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
  }

  setActive(active: boolean): void {
    this.active = active;
  }

  end(done: () => void): void {
    this.ended++;
    setImmediate(done);
  }

  destroy(): void {
    this.unanswered.length = 0;
  }
}
