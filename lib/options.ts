import { isIP } from 'net';
import type { ConnectionOptions } from 'tls';
import type TransportStream from 'winston-transport';
import type { DeliveryOptions } from './delivery/delivery';
import type { QueueFullPolicy } from './delivery/record-queue';
import type { FormatterOptions } from './format/options';
import type { Severity } from './format/types';
import { booleanOption, choiceOption, integerOption, optionError, stringOption } from './validate';

export type Protocol = 'unix' | 'unix-stream' | 'udp' | 'tcp' | 'tls' | 'relp';
const PROTOCOLS: readonly Protocol[] = ['unix', 'unix-stream', 'udp', 'tcp', 'tls', 'relp'];

/** winston-syslog's protocol names, accepted so that switching is a one-line change. */
const WINSTON_SYSLOG_PROTOCOLS: Record<string, Protocol> = {
  udp4: 'udp',
  udp6: 'udp',
  'unix-connect': 'unix',
  tcp4: 'tcp',
  tcp6: 'tcp',
  tls4: 'tls',
  tls6: 'tls',
};

export type SeverityName = 'emerg' | 'alert' | 'crit' | 'error' | 'warning' | 'notice' | 'info' | 'debug';

/** TLS settings for `protocol: 'tls'`, and for `protocol: 'relp'` (given at all, they turn TLS on). The server certificate and host name are always verified unless `insecureSkipVerify`. */
export interface TlsOptions {
  /** CA certificate(s) that sign the server's certificate (PEM). Default: node's bundled CAs. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM), for mutual TLS. */
  cert?: string | Buffer;
  /** Client private key (PEM), for mutual TLS. */
  key?: string | Buffer;
  passphrase?: string;
  /** Name expected in the server's certificate. Default: `host`. */
  servername?: string;
  /** Default 'TLSv1.2'. */
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Accept any server certificate. Only for tests; a warning is printed once. */
  insecureSkipVerify?: boolean;
}

/** Every option; the record options (facility, appName, hostname, procId, msgId, sdId, timestamp, bom) are the formatter's. */
export interface SyslogTransportOptions extends TransportStream.TransportStreamOptions, FormatterOptions {
  /** Default 'unix', or 'udp' when `host` or `port` is given (as winston-syslog did). */
  protocol?: Protocol | keyof typeof WINSTON_SYSLOG_PROTOCOLS;
  /** Socket path for 'unix' and 'unix-stream'. Default '/dev/log'. */
  path?: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 514 (udp, tcp), 6514 (tls) or 2514 (relp, with or without TLS). */
  port?: number;
  /** For 'tls'; for 'relp' giving it (even `{}`) turns TLS on. */
  tls?: TlsOptions;
  /** RELP: most records sent and not acknowledged yet; more wait in the queue. Default 128 (librelp's). */
  relpWindow?: number;
  /**
   * RELP: the connection counts as dead (and is opened again, unacknowledged records resent) when
   * the oldest unacknowledged record waits this long. Default 90000 ms (librelp's timeout).
   */
  relpTimeoutMs?: number;

  /** Longest record in bytes; MSG is cut first, then the longest metadata values. Default 2048 for udp, 8192 otherwise. */
  maxRecordBytes?: number;
  /** Severity of custom (or any) level names: { audit: 'notice', trace: 7 }. */
  levelMap?: Record<string, Severity | SeverityName | 'warn'>;
  /** Severity of a level nobody mapped. Default 'info'. */
  defaultSeverity?: Severity | SeverityName;
  /** Add [meta sequenceId="N"] (RFC 5424 7.3.1) to every record so loss can be proven. Default false. */
  sequenceIds?: boolean;

