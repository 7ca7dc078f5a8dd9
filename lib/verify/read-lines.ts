/**
 * Streams the LF-separated lines of a file, gunzipping when the file starts with the gzip magic
 * bytes (whatever its name). Memory stays at one read chunk plus the longest line, and a line is
 * cut at MAX_LINE_BYTES so a file without line ends cannot pull itself into memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Far above any rsyslog record: maxMessageSize is 8k by default, and #012 escapes grow a line 4x. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Called once per line, without its LF. When the line was longer than the limit, `line` holds its
 * first MAX_LINE_BYTES bytes and `fullLength` says how long it really was.
 */
export type LineHandler = (line: Buffer, lineNo: number, fullLength: number) => void;

export interface LineReadResult {
  gzip: boolean;
  lines: number;
  /** Set when the file could not be read to its end; lines before that were delivered. */
  error?: string;
}

/** Whether the file starts with gzip's magic bytes: rotated files are recognised by content, not name. */
export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

export async function forEachLine(
  path: string,
  onLine: LineHandler,
): Promise<LineReadResult> {
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  // pipeline() destroys both streams on a failure, so a corrupt gzip ends the loop with an error.
  const input = gzip ? pipeline(file, createGunzip(), () => undefined) : file;
  const splitter = new LineSplitter(onLine);
  const chunks: AsyncIterator<Buffer> = input[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      // Only read errors are caught here: an error thrown by onLine is the caller's and propagates.
      try {
        next = await chunks.next();
      } catch (err) {
        return { gzip, lines: splitter.lines, error: (err as Error).message };
      }
      if (next.done === true) break;
      splitter.push(next.value);
    }
  } finally {
    file.destroy();
  }
  splitter.end();
  return { gzip, lines: splitter.lines };
}

/** Cuts chunks into lines; a line split across chunks is reassembled from the kept pieces. */
class LineSplitter {
  lines = 0;
  private pieces: Buffer[] = [];
  private kept = 0;
  private length = 0;

  constructor(private readonly onLine: LineHandler) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let lf = chunk.indexOf(0x0a); lf !== -1; lf = chunk.indexOf(0x0a, start)) {
      this.add(chunk.subarray(start, lf));
      this.emit();
      start = lf + 1;
    }
    if (start < chunk.length) this.add(chunk.subarray(start));
  }

  /** A last line without its LF (a file still being written) is still a line. */
  end(): void {
    if (this.length > 0) this.emit();
  }

  private add(piece: Buffer): void {
    this.length += piece.length;
    const room = MAX_LINE_BYTES - this.kept;
    if (room <= 0) return;
    const part = piece.length > room ? piece.subarray(0, room) : piece;
    this.pieces.push(part);
    this.kept += part.length;
  }

  private emit(): void {
    const line = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces, this.kept);
    this.lines++;
    this.onLine(line, this.lines, this.length);
    this.pieces = [];
    this.kept = 0;
    this.length = 0;
  }
}
