/** STRUCTURED-DATA of one record, written as bytes, SD-ELEMENTs in record order. */
import type { ByteWriter } from './byte-writer';
import { paramName, paramValue, sdNameChars } from './sanitize';
import type { SdParams, SyslogRecord } from './types';
import { UNSERIALIZABLE, valueText } from './values';

/** The params RFC 5424 section 7 defines for each IANA SD-ID; others move to `<id>@<PEN>`. */
const IANA_PARAMS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['timeQuality', new Set(['tzKnown', 'isSynced', 'syncAccuracy'])],
  ['origin', new Set(['ip', 'enterpriseId', 'software', 'swVersion'])],
  ['meta', new Set(['sequenceId', 'sysUpTime', 'language'])],
]);

const QUOTE = 0x22;
const CLOSE = 0x5d;
const NIL = 0x2d;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const META_SEQUENCE_ID = Buffer.from('[meta sequenceId="');
const SEQUENCE_ID_LEAD = Buffer.from(' sequenceId="');

const hasOwn = Object.prototype.hasOwnProperty;

/** `object[key]`, or UNSERIALIZABLE when a getter or a Proxy trap throws. */
function read(object: SdParams, key: string): unknown {
  try {
    return object[key];
  } catch {
    return UNSERIALIZABLE;
  }
}

/** Own enumerable string keys, or none when a Proxy trap throws while they are listed. */
function keysOf(object: object): string[] {
  try {
    return Object.keys(object);
  } catch {
    return [];
  }
}

/**
 * `lead` (` name="`) and `value"`, or nothing when the value is left out (returns false); a
 * throwing getter gives UNSERIALIZABLE.
 * A value longer than `maxUnits` UTF-16 units is longer than any record may be, so it will be cut
 * anyway (fit.ts): only its first `maxUnits` units are escaped, which keeps megabyte values cheap.
 */
function writeParam(w: ByteWriter, lead: Buffer, params: SdParams, key: string, maxUnits: number): boolean {
  const value = read(params, key);
  // The common metadata values: their text never needs an escape, so skip the scan for one.
  if (typeof value === 'number') {
    w.bytes(lead);
    if (Number.isSafeInteger(value) && value >= 0) w.digits(value);
    else w.text(String(value));
  } else if (typeof value === 'boolean') {
    w.bytes(lead);
    w.bytes(value ? TRUE : FALSE);
  } else {
    const text = valueText(value);
    if (text === undefined) return false;
    w.bytes(lead);
    w.text(paramValue(text.length > maxUnits ? text.slice(0, maxUnits) : text));
  }
  w.byte(QUOTE);
  return true;
}

/** What goes before a param's value: ` name="`, and `[SD-ID name="` when it opens the element. */
interface ParamLeads {
  lead: Buffer;
  opening: Buffer;
}

/** Keys whose leads an SD writer keeps: an application logs the same few keys again and again. */
const PARAM_LEADS_MAX = 1024;

function isParams(value: unknown): value is SdParams {
  return typeof value === 'object' && value !== null;
}

/**
 * Writes a record's STRUCTURED-DATA (NILVALUE when it has none), puts where each SD-ELEMENT starts
 * (octets into the record) in `starts[0..]` and returns how many elements there are. `starts` is
 * reused from record to record, so its length says nothing.
 */
export type SdWriter = (record: SyslogRecord, w: ByteWriter, starts: number[]) => number;

/**
 * Build the SD writer for one `sdId`. Order: the metadata element, then caller elements in their
 * order (a repeated SD-ID merges into its first occurrence), then `meta`, which always goes last
 * so that size cuts can drop it last. Empty elements are left out.
 */