  /** Records held while the daemon is away. Default 100000. */
  maxQueueRecords?: number;
  /** Bytes of records held while the daemon is away. Default 32 MiB. */
  maxQueueBytes?: number;
  /** What goes when the queue is full. Default 'drop-oldest'. */
  queueFullPolicy?: QueueFullPolicy;
  /** First reconnect delay. Default 100 ms. */
  reconnectMinMs?: number;
  /** Longest reconnect delay. Default 5000 ms. */
  reconnectMaxMs?: number;
  /** How long close()/logger.end() waits for the next record to get through before giving up on the rest. Default 2000 ms. */
  closeTimeoutMs?: number;
  /**
   * On process 'exit' (process.exit(), or an exit that skips the event loop), how long the
   * transport may block writing its queue synchronously (unix, unix-stream, tcp, udp). 0 turns the
   * exit hook off. Default 500 ms.
   */
  exitFlushMs?: number;
  /**
   * protocol 'unix': how long a record logged into a full queue may block the application while
   * the daemon reads from its socket, instead of dropping a record. Waited again only after the
   * daemon took a record. 0 drops at once. Default 100 ms.
   */
  fullQueueWaitMs?: number;
  /** How long a TCP/TLS/Unix stream connect (with handshake) may take. Default 10000 ms. */
  connectTimeoutMs?: number;
  /** Least time between two "dropped N records" warning records. Default 10000 ms. */
  dropReportIntervalMs?: number;

  /** winston-syslog: APP-NAME. */
  app_name?: string;
  /** winston-syslog: HOSTNAME. */
  localhost?: string;
  /** winston-syslog: PROCID. */
  pid?: string | number;
  /** winston-syslog: only 'RFC5424' is accepted; BSD (RFC 3164) is not produced. */
  type?: string;
  /** winston-syslog: ignored, records are framed by octet counting (or one per datagram). */
  eol?: string;
}

export interface ConnectionSettings {
  protocol: Protocol;
  path: string;
  host: string;
  port: number;
  /** TLS connect options: for 'tls' always, for 'relp' when TLS is on (undefined: plain TCP). */
  tls: ConnectionOptions | undefined;
  connectTimeoutMs: number;
  relpWindow: number;
  relpTimeoutMs: number;
}

export type FormatSettings = FormatterOptions & { maxRecordBytes: number };

export interface ResolvedOptions {
  connection: ConnectionSettings;
  format: FormatSettings;
  delivery: DeliveryOptions;
  levelMap?: Record<string, Severity | string>;
  defaultSeverity: Severity | string;
  sequenceIds: boolean;
}

/** The largest record each socket kind can carry (UDP: 65,535 minus IP and UDP headers). */
const MAX_RECORD_BYTES: Record<Protocol, number> = {
  udp: 65507,
  unix: 200 * 1024, // under the default unix send buffer, which refuses larger datagrams (EMSGSIZE)
  'unix-stream': 16 * 1024 * 1024,
  tcp: 16 * 1024 * 1024,
  tls: 16 * 1024 * 1024,
  relp: 128 * 1024, // imrelp's maxDataSize default; a larger frame ends the session
};

/** rsyslog's RELP input has no registered port; 2514 is the one its documentation uses. */
const DEFAULT_PORT: Record<Protocol, number> = { unix: 514, 'unix-stream': 514, udp: 514, tcp: 514, tls: 6514, relp: 2514 };

function resolveProtocol(options: SyslogTransportOptions): Protocol {
  const given = options.protocol;
  if (given === undefined) return options.host !== undefined || options.port !== undefined ? 'udp' : 'unix';
  if (typeof given === 'string' && WINSTON_SYSLOG_PROTOCOLS[given]) return WINSTON_SYSLOG_PROTOCOLS[given];
  return choiceOption('protocol', given, PROTOCOLS, 'unix');
}

