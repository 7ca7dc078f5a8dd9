/** What the verifier needs from a parsed record: which stream it belongs to and its sequenceId. */
import type { ParsedRecord } from '../format/parse';
import { parseSequenceId } from './sequence';

export type SequenceField =
  | { status: 'ok'; value: number }
  | { status: 'absent' }
  | { status: 'invalid'; reason: string };

/** "HOSTNAME/APP-NAME/PROCID" with "-" for NILVALUE, as rsyslog writes them. */
export function streamKey(record: ParsedRecord): string {
  return `${record.hostname ?? '-'}/${record.appName ?? '-'}/${record.procId ?? '-'}`;
}

/** The `[meta sequenceId="N"]` of a record (SD-IDs are case-sensitive, RFC 5424 section 6.3.2). */
export function sequenceField(record: ParsedRecord): SequenceField {
  const meta = record.structuredData.find((element) => element.id === 'meta');
  const values = meta ? meta.params.filter(([name]) => name === 'sequenceId') : [];
  if (values.length === 0) return { status: 'absent' };
  if (values.length > 1) return { status: 'invalid', reason: 'more than one meta sequenceId' };
  const value = parseSequenceId(values[0][1]);
  if (value === null) return { status: 'invalid', reason: `sequenceId "${values[0][1]}" is not in 1..2147483647` };
  return { status: 'ok', value };
}
