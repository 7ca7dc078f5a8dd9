/**
 * One run of `npm run bench:ab`: this transport's log() called directly, without winston, so the
 * figure is the transport's own CPU per record (socket writes included) into rsyslogd, and the
 * bytes it allocates per record.
 * Config: AbChildConfig as JSON in argv[2]; reports one 'done' line.
 */
import { allocatedBytes } from './allocation';
import { childConfig, report, runChild } from './child-io';
import { loadLib } from './lib-loader';
import { nextTurn, sleep } from './stats';
import type { Target } from './target';
import { deliveredAll, messageForSize, transportOptions } from './workload';

export interface AbChildConfig {
  lib?: string;
  target: Target;
  records: number;
  warmup: number;
  /** Records whose heap allocation is measured, after the timed run. */
  allocRecords: number;
  size: number;
  chunk: number;
}

const config = childConfig<AbChildConfig>();
const message = messageForSize(config.size, config.records);
const LEVEL = Symbol.for('level');
const done = (): void => undefined;

type Transport = InstanceType<ReturnType<typeof loadLib>['SyslogTransport']>;
type Info = Record<string | symbol, unknown>;

/** `count` records as winston hands them to a transport, `config.chunk` per event-loop turn. */
async function burst(log: (info: Info) => void, first: number, count: number): Promise<void> {
  for (let n = first; n < first + count; n++) {
    log({ level: 'info', message, n, [LEVEL]: 'info' });
    if ((n - first + 1) % config.chunk === 0) await nextTurn();
  }
}

async function untilDelivered(transport: Transport): Promise<void> {
  for (let waited = 0; !deliveredAll(transport) && waited < 10000; waited += 10) await sleep(10);
}

const kept: object[] = [];
/** Keeps each info as log() does, so that building the infos allocates the same as with the transport. */
const sink = (info: Info): void => {
  kept[0] = info;
};

/**
 * Bytes a transport allocates per record, its delivery included: its log() against the same infos
 * handed to the sink. After the timed run, with a transport of its own: measured before it, it moved
 * that run's CPU figure by up to 20 % (with rsyslogd reading; the builds' order even turned round).
 */
async function allocationPerRecord(transport: Transport): Promise<number> {
  const log = (info: Info): void => transport.log(info, done);
  const count = config.allocRecords;
  await burst(log, 1, Math.min(count, config.warmup));
  await untilDelivered(transport);
  const withTransport = await allocatedBytes(async () => {
    await burst(log, 1, count);
    await untilDelivered(transport);
  });
  const withSink = await allocatedBytes(() => burst(sink, 1, count));
  await transport.close();
  return (withTransport - withSink) / count;
}

runChild(async () => {
  const { SyslogTransport } = loadLib(config.lib);
  const open = (records: number): Transport => {
    const transport = new SyslogTransport(transportOptions(config.target, records));
    transport.on('warn', () => undefined);
    return transport;
  };
  const transport = open(config.warmup + config.records);
  const log = (info: Info): void => transport.log(info, done);
  await burst(log, 1, config.warmup);
  await untilDelivered(transport);
  const sentBefore = transport.stats().sent;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await burst(log, config.warmup + 1, config.records);
  await transport.close();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  const sent = transport.stats().sent - sentBefore;
  const allocBytes = await allocationPerRecord(open(2 * config.allocRecords));
  report('done', { cpuUs: (used.user + used.system) / config.records, userUs: used.user / config.records, ms, allocBytes, sent });
});
