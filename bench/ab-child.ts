/**
 * One run of `npm run bench:ab`: this transport's log() called directly, without winston, so the
 * figure is the transport's own CPU per record (socket writes included) into rsyslogd.
 * Config: AbChildConfig as JSON in argv[2]; reports one 'done' line.
 */
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
  size: number;
  chunk: number;
}

const config = childConfig<AbChildConfig>();
const message = messageForSize(config.size, config.records);
const LEVEL = Symbol.for('level');
const done = (): void => undefined;

type Transport = InstanceType<ReturnType<typeof loadLib>['SyslogTransport']>;

/** `count` records as winston hands them to a transport, `config.chunk` per event-loop turn. */
async function burst(transport: Transport, first: number, count: number): Promise<void> {
  for (let n = first; n < first + count; n++) {
    transport.log({ level: 'info', message, n, [LEVEL]: 'info' }, done);
    if ((n - first + 1) % config.chunk === 0) await nextTurn();
  }
}

runChild(async () => {
  const { SyslogTransport } = loadLib(config.lib);
  const transport = new SyslogTransport(transportOptions(config.target, config.warmup + config.records));
  transport.on('warn', () => undefined);
  await burst(transport, 1, config.warmup);
  for (let waited = 0; !deliveredAll(transport) && waited < 10000; waited += 10) await sleep(10);
  const sentBefore = transport.stats().sent;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await burst(transport, config.warmup + 1, config.records);
  await transport.close();
  const used = process.cpuUsage(cpu);
  report('done', {
    cpuUs: (used.user + used.system) / config.records,
    userUs: used.user / config.records,
    ms: performance.now() - started,
    sent: transport.stats().sent - sentBefore,
  });
});
