import { readFileSync } from 'fs';
import { join } from 'path';
import type { Socket } from 'net';
import type { Sender, SenderEvents } from '../sender';
import type { Dialer } from '../stream';
import { FRAMES_PER_WRITE } from '../stream';
import {
  encodeClose,
  encodeOpen,
  encodeSyslogFrames,
  FrameParser,
  nextTxnr,
  parseResponse,
  RelpFrame,
  RelpProtocolError,
  RelpResponse,
} from './frame';

export interface RelpSenderOptions {
  /** Most records sent and not yet acknowledged (librelp's window: 128). */
  window: number;
  /** How long connect + TLS handshake + the answer to `open` may take. */
  connectTimeoutMs: number;
  /** The connection counts as dead when the oldest unacknowledged record waits this long. */
  responseTimeoutMs: number;
}

/** `relp_software` offer: name,version,url. */
function software(): string {
  let version = 'unknown';
  try {
    // dist/lib/senders/relp/ and build/lib/senders/relp/ are both four levels below the package root
    version = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // bundled without its package.json: the offer is informational only
  }
  return `winston-rfc5424,${version},https://www.npmjs.com/package/winston-rfc5424`;
}

function relpError(message: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** One connection: its parser, TXNR counter and the TXNRs sent and not answered yet, oldest first. */
interface Session {
  socket: Socket;
  parser: FrameParser;
  next: number;
  openTxnr: number;
  opened: boolean;
  /** TXNRs of syslog frames sent, not yet reported to the engine, oldest first. */
  window: number[];
  /** Answers that came for TXNRs in the window (in order, unless the server answers out of order). */
  answers: Map<number, RelpResponse>;
  /** write() was refused for lack of window room: tell the engine when there is room again. */
  full: boolean;
  closeTxnr: number | undefined;
  responseTimer: NodeJS.Timeout | undefined;
}

/**
 * RELP client (rsyslog's imrelp): each record is a `syslog` frame the server answers with
 * `rsp 200`; only then does the engine count it as sent. At most `window` records are in flight.
 * On a broken connection (or `serverclose`) the unacknowledged records are not reported: the
 * engine keeps them queued and offers them again on the next connection, with new TXNRs.
 */
export class RelpSender implements Sender {
  readonly confirms = true;
  readonly coalesce = true;
  readonly batchSize: number;
  private session: Session | undefined;
  private events: SenderEvents | undefined;
  private readonly software = software();

  constructor(
    readonly target: string,
    private readonly dial: Dialer,
    private readonly options: RelpSenderOptions,
  ) {
    this.batchSize = Math.min(options.window, FRAMES_PER_WRITE);
  }

  get pending(): boolean {
    return (this.session?.socket.writableLength ?? 0) > 0;
  }

  open(events: SenderEvents, done: (error?: Error) => void): void {
    this.events = events;
    this.destroy();
    const { socket, readyEvent } = this.dial();
    const session: Session = {
      socket,
      parser: new FrameParser(),
      next: 1,
      openTxnr: 1,
      opened: false,
      window: [],
      answers: new Map(),
      full: false,
      closeTxnr: undefined,
      responseTimer: undefined,
    };
    this.session = session;
    let settled = false;
    const timer = setTimeout(() => {
      const what = socket.readyState === 'open' ? 'no answer to the RELP open' : 'no connection';
      fail(relpError(`connect ETIMEDOUT ${this.target} (${what} within ${this.options.connectTimeoutMs} ms)`, 'ETIMEDOUT'));
    }, this.options.connectTimeoutMs);
    timer.unref();
    /** Before the session is open: the open fails. After: the connection is broken. */
    const fail = (error: Error): void => {
      clearTimeout(timer);
      if (session !== this.session) return;
      if (!settled) {
        settled = true;
        this.destroy();
        done(error);
      } else if (session.closeTxnr === undefined) {
        events.broken(error);
      }
    };
    socket.once(readyEvent, () => {
      socket.write(encodeOpen(session.openTxnr, { software: this.software }));
      session.next = nextTxnr(session.openTxnr);
    });
    socket.on('data', (chunk: Buffer) => {
      if (session !== this.session) return;
      try {
        for (const frame of session.parser.push(chunk)) {
          if (session !== this.session) return;
          if (!session.opened) {
            const refusal = this.checkOpen(session, frame);
            if (refusal) return fail(refusal);
            clearTimeout(timer);
            session.opened = true;
            settled = true;
            done();
          } else if (frame.command === 'serverclose') {
            // rsyslogd is stopping: what it did not answer is sent again after the reconnect
            return fail(relpError(`${this.target} is shutting down (RELP serverclose)`, 'ERELPSERVERCLOSE'));
          } else {
            this.onFrame(session, frame, events);
          }
        }
      } catch (error) {
        if (error instanceof RelpProtocolError) fail(error);
        else throw error;
      }
    });
    socket.on('error', fail);
    socket.on('close', () => {
      if (session.closeTxnr !== undefined) return;
      fail(relpError(`connection to ${this.target} closed by the peer`, 'ECONNRESET'));
    });
    socket.on('drain', () => {
      if (session === this.session && session.opened) events.writable();
    });
  }

  write(records: readonly Buffer[]): number {
    const session = this.session;
    if (!session || !session.opened || session.closeTxnr !== undefined) return 0;
    const socket = session.socket;
    if (socket.destroyed || socket.writableNeedDrain) return 0;
    const room = this.options.window - session.window.length;
    const taken = Math.min(room, records.length);
    session.full = taken < records.length;
    if (taken === 0) return 0;
    const batch = taken === records.length ? records : records.slice(0, taken);
    let txnr = session.next;
    for (let i = 0; i < taken; i++) {
      session.window.push(txnr);
      txnr = nextTxnr(txnr);
    }
    const { bytes, nextTxnr: next } = encodeSyslogFrames(session.next, batch);
    session.next = next;
    // errors arrive as the socket's 'error' event: the engine then resends what was not answered
    socket.write(bytes);
    this.armResponseTimer(session);
    return taken;
  }

  setActive(active: boolean): void {
    const socket = this.session?.socket;
    if (active) socket?.ref();
    else socket?.unref();
  }

  /** Sends `close`, waits for its answer (or the peer's close), then closes the socket. */
  end(done: () => void): void {
    const session = this.session;
    if (!session || !session.opened || session.socket.destroyed) {
      this.destroy();
      return done();
    }
    clearTimeout(session.responseTimer);
    session.closeTxnr = session.next;
    session.socket.once('close', () => done());
    session.socket.on('error', () => undefined);
    session.socket.write(encodeClose(session.closeTxnr));
  }

  destroy(): void {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    clearTimeout(session.responseTimer);
    session.socket.destroy();
  }

  /** Undefined when the server accepted the session and offers `syslog`; otherwise why not. */
  private checkOpen(session: Session, frame: RelpFrame): Error | undefined {
    if (frame.command === 'serverclose') {
      return relpError(`${this.target} closed the RELP session while it was being opened`, 'ECONNRESET');
    }
    if (frame.command !== 'rsp' || frame.txnr !== session.openTxnr) {
      return new RelpProtocolError(`${this.target} answered the RELP open with "${frame.txnr} ${frame.command}"`);
    }
    const response = parseResponse(frame.data);
    if (response.code !== 200) {
      return relpError(`${this.target} refused the RELP session: ${response.code} ${response.text}`, 'ERELPREFUSED');
    }
    const commands = (response.offers.get('commands') ?? '').split(',');
    if (!commands.includes('syslog')) {
      return relpError(`${this.target} does not offer the RELP command "syslog" (commands=${commands.join(',')})`, 'ERELPREFUSED');
    }
    return undefined;
  }

  private onFrame(session: Session, frame: RelpFrame, events: SenderEvents): void {
    if (frame.command !== 'rsp') throw new RelpProtocolError(`unexpected RELP command "${frame.command}" from ${this.target}`);
    if (frame.txnr === session.closeTxnr) {
      session.socket.end();
      return;
    }
    if (!session.window.includes(frame.txnr) || session.answers.has(frame.txnr)) {
      throw new RelpProtocolError(`RELP answer for TXNR ${frame.txnr}, which is not waiting for one`);
    }
    session.answers.set(frame.txnr, parseResponse(frame.data));
    // report the answered prefix of the window, in order: runs of 200s as one 'sent'
    let ok = 0;
    while (session.window.length > 0 && session.answers.has(session.window[0])) {
      const txnr = session.window.shift()!;
      const response = session.answers.get(txnr)!;
      session.answers.delete(txnr);
      if (response.code === 200) {
        ok++;
        continue;
      }
      if (ok > 0) events.sent(ok);
      ok = 0;
      events.lost(1, 'sendFailed', relpError(`${this.target} refused a record: ${response.code} ${response.text}`, 'ERELPREFUSED'));
    }
    if (ok > 0) events.sent(ok);
    if (session !== this.session) return;
    this.armResponseTimer(session, true);
    if (session.full && session.window.length < this.options.window) {
      session.full = false;
      events.writable();
    }
  }

  /** Runs while records wait for answers; an answer restarts it. */
  private armResponseTimer(session: Session, progress = false): void {
    if (session.window.length === 0) {
      clearTimeout(session.responseTimer);
      session.responseTimer = undefined;
      return;
    }
    if (session.responseTimer && !progress) return;
    if (session.responseTimer) {
      session.responseTimer.refresh();
      return;
    }
    session.responseTimer = setTimeout(() => {
      if (session !== this.session) return;
      const error = relpError(
        `no RELP answer from ${this.target} within ${this.options.responseTimeoutMs} ms (${session.window.length} record(s) waiting)`,
        'ETIMEDOUT',
      );
      this.events?.broken(error);
    }, this.options.responseTimeoutMs);
    session.responseTimer.unref();
  }
}
