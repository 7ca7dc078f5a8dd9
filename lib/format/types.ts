/** The pieces of one syslog record before it is turned into RFC 5424 bytes. */

/** RFC 5424 severities, 0 (emerg) .. 7 (debug). */
export type Severity = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** SD-PARAM values before escaping; anything else is stringified by the formatter. */
export type SdParams = Record<string, unknown>;

/** Explicit STRUCTURED-DATA: SD-ID -> params. */
export type StructuredData = Record<string, SdParams>;

/** One record as the transport hands it to the formatter. Pure data: no I/O behind it. */
export interface SyslogRecord {
  severity: Severity;
  /** When the record was made: a Date or milliseconds since the epoch. */
  time: Date | number;
  /** Per-record MSGID; the formatter's default applies when absent. */
  msgId?: string;
  /** Flat metadata for the default SD-ELEMENT (the `sdId` option): its own enumerable string keys but those `notMetadata` names. */
  metadata?: SdParams;
  /**
   * Keys of `metadata` that are not metadata: the info mapper hands winston's info object itself
   * (a copy per record cost the transport 5-7 % of its CPU), whose level, message and the like
   * are fields of their own.
   */
  notMetadata?: (key: string) => boolean;
  /** Explicit SD-ELEMENTs given by the caller. */
  structuredData?: StructuredData;
  /** RFC 5424 section 7.3.1 `[meta sequenceId="N"]`, set by the transport when enabled. */
  sequenceId?: number;
  /** The MSG part. */
  message: string;
}

/** What formatting one record gives. */
export interface FormattedRecord {
  bytes: Buffer;
  /** True when something was cut to fit `maxRecordBytes`. */
  truncated: boolean;
}
