/**
 * One process of `npm run bench -- --only stages`: where the transport's CPU per record goes inside
 * a winston application. Each stage is the transport as shipped, cut short after one more step:
 * log() only maps `info`; then also encodes it into one reused buffer; then queues it and runs the
 * delivery engine with a sender that takes every batch without a syscall; then the real socket.
 * Blocks of `block` records into winston with each stage alternate with blocks into winston alone,
 * `rounds` times, the order turned around every round, so that the machine's speed, which drifts
 * here, touches each alike. Winston alone and the whole transport also run, in the same rotation,
 * under a logger whose format is errors() alone instead of winston's default json(): what the JSON
 * text, which this transport never reads, costs. Reports each setup's CPU per record, per round,
 * and then the heap bytes a record of one more block of each (measured after the CPU rounds: it
 * perturbs what runs next).
 */
import winston from 'winston';
import { SyslogTransport } from '../lib';
import type { SyslogRecord } from '../lib/format';
import { ByteWriter, USUAL_RECORD_BYTES } from '../lib/format/byte-writer';
import type { RecordEncoder } from '../lib/format/record';
import type { Sender, SenderEvents } from '../lib/senders/sender';
import { allocatedBytes } from './allocation';
import { childConfig, report, runChild } from './child-io';
import { stageSetups, type MeasuredSetup, type Setup } from './stages';
import { sleep } from './stats';
import type { Target } from './target';
import { cpuMs, logBurst, noopTransport } from './winston-load';
import { deliveredAll, messageForSize, transportOptions } from './workload';

export interface StagesChildConfig {
  target: Target;
  rounds: number;
  block: number;
  size: number;
  chunk: number;
}

/** The transport's private parts the stages cut in at. */
interface TransportInternals {
  toRecord(info: object): SyslogRecord;
  encode: RecordEncoder;
  delivery: { sender: Sender; events: SenderEvents };
}

const config = childConfig<StagesChildConfig>();
const message = messageForSize(config.size, config.rounds * config.block);

interface Subject {
  logger: winston.Logger;
  /** Whether all it was given left it (for stages that queue). */
  delivered(): boolean;
  close(): Promise<void>;
}

function internalsOf(transport: SyslogTransport): TransportInternals {
  const internals = transport as unknown as TransportInternals;
  if (typeof internals.toRecord !== 'function' || typeof internals.encode !== 'function' || !internals.delivery?.sender) {
    throw new Error('stages: SyslogTransport no longer has toRecord, encode and delivery.sender; update bench/stages-child.ts');
  }
  return internals;
}

/** The logger's format: winston's default, json(), or errors() alone, which leaves out the JSON text. */
function loggerFormat(lean: boolean): winston.Logform.Format | undefined {
  return lean ? winston.format.errors({ stack: true }) : undefined;
}

function subject({ stage, lean }: Setup): Subject {
  const format = loggerFormat(lean);
  if (stage === 'winston alone') {
    return { logger: winston.createLogger({ format, transports: [noopTransport()] }), delivered: () => true, close: async () => undefined };
  }
  const transport = new SyslogTransport(transportOptions(config.target, config.block));
  transport.on('warn', () => undefined);
  const internals = internalsOf(transport);
  const done = (): void => undefined;
  if (stage === 'info mapper') {
    transport.log = (info, callback = done) => {
      internals.toRecord(info);
      callback();
    };
  } else if (stage === '+ encoding') {
    const scratch = new ByteWriter(USUAL_RECORD_BYTES);
    transport.log = (info, callback = done) => {
      scratch.reset();
      internals.encode(internals.toRecord(info), scratch);
      callback();
    };
  } else if (stage === '+ queue and delivery') {
    const { sender } = internals.delivery;
    // Takes every batch and reports it sent a tick later, as a socket write that completed does.
    sender.write = (_runs, count) => {
      process.nextTick(() => internals.delivery.events.sent(count));
      return count;
    };
  }
  return { logger: winston.createLogger({ format, transports: [transport] }), delivered: () => deliveredAll(transport), close: () => transport.close() };
}

/** CPU ms of one block into `s`, waiting until what it queued was delivered. */
async function block(s: Subject, records: number): Promise<number> {
  const cpu = process.cpuUsage();
  await logBurst(s.logger, message, records, config.chunk);
  while (!s.delivered()) await sleep(1);
  return cpuMs(cpu);
}

runChild(async () => {
  const setups = stageSetups();
  const subjects = setups.map(subject);
  // warm-up: the JIT and the connection
  for (let i = 0; i < 2; i++) for (const s of subjects) await block(s, config.block);
  const cpuUs: number[][] = setups.map(() => []);
  for (let round = 0; round < config.rounds; round++) {
    const order = setups.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) cpuUs[i].push(((await block(subjects[i], config.block)) * 1000) / config.block);
  }
  const heapBytes: number[] = [];
  for (const s of subjects) {
    const bytes = await allocatedBytes(async () => {
      await block(s, config.block);
    });
    heapBytes.push(bytes / config.block);
  }
  for (const s of subjects) await s.close();
  const measured: MeasuredSetup[] = setups.map((setup, i) => ({ ...setup, cpuUs: cpuUs[i], heapBytes: heapBytes[i] }));
  report('done', { setups: measured });
});
