/**
 * The ceiling: records already encoded (by this project's formatter, so they are the same bytes
 * the transport would send), written straight to the socket as fast as it takes them without loss.
 * Everything is prepared by `prepareRawSender`; `send()` is what the clock measures.
 */
import * as dgram from 'dgram';
import { isIPv6 } from 'net';
import * as net from 'net';
import * as tls from 'tls';
import type { EventEmitter } from 'events';
import { FRAMES_PER_WRITE } from '../lib/senders/stream';
import { sleep, nextTurn } from './stats';
import type { Target } from './target';
import { udpSocketState } from './udp-proc';

/** UDP pacing: keep the receiver's queue under this many bytes (rsyslog's buffer is 4 MiB, doubled by the kernel). */
const UDP_RX_QUEUE_LIMIT = 1024 * 1024;
/** How many datagrams are sent between two looks at the receiver's queue. */
const UDP_CHECK_EVERY = 64;

export interface RawSender {
  send(): Promise<void>;
}

export function prepareRawSender(target: Target, records: Buffer[]): RawSender {
  switch (target.protocol) {
    case 'unix':
      return rawUnixDgram(target.path!, records);
    case 'udp':
      return rawUdp(target.host!, target.port!, records);
    default:
      return rawStream(target, records);
  }
}

interface UnixDgramSocket extends EventEmitter {
  connect(path: string): void;
  send(buf: Buffer): void;
  close(): void;
}

/**
 * Connected unix-dgram socket; on EAGAIN wait for 'writable' and resend that record. send() has
 * no callback: unix-dgram then reports EAGAIN as a synchronous 'congestion' event instead of
 * building an Error (with its stack trace) for each one.
 */
function rawUnixDgram(path: string, records: Buffer[]): RawSender {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const unixDgram = require('unix-dgram') as { createSocket(type: 'unix_dgram'): UnixDgramSocket };
  return {
    send: () =>
      new Promise((resolve, reject) => {
        const socket = unixDgram.createSocket('unix_dgram');
        let failure: Error | undefined;
        let congested = false;
        socket.on('error', (error: Error) => (failure = error));
        socket.on('congestion', () => (congested = true));
        socket.connect(path);
        let i = 0;
        const pump = (): void => {
          while (i < records.length && !failure) {
            congested = false;
            socket.send(records[i]);
            if (congested) return; // 'writable' calls pump again
            if (!failure) i++;
          }
          if (failure) {
            socket.close();
            return reject(failure);
          }
          socket.close();
          resolve();
        };
        socket.on('writable', pump);
        pump();
      }),
  };
}

/** Octet-counted frames, as many per write as the transport puts in one, respecting 'drain'; then a graceful end. */
function rawStream(target: Target, records: Buffer[]): RawSender {
  const chunks: Buffer[] = [];
  for (let start = 0; start < records.length; start += FRAMES_PER_WRITE) {
    const parts: Buffer[] = [];
    for (const record of records.slice(start, start + FRAMES_PER_WRITE)) parts.push(Buffer.from(`${record.length} `, 'latin1'), record);
    chunks.push(Buffer.concat(parts));
  }
  const connect = (): net.Socket =>
    target.protocol === 'tls'
      ? tls.connect({ host: target.host, port: target.port, ca: target.ca, servername: 'localhost' })
      : target.protocol === 'unix-stream'
        ? net.connect({ path: target.path! })
        : net.connect({ host: target.host!, port: target.port! });
  return {
    send: () =>
      new Promise((resolve, reject) => {
        const ready = target.protocol === 'tls' ? 'secureConnect' : 'connect';
        // A Unix stream socket whose listen backlog is full refuses a connect with EAGAIN at once
        // (16 workers connecting together do that to imptcp): try again, as the transport does.
        const attempt = (triesLeft: number): void => {
          const socket = connect();
          let connected = false;
          socket.on('error', (error: NodeJS.ErrnoException) => {
            if (!connected && error.code === 'EAGAIN' && triesLeft > 0) {
              socket.destroy();
              setTimeout(() => attempt(triesLeft - 1), 10);
            } else reject(error);
          });
          socket.on('close', () => {
            if (connected) resolve();
          });
          socket.resume();
          let i = 0;
          const pump = (): void => {
            while (i < chunks.length) {
              if (!socket.write(chunks[i++])) return; // 'drain' calls pump again
            }
            socket.end();
          };
          socket.on('drain', pump);
          socket.once(ready, () => {
            connected = true;
            pump();
          });
        };
        attempt(500);
      }),
  };
}

/**
 * Connected dgram socket. UDP has no backpressure and the kernel drops silently when rsyslog's
 * buffer is full, so the sender paces itself by the receiver's queue as the kernel reports it
 * (/proc/net/udp): the fastest rate with no loss, which no real application could do.
 */
function rawUdp(host: string, port: number, records: Buffer[]): RawSender {
  const ipv6 = isIPv6(host);
  return {
    send: async () => {
      const socket = dgram.createSocket(ipv6 ? 'udp6' : 'udp4');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, host, () => {
          socket.removeListener('error', reject);
          resolve();
        });
      });
      let unconfirmed = 0;
      let failure: Error | undefined;
      const confirm = (error: Error | null): void => {
        unconfirmed--;
        if (error) failure ??= error;
      };
      for (let i = 0; i < records.length; ) {
        if (failure) throw failure;
        if (i % UDP_CHECK_EVERY === 0 && (udpSocketState(port, ipv6)?.rxQueue ?? 0) > UDP_RX_QUEUE_LIMIT) {
          await sleep(1);
          continue;
        }
        unconfirmed++;
        socket.send(records[i++], confirm);
        if (unconfirmed >= 256) await nextTurn();
      }
      while (unconfirmed > 0) await nextTurn();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      if (failure) throw failure;
    },
  };
}
