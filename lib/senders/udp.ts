import * as dgram from 'dgram';
import { lookup } from 'dns';
import { isIP } from 'net';
import { hostPort } from './address';
import type { Sender, SenderEvents } from './sender';
import { sendDatagramSync } from './sync-write';

/** The libuv UDP handle behind a dgram.Socket: node keeps it under an internal symbol. */
interface UdpHandle {
  fd: number;
  bind(address: string, port: number, flags: number): number;
  bind6(address: string, port: number, flags: number): number;
  connect(address: string, port: number): number;
  connect6(address: string, port: number): number;
}

function udpHandle(socket: dgram.Socket): UdpHandle | undefined {
  const key = Object.getOwnPropertySymbols(socket).find((symbol) => symbol.description === 'state symbol');
  const state = key === undefined ? undefined : (socket as unknown as Record<symbol, { handle?: UdpHandle }>)[key];
  const handle = state?.handle;
  return handle && typeof handle.connect === 'function' ? handle : undefined;
}

/** dgram.send queues in node when the kernel is busy; past this many unconfirmed sends we wait. */
const MAX_UNCONFIRMED = 256;
/**
 * Confirmed sends are reported to the engine in groups of at most this many (and at once when
 * nothing is left unconfirmed, before 'writable' and before a loss), not one 'sent' per datagram:
 * each report costs the engine a round of bookkeeping.
 */
const REPORT_EVERY = 64;

/**
 * UDP sender on a CONNECTED dgram socket: the host name is resolved once per connection instead of
 * once per datagram, and the kernel reports an absent receiver (ECONNREFUSED) back to us.
 * UDP has no acknowledgement: a datagram the receiver's buffer cannot hold is dropped unseen.
 *
 * Every datagram still gets a send callback (node reports a failed send nowhere else), but it is
 * one function made once, not a closure per record, and the socket is referenced and unreferenced
 * only when that changes, not around every record.
 */
export class UdpSender implements Sender {
  readonly target: string;
  readonly batchSize = 64;
  /** dgram's send() holds the Buffer until its callback. */
  readonly keepsRecords = true;
  private socket: dgram.Socket | undefined;
  private events: SenderEvents | undefined;
  private unconfirmed = 0;
  /** Sends confirmed but not yet reported as 'sent'. */
  private unreported = 0;
  private full = false;
  private connected = false;
  /** Whether the socket keeps the event loop alive now (a new dgram socket does). */
  private referenced = true;
  private readonly onSendDone = (error: Error | null): void => this.confirm(error);

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
      this.referenced = true;
      socket.once('error', done);
      socket.connect(this.port, address, () => {
        this.connected = socket === this.socket;
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
      socket.send(records[i], this.onSendDone);
    }
    this.full = taken < records.length;
    return taken;
  }

  setActive(active: boolean): void {
    const socket = this.socket;
    if (!socket || active === this.referenced) return;
    this.referenced = active;
    if (active) socket.ref();
    else socket.unref();
  }

  end(done: () => void): void {
    const socket = this.socket;
    this.socket = undefined;
    this.connected = false;
    if (!socket) return done();
    socket.close(() => done());
  }

  /**
   * process 'exit': dgram has no synchronous send, but a connected UDP socket's fd takes write(2),
   * one datagram per call. Before the socket is connected (records logged in the first tick), a
   * host given as an IP address needs no lookup: a fresh handle is bound and connected right here,
   * synchronously. A host name would need a DNS lookup, which cannot run any more: nothing is sent.
   * Datagrams node queued after an EAGAIN earlier are lost.
   */
  syncFlush(records: readonly Buffer[], deadline: number): number {
    try {
      const fd = this.syncFd();
      if (fd === undefined) return 0;
      let done = 0;
      for (const record of records) {
        if (!sendDatagramSync(fd, record, deadline)) break;
        done++;
      }
      return done;
    } catch {
      return 0;
    }
  }

  private syncFd(): number | undefined {
    const current = this.connected && this.socket ? udpHandle(this.socket) : undefined;
    if (current && current.fd >= 0) return current.fd;
    const family = isIP(this.host);
    if (family === 0) return undefined;
    const handle = udpHandle(dgram.createSocket(family === 6 ? 'udp6' : 'udp4'));
    if (!handle) return undefined;
    const bound = family === 6 ? handle.bind6('::', 0, 0) : handle.bind('0.0.0.0', 0, 0);
    if (bound !== 0) return undefined;
    const connected = family === 6 ? handle.connect6(this.host, this.port) : handle.connect(this.host, this.port);
    return connected === 0 && handle.fd >= 0 ? handle.fd : undefined;
  }

  destroy(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.connected = false;
    try {
      socket?.close();
    } catch {
      // already closed
    }
  }

  private confirm(error: Error | null): void {
    this.unconfirmed--;
    const events = this.events!;
    if (error) {
      this.report(events);
      events.lost(1, 'sendFailed', error);
    } else if (++this.unreported >= REPORT_EVERY || this.unconfirmed === 0) {
      this.report(events);
    }
    if (this.full && this.unconfirmed < MAX_UNCONFIRMED / 2) {
      this.full = false;
      this.report(events);
      events.writable();
    }
  }

  private report(events: SenderEvents): void {
    const count = this.unreported;
    if (count === 0) return;
    this.unreported = 0;
    events.sent(count);
  }
}
