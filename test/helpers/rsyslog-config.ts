/**
 * Pure generator of the private rsyslogd configuration used by the integration harness
 * (`rsyslog.ts` runs the process). No I/O here: give it resolved ports and paths, get text back.
 */

/** Reserved APP-NAME of the readiness probes; the config routes these records to probes.jsonl. */
export const PROBE_APP_NAME = 'harness-probe';

/** File names inside the instance's temp dir. */
export const FILES = {
  conf: 'rsyslog.conf',
  pid: 'rsyslogd.pid',
  /** One JSON object per line (ParsedRecordJson), every non-internal, non-probe record. */
  records: 'records.jsonl',
  /** The same records as RFC 5424 lines (RSYSLOG_SyslogProtocol23Format). */
  rawLines: 'records.log',
  /** Readiness probes only, same JSON shape as records.jsonl. */
  probes: 'probes.jsonl',
  /** rsyslogd's own messages (start, errors, HUP, "Address already in use"...). */
  internal: 'internal.log',
} as const;

/**
 * rsyslog's `inputname` for each input kind of the harness. imuxsock has no `name=` parameter,
 * so Unix datagram records always say "imuxsock"; the others are named by the harness so that
 * TCP and the Unix stream socket (both imptcp) can be told apart.
 */
export const INPUT_NAMES = {
  udp: 'udp',
  tcp: 'tcp',
  tls: 'tls',
  relp: 'relp',
  unixStream: 'unix-stream',
  unixDgram: 'imuxsock',
} as const;
export type InputKind = keyof typeof INPUT_NAMES;
export type InputName = (typeof INPUT_NAMES)[InputKind];

/**
 * One record as rsyslog parsed it, from records.jsonl. Keys are camelCase; the comment names the
 * rsyslog property. Measured with rsyslog 8.2302 on RFC 5424 input:
 *
 * - `msg`: the MSG part WITHOUT the single space that separates it from STRUCTURED-DATA; any
 *   further leading spaces are kept ("-   two" gives "  two"). A UTF-8 BOM is kept as U+FEFF at the
 *   start of `msg`. No MSG at all, or an empty one, gives "". Control characters are escaped on
 *   receive: LF becomes the four characters "#012", TAB "#011".
 * - `structuredData`: the STRUCTURED-DATA field verbatim, brackets, quotes and backslash escapes
 *   included (`[ex@32473 a="1" b="x\"y"][z@1 c="]"]`), or "-" when the record has none. rsyslog
 *   does not validate it: `[bad sd]` is accepted as is.
 * - Nil fields ("-") of HOSTNAME, APP-NAME, PROCID and MSGID come out as the string "-".
 * - A nil TIMESTAMP ("-") is replaced by the arrival time; otherwise `timereported` is the
 *   sender's timestamp, offset and fraction as sent ("2024-01-02T03:04:05.678+01:00").
 * - A record that is not RFC 5424 is parsed as RFC 3164: `protocolVersion` 0, and its `msg` keeps
 *   its leading space.
 *
 * Example line of records.jsonl (one line in the file):
 * {"pri":14, "facility":1, "severity":6, "timereported":"2024-01-02T03:04:05.678+01:00",
 *  "hostname":"myhost", "appName":"udpapp", "procid":"123", "msgid":"ID47",
 *  "structuredData":"[ex@32473 a=\"1\"]", "msg":"hello udp", "inputname":"udp",
 *  "protocolVersion":1, "rawmsg":"<14>1 2024-01-02T03:04:05.678+01:00 myhost udpapp 123 ID47 [ex@32473 a=\"1\"] hello udp"}
 */
export interface ParsedRecordJson {
  /** PRI as a number (facility * 8 + severity). */
  pri: number;
  /** `syslogfacility` */
  facility: number;
  /** `syslogseverity` */
  severity: number;
  /** `timereported`, RFC 3339. */
  timereported: string;
  hostname: string;
  /** `app-name` */
  appName: string;
  procid: string;
  msgid: string;
  /** `structured-data`: verbatim text or "-". */
  structuredData: string;
  msg: string;
  /** Which input received it: see INPUT_NAMES. */
  inputname: InputName;
  /** `protocol-version`: 1 for RFC 5424, 0 when rsyslog fell back to RFC 3164. */
  protocolVersion: number;
  /** `rawmsg`: the record as received, after control-character escaping (LF is "#012"). */
  rawmsg: string;
}

export type LoopbackAddress = '127.0.0.1' | '::1';
export type TlsAuthMode = 'anon' | 'x509/certvalid' | 'x509/name';

