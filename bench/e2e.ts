/**
 * End to end: for each protocol, a fresh private rsyslogd writing to files, then one child process
 * per sender (raw ceiling, this transport, winston-syslog in each mode it has for that socket).
 * Time runs from the child's first send to the last write of rsyslog's output file (its mtime);
 * received = lines rsyslog wrote, so loss shows as sent - received. After its timed run, the
 * transport's child measures the transport's own cost into the same rsyslogd (see e2e-child).
 */
import type { Rsyslog } from '../test/helpers/rsyslog';
import { failureText, startChild, type BenchChild, type ChildLine } from './child';
import type { E2eChildConfig, OwnCostResult, SenderKind } from './e2e-child';
import { processCpuMs } from './proc-cpu';
import { outputFile, rowsPerDaemon, targetOf, untilOutputQuiet, waitForArrivals } from './rsyslog-target';
import { median, sleep } from './stats';
import type { BenchProtocol } from './target';
import { udpSocketState } from './udp-proc';

export interface E2eOptions {
  protocols: readonly BenchProtocol[];
  records: number;
  /** Records each sender logs, unmeasured, before its run (JIT and connection warm). */
  warmup: number;
  size: number;
  chunk: number;
  /** How long rsyslog's output must stay unchanged, after the sender finished, before a run with loss ends. */
  quietMs: number;
  /** Runs of each sender; they alternate (raw, ours, winston-syslog, raw, ...) so drift hits all alike. */
  repeat: number;
  lib?: string;
}

export interface E2eRow {
  protocol: BenchProtocol;
  sender: SenderKind;
  /** The sender as shown in the table, e.g. "winston-syslog (unix-connect)". */
  label: string;
  sent: number;
  received: number;
  lost: number;
  seconds: number;
  perSecond: number;
  /** Average size of the records rsyslog stored (its RFC 5424 output line, LF excluded). */
  storedBytesPerRecord: number;
  /** UDP only: datagrams the kernel dropped at rsyslog's socket during the run. */
  kernelDrops?: number;
  /** CPU time per record received, in microseconds: the sender process (from its first send) and rsyslogd. */
  senderCpuUs?: number;
  /** The sender process's CPU time per record logged (sent), lost ones included: fair to a sender that loses. */
  senderCpuUsPerLogged?: number;
  rsyslogCpuUs?: number;
  /** winston-syslog: 'error' events its logger emitted (each one a record it failed to send). */
  errorEvents?: number;
  /** winston-syslog: records still in its queue when it stopped making progress (never sent). */
  strandedInQueue?: number;
  /** Why the run ended early or what went wrong: a crash, a timeout, errors reported. */
  note?: string;
  /** What the child reported: the transport's counters, winston-syslog's queue and error count. */
  child?: unknown;
  /** Ours only: CPU us per record of winston + this transport and of winston alone, in alternating blocks of one process. */
  ownCost?: { oursUs: number; noopUs: number };
}

/** winston-syslog's protocol names for each socket; none for the Unix stream socket, which it cannot reach. */
const WINSTON_SYSLOG_MODES: Record<BenchProtocol, string[]> = {
  unix: ['unix-connect', 'unix'],
  'unix-stream': [],
  udp: ['udp4'],
  tcp: ['tcp4'],
  tls: [],
  relp: [],
};

/** Why a socket has no winston-syslog row. */
export const WINSTON_SYSLOG_ABSENT: Partial<Record<BenchProtocol, string>> = {
  'unix-stream': 'cannot use this socket',
  tls: 'not measured (its TLS mode is not set up here)',
  relp: 'has no RELP',
};

export function senderLabel(sender: SenderKind, wsProtocol?: string): string {
  if (sender === 'raw') return 'raw ceiling';
  if (sender === 'ours') return 'winston + winston-rfc5424';
  return `winston + winston-syslog (${wsProtocol})`;
}

