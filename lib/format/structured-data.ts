/** STRUCTURED-DATA of one record, rendered as SD-ELEMENT strings in record order. */
import { paramName, paramValue, sdNameChars } from './sanitize';
import type { SdParams, SyslogRecord } from './types';
import { UNSERIALIZABLE, valueText } from './values';

/** The params RFC 5424 section 7 defines for each IANA SD-ID; others move to `<id>@<PEN>`. */
const IANA_PARAMS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['timeQuality', new Set(['tzKnown', 'isSynced', 'syncAccuracy'])],
  ['origin', new Set(['ip', 'enterpriseId', 'software', 'swVersion'])],
  ['meta', new Set(['sequenceId', 'sysUpTime', 'language'])],
]);

/**
 * ` name="value"`, or "" when the value is left out; a throwing getter gives UNSERIALIZABLE. A value
 * longer than `maxUnits` UTF-16 units is longer than any record may be, so it will be cut anyway
 * (fit.ts): only its first `maxUnits` units are escaped, which keeps megabyte values cheap.
 */
function renderParam(name: string, params: SdParams, key: string, maxUnits: number): string {
  let value: unknown;
  try {
    value = params[key];
  } catch {
    return ' ' + name + '="' + paramValue(UNSERIALIZABLE) + '"';
  }
  // The common metadata values: their text never needs an escape, so skip the scan for one.
  if (typeof value === 'number' || typeof value === 'boolean') return ' ' + name + '="' + value + '"';
  const text = valueText(value);
  if (text === undefined) return '';
  return ' ' + name + '="' + paramValue(text.length > maxUnits ? text.slice(0, maxUnits) : text) + '"';
}

/**
 * PARAM-NAMEs of metadata keys seen so far: an application logs the same few keys again and
 * again. Bounded, so that keys made up per record cannot grow it without end.
 */
const PARAM_NAMES = new Map<string, string>();
const PARAM_NAMES_MAX = 1024;

function cachedParamName(key: string): string {
  let name = PARAM_NAMES.get(key);
  if (name === undefined) {
    name = paramName(key);
    if (PARAM_NAMES.size < PARAM_NAMES_MAX) PARAM_NAMES.set(key, name);
  }
  return name;
}

function renderParams(params: SdParams, maxUnits: number): string {
  let body = '';
  for (const key of Object.keys(params)) body += renderParam(cachedParamName(key), params, key, maxUnits);
  return body;
}

function isParams(value: unknown): value is SdParams {
  return typeof value === 'object' && value !== null;
}

/**
 * Build the record -> SD-ELEMENT strings function for one `sdId`. Order: the metadata element,
 * then caller elements in their order (a repeated SD-ID merges into its first occurrence), then
 * `meta`, which always goes last so that size cuts can drop it last. Empty elements are left out.
 */
export function createSdBuilder(sdId: string, pen: string, maxRecordBytes = Infinity): (record: SyslogRecord) => string[] {
  // Each UTF-16 unit is at least one octet: a value of more units than a record's octets is cut.
  const maxUnits = maxRecordBytes + 1;
  const suffix = '@' + pen;

  /** A caller SD-ID made valid: SD-NAME characters, private ones qualified with our PEN, <= 32 octets. */
  function callerSdId(key: string): string {
    const id = sdNameChars(key);
    if (id.includes('@') || IANA_PARAMS.has(id)) return id.length > 32 ? id.slice(0, 32) : id;
    return (id.length === 0 ? '_' : id.slice(0, 32 - suffix.length)) + suffix;
  }

  return (record: SyslogRecord): string[] => {
    const metadataBody = record.metadata === undefined ? '' : renderParams(record.metadata, maxUnits);
    const { structuredData, sequenceId } = record;
    if (structuredData === undefined) {
      // The common case needs no merging.
      const elements = metadataBody === '' ? [] : ['[' + sdId + metadataBody + ']'];
      if (sequenceId !== undefined) elements.push('[meta sequenceId="' + sequenceId + '"]');
      return elements;
    }

    const bodies = new Map<string, string>([[sdId, metadataBody]]);
    const add = (id: string, body: string): void => {
      bodies.set(id, (bodies.get(id) ?? '') + body);
    };
    // meta stays out of the Map because it is emitted last, wherever the caller put it.
    let metaBody = '';
    for (const key of Object.keys(structuredData)) {
      const params = structuredData[key];
      if (!isParams(params)) continue;
      const id = callerSdId(key);
      const defined = IANA_PARAMS.get(id);
      if (defined === undefined) {
        add(id, renderParams(params, maxUnits));
        continue;
      }
      let own = '';
      let moved = '';
      for (const name of Object.keys(params)) {
        const safe = paramName(name);
        if (!defined.has(safe)) moved += renderParam(safe, params, name, maxUnits);
        // The transport's sequence number replaces one the caller put in meta.
        else if (!(id === 'meta' && safe === 'sequenceId' && sequenceId !== undefined)) own += renderParam(safe, params, name, maxUnits);
      }
      if (id === 'meta') metaBody += own;
      else add(id, own);
      add(id + suffix, moved);
    }
    if (sequenceId !== undefined) metaBody += ' sequenceId="' + sequenceId + '"';

    const elements: string[] = [];
    for (const [id, body] of bodies) if (body !== '') elements.push('[' + id + body + ']');
    if (metaBody !== '') elements.push('[meta' + metaBody + ']');
    return elements;
  };
}
