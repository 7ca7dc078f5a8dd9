/** Expected record counts per stream: the only way to see records lost at the end of a stream. */
import { VerifyInputError } from './errors';
import type { UnseenExpectation } from './types';

export type Expectations = Record<string, number>;

export function validateExpectations(expected: Expectations): void {
  for (const [key, count] of Object.entries(expected)) {
    if (key === '') throw new VerifyInputError('an expectation needs a PROCID or HOSTNAME/APP-NAME/PROCID key');
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new VerifyInputError(`expected count for "${key}" must be a whole number >= 0, got ${String(count)}`);
    }
  }
}

function has(expected: Expectations, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(expected, key);
}

/** The keys that name a stream, the one that applies first: the full key wins over the bare PROCID. */
export function expectationKeys(expected: Expectations, streamKey: string, procId: string | null): string[] {
  return [streamKey, procId ?? '-'].filter((key) => has(expected, key));
}

/** Expectations that named no stream: all their records are missing. */
export function unseenExpectations(expected: Expectations, matched: ReadonlySet<string>): UnseenExpectation[] {
  return Object.entries(expected)
    .filter(([key]) => !matched.has(key))
    .map(([key, count]) => ({ key, expected: count }));
}
