/**
 * Formatter throughput for three record shapes, single thread, no I/O.
 * Run: npx tsc -p tsconfig.json && node build/bench/format-quick.js
 */
import { createFormatter } from '../lib/format';
import type { SyslogRecord } from '../lib/format';

const format = createFormatter({ hostname: 'bench-host', appName: 'bench', procId: 4242 });

const metadata: Record<string, unknown> = {};
for (let i = 0; i < 10; i++) metadata[`field${i}`] = i % 2 === 0 ? `value-${i}` : i * 1000;

const big = 'x'.repeat(4096);

// Records are object literals with a fresh Date, as the info mapper makes them. (Spreading a template
// object instead makes the benchmark measure V8's slow spread path, about 3 us per record.)
const shapes: Array<[string, () => SyslogRecord]> = [
  ['small record', () => ({ severity: 6, time: new Date(), message: 'user logged in' })],
  ['10 metadata fields', () => ({ severity: 6, time: new Date(), message: 'request done', metadata })],
  ['4 KB message', () => ({ severity: 6, time: new Date(), message: big })],
];

const DURATION_MS = 2000;

for (const [name, make] of shapes) {
  let count = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(DURATION_MS) * 1_000_000n;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 1000; i++) bytes += format(make()).bytes.length;
    count += 1000;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = Math.round(count / seconds);
  console.log(`${name.padEnd(20)} ${perSecond.toLocaleString('en-US').padStart(11)} records/s  (${Math.round(bytes / count)} bytes each)`);
}