async function runOne(rsyslog: Rsyslog, config: E2eChildConfig, options: E2eOptions): Promise<E2eRow> {
  const { target } = config;
  const ipv6 = target.host === '::1';
  const child = startChild('e2e-child', config);
  const ready = await child.waitFor('ready');
  // The warm-up records must all be written before the count and the clock start.
  await untilOutputQuiet(rsyslog, 300);
  const countBefore = await rsyslog.countRecords();
  const bytesBefore = outputFile(rsyslog, 'rawLines').size;
  const dropsBefore = target.protocol === 'udp' ? udpSocketState(target.port!, ipv6)?.drops : undefined;
  const rsyslogCpuBefore = processCpuMs(rsyslog.pid);
  child.send('go');
  const start = ready ? await child.waitFor('start') : undefined;
  const arrivals = await waitForArrivals(
    rsyslog,
    countBefore,
    config.records,
    () => !child.running || child.lines.some((line) => line.event === 'done'),
    options.quietMs,
    20000 + config.records / 2,
  );
  const received = arrivals.received;
  let note = arrivals.note;
  const end = outputFile(rsyslog, 'records').mtimeMs;
  const bytesAfter = outputFile(rsyslog, 'rawLines').size;
  const rsyslogCpu = processCpuMs(rsyslog.pid) - rsyslogCpuBefore;
  const dropsAfter = dropsBefore === undefined ? undefined : udpSocketState(target.port!, ipv6)?.drops;
  // after every figure of the timed run: the own-cost phase sends records of its own
  const ownCost = config.ownCost && child.lines.some((line) => line.event === 'done') ? await measureOwnCost(child) : undefined;
  // Give a sender that delivered everything a moment to exit by itself (winston-syslog's TCP never does).
  for (let waited = 0; child.running && waited < 3000; waited += 50) await sleep(50);
  const outcome = await child.kill();
  const failure = failureText(outcome);
  const done = outcome.lines.find((line) => line.event === 'done');
  if (failure && !(config.sender === 'winston-syslog' && outcome.signal === 'SIGKILL' && done)) note = failure;
  if (!ready) note = `${note ?? 'no result'} during the warm-up`;
  const startMs = typeof start?.t === 'number' ? start.t : NaN;
  const seconds = received > 0 ? (end - startMs) / 1000 : NaN;
  const wsState = done?.state as { errors?: number; queue?: number } | undefined;
  const errorEvents = wsState?.errors;
  const strandedInQueue = wsState?.queue || undefined;
  return {
    protocol: target.protocol,
    sender: config.sender,
    label: senderLabel(config.sender, config.wsProtocol),
    sent: config.records,
    received,
    lost: config.records - received,
    seconds,
    perSecond: received / seconds,
    storedBytesPerRecord: received > 0 ? (bytesAfter - bytesBefore) / received - 1 : NaN,
    senderCpuUs: typeof done?.cpuMs === 'number' && received > 0 ? (done.cpuMs * 1000) / received : undefined,
    senderCpuUsPerLogged: typeof done?.cpuMs === 'number' ? (done.cpuMs * 1000) / config.records : undefined,
    rsyslogCpuUs: received > 0 ? (rsyslogCpu * 1000) / received : undefined,
    kernelDrops: dropsAfter === undefined || dropsBefore === undefined ? undefined : dropsAfter - dropsBefore,
    errorEvents,
    strandedInQueue,
    note,
    child: done ?? outcome.lines[outcome.lines.length - 1],
    ownCost,
  };
}

/** The own-cost phase of a transport's child (see ownCost in e2e-child), after its timed run. */
async function measureOwnCost(child: BenchChild): Promise<E2eRow['ownCost']> {
  child.send('own');
  const timer = setTimeout(() => void child.kill(), 60000);
  const line = (await child.waitFor('own')) as (ChildLine & OwnCostResult) | undefined;
  clearTimeout(timer);
  if (!line || !(line.records > 0)) return undefined;
  return { oursUs: (line.oursCpuMs * 1000) / line.records, noopUs: (line.noopCpuMs * 1000) / line.records };
}

