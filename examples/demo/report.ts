/** The demo's printed reports: one run in detail, or several side by side. */
import { basename, dirname } from 'node:path';
import type { DemoOptions } from './options';
import { PLACEMENT_SLACK_MS } from './placement';
import type { RunResult } from './result';

const n = (value: number): string => value.toLocaleString('en-US');
const mb = (bytes: number): string => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} kB`);

/** Columns: first left-aligned, the rest right-aligned. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows.map((row) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('   ').trimEnd());
}

export function workloadLine(options: DemoOptions): string {
  return `${options.workers} workers x ${n(options.rate)} records/s x ${options.duration} s (node:cluster)`;
}

const LEGEND =
  "missing / duplicated: by each worker's sequence number. misplaced: logged more than " +
  `${PLACEMENT_SLACK_MS / 1000} s after its file had been rotated away (no longer the live file),\n` +
  'so a reader of the live file never saw it and the rotated file was not complete when rotated.';

export function formatRun(run: RunResult, options: DemoOptions): string {
  const out: string[] = [];
  out.push(`winston-rfc5424 demo: ${workloadLine(options)}, protocol ${options.protocol}`);
  out.push(run.setup);
  out.push('');
  const rows = [['worker', 'pid', 'sent', 'found', 'missing', 'duplicated', 'misplaced']];
  for (const w of run.workers) {
    rows.push([String(w.worker), String(w.pid), n(w.sent), n(w.found), n(w.missing), n(w.duplicated), n(w.misplaced)]);
  }
  rows.push(['all', '', n(run.sent), n(run.found), n(run.missing), n(run.duplicated), n(run.misplaced)]);
  out.push(...table(rows));
  out.push('');
  out.push(`rotations done: ${run.rotations} in ${run.seconds.toFixed(1)} s`);
  const bytes = run.files.reduce((sum, f) => sum + f.bytes, 0);
  const dir = run.files.length > 0 ? dirname(run.files[0].path) : '';
  out.push(`files written: ${run.files.length} (${mb(bytes)}) in ${dir}, oldest first:`);
  for (const f of run.files) out.push(`  ${basename(f.path).padEnd(40)} ${mb(f.bytes).padStart(8)}  ${n(f.lines).padStart(9)} lines${f.gz ? '  gzip' : ''}`);
  if (run.corrupt > 0) out.push(`lines that are no record: ${n(run.corrupt)}`);
  out.push(`misplaced: logged more than ${PLACEMENT_SLACK_MS / 1000} s after its file had been rotated away (not the live file any more).`);
  for (const note of run.notes) out.push(`note: ${note}`);
  out.push('');
  const rotations = `${run.rotations} rotation${run.rotations === 1 ? '' : 's'}`;
  out.push(
    !run.ok
      ? `FAILED: ${n(run.missing)} missing, ${n(run.duplicated)} duplicated${run.rotations === 0 ? ', no rotation' : ''}.`
      : run.duplicated > 0
        ? `OK: all ${n(run.sent)} records arrived, across ${rotations}; ${n(run.duplicated)} of them twice ` +
          '(at-least-once: stored by rsyslog but not acknowledged before it died, so sent again).'
        : `OK: all ${n(run.sent)} records arrived exactly once, across ${rotations}.`,
  );
  return out.join('\n') + '\n';
}

/**
 * `--protocol unix,relp`: one row per protocol, the same workload (and, with --kill-daemon, the
 * same kill of rsyslogd halfway) each time. Duplicates have their own column: over RELP they are
 * the price of at-least-once delivery, not a failure.
 */
export function formatProtocols(runs: RunResult[], options: DemoOptions): string {
  const out: string[] = [];
  out.push(
    `Protocols one after the other: ${workloadLine(options)}` + (options.killDaemon ? ', rsyslogd SIGKILLed and restarted halfway through each run' : ''),
  );
  out.push('');
  const rows = [['protocol', 'sent', 'found', 'missing', 'duplicated', 'dropped by the transport', 'verdict']];
  runs.forEach((r, i) => {
    const dropped = r.workers.reduce((sum, w) => sum + w.dropped, 0);
    const verdictText = r.ok
      ? r.duplicated > 0
        ? 'OK (at-least-once: duplicates allowed)'
        : 'OK'
      : verdict(r) + (r.rotations === 0 ? ', NO ROTATION' : '');
    rows.push([options.protocols[i], n(r.sent), n(r.found), n(r.missing), n(r.duplicated), n(dropped), verdictText]);
  });
  out.push(...table(rows));
  out.push('');
  out.push(
    'missing: records the workers logged that are in no file. duplicated: records in the files twice;\n' +
      'over relp a record rsyslog wrote but had not acknowledged when it died is sent again (at-least-once),\n' +
      'so duplicates there do not fail the run. Over the other protocols nothing is ever sent twice.',
  );
  return out.join('\n') + '\n';
}

/** What went wrong, in capitals, or OK. */
function verdict(r: RunResult): string {
  const problems = [r.missing > 0 ? 'LOST' : '', r.duplicated > 0 ? 'DUPLICATED' : '', r.misplaced > 0 ? 'MISPLACED' : '', r.corrupt > 0 ? 'CORRUPT' : ''];
  return problems.filter(Boolean).join(', ') || 'OK';
}

export function formatComparison(runs: RunResult[], options: DemoOptions): string {
  const out: string[] = [];
  out.push(`Same workload ${runs.length === 3 ? "three" : runs.length} ways: ${workloadLine(options)}`);
  out.push('');
  const line = (label: string, pick: (r: RunResult) => string): string[] => [label, ...runs.map(pick)];
  const rows = [
    line('', (r) => r.title),
    line('records sent', (r) => n(r.sent)),
    line('found', (r) => n(r.found)),
    line('missing', (r) => n(r.missing)),
    line('duplicated', (r) => n(r.duplicated)),
    line('misplaced', (r) => n(r.misplaced)),
    line('lines that are no record', (r) => n(r.corrupt)),
    line('rotations', (r) => n(r.rotations)),
    line('files', (r) => n(r.files.length)),
    line('verdict', verdict),
  ];
  out.push(...table(rows));
  out.push('');
  for (const r of runs) {
    out.push(`${r.title}: ${r.setup}`);
    for (const w of r.workers.filter((w) => w.missing > 0 || w.duplicated > 0)) {
      out.push(`  worker ${w.worker}: ${n(w.missing)} of ${n(w.sent)} missing, ${n(w.duplicated)} duplicated, ${n(w.misplaced)} misplaced`);
    }
    for (const note of r.notes) out.push(`  note: ${note}`);
  }
  out.push(LEGEND);
  return out.join('\n') + '\n';
}

