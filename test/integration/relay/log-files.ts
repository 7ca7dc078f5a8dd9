/** The log files an edge or a central writes, and how many complete lines they hold. */
import { readdirSync, statSync } from 'fs';
import { open } from 'fs/promises';
import { join } from 'path';

/** `*.log` files in `dir` and, `depth` levels down, in its subdirectories; rsyslogd's own _rsyslogd.log excluded. */
export function listLogs(dir: string, depth: number): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (depth > 0) out.push(...listLogs(path, depth - 1));
    } else if (name.endsWith('.log') && name !== '_rsyslogd.log') {
      out.push(path);
    }
  }
  return out;
}

/** Lines in the given files (complete lines only). */
export async function countLines(files: string[]): Promise<number> {
  let lines = 0;
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const file of files) {
    const fh = await open(file, 'r');
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        for (let i = buf.indexOf(10); i !== -1 && i < bytesRead; i = buf.indexOf(10, i + 1)) lines++;
      }
    } finally {
      await fh.close();
    }
  }
  return lines;
}