function resolveTls(options: SyslogTransportOptions, host: string): ConnectionOptions {
  const given = options.tls ?? {};
  if (typeof given !== 'object' || given === null) throw optionError('tls', 'an object', given);
  const insecure = booleanOption('tls.insecureSkipVerify', given.insecureSkipVerify, false);
  if (insecure) {
    process.emitWarning('winston-rfc5424: tls.insecureSkipVerify is on: the syslog server is not authenticated', {
      code: 'WINSTON_RFC5424_INSECURE_TLS',
    });
  }
  return {
    host,
    port: options.port,
    ca: given.ca,
    cert: given.cert,
    key: given.key,
    passphrase: given.passphrase,
    // SNI takes host names only; an address is still checked against the certificate's IP SANs
    servername: given.servername ?? (isIP(host) ? undefined : host),
    minVersion: choiceOption('tls.minVersion', given.minVersion, ['TLSv1.2', 'TLSv1.3'] as const, 'TLSv1.2'),
    rejectUnauthorized: !insecure,
  };
}

/** Validates every option once, at construction, and fills in the defaults. */
export function resolveOptions(options: SyslogTransportOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw optionError('options', 'an object', options);
  if (options.type !== undefined && !/^rfc ?5424$/i.test(String(options.type))) {
    throw optionError('type', '"RFC5424" (this transport writes RFC 5424 only)', options.type);
  }
  const protocol = resolveProtocol(options);
  const host = stringOption('host', options.host, '127.0.0.1');
  const port = integerOption('port', options.port, DEFAULT_PORT[protocol], 1, 65535);
  const tlsOn = protocol === 'tls' || (protocol === 'relp' && options.tls !== undefined);
  const connection: ConnectionSettings = {
    protocol,
    path: stringOption('path', options.path, '/dev/log'),
    host,
    port,
    tls: tlsOn ? resolveTls({ ...options, port }, host) : undefined,
    connectTimeoutMs: integerOption('connectTimeoutMs', options.connectTimeoutMs, 10000, 1, 600000),
    // the sender scans its window per answer: a few hundred entries at most is cheap
    relpWindow: integerOption('relpWindow', options.relpWindow, 128, 1, 1024),
    relpTimeoutMs: integerOption('relpTimeoutMs', options.relpTimeoutMs, 90000, 100, 3600000),
  };
  const format: FormatSettings = {
    facility: options.facility,
    hostname: options.hostname ?? options.localhost,
    appName: options.appName ?? options.app_name,
    procId: options.procId ?? options.pid,
    msgId: options.msgId,
    sdId: options.sdId,
    timestamp: options.timestamp,
    bom: options.bom,
    maxRecordBytes: integerOption(
      'maxRecordBytes',
      options.maxRecordBytes,
      protocol === 'udp' ? 2048 : 8192,
      1024,
      MAX_RECORD_BYTES[protocol],
    ),
  };
  const reconnectMinMs = integerOption('reconnectMinMs', options.reconnectMinMs, 100, 1, 3600000);
  const delivery: DeliveryOptions = {
    maxQueueRecords: integerOption('maxQueueRecords', options.maxQueueRecords, 100000, 1, 100000000),
    maxQueueBytes: integerOption('maxQueueBytes', options.maxQueueBytes, 32 * 1024 * 1024, 1024, 2 ** 40),
    queueFullPolicy: choiceOption('queueFullPolicy', options.queueFullPolicy, ['drop-oldest', 'drop-newest'] as const, 'drop-oldest'),
    reconnectMinMs,
    reconnectMaxMs: integerOption('reconnectMaxMs', options.reconnectMaxMs, Math.max(5000, reconnectMinMs), reconnectMinMs, 3600000),
    closeTimeoutMs: integerOption('closeTimeoutMs', options.closeTimeoutMs, 2000, 0, 600000),
    dropReportIntervalMs: integerOption('dropReportIntervalMs', options.dropReportIntervalMs, 10000, 0, 86400000),
    exitFlushMs: integerOption('exitFlushMs', options.exitFlushMs, 500, 0, 60000),
    fullQueueWaitMs: integerOption('fullQueueWaitMs', options.fullQueueWaitMs, 100, 0, 60000),
  };
  return {
    connection,
    format,
    delivery,
    levelMap: options.levelMap,
    defaultSeverity: options.defaultSeverity ?? 'info',
    sequenceIds: booleanOption('sequenceIds', options.sequenceIds, false),
  };
}
