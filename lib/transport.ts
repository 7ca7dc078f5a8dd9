import TransportStream from 'winston-transport';
import { Delivery, DeliveryStats, DropReport } from './delivery/delivery';
import { createRecordEncoder, type RecordEncoder } from './format/record';
import { createInfoMapper } from './format/info';
import { createLevelMapper } from './format/levels';
import type { SyslogRecord } from './format/types';
import { resolveOptions, type SyslogTransportOptions } from './options';
import { createSender } from './senders';

/** RFC 5424 section 7.3.1: sequenceId runs from 1 to 2147483647, then starts at 1 again. */
const MAX_SEQUENCE_ID = 2147483647;

export interface TransportStats extends DeliveryStats {
  /** Records cut to fit maxRecordBytes: MSG, PARAM-VALUEs or whole SD-ELEMENTs. */
  truncated: number;
}

/**
 * A winston transport that writes RFC 5424 records to syslog. It only turns `info` into bytes and
 * hands them to the delivery engine; queueing, reconnects and drop accounting live there.
 *
 * Events: 'logged' (info), 'warn' (Error: delivery trouble, never 'error', which would crash an
 * application that has no error listener on its logger), 'dropped' ({ reason, count }),
 * 'connect', 'reconnect'.
 */
export class SyslogTransport extends TransportStream {
  // `declare`: class fields must not overwrite what winston-transport's constructor set
  declare readonly name: string;
  private readonly toRecord: (info: Record<string | symbol, unknown>) => SyslogRecord;
  private readonly encode: RecordEncoder;
  private readonly delivery: Delivery;
  private readonly sequenceIds: boolean;
  private sequence = 0;
  private truncated = 0;

  constructor(options: SyslogTransportOptions = {}) {
    const resolved = resolveOptions(options);
    super(options);
    this.name = 'rfc5424';
    this.encode = createRecordEncoder(resolved.format);
    // One record for every call: send() is done with it before log() is called again.
    this.toRecord = createInfoMapper({ level: createLevelMapper(resolved.levelMap, resolved.defaultSeverity), reuseRecord: true });
    this.sequenceIds = resolved.sequenceIds;
    this.delivery = new Delivery(createSender(resolved.connection), resolved.delivery);
    for (const event of ['warn', 'dropped', 'connect', 'reconnect'] as const) {
      this.delivery.on(event, (arg?: unknown) => this.emit(event, arg));
    }
    this.delivery.on('dropReport', (report: DropReport) => this.reportDrops(report));
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    this.send(this.toRecord(info));
    if (this.listenerCount('logged') > 0) this.emitLoggedLater(info);
    callback();
  }

  /** Counters for sent, queued, dropped (by reason), reconnects and truncated records. */
  stats(): TransportStats {
    return { ...this.delivery.stats(), truncated: this.truncated };
  }

  /**
   * Flushes within `closeTimeoutMs`, then releases every handle. winston calls it when the
   * transport is removed; `logger.end()` reaches it through `_final`. Safe to call more than once.
   */
  override close(): Promise<void> {
    return this.delivery.close();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.close().then(() => callback(), callback);
  }

  private send(record: SyslogRecord): void {
    if (this.sequenceIds) {
      this.sequence = this.sequence >= MAX_SEQUENCE_ID ? 1 : this.sequence + 1;
      record.sequenceId = this.sequence;
    }
    // Encoded straight into the queue's memory. A record that a listener logs while this one is
    // queued (on 'dropped' or 'warn') comes after the writer is done with this one.
    if (this.encode(record, this.delivery.beginRecord())) this.truncated++;
    this.delivery.endRecord();
  }

  /**
   * Its own method: a closure over `info` inside log() made V8 allocate a context for `info` on
   * every call, listener or not (48 bytes a record, V8's sampling heap profiler).
   */
  private emitLoggedLater(info: Record<string | symbol, unknown>): void {
    setImmediate(() => this.emit('logged', info));
  }

  /** The application learns of drops in its own log stream, once delivery works again. */
  private reportDrops(report: DropReport): void {
    const reasons = Object.entries(report.counts).map(([reason, count]) => `${reason}: ${count}`);
    this.send({
      severity: 4,
      time: new Date(),
      msgId: 'DROPPED',
      metadata: { dropped: report.total, since: report.since.toISOString(), ...report.counts },
      message: `winston-rfc5424 dropped ${report.total} record(s) since ${report.since.toISOString()} (${reasons.join(', ')})`,
    });
  }
}
