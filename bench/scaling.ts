/**
 * Scaling with workers: 1, 4 and 16 processes log one total of records between them (each
 * total/N) to one socket at the same moment, as the workers of a cluster or a process pool do.
 * The figure is the total rate: records rsyslog wrote divided by the time from the first
 * worker's first send to the last write of rsyslog's output file; received counts loss.
 * This transport beside the raw sender (pre-encoded records, see raw-senders.ts) in each size.
 */
import type { Rsyslog } from '../test/helpers/rsyslog';
import { failureText, startChild, type BenchChild } from './child';
import type { E2eChildConfig } from './e2e-child';
import { processCpuMs } from './proc-cpu';
import { outputFile, rowsPerDaemon, targetOf, untilOutputQuiet, waitForArrivals } from './rsyslog-target';
import { sleep } from './stats';
import type { BenchProtocol } from './target';
import { udpSocketState } from './udp-proc';

export interface ScalingOptions {
  protocols: readonly BenchProtocol[];
  /** Records all workers log together. */
  total: number;
  workers: readonly number[];
  size: number;
  chunk: number;
  /** Records each worker logs, unmeasured, before the common start. */
  warmup: number;
  lib?: string;
}

export interface ScalingRow {
  protocol: BenchProtocol;
  sender: 'raw' | 'ours';
  label: string;
  workers: number;
  sent: number;
  received: number;
  lost: number;
  seconds: number;
  perSecond: number;
  /** CPU time of all workers together, and of rsyslogd, per record received (us). */
  workersCpuUs?: number;
  rsyslogCpuUs?: number;
  /** UDP only: datagrams the kernel dropped at rsyslog's socket during the run. */
  kernelDrops?: number;
  note?: string;
}

async function runGroup(rsyslog: Rsyslog, protocol: BenchProtocol, sender: 'raw' | 'ours', workers: number, options: ScalingOptions): Promise<ScalingRow> {
  const perWorker = Math.floor(options.total / workers);
  const sent = perWorker * workers;
  const config: E2eChildConfig = {
    sender,
    target: targetOf(rsyslog, protocol),
    records: perWorker,
    warmup: options.warmup,
    size: options.size,
    chunk: options.chunk,
    lib: options.lib,
  };
  const children: BenchChild[] = [];
  for (let i = 0; i < workers; i++) children.push(startChild('e2e-child', config));
  const ready = await Promise.all(children.map((c) => c.waitFor('ready')));
  await untilOutputQuiet(rsyslog, 300);
  const countBefore = await rsyslog.countRecords();
  const rsyslogCpuBefore = processCpuMs(rsyslog.pid);
  const udpPort = protocol === 'udp' ? config.target.port : undefined;
  const ipv6 = config.target.host === '::1';
  const dropsBefore = udpPort === undefined ? undefined : udpSocketState(udpPort, ipv6)?.drops;
  for (const child of children) child.send('go');
  const starts = await Promise.all(children.map((c) => c.waitFor('start')));
  const finished = (): boolean => children.every((c) => !c.running || c.lines.some((line) => line.event === 'done'));
  const arrivals = await waitForArrivals(rsyslog, countBefore, sent, finished, 1500, 30000 + sent);
  const received = arrivals.received;
  let note = arrivals.note;
  const end = outputFile(rsyslog, 'records').mtimeMs;
  const rsyslogCpu = processCpuMs(rsyslog.pid) - rsyslogCpuBefore;
  const dropsAfter = udpPort === undefined ? undefined : udpSocketState(udpPort, ipv6)?.drops;
  for (let waited = 0; children.some((c) => c.running) && waited < 3000; waited += 50) await sleep(50);
  const outcomes = await Promise.all(children.map((c) => c.kill()));
  const failures = outcomes.map(failureText).filter((f): f is string => f !== undefined);
  if (failures.length > 0) note = [note, `${failures.length} worker(s): ${failures[0]}`].filter(Boolean).join('; ');
  if (ready.some((r) => r === undefined)) note = `${note ?? 'a worker failed'} during the warm-up`;
  const startTimes = starts.map((s) => (typeof s?.t === 'number' ? s.t : NaN));
  const first = Math.min(...startTimes);
  const seconds = received > 0 ? (end - first) / 1000 : NaN;
  let cpuMs = 0;
  for (const outcome of outcomes) {
    const done = outcome.lines.find((line) => line.event === 'done');
    cpuMs += typeof done?.cpuMs === 'number' ? done.cpuMs : NaN;
  }
  return {
    protocol,
    sender,
    label: sender === 'raw' ? 'raw sender' : 'winston + winston-rfc5424',
    workers,
    sent,
    received,
    lost: sent - received,
    seconds,
    perSecond: received / seconds,
    workersCpuUs: received > 0 && Number.isFinite(cpuMs) ? (cpuMs * 1000) / received : undefined,
    rsyslogCpuUs: received > 0 ? (rsyslogCpu * 1000) / received : undefined,
    kernelDrops: dropsBefore === undefined || dropsAfter === undefined ? undefined : dropsAfter - dropsBefore,
    note,
  };
}

export async function runScaling(options: ScalingOptions, progress: (row: ScalingRow) => void): Promise<ScalingRow[]> {
  return rowsPerDaemon(options.protocols, progress, async (rsyslog, protocol, add) => {
    for (const workers of options.workers) {
      // RELP has no raw sender: each record waits for rsyslog's answer (see e2e.ts)
      for (const sender of protocol === 'relp' ? (['ours'] as const) : (['raw', 'ours'] as const)) {
        add(await runGroup(rsyslog, protocol, sender, workers, options));
      }
    }
  });
}
