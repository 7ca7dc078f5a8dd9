/**
 * StreamSender.syncFlush at process 'exit' when the kernel took a write only in part and node is
 * writing the rest of the frame it cut: it must write that rest first, then the queue, so the peer
 * reads every frame once, whole and in order.
 */
import { expect } from 'chai';
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { SenderEvents } from '../../lib/senders/sender';
import { StreamSender } from '../../lib/senders/stream';
import { tcpDialer, unixStreamDialer } from '../../lib/senders/dialers';

/**
 * A reader in another process (this one blocks in syncFlush): it waits for GO on stdin before
 * reading, parses octet-counted frames, and prints how many it read and whether their numbers ran
 * 1, 2, 3... without a gap.
 */
const READER = `
const net = require('net');
const [kind, where] = process.argv.slice(1);
let go = false, peer, buf = Buffer.alloc(0), frames = 0, next = 1, ok = true;
function parse() {
  for (;;) {
    const sp = buf.indexOf(32);
    if (sp < 0) return;
    const len = Number(buf.subarray(0, sp).toString());
    if (!Number.isInteger(len) || buf.length < sp + 1 + len) { if (!Number.isInteger(len)) ok = false; return; }
    const n = Number(buf.subarray(sp + 1, sp + 1 + len).toString().split(' ').pop());
    if (n !== next) ok = false;
    next = n + 1; frames++;
    buf = buf.subarray(sp + 1 + len);
  }
}
const server = net.createServer((socket) => {
  peer = socket; socket.pause();
  if (go) socket.resume();
  socket.on('data', (d) => { buf = Buffer.concat([buf, d]); parse(); });
  socket.on('end', () => { process.stdout.write(JSON.stringify({ frames, ok, rest: buf.length }) + '\\n'); process.exit(0); });
});
process.stdin.on('data', () => { go = true; peer && peer.resume(); });
if (kind === 'unix') server.listen(where, () => process.stdout.write('ready\\n'));
else server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/** Records from..to as the queue hands them to a stream sender: one run of octet-counted frames. */
function frames(from: number, to: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = from; i <= to; i++) {
    const record = Buffer.from(`<14>1 - h a 1 - - ${'x'.repeat(1000)} ${i}`);
    parts.push(Buffer.from(`${record.length} `), record);
  }
  return [Buffer.concat(parts)];
}

describe('stream syncFlush writes the rest of a partial write first: no frame cut, none twice', function () {
  this.timeout(30_000);
  for (const kind of ['unix', 'tcp'] as const) {
    it(`over ${kind === 'unix' ? 'unix-stream' : 'tcp'}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sync-flush-'));
      const path = join(dir, 's.sock');
      const reader = spawn(process.execPath, ['-e', READER, kind, path], { stdio: ['pipe', 'pipe', 'inherit'] });
      try {
        const lines: string[] = [];
        let partial = '';
        const nextLine = (): Promise<string> =>
          new Promise((resolve) => {
            const check = (): void => {
              if (lines.length > 0) return resolve(lines.shift()!);
              reader.stdout!.once('data', check);
            };
            check();
          });
        reader.stdout!.on('data', (d) => {
          partial += d;
          const parts = partial.split('\n');
          partial = parts.pop()!;
          lines.push(...parts);
        });
        const first = await nextLine();
        const dial = kind === 'unix' ? unixStreamDialer(path) : tcpDialer('127.0.0.1', Number(first));
        const sender = new StreamSender('test', dial, 5000, true);
        let sent = 0;
        const events: SenderEvents = { writable: () => undefined, sent: (n) => (sent += n), lost: () => undefined, broken: () => undefined };
        await new Promise<void>((resolve, reject) => sender.open(events, (error) => (error ? reject(error) : resolve())));

        // The reader does not read yet: write until node holds bytes. The sender writes to the fd
        // itself, so what node holds is the rest of the frame a write cut (or the next frame).
        const socket = (sender as unknown as { socket: { writableLength: number; _handle: { writeQueueSize: number } } }).socket;
        let n = 0;
        while (n < 20_000 && socket.writableLength === 0) n += sender.write(frames(n + 1, n + 256), 256);
        expect(socket._handle.writeQueueSize, 'the rest of a frame, waiting in libuv').to.be.above(0);
        expect(socket.writableLength).to.equal(socket._handle.writeQueueSize);
        expect(socket.writableLength).to.be.at.most(frames(1, 1)[0].length);
        expect(sender.write(frames(n + 1, n + 256), 256), 'nothing more while node writes that rest').to.equal(0);

        // Now the reader reads, and this process blocks in syncFlush as it would at exit.
        reader.stdin!.write('go\n');
        const written = sender.syncFlush!(frames(n + 1, n + 500), Date.now() + 10_000, 500);
        expect(written).to.equal(500);
        sender.destroy();
        const report = JSON.parse(await nextLine()) as { frames: number; ok: boolean; rest: number };
        expect(report).to.deep.equal({ frames: n + 500, ok: true, rest: 0 });
      } finally {
        if (reader.exitCode === null && reader.pid !== undefined) process.kill(reader.pid, 'SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
