/** Finding a rotation set's files, reading their lines (gzip or not), and counting lines cheaply. */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { forEachLine as forEachLineBytes, isGzip } from '../../lib/verify/read-lines';

export interface SetFile {
  path: string;
  name: string;
  /** Position in the rotation: 0 is the live file; for numbered sets k is the k-th newest rotated file. */
  age: number;
  gz: boolean;
  bytes: number;
  ino: number;
}

/**
 * The files in `dir` whose names `match` gives an age for (null: not part of the set), oldest
 * first: highest age first, the live file (age 0) last.
 */
export async function listSet(dir: string, match: (name: string) => number | null): Promise<SetFile[]> {
  const files: SetFile[] = [];
  for (const name of await readdir(dir)) {
    const age = match(name);
    if (age === null) continue;
    const path = join(dir, name);
    const info = await stat(path);
    if (!info.isFile()) continue;
    files.push({ path, name, age, gz: await isGzip(path), bytes: info.size, ino: info.ino });
  }
  return files.sort((a, b) => b.age - a.age);
}

/** rsyslog + logrotate (numbered, nodateext): APP.log, APP.log.1, APP.log.2.gz, ... */
export function numberedSet(base: string): (name: string) => number | null {
  return (name) => {
    if (name === base) return 0;
    if (!name.startsWith(`${base}.`)) return null;
    const m = /^\.(\d+)(?:\.gz)?$/.exec(name.slice(base.length));
    return m ? Number(m[1]) : null;
  };
}

/**
 * Calls onLine for every line of the file as text, gunzipping by content. Resolves with the line
 * count; rejects when the file cannot be read to its end.
 */
export async function forEachLine(path: string, onLine: (line: string) => void): Promise<number> {
  const result = await forEachLineBytes(path, (line) => onLine(line.toString('utf8')));
  if (result.error !== undefined) throw new Error(`${path}: ${result.error}`);
  return result.lines;
}

/**
 * Counts the lines of a set while it is still being written: a plain file is read only from where
 * the last call stopped (followed by inode, so a renamed file keeps its count); a gzip file once.
 */
export class LineCounter {
  private readonly plain = new Map<number, { offset: number; lines: number }>();
  private readonly gzipped = new Map<string, number>();

  async count(files: SetFile[]): Promise<number> {
    let total = 0;
    for (const f of files) {
      if (f.gz) {
        const key = `${f.ino}:${f.bytes}`;
        let n = this.gzipped.get(key);
        if (n === undefined) {
          n = await forEachLine(f.path, () => undefined).catch(() => 0);
          this.gzipped.set(key, n);
        }
        total += n;
        continue;
      }
      const seen = this.plain.get(f.ino) ?? { offset: 0, lines: 0 };
      const fh = await open(f.path, 'r').catch(() => undefined);
      if (fh === undefined) continue; // renamed or compressed meanwhile: the next call sees it
      try {
        const size = (await fh.stat()).size;
        if (size < seen.offset) Object.assign(seen, { offset: 0, lines: 0 });
        const buf = Buffer.allocUnsafe(1 << 20);
        while (seen.offset < size) {
          const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - seen.offset), seen.offset);
          if (bytesRead === 0) break;
          for (let i = buf.indexOf(10); i !== -1 && i < bytesRead; i = buf.indexOf(10, i + 1)) seen.lines++;
          seen.offset += bytesRead;
        }
      } finally {
        await fh.close();
      }
      this.plain.set(f.ino, seen);
      total += seen.lines;
    }
    return total;
  }
}
