/**
 * The 'exit' handler writes synchronously, so a daemon that accepts but never reads could hold the
 * process forever: it gives up after exitFlushMs (default 500 ms) instead.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync, existsSync } from 'fs';
import { createServer, type Server, type Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import type { SyslogTransportOptions } from '../../lib';
import { runExitScript } from './exit-script';

const FIXTURE = 'log-then-exit.js';

describe('process.exit() with a daemon that does not read is bounded by exitFlushMs', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stuck-daemon-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A stream listener that accepts and never reads. */
  async function stuckStream(listen: (server: Server) => void): Promise<{ server: Server; close: () => void }> {
    const peers: Socket[] = [];
    const server = createServer((peer) => {
      peer.pause();
      peers.push(peer);
    });
    await new Promise<void>((resolve) => {
      server.once('listening', resolve);
      listen(server);
    });
    return {
      server,
      close: () => {
        for (const peer of peers) peer.destroy();
        server.close();
      },
    };
  }

  async function expectBounded(options: SyslogTransportOptions): Promise<void> {
    const run = await runExitScript(FIXTURE, { ...options, exitFlushMs: 500 }, 'flood');
    console.log(`      exit ${run.lingerMs} ms after process.exit()`);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.lingerMs).to.be.within(400, 1500);
  }

  it('unix-stream', async () => {
    const path = join(dir, 'stream.sock');
    const stuck = await stuckStream((server) => server.listen(path));
    try {
      await expectBounded({ protocol: 'unix-stream', path });
    } finally {
      stuck.close();
    }
  });

  it('tcp', async () => {
    const stuck = await stuckStream((server) => server.listen(0, '127.0.0.1'));
    try {
      const address = stuck.server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP port');
      await expectBounded({ protocol: 'tcp', host: '127.0.0.1', port: address.port });
    } finally {
      stuck.close();
    }
  });

  it('unix (datagram)', async () => {
    const path = join(dir, 'dgram.sock');
    // A bound datagram socket nobody reads: a node process that binds it with unix-dgram, then
    // blocks its event loop for good, so the socket's reader never runs.
    const reader: ChildProcess = spawn(
      process.execPath,
      [
        '-e',
        "require('unix-dgram').createSocket('unix_dgram').bind(process.argv[1]); process.stdout.write('ready\\n'); " +
          'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000)',
        path,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(__dirname, '..', '..', '..') },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        reader.stdout!.once('data', () => resolve());
        reader.once('exit', (code) => reject(new Error(`the reader exited with ${code}`)));
      });
      expect(existsSync(path)).to.equal(true);
      await expectBounded({ protocol: 'unix', path });
    } finally {
      if (reader.exitCode === null && reader.pid !== undefined) process.kill(reader.pid, 'SIGKILL');
    }
  });
});
