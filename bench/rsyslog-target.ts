/** A private rsyslogd (the test harness) with one input, and how bench senders reach it. */
import { readFileSync, statSync } from 'fs';
import { join } from 'path';
import { startRsyslog, type Rsyslog, type RsyslogOptions } from '../test/helpers/rsyslog';
import { FILES } from '../test/helpers/rsyslog-config';
import type { BenchProtocol, Target } from './target';
import { sleep } from './stats';

export function rsyslogInput(protocol: BenchProtocol): RsyslogOptions {
  switch (protocol) {
    case 'unix':
      return { unixDgram: true };
    case 'unix-stream':
      return { unixStream: true };
    case 'udp':
      return { udp: true };
    case 'tcp':
      return { tcp: true };
    case 'tls':
      return { tls: true };
    case 'relp':
      // the input's ruleset writes each record before imrelp answers (Direct queue), as rsyslog/rsyslog.conf
      return { relp: true };
  }
}

export async function startDaemon(protocols: readonly BenchProtocol[]): Promise<Rsyslog> {
  return startRsyslog(Object.assign({}, ...protocols.map(rsyslogInput)) as RsyslogOptions);
}

/**
 * Runs `measure` for each protocol in turn against a fresh rsyslogd with that one input, stopped
 * also when it throws. Each row `measure` adds goes to `progress` at once; returns them all, in order.
 */
export async function rowsPerDaemon<Row>(
  protocols: readonly BenchProtocol[],
  progress: (row: Row) => void,
  measure: (rsyslog: Rsyslog, protocol: BenchProtocol, add: (row: Row) => void) => Promise<void>,
): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (row: Row): void => {
    rows.push(row);
    progress(row);
  };
  for (const protocol of protocols) {
    const rsyslog = await startDaemon([protocol]);
    try {
      await measure(rsyslog, protocol, add);
    } finally {
      await rsyslog.stop();
    }
  }
  return rows;
}

export function targetOf(rsyslog: Rsyslog, protocol: BenchProtocol): Target {
  switch (protocol) {
    case 'unix':
      return { protocol, path: rsyslog.unixDgramPath };
    case 'unix-stream':
      return { protocol, path: rsyslog.unixStreamPath };
    case 'udp':
      return { protocol, host: rsyslog.udpAddress, port: rsyslog.udpPort };
    case 'tcp':
      return { protocol, host: '127.0.0.1', port: rsyslog.tcpPort };
    case 'tls':
      return { protocol, host: '127.0.0.1', port: rsyslog.tlsPort, ca: readFileSync(rsyslog.certs.ca.cert, 'utf8') };
    case 'relp':
      return { protocol, host: '127.0.0.1', port: rsyslog.relpPort };
  }
}

/** Size and mtime (ms, CLOCK_REALTIME) of one of rsyslog's output files; zeros before it exists. */
export function outputFile(rsyslog: Rsyslog, which: 'records' | 'rawLines'): { size: number; mtimeMs: number } {
  try {
    const s = statSync(join(rsyslog.dir, FILES[which]));
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return { size: 0, mtimeMs: 0 };
  }
}

/** Waits until rsyslogd's output file has not grown for `ms` (at most 30 s): what came before a run is written. */
export async function untilOutputQuiet(rsyslog: Rsyslog, ms: number): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (const until = Date.now() + 30000; Date.now() < until; ) {
    const { size } = outputFile(rsyslog, 'records');
    if (size !== last) [last, since] = [size, Date.now()];
    else if (Date.now() - since >= ms) return;
    await sleep(50);
  }
}

/**
 * Waits until rsyslogd wrote `expected` records after `countBefore`, or the senders finished and
 * the output file stopped growing for `quietMs`, or `timeoutMs` passed. It polls the file's size
 * (a stat, nearly free) and counts lines only when it stops growing, so that the bench does not
 * take CPU from rsyslogd while it works. `note` says when it gave up on time.
 */
export async function waitForArrivals(
  rsyslog: Rsyslog,
  countBefore: number,
  expected: number,
  sendersFinished: () => boolean,
  quietMs: number,
  timeoutMs: number,
): Promise<{ received: number; note?: string }> {
  const began = Date.now();
  let lastSize = -1;
  let lastChange = Date.now();
  let note: string | undefined;
  for (;;) {
    await sleep(100);
    const { size } = outputFile(rsyslog, 'records');
    if (size !== lastSize) {
      lastSize = size;
      lastChange = Date.now();
      continue;
    }
    if ((await rsyslog.countRecords()) - countBefore >= expected) break;
    if (sendersFinished() && Date.now() - lastChange >= quietMs) break;
    if (Date.now() - began > timeoutMs) {
      note = `stopped after ${Math.round(timeoutMs / 1000)} s`;
      break;
    }
  }
  // Counted once more: rsyslogd may have written more since the last count.
  return { received: (await rsyslog.countRecords()) - countBefore, note };
}