export function createSdWriter(sdId: string, pen: string, maxRecordBytes = Infinity): SdWriter {
  // Each UTF-16 unit is at least one octet: a value of more units than a record's octets is cut.
  const maxUnits = maxRecordBytes + 1;
  const suffix = '@' + pen;
  const metadataOpen = '[' + sdId;
  // Bounded, so that keys made up per record cannot grow it without end.
  const paramLeads = new Map<string, ParamLeads>();

  function leadsOf(key: string): ParamLeads {
    let leads = paramLeads.get(key);
    if (leads === undefined) {
      const lead = ' ' + paramName(key) + '="';
      leads = { lead: Buffer.from(lead, 'latin1'), opening: Buffer.from(metadataOpen + lead, 'latin1') };
      if (paramLeads.size < PARAM_LEADS_MAX) paramLeads.set(key, leads);
    }
    return leads;
  }

  /**
   * The params that have a value, but those `skip` names, each after its lead; with `open`, the
   * first one also opens the metadata element (one copy instead of two). Returns whether any was
   * written.
   */
  function writeParams(w: ByteWriter, params: SdParams, open: boolean, skip?: (key: string) => boolean): boolean {
    let none = true;
    try {
      // for...in with an own-key check, not Object.keys: the same keys in the same order, without
      // an array per record (72 bytes, most of what the transport allocated for a record).
      for (const key in params) {
        if (!hasOwn.call(params, key) || (skip !== undefined && skip(key))) continue;
        const leads = leadsOf(key);
        if (writeParam(w, open && none ? leads.opening : leads.lead, params, key, maxUnits)) none = false;
      }
    } catch {
      // A Proxy whose ownKeys or getOwnPropertyDescriptor trap throws: the params written so far.
    }
    return !none;
  }

  /** A caller SD-ID made valid: SD-NAME characters, private ones qualified with our PEN, <= 32 octets. */
  function callerSdId(key: string): string {
    const id = sdNameChars(key);
    if (id.includes('@') || IANA_PARAMS.has(id)) return id.length > 32 ? id.slice(0, 32) : id;
    return (id.length === 0 ? '_' : id.slice(0, 32 - suffix.length)) + suffix;
  }

  /** The text writeParam gives for these params, for merging bodies of the same SD-ID. */
  function paramsText(w: ByteWriter, write: () => void): string {
    const mark = w.length;
    write();
    const text = w.toString(mark, w.length);
    w.truncate(mark);
    return text;
  }

  /** The common case: metadata and the sequence number, nothing to merge. */
  function writeSimple(record: SyslogRecord, w: ByteWriter, starts: number[]): number {
    let count = 0;
    const start = w.length;
    if (record.metadata !== undefined && writeParams(w, record.metadata, true, record.notMetadata)) {
      w.byte(CLOSE);
      starts[count++] = start;
    }
    if (record.sequenceId !== undefined) {
      starts[count++] = w.length;
      w.bytes(META_SEQUENCE_ID);
      w.digits(record.sequenceId);
      w.byte(QUOTE);
      w.byte(CLOSE);
    }
    return count;
  }

  function writeMerged(record: SyslogRecord, w: ByteWriter, starts: number[]): number {
    let count = 0;
    const { metadata, notMetadata, structuredData, sequenceId } = record;
    const bodies = new Map<string, string>([
      [sdId, metadata === undefined ? '' : paramsText(w, () => writeParams(w, metadata, false, notMetadata))],
    ]);
    const add = (id: string, body: string): void => {
      bodies.set(id, (bodies.get(id) ?? '') + body);
    };
    // meta stays out of the Map because it is emitted last, wherever the caller put it.
    let metaBody = '';
    for (const key of keysOf(structuredData!)) {
      const params = read(structuredData!, key);
      if (!isParams(params)) continue;
      const id = callerSdId(key);
      const defined = IANA_PARAMS.get(id);
      if (defined === undefined) {
        add(id, paramsText(w, () => writeParams(w, params, false)));
        continue;
      }
      let own = '';
      let moved = '';
      for (const name of keysOf(params)) {
        const safe = paramName(name);
        const param = paramsText(w, () => writeParam(w, leadsOf(name).lead, params, name, maxUnits));
        if (!defined.has(safe)) moved += param;
        // The transport's sequence number replaces one the caller put in meta.
        else if (!(id === 'meta' && safe === 'sequenceId' && sequenceId !== undefined)) own += param;
      }
      if (id === 'meta') metaBody += own;
      else add(id, own);
      add(id + suffix, moved);
    }
    for (const [id, body] of bodies) {
      if (body === '') continue;
      starts[count++] = w.length;
      w.text('[' + id + body + ']');
    }
    if (metaBody === '' && sequenceId === undefined) return count;
    starts[count++] = w.length;
    w.text('[meta' + metaBody);
    if (sequenceId !== undefined) {
      w.bytes(SEQUENCE_ID_LEAD);
      w.digits(sequenceId);
      w.byte(QUOTE);
    }
    w.byte(CLOSE);
    return count;
  }

  return (record: SyslogRecord, w: ByteWriter, starts: number[]): number => {
    const count = record.structuredData === undefined ? writeSimple(record, w, starts) : writeMerged(record, w, starts);
    if (count === 0) w.byte(NIL);
    return count;
  };
}