/** Everything resolved: the generator only formats. */
export interface RsyslogConfigSpec {
  dir: string;
  /** rsyslog size syntax ("64k") or bytes. */
  maxMessageSize: string | number;
  udp?: { address: LoopbackAddress; port: number; /** null: kernel default */ rcvbufSize: string | null };
  tcp?: { address: LoopbackAddress; port: number };
  tls?: {
    address: LoopbackAddress;
    port: number;
    authMode: TlsAuthMode;
    permittedPeers: string[];
    caFile: string;
    certFile: string;
    keyFile: string;
  };
  /**
   * imrelp. Its ruleset has a Direct queue: the record is written to records.jsonl (in the page
   * cache, which survives a SIGKILL of rsyslogd) before imrelp acknowledges it.
   */
  relp?: {
    address: LoopbackAddress;
    port: number;
    queue: 'Direct' | 'LinkedList';
    tls?: {
      authMode: 'certvalid' | 'name';
      permittedPeers: string[];
      caFile: string;
      certFile: string;
      keyFile: string;
    };
  };
  unixDgramPath?: string;
  unixStreamPath?: string;
}

/** Ruleset of the outputs when a RELP input shares them with the default ruleset. */
const OUT_RULESET = 'harness-out';
const RELP_RULESET = 'harness-relp';

