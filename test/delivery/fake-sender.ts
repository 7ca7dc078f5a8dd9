import type { Sender, SenderEvents } from '../../lib/senders/sender';

/** A scriptable sender for fault injection: the test decides what the "socket" does. */
export class FakeSender implements Sender {
  readonly target = 'fake:0';
  batchSize = 4;
  pending = false;
  events!: SenderEvents;
  /** Error the next open() fails with (undefined: it succeeds). */
  openError: Error | undefined;
  opens = 0;
  /** How many more records the socket takes before it is "congested". */
  room = Infinity;
  readonly written: Buffer[] = [];
  active = false;
  destroyed = 0;

  open(events: SenderEvents, done: (error?: Error) => void): void {
    this.events = events;
    this.opens++;
    const error = this.openError;
    setImmediate(() => done(error));
  }

  write(records: readonly Buffer[]): number {
    const taken = Math.min(this.room, records.length);
    this.room -= taken;
    this.written.push(...records.slice(0, taken));
    if (taken > 0) this.events.sent(taken);
    return taken;
  }

  setActive(active: boolean): void {
    this.active = active;
  }

  end(done: () => void): void {
    setImmediate(done);
  }

  destroy(): void {
    this.destroyed++;
  }

  /** The daemon read everything: room again, and the engine is told. */
  drain(room = Infinity): void {
    this.room = room;
    this.events.writable();
  }
}

export function writtenText(sender: FakeSender): string[] {
  return sender.written.map((b) => b.toString());
}
