/**
 * The cost inside the application: times every logger.info call of a burst (logged `slice`
 * records per event-loop turn, as a busy service does) and the event-loop delay meanwhile, until
 * the transport has delivered what it can. 'none' is winston with a transport that does nothing.
 */
import { monitorEventLoopDelay } from 'perf_hooks';
import winston from 'winston';
import { childConfig, report, runChild } from './child-io';
import { loadLib } from './lib-loader';
import { nextTurn, quantileSorted, sleep, untilDoneOrStalled } from './stats';
import type { Target } from './target';
import { noopTransport } from './winston-load';
import { APP_NAME, deliveredAll, HOSTNAME, messageForSize, winstonSyslogOptions } from './workload';

export type LatencySender = 'none' | 'ours' | 'winston-syslog';

export interface LatencyChildConfig {
  sender: LatencySender;
  target?: Target;
  wsProtocol?: string;
  records: number;
  warmup: number;
  slice: number;
  size: number;
  lib?: string;
}

const config = childConfig<LatencyChildConfig>();

interface Subject {
  logger: winston.Logger;
  /** True once everything logged so far has left the transport (or it gave up). */
  drained(): boolean;
  counters(): object;
}

function subject(): Subject {
  if (config.sender === 'none') {
    return { logger: winston.createLogger({ transports: [noopTransport()] }), drained: () => true, counters: () => ({}) };
  }
  const target = config.target!;
  if (config.sender === 'ours') {
    const { SyslogTransport } = loadLib(config.lib);
    const transport = new SyslogTransport({
      protocol: target.protocol,
      path: target.path,
      host: target.protocol === 'tls' ? 'localhost' : target.host,
      port: target.port,
      tls: target.protocol === 'tls' ? { ca: target.ca } : undefined,
      appName: APP_NAME,
      hostname: HOSTNAME,
      maxQueueRecords: 1000000,
      maxQueueBytes: 2 ** 31,
    });
    transport.on('warn', () => undefined);
    const drained = () => deliveredAll(transport);
    const counters = () => {
      const { sent, queued, dropped } = transport.stats();
      return { sent, queued, dropped };
    };
    return { logger: winston.createLogger({ transports: [transport] }), drained, counters };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Syslog } = require('winston-syslog');
  const transport = new Syslog(winstonSyslogOptions(target, config.wsProtocol));
  let errors = 0;
  const logger = winston.createLogger({ transports: [transport] });
  logger.on('error', () => errors++);
  const drained = () => transport.queue.length === 0 && transport.inFlight <= 0 && !(transport.socket?.writableLength > 0);
  return { logger, drained, counters: () => ({ queue: transport.queue.length, inFlight: transport.inFlight, errors }) };
}

async function burst(logger: winston.Logger, message: string, count: number, times?: Float64Array): Promise<void> {
  for (let n = 0; n < count; n++) {
    if (times) {
      const t = performance.now();
      logger.info(message, { n });
      times[n] = performance.now() - t;
    } else logger.info(message, { n });
    if ((n + 1) % config.slice === 0) await nextTurn();
  }
}

/** Waits until the transport has sent everything, or its counters stood still for `stallMs`. */
function waitDrained(s: Subject, stallMs: number): Promise<boolean> {
  return untilDoneOrStalled(() => s.drained(), () => JSON.stringify(s.counters()), stallMs, 5);
}

function beyondSample(ns: number): number {
  return Math.max(0, ns / 1e6 - 1);
}

runChild(async () => {
  const s = subject();
  const message = messageForSize(config.size, config.records);
  // Warm-up: the JIT and the connection settle before anything is timed.
  await burst(s.logger, message, config.warmup);
  await waitDrained(s, 2000);
  await sleep(50);
  const times = new Float64Array(config.records);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  await burst(s.logger, message, config.records, times);
  const logged = performance.now();
  const drained = await waitDrained(s, 2000);
  const finished = performance.now();
  loop.disable();
  times.sort();
  let sum = 0;
  for (const t of times) sum += t;
  report('done', {
    callUs: {
      median: quantileSorted(times, 0.5) * 1000,
      p99: quantileSorted(times, 0.99) * 1000,
      max: times[times.length - 1] * 1000,
      mean: (sum / times.length) * 1000,
    },
    // The histogram holds the time between two 1 ms samples: what exceeds 1 ms is the delay.
    loopDelayMs: { median: beyondSample(loop.percentile(50)), p99: beyondSample(loop.percentile(99)), max: beyondSample(loop.max) },
    burstMs: logged - started,
    drainMs: finished - logged,
    drained,
    counters: s.counters(),
  });
});
