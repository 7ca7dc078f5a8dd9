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
  /** Records of the allocation phase (between the warm-up and the timed run). */
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
 * Bytes the transport allocates per record, its delivery included: `log` (its log()) against the
 * same infos handed to the sink.
 */
async function allocationPerRecord(transport: Transport, log: (info: Info) => void, first: number): Promise<number> {
  const count = config.allocRecords;
  const withTransport = await allocatedBytes(async () => {
    await burst(log, first, count);
    await untilDelivered(transport);
  });
  const withSink = await allocatedBytes(() => burst(sink, first, count));
  return (withTransport - withSink) / count;
}

runChild(async () => {
  const { SyslogTransport } = loadLib(config.lib);
  const transport = new SyslogTransport(transportOptions(config.target, config.warmup + config.allocRecords + config.records));
  transport.on('warn', () => undefined);
  const log = (info: Info): void => transport.log(info, done);
  await burst(log, 1, config.warmup);
  await untilDelivered(transport);
  const allocBytes = await allocationPerRecord(transport, log, config.warmup + 1);
  const sentBefore = transport.stats().sent;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await burst(log, config.warmup + config.allocRecords + 1, config.records);
  await transport.close();
  const used = process.cpuUsage(cpu);
  report('done', {
    cpuUs: (used.user + used.system) / config.records,
    userUs: used.user / config.records,
    ms: performance.now() - started,
    allocBytes,
    sent: transport.stats().sent - sentBefore,
  });
});
