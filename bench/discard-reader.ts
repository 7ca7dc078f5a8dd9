/**
 * A process that accepts stream connections and throws away what it reads: for `npm run bench:ab
 * -- --reader discard`, which then measures the transport with no daemon competing for the CPU.
 * Only stream sockets: a datagram sender's cost depends on how the daemon reads.
 */
import { spawn } from 'child_process';
import { once } from 'events';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { BenchProtocol, Target } from './target';

export const DISCARD_PROTOCOLS: readonly BenchProtocol[] = ['unix-stream', 'tcp'];

const READER = `
const net = require('net');
const serve = () => net.createServer((socket) => { socket.on('data', () => {}); socket.on('error', () => {}); });
const unix = serve().listen(process.argv[1], () => {
  const tcp = serve().listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: tcp.address().port }) + '\\n'));
});
`;

export interface DiscardReader {
  targetOf(protocol: BenchProtocol): Target;
  stop(): Promise<void>;
}

export async function startDiscardReader(): Promise<DiscardReader> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-discard-'));
  const path = join(dir, 'stream.sock');
  const child = spawn(process.execPath, ['-e', READER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const { port } = JSON.parse(line.toString()) as { port: number };
    return {
      targetOf: (protocol) => (protocol === 'tcp' ? { protocol, host: '127.0.0.1', port } : { protocol, path }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
