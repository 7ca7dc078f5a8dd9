/**
 * Reads rsyslog output files (one RFC 5424 record per line) and checks every stream's sequenceIds.
 *
 * Reading order: rotation sets oldest first (see rotation-order.ts). Missing and duplicate counts
 * do not depend on it, since each stream is a set of seen numbers; out-of-order is judged per
 * stream in that reading order, so a record is out of order when it follows a higher one.
 *
 * A stream is one process lifetime. A restarted process that gets the same PROCID (PIDs repeat in
 * containers) starts again at 1, and its records show as duplicates: give each lifetime its own
 * PROCID.
 */
import { Rfc5424ParseError, parseRecord } from '../format/parse';
import { VerifyInputError } from './errors';
import { expectationKeys, unseenExpectations, validateExpectations } from './expectations';
import { resolveInputs } from './input-files';
import { MAX_LINE_BYTES, forEachLine } from './read-lines';
import { sequenceField, streamKey } from './record-fields';
import { StreamTracker } from './stream-tracker';
import type { BadLine, FileReport, StreamReport, VerifyOptions, VerifyReport } from './types';

const PREVIEW_BYTES = 120;

interface Stream {
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  tracker: StreamTracker;
}

function validateOptions(options: VerifyOptions): void {
  validateExpectations(options.expected ?? {});
  for (const name of ['minStreams', 'maxExamples'] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new VerifyInputError(`${name} must be a whole number >= 0, got ${String(value)}`);
    }
  }
}

/** Rejects with VerifyInputError for unusable input; everything found in the files goes in the report. */
export async function verifyFiles(paths: readonly string[], options: VerifyOptions = {}): Promise<VerifyReport> {
  validateOptions(options);
  const maxExamples = options.maxExamples ?? 5;
  const streams = new Map<string, Stream>();
  const files: FileReport[] = [];
  const badLineExamples: BadLine[] = [];
  let sequenced = 0;
  let unsequenced = 0;
  let badLines = 0;

  for (const file of await resolveInputs(paths)) {
    const bad = (line: Buffer, lineNo: number, reason: string): void => {
      badLines++;
      if (badLineExamples.length < maxExamples) {
        badLineExamples.push({ file, line: lineNo, reason, text: line.toString('utf8', 0, PREVIEW_BYTES) });
      }
    };
    const read = await forEachLine(file, (line, lineNo, fullLength) => {
      if (fullLength > line.length) {
        bad(line, lineNo, `line of ${fullLength} bytes is longer than ${MAX_LINE_BYTES}`);
        return;
      }
      let record;
      try {
        record = parseRecord(line);
      } catch (err) {
        if (!(err instanceof Rfc5424ParseError)) throw err;
        bad(line, lineNo, err.message);
        return;
      }
      const sequence = sequenceField(record);
      if (sequence.status === 'absent') {
        unsequenced++;
        return;
      }
      if (sequence.status === 'invalid') {
        bad(line, lineNo, sequence.reason);
        return;
      }
      sequenced++;
      const key = streamKey(record);
      let stream = streams.get(key);
      if (stream === undefined) {
        const { hostname, appName, procId } = record;
        stream = { hostname, appName, procId, tracker: new StreamTracker(maxExamples) };
        streams.set(key, stream);
      }
      stream.tracker.observe(sequence.value, file, lineNo);
    });
    files.push({ path: file, ...read });
  }

  return summarize(files, streams, options, { sequenced, unsequenced, badLines, badLineExamples });
}

function summarize(
  files: FileReport[],
  streams: Map<string, Stream>,
  options: VerifyOptions,
  counts: Pick<VerifyReport, 'sequenced' | 'unsequenced' | 'badLines' | 'badLineExamples'>,
): VerifyReport {
  const expected = options.expected ?? {};
  const matched = new Set<string>();
  const problems: string[] = [];
  const reports: StreamReport[] = [...streams.keys()].sort().map((key) => {
    const { hostname, appName, procId, tracker } = streams.get(key) as Stream;
    const keys = expectationKeys(expected, key, procId);
    for (const k of keys) matched.add(k);
    const summary = tracker.summarize(keys.length === 0 ? null : expected[keys[0]]);
    if (summary.beyondExpected > 0) {
      problems.push(`${key}: ${summary.beyondExpected} records beyond the ${String(summary.expected)} expected`);
    }
    return { key, hostname, appName, procId, ...summary };
  });
  const unseen = unseenExpectations(expected, matched);
  for (const { key, expected: count } of unseen) {
    if (count > 0) problems.push(`${key}: expected ${count} records, found no stream`);
  }

  const sum = (pick: (s: StreamReport) => number): number => reports.reduce((total, s) => total + pick(s), 0);
  const missing = sum((s) => s.missing) + unseen.reduce((total, u) => total + u.expected, 0);
  const duplicates = sum((s) => s.duplicates);
  if (missing > 0) problems.unshift(`${missing} ${missing === 1 ? 'record' : 'records'} missing`);
  if (duplicates > 0 && options.allowDuplicates !== true) problems.push(`${duplicates} ${duplicates === 1 ? 'duplicate' : 'duplicates'}`);
  if (options.minStreams !== undefined && reports.length < options.minStreams) {
    problems.push(`${reports.length} streams seen, at least ${options.minStreams} required`);
  }
  for (const file of files) {
    if (file.error !== undefined) problems.push(`${file.path}: reading stopped after line ${file.lines}: ${file.error}`);
  }

  return {
    ok: problems.length === 0,
    problems,
    files,
    lines: files.reduce((total, f) => total + f.lines, 0),
    ...counts,
    missing,
    duplicates,
    duplicatesAllowed: options.allowDuplicates === true,
    outOfOrder: sum((s) => s.outOfOrder),
    streams: reports,
    unseenExpectations: unseen,
  };
}
