/** Turning arbitrary JavaScript values into text for PARAM-VALUE and MSG without ever throwing. */

/** Stands in for a value whose getters or toJSON threw while it was being serialised. */
export const UNSERIALIZABLE = '[Unserializable]';

/** An Error as text: its stack, which already starts with the message, else the message. */
export function errorText(error: Error): string {
  try {
    if (typeof error.stack === 'string') return error.stack;
    return String(error.message);
  } catch {
    return UNSERIALIZABLE;
  }
}

/**
 * JSON that survives what JSON.stringify rejects: cycles become "[Circular]", bigint its decimal
 * string, a nested Error its stack. A throwing getter or toJSON turns the whole value into
 * UNSERIALIZABLE.
 */
export function safeJson(value: unknown): string | undefined {
  // The objects on the path from the root to the value being visited; the replacer's `this` is the
  // holder, so everything above it on the stack is no longer an ancestor.
  const ancestors: unknown[] = [];
  function replacer(this: unknown, _key: string, v: unknown): unknown {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object' || v === null) return v;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(v)) return '[Circular]';
    if (v instanceof Error) return errorText(v);
    ancestors.push(v);
    return v;
  }
  try {
    return JSON.stringify(value, replacer);
  } catch {
    return UNSERIALIZABLE;
  }
}

/**
 * The text of one value, or undefined when the value is to be left out (undefined, functions);
 * never throws. Strings as is; numbers, booleans, bigints via String; null as "null"; symbols by their
 * description; Dates as ISO 8601; bytes as base64; Errors as their stack; anything else as JSON.
 */
export function valueText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
    case 'function':
      return undefined;
    case 'symbol':
      return value.toString();
  }
  if (value === null) return 'null';
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    if (value instanceof Error) return errorText(value);
  } catch {
    // A Proxy whose traps throw, or a subclass with a throwing override.
    return UNSERIALIZABLE;
  }
  return safeJson(value);
}
