import type { Socket } from 'net';
import type { Sender, SenderEvents } from './sender';
import { frameRecords } from './octet-framing';

/** Opens a new connection; `readyEvent` is emitted once records may be written. */
export type Dialer = () => { socket: Socket; readyEvent: 'connect' | 'secureConnect' };

/**
 * Frames in one write at most. Each write wakes the daemon up, and on a VM a wake-up costs more
 * than copying the bytes (a write of 64 frames took 45-65 us of CPU, of 256 frames 90-130): 256
 * instead of 64 cut the sender's CPU per record by 5-15% (`npm run bench -- --only e2e`).
 */
export const FRAMES_PER_WRITE = 256;

/**
 * Any stream socket (Unix stream, TCP, TLS) carrying octet-counted frames. It respects the socket's
 * backpressure: once node's buffer is above its high-water mark it takes nothing until 'drain'.
 */
export class StreamSender implements Sender {
  readonly batchSize = FRAMES_PER_WRITE;
  readonly coalesce = true;
  private socket: Socket | undefined;
  private events: SenderEvents | undefined;

  constructor(
    readonly target: string,
    private readonly dial: Dialer,
    private readonly connectTimeoutMs: number,
  ) {}

  get pending(): boolean {
    return (this.socket?.writableLength ?? 0) > 0;
  }

  open(events: SenderEvents, done: (error?: Error) => void): void {
    this.events = events;
    this.destroy();
    const { socket, readyEvent } = this.dial();
    this.socket = socket;
    let ready = false;
    const timer = setTimeout(() => {
      const error = new Error(`connect ETIMEDOUT ${this.target} (no connection within ${this.connectTimeoutMs} ms)`);
      socket.destroy(Object.assign(error, { code: 'ETIMEDOUT' }));
    }, this.connectTimeoutMs);
    timer.unref();
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      ready = true;
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

  write(records: readonly Buffer[]): number {
    const socket = this.socket;
    if (!socket || socket.destroyed || socket.writableNeedDrain) return 0;
    const events = this.events!;
    const count = records.length;
    socket.write(frameRecords(records), (error) => {
      // also called for writes a dying socket never flushed: those records are lost, and counted
      if (error) events.lost(count, 'connectionLost', error);
      else events.sent(count);
    });
    return count;
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
