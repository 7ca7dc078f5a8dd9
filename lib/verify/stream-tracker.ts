/** Sequence bookkeeping for one stream (one HOSTNAME/APP-NAME/PROCID), fed in reading order. */
import { IntervalSet } from './interval-set';
import { SEQUENCE_MAX, epochOf, epochStart, toRaw, unwrap } from './sequence';
import type { DuplicateExample, SequenceRange, StreamSummary } from './types';

export class StreamTracker {
  private readonly seen = new IntervalSet();
  private records = 0;
  private duplicates = 0;
  private readonly duplicateExamples: DuplicateExample[] = [];
  private outOfOrder = 0;
  private first = 0;
  /** Unwrapped position of the last record read: the reference for placing the next one. */
  private last: number | undefined;
  /** Unwrapped position of the last record that was not a duplicate. */
  private lastDistinct: number | undefined;

  constructor(private readonly maxExamples: number) {}

  /** `file` and `line` are kept only for the first few duplicates. */
  observe(sequenceId: number, file: string, line: number): void {
    const position = this.last === undefined ? sequenceId : unwrap(this.last, sequenceId);
    if (this.last === undefined) this.first = sequenceId;
    this.last = position;
    this.records++;
    if (!this.seen.add(position)) {
      this.duplicates++;
      if (this.duplicateExamples.length < this.maxExamples) {
        this.duplicateExamples.push({ sequenceId, file, line });
      }
      return;
    }
    if (this.lastDistinct !== undefined && position < this.lastDistinct) this.outOfOrder++;
    this.lastDistinct = position;
  }

  /**
   * Missing numbers run from sequenceId 1 of the earliest lap seen up to the highest seen, or up to
   * `expected` records when that is given: only an expectation reveals loss at the end of a stream.
   */
  summarize(expected: number | null): StreamSummary {
    const low = this.seen.min as number;
    const high = this.seen.max as number;
    const start = epochStart(low);
    const end = expected === null ? high : start + expected - 1;
    const missingRanges: SequenceRange[] = [];
    let missing = 0;
    for (const [from, to] of this.seen.gaps(start, end)) {
      missing += to - from + 1;
      missingRanges.push(...splitAtWraps(from, to));
    }
    return {
      records: this.records,
      distinct: this.seen.size,
      missing,
      missingRanges,
      duplicates: this.duplicates,
      duplicateExamples: this.duplicateExamples,
      outOfOrder: this.outOfOrder,
      firstSequenceId: this.first,
      lastSequenceId: toRaw(this.last as number),
      wraps: epochOf(high) - epochOf(low),
      expected,
      beyondExpected: expected === null ? 0 : this.seen.countAbove(end),
    };
  }
}

/** An unwrapped range as raw sequenceId ranges, one per lap of the counter. */
function splitAtWraps(from: number, to: number): SequenceRange[] {
  const out: SequenceRange[] = [];
  for (let a = from; a <= to; ) {
    const b = Math.min(to, epochStart(a) + SEQUENCE_MAX - 1);
    out.push([toRaw(a), toRaw(b)]);
    a = b + 1;
  }
  return out;
}