/** All runs of one sender on one protocol, and their median. */
export interface E2eSummary {
  protocol: BenchProtocol;
  sender: SenderKind;
  label: string;
  /** The median run's rate; received and lost are the worst run's. */
  perSecond: number;
  received: number;
  lost: number;
  sent: number;
  seconds: number;
  senderCpuUs?: number;
  senderCpuUsPerLogged?: number;
  rsyslogCpuUs?: number;
  storedBytesPerRecord: number;
  kernelDrops?: number;
  /** The most 'error' events of one run (winston-syslog). */
  errorEvents?: number;
  /** The most records one run left in winston-syslog's queue. */
  strandedInQueue?: number;
  notes: string[];
  /** Ours: medians of the runs' own-cost phases, and of each run's difference (what the transport adds). */
  ownCost?: { oursUs: number; noopUs: number; ownUs: number };
  runs: E2eRow[];
}

function definedMedian(values: Array<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return known.length === 0 ? undefined : median(known);
}

function ownCostOf(runs: readonly E2eRow[]): E2eSummary['ownCost'] {
  const measured = runs.flatMap((r) => (r.ownCost ? [r.ownCost] : []));
  if (measured.length === 0) return undefined;
  return {
    oursUs: median(measured.map((c) => c.oursUs)),
    noopUs: median(measured.map((c) => c.noopUs)),
    ownUs: median(measured.map((c) => c.oursUs - c.noopUs)),
  };
}

export function summarise(rows: readonly E2eRow[]): E2eSummary[] {
  const groups = new Map<string, E2eRow[]>();
  for (const row of rows) {
    const key = `${row.protocol}\0${row.label}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((runs) => {
    const rates = runs.map((r) => (Number.isFinite(r.perSecond) ? r.perSecond : 0));
    const worst = runs.reduce((a, b) => (b.received < a.received ? b : a));
    return {
      protocol: runs[0].protocol,
      sender: runs[0].sender,
      label: runs[0].label,
      perSecond: median(rates),
      received: worst.received,
      lost: worst.lost,
      sent: worst.sent,
      seconds: median(runs.map((r) => (Number.isFinite(r.seconds) ? r.seconds : Infinity))),
      senderCpuUs: definedMedian(runs.map((r) => r.senderCpuUs)),
      senderCpuUsPerLogged: definedMedian(runs.map((r) => r.senderCpuUsPerLogged)),
      rsyslogCpuUs: definedMedian(runs.map((r) => r.rsyslogCpuUs)),
      storedBytesPerRecord: definedMedian(runs.map((r) => r.storedBytesPerRecord)) ?? NaN,
      kernelDrops: runs.some((r) => r.kernelDrops !== undefined) ? Math.max(...runs.map((r) => r.kernelDrops ?? 0)) : undefined,
      errorEvents: runs.some((r) => r.errorEvents) ? Math.max(...runs.map((r) => r.errorEvents ?? 0)) : undefined,
      strandedInQueue: runs.some((r) => r.strandedInQueue) ? Math.max(...runs.map((r) => r.strandedInQueue ?? 0)) : undefined,
      notes: [...new Set(runs.map((r) => r.note).filter((n): n is string => n !== undefined))],
      ownCost: ownCostOf(runs),
      runs,
    };
  });
}

export async function runE2e(options: E2eOptions, progress: (row: E2eRow) => void): Promise<E2eRow[]> {
  return rowsPerDaemon(options.protocols, progress, async (rsyslog, protocol, add) => {
    const target = targetOf(rsyslog, protocol);
    const base = { target, records: options.records, warmup: options.warmup, size: options.size, chunk: options.chunk, lib: options.lib };
    const runs: E2eChildConfig[] = [
      // RELP has no raw sender: its row is compared with the tcp ceiling of the same run
      ...(protocol === 'relp' ? [] : [{ ...base, sender: 'raw' } as E2eChildConfig]),
      { ...base, sender: 'ours', ownCost: true },
      ...WINSTON_SYSLOG_MODES[protocol].map((wsProtocol): E2eChildConfig => ({ ...base, sender: 'winston-syslog', wsProtocol })),
    ];
    for (let round = 0; round < options.repeat; round++) {
      for (const config of runs) add(await runOne(rsyslog, config, options));
    }
  });
}
