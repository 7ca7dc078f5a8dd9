/** winston `info` object -> SyslogRecord. */
import { createLevelMapper, type LevelMapper } from './levels';
import type { SdParams, StructuredData, SyslogRecord } from './types';
import { errorText, valueText } from './values';

/** What winston hands a transport: level and message plus whatever formats and callers added. */
export interface WinstonInfo {
  level?: unknown;
  message?: unknown;
  [key: string | symbol]: unknown;
}

export interface InfoMapperOptions {
  /** Level -> severity; default createLevelMapper() (syslog, npm and cli levels, unknown -> info). */
  level?: LevelMapper;
  /**
   * Every call fills and returns the same record instead of a new one: for a caller that is done
   * with each record before it maps the next (the transport encodes it at once). Default false.
   */
  reuseRecord?: boolean;
}

/**
 * Keys with a meaning of their own; every other own enumerable string key is metadata. A switch,
 * not a Set: property keys are internalized strings, which it compares by pointer.
 */
function isReserved(key: string): boolean {
  switch (key) {
    case 'level':
    case 'message':
    case 'stack':
    case 'timestamp':
    case 'msgId':
    case 'msgid':
    case 'structuredData':
      return true;
    default:
      return false;
  }
}

function messageOf(info: WinstonInfo): string {
  const { message, stack } = info;
  // format.errors({ stack: true }) and logging an Error leave the stack in info.stack. It starts with
  // the error's message; the logged text goes first only when it says more (logger.warn('text', err)).
  if (typeof stack === 'string') {
    return typeof message === 'string' && message !== '' && !stack.includes(message) ? message + '\n' + stack : stack;
  }
  if (typeof message === 'string') return message;
  if (message instanceof Error) return errorText(message);
  return valueText(message) ?? '';
}

/** The record's time: a valid Date or date string winston's format.timestamp() put there, else now. */
function timeOf(value: unknown): Date | number {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string') {
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  // A number, not a Date: one object less per record.
  return Date.now();
}

/**
 * Every field in one literal, in one order: all records share one shape, which keeps the
 * formatter's property reads monomorphic (fields added one by one gave it several). The metadata
 * is always a winston info, so which of its keys are not metadata is set once here.
 */
function emptyRecord(): SyslogRecord {
  return {
    severity: 6,
    time: 0,
    message: '',
    metadata: undefined,
    notMetadata: isReserved,
    msgId: undefined,
    structuredData: undefined,
    sequenceId: undefined,
  };
}

/**
 * Build the info -> SyslogRecord function once. Never throws for any info winston can produce.
 * The record's metadata is `info` itself, read when the record is encoded.
 */
export function createInfoMapper(options: InfoMapperOptions = {}): (info: WinstonInfo) => SyslogRecord {
  const mapLevel = options.level ?? createLevelMapper();
  const reused = options.reuseRecord === true ? emptyRecord() : undefined;
  return (info: WinstonInfo): SyslogRecord => {
    const record = reused ?? emptyRecord();
    // Every value read before the record changes: a message's toJSON may log, and so map into it too.
    const severity = mapLevel(String(info.level));
    const time = timeOf(info.timestamp);
    const message = messageOf(info);
    const msgId = info.msgId ?? info.msgid;
    const sd = info.structuredData;
    record.severity = severity;
    record.time = time;
    record.message = message;
    record.metadata = info as SdParams;
    record.msgId = typeof msgId === 'string' ? msgId : undefined;
    record.structuredData = typeof sd === 'object' && sd !== null && !Array.isArray(sd) ? (sd as StructuredData) : undefined;
    record.sequenceId = undefined;
    return record;
  };
}
