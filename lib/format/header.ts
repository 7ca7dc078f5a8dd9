/** HEADER (RFC 5424 section 6.2) up to MSGID, written as bytes. */
import type { ByteWriter } from './byte-writer';
import type { ResolvedOptions } from './options';
import { secondText } from './timestamp';
import type { Severity } from './types';

const ZERO = 0x30;

/**
 * Writes `PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP`, then the default MSGID
 * and its SP unless the record brings a MSGID of its own (`ownMsgId`: the caller writes it).
 */
export type HeaderWriter = (severity: Severity, time: Date | number, ownMsgId: boolean, w: ByteWriter) => void;

interface SecondHeader {
  second: number;
  /** The header with the default MSGID and milliseconds "000". */
  withMsgId: Buffer;
  /** The same up to PROCID SP. */
  bare: Buffer;
  /** Where the 3 millisecond digits are in both, or -1 when TIMESTAMP is NILVALUE. */
  millisAt: number;
}

/**
 * Build the header writer once from resolved options. A header's bytes change only with severity
 * and second, so each severity keeps those of its last second and a record costs one copy plus its
 * 3 millisecond digits, where four copies of short constants (PRI, date, zone, the fields after
 * it) cost 35-50 ns each. An invalid time, or a year outside 4 digits, gives NILVALUE.
 */
export function createHeaderWriter(o: ResolvedOptions): HeaderWriter {
  const fields = ' ' + o.hostname + ' ' + o.appName + ' ' + o.procId + ' ';
  const defaultMsgId = o.msgId + ' ';
  const bySeverity: Array<SecondHeader | undefined> = Array.from({ length: 8 }, () => undefined);

  function build(severity: Severity, second: number): SecondHeader {
    const pri = `<${o.facility * 8 + severity}>1 `;
    const stamp = secondText(second, o.timestamp);
    const bare = stamp === undefined ? pri + '-' + fields : pri + stamp.head + '000' + stamp.zone + fields;
    return {
      second,
      // Header fields are ASCII once sanitized.
      withMsgId: Buffer.from(bare + defaultMsgId, 'latin1'),
      bare: Buffer.from(bare, 'latin1'),
      millisAt: stamp === undefined ? -1 : pri.length + stamp.head.length,
    };
  }

  return (severity, time, ownMsgId, w) => {
    const ms = typeof time === 'number' ? time : time.getTime();
    const second = Math.floor(ms / 1000);
    let header = bySeverity[severity];
    // NaN never equals itself: an invalid time rebuilds (rare, and cheap enough).
    if (header === undefined || header.second !== second) header = bySeverity[severity] = build(severity, second);
    const bytes = ownMsgId ? header.bare : header.withMsgId;
    w.bytes(bytes);
    if (header.millisAt < 0) return;
    const millis = Math.floor(ms - second * 1000);
    const at = w.at - bytes.length + header.millisAt;
    w.buf[at] = ZERO + Math.floor(millis / 100);
    w.buf[at + 1] = ZERO + (Math.floor(millis / 10) % 10);
    w.buf[at + 2] = ZERO + (millis % 10);
  };
}
