/** Options and results of verifyFiles(). Plain data, so a report serialises to JSON as is. */

export interface VerifyOptions {
  /**
   * How many sequenced records each process logged, keyed by PROCID or by the full stream key
   * "HOSTNAME/APP-NAME/PROCID" ("-" for NILVALUE). Without it, records lost at the END of a stream
   * cannot be seen. A PROCID key applies to every stream with that PROCID; a full key wins over it.
   */
  expected?: Record<string, number>;
  /** Fail when fewer distinct streams than this were seen. */
  minStreams?: number;
  /**
   * At-least-once delivery (RELP resends what was not acknowledged when a connection broke, and
   * rsyslog may have stored it already): duplicates are counted and listed but are not a failure.
   * Default false.
   */
  allowDuplicates?: boolean;
  /** How many examples to keep of bad lines and of duplicates per stream. Default 5. */
  maxExamples?: number;
}

/** Where a line was read: path as given, 1-based line number. */
export interface LineLocation {
  file: string;
  line: number;
}

export interface BadLine extends LineLocation {
  reason: string;
  /** The start of the line, for a human to recognise it. */
  text: string;
}

export interface DuplicateExample extends LineLocation {
  sequenceId: number;
}

/** Inclusive range of sequenceIds, [from, to]. */
export type SequenceRange = [number, number];

/** The sequence bookkeeping of one stream. */
export interface StreamSummary {
  /** Sequenced records read for this stream, duplicates included. */
  records: number;
  /** Distinct sequenceIds seen. */
  distinct: number;
  missing: number;
  /** Missing sequenceIds, ascending in log order; a range crossing the wrap is split in two. */
  missingRanges: SequenceRange[];
  duplicates: number;
  duplicateExamples: DuplicateExample[];
  /** Records whose sequenceId is lower than the previous record's of the same stream, in reading order. */
  outOfOrder: number;
  /** First and last sequenceId in reading order. */
  firstSequenceId: number;
  lastSequenceId: number;
  /** How many times the counter wrapped from 2147483647 to 1 within what was seen. */
  wraps: number;
  expected: number | null;
  /** Distinct sequenceIds seen beyond the expected count. */
  beyondExpected: number;
}

export interface StreamReport extends StreamSummary {
  /** "HOSTNAME/APP-NAME/PROCID", "-" for NILVALUE. */
  key: string;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
}

/** An expectation that matched no stream: all of its records are counted missing. */
export interface UnseenExpectation {
  key: string;
  expected: number;
}

export interface FileReport {
  path: string;
  gzip: boolean;
  lines: number;
  /** Set when reading stopped early (a corrupt or truncated gzip file, a read error). */
  error?: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Why ok is false, one sentence each. */
  problems: string[];
  /** In the order they were read: oldest first within each rotation set. */
  files: FileReport[];
  lines: number;
  sequenced: number;
  /** Records without [meta sequenceId] (rsyslog's own messages, other senders). */
  unsequenced: number;
  badLines: number;
  badLineExamples: BadLine[];
  missing: number;
  duplicates: number;
  /** The duplicates were allowed (`allowDuplicates`): listed, not a problem. */
  duplicatesAllowed: boolean;
  outOfOrder: number;
  streams: StreamReport[];
  unseenExpectations: UnseenExpectation[];
}
