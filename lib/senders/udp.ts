import * as dgram from 'dgram';
import { lookup } from 'dns';
import { hostPort } from './address';
import type { Sender, SenderEvents } from './sender';

/** dgram.send queues in node when the kernel is busy; past this many unconfirmed sends we wait. */
const MAX_UNCONFIRMED = 256;

/**
 * UDP sender on a CONNECTED dgram socket: the host name is resolved once per connection instead of
 * once per datagram, and the kernel reports an absent receiver (ECONNREFUSED) back to us.
 * UDP has no acknowledgement: a datagram the receiver's buffer cannot hold is dropped unseen.
 */
export class UdpSender implements Sender {
  readonly target: string;
  readonly batchSize = 64;
  private socket: dgram.Socket | undefined;
  private events: SenderEvents | undefined;
  private unconfirmed = 0;
  private full = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.target = `udp:${hostPort(host, port)}`;
  }

  get pending(): boolean {
    return this.unconfirmed > 0;
  }

  open(events: SenderEvents, done: (error?: Error) => void): void {
    this.events = events;
    this.destroy();
    lookup(this.host, (lookupError, address, family) => {
      if (lookupError) return done(lookupError);
      const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
      this.socket = socket;
      socket.once('error', done);
      socket.connect(this.port, address, () => {
        socket.removeListener('error', done);
        // later socket errors also reach send callbacks; this listener only keeps them from crashing the app
        socket.on('error', () => undefined);
        done();
      });
    });
  }

  write(records: readonly Buffer[]): number {
    const socket = this.socket;
    if (!socket) return 0;
    const room = Math.max(0, MAX_UNCONFIRMED - this.unconfirmed);
    const taken = Math.min(room, records.length);
    for (let i = 0; i < taken; i++) {
      this.unconfirmed++;
      socket.send(records[i], (error) => this.confirm(error));
    }
    this.full = taken < records.length;
    return taken;
  }

  setActive(active: boolean): void {
    if (active) this.socket?.ref();
    else this.socket?.unref();
  }

  end(done: () => void): void {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return done();
    socket.close(() => done());
  }

  destroy(): void {
    const socket = this.socket;
    this.socket = undefined;
    try {
      socket?.close();
    } catch {
      // already closed
    }
  }

  private confirm(error: Error | null): void {
    this.unconfirmed--;
    const events = this.events!;
    if (error) events.lost(1, 'sendFailed', error);
    else events.sent(1);
    if (this.full && this.unconfirmed < MAX_UNCONFIRMED / 2) {
      this.full = false;
      events.writable();
    }
  }
}
