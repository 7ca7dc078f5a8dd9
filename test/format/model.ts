/**
 * The documented sanitising rules, written again as plainly as possible, so that tests compare the
 * formatter against the documentation and not against itself.
 */

/** Code points, with a lone surrogate as its own element. */
function codePoints(text: string): string[] {
  return Array.from(text);
}

function isPrintUsAscii(ch: string): boolean {
  return ch.length === 1 && ch >= '!' && ch <= '~';
}

/** A header field as the parser returns it: bad characters -> '_', cut to max, "" and "-" -> null. */
export function headerAsParsed(text: string, max: number): string | null {
  const cleaned = codePoints(text)
    .map((ch) => (isPrintUsAscii(ch) ? ch : '_'))
    .join('')
    .slice(0, max);
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

/** SD-NAME characters: PRINTUSASCII except '=', ']', '"' (and SP, which is not PRINTUSASCII). */
export function sdNameChars(text: string): string {
  return codePoints(text)
    .map((ch) => (isPrintUsAscii(ch) && ch !== '=' && ch !== ']' && ch !== '"' ? ch : '_'))
    .join('');
}

export function paramNameOf(key: string): string {
  return sdNameChars(key).slice(0, 32) || '_';
}

const IANA: Record<string, string[]> = {
  timeQuality: ['tzKnown', 'isSynced', 'syncAccuracy'],
  origin: ['ip', 'enterpriseId', 'software', 'swVersion'],
  meta: ['sequenceId', 'sysUpTime', 'language'],
};

export function isIana(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(IANA, id);
}

export function ianaAllows(id: string, param: string): boolean {
  return IANA[id].includes(param);
}

export function sdIdOf(key: string, pen: string): string {
  const chars = sdNameChars(key);
  if (chars.includes('@') || isIana(chars)) return chars.slice(0, 32);
  const suffix = '@' + pen;
  return (chars || '_').slice(0, 32 - suffix.length) + suffix;
}

/** Text as it decodes after the round trip: NUL and lone surrogates become U+FFFD. */
export function decodedText(text: string): string {
  return text.replace(/\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A PARAM-VALUE as it decodes, for the value kinds the property tests generate. */
export function decodedValue(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'function') return undefined;
  if (typeof value === 'string') return decodedText(value);
  if (value === null) return 'null';
  if (typeof value === 'object') return decodedText(JSON.stringify(value) ?? '');
  return String(value);
}

export type Element = { id: string; params: Array<[string, string]> };

/**
 * STRUCTURED-DATA as it decodes when nothing is cut: metadata element first, caller elements in
 * first-occurrence order with duplicates merged, undefined IANA params moved to `<id>@<pen>`,
 * `meta` last with the record's sequenceId replacing the caller's, empty elements left out.
 */
export function expectedStructuredData(
  sdId: string,
  pen: string,
  metadata: Record<string, unknown> | undefined,
  structuredData: Record<string, Record<string, unknown>> | undefined,
  sequenceId: number | undefined,
): Element[] {
  const order: string[] = [];
  const params = new Map<string, Array<[string, string]>>();
  const register = (id: string): void => {
    if (params.has(id)) return;
    params.set(id, []);
    if (id !== 'meta') order.push(id);
  };
  const add = (id: string, name: string, value: unknown): void => {
    register(id);
    const text = decodedValue(value);
    if (text !== undefined) params.get(id)!.push([name, text]);
  };
  register(sdId);
  for (const [key, value] of Object.entries(metadata ?? {})) add(sdId, paramNameOf(key), value);
  for (const [key, sdParams] of Object.entries(structuredData ?? {})) {
    const id = sdIdOf(key, pen);
    register(id);
    // The element for undefined IANA params takes its place right after the IANA element.
    if (isIana(id)) register(id + '@' + pen);
    for (const [name, value] of Object.entries(sdParams)) {
      const safe = paramNameOf(name);
      if (!isIana(id)) add(id, safe, value);
      else if (!ianaAllows(id, safe)) add(id + '@' + pen, safe, value);
      else if (!(id === 'meta' && safe === 'sequenceId' && sequenceId !== undefined)) add(id, safe, value);
    }
  }
  if (sequenceId !== undefined) add('meta', 'sequenceId', String(sequenceId));
  if (params.has('meta')) order.push('meta');
  return order.map((id) => ({ id, params: params.get(id)! })).filter((e) => e.params.length > 0);
}
