/**
 * The formatter alone, single thread, no I/O: records per second for three record shapes, this
 * project's formatter against glossy's producer, the RFC 5424 formatting winston-syslog uses.
 * Cases run interleaved in rounds; the figure is the best round: other processes can only slow a
 * CPU-bound loop down, so the fastest round is the closest to what the code costs.
 */
import { createInfoMapper, createRecordWriter } from '../lib/format';
import type { SyslogRecord } from '../lib/format';
import { APP_NAME, HOSTNAME, text } from './workload';

export interface FormatOptions {
  /** Length of one measuring round per case, in ms. */
  roundMs: number;
  rounds: number;
}

export interface FormatRow {
  shape: string;
  implementation: string;
  perSecond: number;
  /** Every round's rate, to show the spread. */
  rounds: number[];
  bytesPerRecord: number;
}

interface Glossy {
  produce(options: object): string;
}

const SMALL = 'user logged in';
const BIG = text(4096);
const FIELDS: Record<string, unknown> = {};
for (let i = 0; i < 10; i++) FIELDS[`field${i}`] = i % 2 === 0 ? `value-${i}` : i * 1000;

type Case = { shape: string; implementation: string; run: () => number };

function cases(): Case[] {
  // Bytes written into one reused buffer, as the transport writes them into its queue's memory.
  const format = createRecordWriter({ hostname: HOSTNAME, appName: APP_NAME, procId: 4242 });
  const toRecord = createInfoMapper({ reuseRecord: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const glossy = require('glossy') as { Produce: new (options: object) => Glossy };
  const producer = new glossy.Produce({ type: 'RFC5424', facility: 'user', appName: APP_NAME, pid: 4242, host: HOSTNAME });
  const shapes: Array<{ shape: string; record: () => SyslogRecord; info: () => Record<string, unknown>; glossyMessage: () => string }> = [
    {
      shape: 'small record',
      // Object literals with a fresh Date, as the info mapper makes them.
      record: () => ({ severity: 6, time: new Date(), message: SMALL }),
      info: () => ({ level: 'info', message: SMALL }),
      glossyMessage: () => SMALL,
    },
    {
      shape: '10 metadata fields',
      record: () => ({ severity: 6, time: new Date(), message: 'request done', metadata: FIELDS }),
      info: () => Object.assign({ level: 'info', message: 'request done' }, FIELDS),
      // glossy has no place for metadata: winston-syslog users get it as JSON in MSG (format.json()).
      glossyMessage: () => JSON.stringify(Object.assign({ level: 'info', message: 'request done' }, FIELDS)),
    },
    {
      shape: '4 KB message',
      record: () => ({ severity: 6, time: new Date(), message: BIG }),
      info: () => ({ level: 'info', message: BIG }),
      glossyMessage: () => BIG,
    },
  ];
  const out: Case[] = [];
  for (const s of shapes) {
    out.push({ shape: s.shape, implementation: 'winston-rfc5424 formatter', run: () => format(s.record()).bytes.length });
    out.push({ shape: s.shape, implementation: 'winston-rfc5424 info -> bytes', run: () => format(toRecord(s.info())).bytes.length });
    out.push({
      shape: s.shape,
      implementation: 'glossy (winston-syslog)',
      // winston-syslog turns the string into a Buffer before a datagram send: counted here too.
      run: () =>
        Buffer.from(producer.produce({ severity: 'info', host: HOSTNAME, appName: APP_NAME, date: new Date(), message: s.glossyMessage() }))
          .length,
    });
  }
  return out;
}

/** Calls `run` in batches of 256 for `ms`; returns [records per second, average bytes]. */
function measure(run: () => number, ms: number): [number, number] {
  let count = 0;
  let bytes = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 256; i++) bytes += run();
    count += 256;
    now = performance.now();
  }
  return [(count / (now - start)) * 1000, bytes / count];
}

export function runFormat(options: FormatOptions): FormatRow[] {
  const all = cases();
  for (const c of all) measure(c.run, Math.min(200, options.roundMs)); // warm-up: let the JIT settle
  const rates = all.map(() => [] as number[]);
  const sizes = all.map(() => 0);
  for (let round = 0; round < options.rounds; round++) {
    all.forEach((c, i) => {
      const [rate, size] = measure(c.run, options.roundMs);
      rates[i].push(rate);
      sizes[i] = size;
    });
  }
  return all.map((c, i) => ({
    shape: c.shape,
    implementation: c.implementation,
    perSecond: Math.max(...rates[i]),
    rounds: rates[i].map(Math.round),
    bytesPerRecord: Math.round(sizes[i]),
  }));
}
