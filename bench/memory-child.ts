/**
 * Memory during a daemon outage: logs at a steady rate to a Unix socket path with no daemon
 * behind it and samples process.memoryUsage() every 100 ms. The baseline is taken after the
 * logger exists and a gc, before the first record.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import winston from 'winston';
import { childConfig, report, runChild } from './child-io';
import { loadLib } from './lib-loader';
import { median, sleep } from './stats';
import { APP_NAME, HOSTNAME, messageForSize } from './workload';

export interface MemoryChildConfig {
  sender: 'ours' | 'winston-syslog';
  /** winston-syslog: 'unix-connect' or 'unix'. */
  wsProtocol?: string;
  seconds: number;
  rate: number;
  size: number;
  maxQueueBytes: number;
  lib?: string;
}

const config = childConfig<MemoryChildConfig>();

interface Sample {
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  queuedBytes?: number;
}

function sample(t: number, queuedBytes?: number): Sample {
  const m = process.memoryUsage();
  return { t, rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, queuedBytes };
}

runChild(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-outage-'));
  const path = join(dir, 'no-daemon.sock');
  let logger: winston.Logger;
  let counters: () => object;
  let queuedBytes: () => number | undefined = () => undefined;
  if (config.sender === 'ours') {
    const { SyslogTransport } = loadLib(config.lib);
    const transport = new SyslogTransport({
      protocol: 'unix',
      path,
      appName: APP_NAME,
      hostname: HOSTNAME,
      maxQueueBytes: config.maxQueueBytes,
      // the byte limit is the one under test
      maxQueueRecords: 100000000,
    });
    transport.on('warn', () => undefined);
    logger = winston.createLogger({ transports: [transport] });
    counters = () => transport.stats();
    queuedBytes = () => transport.stats().queuedBytes;
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Syslog } = require('winston-syslog');
    const transport = new Syslog({ protocol: config.wsProtocol, path, type: 'RFC5424', app_name: APP_NAME, localhost: HOSTNAME, facility: 'user' });
    logger = winston.createLogger({ transports: [transport] });
    let errors = 0;
    logger.on('error', () => errors++);
    counters = () => ({ queue: transport.queue.length, errors });
  }
  const message = messageForSize(config.size, config.rate * config.seconds);

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before: number[] = [];
  for (let i = 0; i < 5; i++) {
    await sleep(100);
    before.push(process.memoryUsage().rss);
  }
  const baseline = { ...sample(0), rss: median(before) };

  const samples: Sample[] = [];
  const started = Date.now();
  let logged = 0;
  const sampler = setInterval(() => samples.push(sample(Date.now() - started, queuedBytes())), 100);
  await new Promise<void>((resolve) => {
    const ticker = setInterval(() => {
      const elapsed = Date.now() - started;
      const due = Math.min(config.rate * config.seconds, Math.floor((config.rate * elapsed) / 1000));
      while (logged < due) logger.info(message, { n: ++logged });
      if (elapsed >= config.seconds * 1000) {
        clearInterval(ticker);
        resolve();
      }
    }, 10);
  });
  clearInterval(sampler);
  samples.push(sample(Date.now() - started, queuedBytes()));
  const peak = samples.reduce((a, b) => (b.rss > a.rss ? b : a));
  const at = (key: keyof Sample) => Math.max(...samples.map((s) => (s[key] as number) ?? 0));
  report('done', {
    logged,
    baseline,
    peakRss: peak.rss,
    peakRssAt: peak.t,
    peakHeapTotal: at('heapTotal'),
    peakHeapUsed: at('heapUsed'),
    peakArrayBuffers: at('arrayBuffers'),
    peakQueuedBytes: at('queuedBytes'),
    timeline: samples.filter((_, i) => i % 50 === 49).map((s) => ({ t: s.t, rss: s.rss, heapTotal: s.heapTotal, heapUsed: s.heapUsed, arrayBuffers: s.arrayBuffers, queuedBytes: s.queuedBytes })),
    counters: counters(),
  });
  rmSync(dir, { recursive: true, force: true });
});
