/**
 * What every sender in the bench logs, so that raw, ours and winston-syslog carry the same text:
 * `logger.info(message, { n })` with n = 1..records, the message padded so that this transport's
 * record is about `size` bytes.
 */
import type { SyslogTransportOptions } from '../lib';
import { createFormatter } from '../lib/format';
import type { Target } from './target';

export const HOSTNAME = 'bench-host';
export const APP_NAME = 'bench';

const WORDS = 'the quick brown fox jumps over the lazy dog while the bench counts every record ';

/** ASCII text of exactly `length` characters. */
export function text(length: number): string {
  return WORDS.repeat(Math.ceil(length / WORDS.length) + 1).slice(0, Math.max(0, length));
}

/** The message that makes this transport's record of record number `n` about `size` bytes long. */
export function messageForSize(size: number, n: number): string {
  const format = createFormatter({ hostname: HOSTNAME, appName: APP_NAME });
  const overhead = format({ severity: 6, time: new Date(), message: '', metadata: { n } }).bytes.length + 1;
  return text(Math.max(16, size - overhead));
}

/**
 * winston-syslog's options for `target` in its mode `protocol`, the same for every section: RFC
 * 5424 with our HOSTNAME and APP-NAME, and a line end on streams, where it has no framing and
 * records would otherwise run together.
 */
export function winstonSyslogOptions(target: Target, protocol: string | undefined): object {
  const stream = target.protocol === 'tcp' || target.protocol === 'tls';
  return {
    protocol,
    path: target.path,
    host: target.host,
    port: target.port,
    type: 'RFC5424',
    app_name: APP_NAME,
    localhost: HOSTNAME,
    facility: 'user',
    eol: stream ? '\n' : undefined,
  };
}

/** Whether the transport has sent all it was given: nothing queued, nothing in flight. */
export function deliveredAll(transport: { stats(): { queued: number; inFlight: number } }): boolean {
  const { queued, inFlight } = transport.stats();
  return queued === 0 && inFlight === 0;
}

/**
 * This transport's options for `target`: defaults, except a queue that holds a burst of `records`
 * (these figures are throughput and CPU; the memory bench covers the limit) and a close that
 * waits for all of it.
 */
export function transportOptions(target: Target, records: number): SyslogTransportOptions {
  const common: SyslogTransportOptions = {
    protocol: target.protocol,
    appName: APP_NAME,
    hostname: HOSTNAME,
    maxQueueRecords: Math.max(100000, records),
    maxQueueBytes: 2 ** 31,
    closeTimeoutMs: 600000,
  };
  if (target.protocol === 'unix' || target.protocol === 'unix-stream') return { ...common, path: target.path };
  if (target.protocol === 'tls') return { ...common, host: 'localhost', port: target.port, tls: { ca: target.ca } };
  return { ...common, host: target.host, port: target.port };
}
