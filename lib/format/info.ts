/** winston `info` object -> SyslogRecord. */
import { createLevelMapper, type LevelMapper } from './levels';
import type { SdParams, StructuredData, SyslogRecord } from './types';
import { errorText, UNSERIALIZABLE, valueText } from './values';

/** What winston hands a transport: level and message plus whatever formats and callers added. */
export interface WinstonInfo {
  level?: unknown;
  message?: unknown;
  [key: string | symbol]: unknown;
}

export interface InfoMapperOptions {
  /** Level -> severity; default createLevelMapper() (syslog, npm and cli levels, unknown -> info). */
  level?: LevelMapper;
}

/**
 * Keys with a meaning of their own; every other own enumerable string key is metadata. A switch,
 * not a Set: keys from Object.keys are internalized strings, which it compares by pointer.
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

function metadataOf(info: WinstonInfo): SdParams | undefined {
  let metadata: SdParams | undefined;
  for (const key of Object.keys(info)) {
    if (isReserved(key)) continue;
    metadata ??= {};
    try {
      metadata[key] = info[key];
    } catch {
      metadata[key] = UNSERIALIZABLE;
    }
  }
  return metadata;
}

/** Build the info -> SyslogRecord function once. Never throws for any info winston can produce. */
export function createInfoMapper(options: InfoMapperOptions = {}): (info: WinstonInfo) => SyslogRecord {
  const mapLevel = options.level ?? createLevelMapper();
  return (info: WinstonInfo): SyslogRecord => {
    const msgId = info.msgId ?? info.msgid;
    const sd = info.structuredData;
    // Every field in one literal, in one order: all records share one shape, which keeps the
    // formatter's property reads monomorphic (fields added one by one gave it several).
    const record: SyslogRecord = {
      severity: mapLevel(String(info.level)),
      time: timeOf(info.timestamp),
      message: messageOf(info),
      metadata: metadataOf(info),
      msgId: typeof msgId === 'string' ? msgId : undefined,
      structuredData: typeof sd === 'object' && sd !== null && !Array.isArray(sd) ? (sd as StructuredData) : undefined,
      sequenceId: undefined,
    };
    return record;
  };
}
