/** A short human summary of a VerifyReport: a verdict, one row per stream, a few examples. */
import type { SequenceRange, VerifyReport } from './types';

/** How many missing ranges a table cell shows; the JSON report has them all. */
const RANGES_SHOWN = 6;

/** "5-9, 12"; with a limit, the rest is summarised as "(+N more)". */
export function formatRanges(ranges: readonly SequenceRange[], limit = Infinity): string {
  const shown = ranges.slice(0, limit).map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`));
  if (ranges.length > limit) shown.push(`(+${ranges.length - limit} more)`);
  return shown.join(', ');
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  // Text columns (first and last) align left, numbers right.
  return rows.map((row) =>
    row
      .map((cell, col) => (col === 0 || col === row.length - 1 ? cell.padEnd(widths[col]) : cell.padStart(widths[col])))
      .join('  ')
      .trimEnd(),
  );
}

function okLine(report: VerifyReport): string {
  const streams = `${report.streams.length} streams`;
  if (report.duplicates === 0) return `OK: nothing missing, no duplicates in ${streams}`;
  const d = `${report.duplicates} ${report.duplicates === 1 ? 'duplicate' : 'duplicates'}`;
  return `OK: nothing missing in ${streams}; ${d}, allowed (at-least-once delivery)`;
}

export function formatReport(report: VerifyReport): string {
  const out: string[] = [];
  out.push(report.ok ? okLine(report) : `FAIL: ${report.problems.join('; ')}`);
  out.push(
    `read ${report.files.length} files oldest first: ` +
      report.files.map((f) => `${f.path}${f.gzip ? ' (gzip)' : ''}`).join(', '),
  );
  out.push(
    `${report.lines} lines: ${report.sequenced} sequenced, ${report.unsequenced} without sequenceId, ` +
      `${report.badLines} not RFC 5424; ${report.outOfOrder} out of order`,
  );

  const rows = [['stream', 'records', 'expected', 'missing', 'dups', 'out-of-order', 'first', 'last', 'missing ranges']];
  for (const s of report.streams) {
    rows.push([
      s.key,
      String(s.records),
      s.expected === null ? '-' : String(s.expected),
      String(s.missing),
      String(s.duplicates),
      String(s.outOfOrder),
      String(s.firstSequenceId),
      String(s.lastSequenceId),
      formatRanges(s.missingRanges, RANGES_SHOWN),
    ]);
  }
  for (const u of report.unseenExpectations) {
    rows.push([u.key, '0', String(u.expected), String(u.expected), '0', '0', '-', '-', u.expected > 0 ? `1-${u.expected}` : '']);
  }
  out.push('', ...table(rows));

  if (report.badLines > 0) {
    out.push('', `lines not counted (${report.badLines}, first ${report.badLineExamples.length}):`);
    for (const b of report.badLineExamples) out.push(`  ${b.file}:${b.line}: ${b.reason}`);
  }
  const duplicated = report.streams.filter((s) => s.duplicates > 0);
  if (duplicated.length > 0) {
    out.push('', 'duplicates (first few per stream):');
    for (const s of duplicated) {
      for (const d of s.duplicateExamples) out.push(`  ${s.key} sequenceId ${d.sequenceId} again at ${d.file}:${d.line}`);
    }
  }
  return out.join('\n') + '\n';
}