/** RainerScript string literal. */
function q(value: string | number): string {
  return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Fields of the JSON template, in output order: [json key, rsyslog property, extra options]. */
const JSON_FIELDS: ReadonlyArray<[keyof ParsedRecordJson, string, string]> = [
  ['pri', 'pri', 'datatype="number"'],
  ['facility', 'syslogfacility', 'datatype="number"'],
  ['severity', 'syslogseverity', 'datatype="number"'],
  ['timereported', 'timereported', 'dateFormat="rfc3339"'],
  ['hostname', 'hostname', ''],
  ['appName', 'app-name', ''],
  ['procid', 'procid', ''],
  ['msgid', 'msgid', ''],
  ['structuredData', 'structured-data', ''],
  ['msg', 'msg', ''],
  ['inputname', 'inputname', ''],
  ['protocolVersion', 'protocol-version', 'datatype="number"'],
  ['rawmsg', 'rawmsg', ''],
];

function jsonTemplate(): string {
  const props = JSON_FIELDS.map(
    ([key, prop, extra]) => `  property(outname=${q(key)} name=${q(prop)} format="jsonf"${extra ? ` ${extra}` : ''})`,
  );
  return [
    '# One JSON object per line with what rsyslog PARSED. format="jsonf" escapes each value, so a',
    '# message with quotes, backslashes or a BOM still gives a valid JSON line.',
    'template(name="harnessJson" type="list" option.jsonf="on") {',
    ...props,
    '}',
  ].join('\n');
}

function fileAction(file: string, template: string): string {
  return `action(type="omfile" file=${q(file)} template=${q(template)})`;
}

export function renderRsyslogConfig(spec: RsyslogConfigSpec): string {
  const f = (name: string): string => `${spec.dir}/${name}`;
  const out: string[] = [];
  const add = (...lines: string[]): void => {
    out.push(...lines);
  };

  add(
    '# Generated by test/helpers/rsyslog-config.ts for ONE private test instance. Do not edit.',
    '',
    'global(',
    '  # Default 8k: longer records were silently truncated (imuxsock) or cut with a warning',
    '  # (imptcp). Must come before the inputs, which size their buffers from it.',
    `  maxMessageSize=${q(spec.maxMessageSize)}`,
    '  # Queue and state files stay in the temp dir, never in /var/spool/rsyslog.',
    `  workDirectory=${q(spec.dir)}`,
    '  # Default off: rsyslogd would send its own start/error messages to the SYSTEM /dev/log.',
    '  # On, they go through our rules and land in internal.log.',
    '  processInternalMessages="on"',
    ')',
    '',
    'main_queue(',
    '  # Default: a FixedArray, preallocated and smaller; a burst of 200k records to a slow disk',
    '  # could fill it. LinkedList allocates on demand. (1,000,000 draws a "queue.size is very',
    '  # large" warning into internal.log; 500,000 does not.)',
    '  queue.type="LinkedList"',
    '  queue.size="500000"',
    '  # Default 2000 ms: when full, an input waits 2 s and then DROPS the record. Wait longer.',
    '  queue.timeoutEnqueue="60000"',
    '  # 8 = discard nothing, whatever the fill level (explicit, the default varies by version).',
    '  queue.discardSeverity="8"',
    '  # The main queue gives up after 1.5 s by default: records still queued at SIGTERM would be',
    '  # lost. stop() lets it drain (and SIGKILLs only after stopTimeoutMs).',
    '  queue.timeoutShutdown="10000"',
    ')',
    '',
  );

  if (spec.unixDgramPath !== undefined) {
    add(
      '# SysSock.Use="off": never open or replace the system /dev/log.',
      'module(load="imuxsock" SysSock.Use="off")',
    );
  }
  if (spec.udp) add('module(load="imudp")');
  if (spec.tcp || spec.unixStreamPath !== undefined) add('module(load="imptcp")');
  if (spec.tls) add('module(load="imtcp")');
  if (spec.relp) add('module(load="imrelp")');
  add('');

  if (spec.unixDgramPath !== undefined) {
    add(
      `input(type="imuxsock" Socket=${q(spec.unixDgramPath)}`,
      '  # Default on: imuxsock uses its special local-log parser, which does not understand',
      '  # RFC 5424 (APP-NAME came out as "1" and the header landed in the message text).',
      '  UseSpecialParser="off"',
      "  # Default on: the sender's TIMESTAMP is replaced by the arrival time.",
      '  IgnoreTimestamp="off"',
      '  # Default off: the HOSTNAME would be taken from the local host (no effect on RFC 5424',
      '  # input, set for RFC 3164 records sent by other tests).',
      '  ParseHostname="on"',
      '  # Default 200 records per 5 s per process: bursts from one test process were dropped.',
      '  RateLimit.Interval="0"',
      ')',
    );
  }
  if (spec.unixStreamPath !== undefined) {
    add(
      `input(type="imptcp" path=${q(spec.unixStreamPath)} name=${q(INPUT_NAMES.unixStream)}`,
      '  # Default off: a socket file left by a killed instance made restart() fail with',
      '  # "Address already in use".',
      '  Unlink="on"',
      ')',
    );
  }
  if (spec.udp) {
    const rcv = spec.udp.rcvbufSize === null ? '' : ` rcvbufSize=${q(spec.udp.rcvbufSize)}`;
    add(
      '# rcvbufSize: with the kernel default (212,992 bytes) 1-5% of a 100k-record burst was',
      '# dropped in the kernel before rsyslog read it.',
      `input(type="imudp" address=${q(spec.udp.address)} port=${q(spec.udp.port)} name=${q(INPUT_NAMES.udp)}${rcv})`,
    );
  }
  if (spec.tcp) {
    add(
      `input(type="imptcp" address=${q(spec.tcp.address)} port=${q(spec.tcp.port)} name=${q(INPUT_NAMES.tcp)})`,
    );
  }
  if (spec.tls) {
    const t = spec.tls;
    add(
      `input(type="imtcp" address=${q(t.address)} port=${q(t.port)} name=${q(INPUT_NAMES.tls)}`,
      '  # TLS through GnuTLS; mode 1 = TLS only (plain TCP on this port is refused).',
      '  StreamDriver.Name="gtls"',
      '  StreamDriver.Mode="1"',
      '  # anon: any client; x509/certvalid: client cert signed by CAFile (mutual TLS);',
      '  # x509/name: that, and the client name must be in PermittedPeer.',
      `  StreamDriver.AuthMode=${q(t.authMode)}`,
      `  StreamDriver.CAFile=${q(t.caFile)}`,
      `  StreamDriver.CertFile=${q(t.certFile)}`,
      `  StreamDriver.KeyFile=${q(t.keyFile)}`,
    );
    if (t.authMode === 'x509/name' && t.permittedPeers.length > 0) {
      add(`  PermittedPeer=[${t.permittedPeers.map(q).join(', ')}]`);
    }
    add(')');
  }
  if (spec.relp) {
    const r = spec.relp;
    add(
      `input(type="imrelp" address=${q(r.address)} port=${q(r.port)} name=${q(INPUT_NAMES.relp)} ruleset=${q(RELP_RULESET)}`,
    );
    if (r.tls) {
      add(
        '  tls="on"',
        `  tls.caCert=${q(r.tls.caFile)}`,
        `  tls.myCert=${q(r.tls.certFile)}`,
        `  tls.myPrivKey=${q(r.tls.keyFile)}`,
      );
      add(`  tls.authMode=${q(r.tls.authMode)}`);
      if (r.tls.authMode === 'name') add(`  tls.permittedPeer=[${r.tls.permittedPeers.map(q).join(', ')}]`);
    }
    add(')');
  }
  add('', jsonTemplate(), '');

  const outputs = out.length;
  add(
    "# rsyslogd's own messages: kept apart from the records under test and from the system log.",
    'if $inputname == "rsyslogd" then {',
    `  ${fileAction(f(FILES.internal), 'RSYSLOG_FileFormat')}`,
    '  stop',
    '}',
    "# Readiness probes: proof that each input works, kept out of the records a test reads.",
    `if $app-name == ${q(PROBE_APP_NAME)} then {`,
    `  ${fileAction(f(FILES.probes), 'harnessJson')}`,
    '  stop',
    '}',
    fileAction(f(FILES.records), 'harnessJson'),
    '# RFC 5424 lines back out, for tests that compare whole records.',
    fileAction(f(FILES.rawLines), 'RSYSLOG_SyslogProtocol23Format'),
    '',
  );
  if (spec.relp) {
    // The same outputs for both rulesets: one action per file, called from either.
    const body = out.splice(outputs).map((line) => (line === '' ? line : `  ${line}`));
    add(
      `ruleset(name=${q(OUT_RULESET)}) {`,
      ...body,
      '}',
      `call ${OUT_RULESET}`,
      '# Direct: imrelp runs the outputs itself before it answers "200 OK" (an in-memory queue',
      '# acknowledges records still in memory, lost when rsyslogd is SIGKILLed).',
      `ruleset(name=${q(RELP_RULESET)} queue.type=${q(spec.relp.queue)}) {`,
      `  call ${OUT_RULESET}`,
      '}',
      '',
    );
  }
  return out.join('\n');
}
