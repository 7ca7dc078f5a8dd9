/**
 * Builds rsyslog-like output files: RFC 5424 lines as RSYSLOG_SyslogProtocol23Format writes them
 * (microsecond timestamps, embedded LF escaped as #012, BOM bytes kept), one per line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface LineSpec {
  procId: string;
  /** null: no [meta sequenceId] at all. */
  seq: number | null;
  host?: string;
  app?: string;
}

export function recordLine({ procId, seq, host = 'web1', app = 'worker' }: LineSpec): string {
  const sd = seq === null ? '-' : `[meta sequenceId="${seq}"]`;
  const bom = seq !== null && seq % 7 === 0 ? '\ufeff' : '';
  return `<134>1 2026-11-25T13:59:00.123456+00:00 ${host} ${app} ${procId} job ${sd} ${bom}record ${String(seq)} of ${procId}#012  at line two`;
}

/** Records seq from..to of each procId, interleaved the way concurrent workers land in one file. */
export function interleaved(procIds: readonly string[], from: number, to: number): string[] {
  const lines: string[] = [];
  for (let seq = from; seq <= to; seq++) {
    for (const procId of procIds) lines.push(recordLine({ procId, seq }));
  }
  return lines;
}

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'verify-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeLines(path: string, lines: readonly string[], gzip = false): Promise<string> {
  const text = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
  await writeFile(path, gzip ? gzipSync(text) : text);
  return path;
}

/**
 * Splits lines across a logrotate set the way rotation leaves them: the oldest third in
 * app.log.2.gz, then app.log.1, the newest in app.log. Returns the paths newest first, the order a
 * shell glob would not give.
 */
export async function writeRotationSet(dir: string, lines: readonly string[]): Promise<string[]> {
  const third = Math.ceil(lines.length / 3);
  return [
    await writeLines(join(dir, 'app.log'), lines.slice(2 * third)),
    await writeLines(join(dir, 'app.log.1'), lines.slice(third, 2 * third)),
    await writeLines(join(dir, 'app.log.2.gz'), lines.slice(0, third), true),
  ];
}

export const PROCS = ['2001', '2002', '2003'] as const;
