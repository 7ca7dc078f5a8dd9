/** Formatter options: their documentation, defaults and validation at construction. */
import * as os from 'os';
import * as path from 'path';
import { FACILITIES, facilityCode, type Facility } from './facilities';
import { headerField, NILVALUE } from './sanitize';
import type { TimestampMode } from './timestamp';

export interface FormatterOptions {
  /**
   * Facility name (kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp,
   * ntp, security/audit, console/alert, solaris-cron/clock, local0..local7) or code 0..23.
   * Default 'user'.
   */
  facility?: Facility;
  /** HOSTNAME. Default os.hostname(). Characters outside ASCII 33..126 become '_'; cut to 255 octets. */
  hostname?: string;
  /** APP-NAME. Default the script's file name without extension, else 'node'. Sanitised, cut to 48. */
  appName?: string;
  /** PROCID. Default process.pid. Sanitised, cut to 128. */
  procId?: string | number;
  /** Default MSGID when a record has none. Default NILVALUE "-". Sanitised, cut to 32. */
  msgId?: string;
  /**
   * 'utc' (default): `2026-11-25T13:55:03.123Z`. 'local': the host's clock time with its offset,
   * `2026-11-25T19:25:03.123+05:30`. An invalid Date gives NILVALUE.
   */
  timestamp?: TimestampMode;
  /**
   * SD-ID of the element that carries flat metadata, `name@<private enterprise number>`, at most 32
   * octets. Default `winston@32473`; 32473 is the example number of RFC 5612, so set your own.
   * Caller SD-IDs without '@' get the same number appended.
   */
  sdId?: string;
  /**
   * Start MSG with the UTF-8 BOM (RFC 5424 MSG-UTF8). Default false: MSG without a BOM is valid
   * MSG-ANY, and rsyslog writes the BOM bytes into its files verbatim, which breaks grep and JSON
   * consumers of those files.
   */
  bom?: boolean;
  /**
   * Upper bound of one record in octets, at least 1024 (room for the largest header). Default 8192,
   * rsyslog's default maxMessageSize. MSG is cut first, then the longest PARAM-VALUEs (ending in
   * U+2026), then whole SD-ELEMENTs: see fit.ts.
   */
  maxRecordBytes?: number;
}

/** The options after validation: every header field already sanitised. */
export interface ResolvedOptions {
  facility: number;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  timestamp: TimestampMode;
  sdId: string;
  /** The private enterprise number of sdId, appended to caller SD-IDs without '@'. */
  pen: string;
  bom: boolean;
  maxRecordBytes: number;
}

const SD_ID_FORM = /^[\x21\x23-\x3c\x3e-\x3f\x41-\x5c\x5e-\x7e]+@([0-9]+)$/;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function invalid(option: string, expected: string, value: unknown): TypeError {
  return new TypeError(`winston-rfc5424: option "${option}" must be ${expected}; got ${show(value)}`);
}

function text(option: string, value: unknown, fallback: string, max: number): string {
  if (value === undefined) return headerField(fallback, max);
  if (typeof value !== 'string') throw invalid(option, 'a string', value);
  return headerField(value, max);
}

function defaultAppName(): string {
  const script = process.argv[1];
  return script ? path.parse(script).name || 'node' : 'node';
}

/** Validate every option once; each error names its option. */
export function resolveOptions(options: FormatterOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('winston-rfc5424: options must be an object');

  const facility = options.facility === undefined ? 1 : facilityCode(options.facility);
  if (facility === undefined) {
    throw invalid('facility', `one of ${Object.keys(FACILITIES).join(', ')} or an integer 0..23`, options.facility);
  }

  const { procId } = options;
  if (procId !== undefined && typeof procId !== 'string' && !(Number.isSafeInteger(procId) && procId >= 0)) {
    throw invalid('procId', 'a string or a non-negative integer', procId);
  }

  const timestamp = options.timestamp ?? 'utc';
  if (timestamp !== 'utc' && timestamp !== 'local') throw invalid('timestamp', '"utc" or "local"', timestamp);

  const sdId = options.sdId ?? 'winston@32473';
  const form = typeof sdId === 'string' && sdId.length <= 32 ? SD_ID_FORM.exec(sdId) : null;
  if (form === null) {
    throw invalid(
      'sdId',
      'an SD-ID of the form name@<enterprise number>, at most 32 ASCII characters without \'=\', \']\', \'"\' or space ' +
        '(IANA ids such as "meta" are reserved)',
      sdId,
    );
  }

  const bom = options.bom ?? false;
  if (typeof bom !== 'boolean') throw invalid('bom', 'a boolean', bom);

  const maxRecordBytes = options.maxRecordBytes ?? 8192;
  if (!Number.isSafeInteger(maxRecordBytes) || maxRecordBytes < 1024) {
    throw invalid('maxRecordBytes', 'an integer >= 1024', maxRecordBytes);
  }

  return {
    facility,
    hostname: text('hostname', options.hostname, os.hostname(), 255),
    appName: text('appName', options.appName, defaultAppName(), 48),
    procId: headerField(String(procId ?? process.pid), 128),
    msgId: text('msgId', options.msgId, NILVALUE, 32),
    timestamp,
    sdId,
    pen: form[1],
    bom,
    maxRecordBytes,
  };
}
