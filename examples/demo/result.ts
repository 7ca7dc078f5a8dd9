/** What one run of the workload produced, in the terms of the report. Plain data (goes to --json-out). */

export interface WorkerTally {
  worker: number;
  pid: number;
  sent: number;
  found: number;
  missing: number;
  duplicated: number;
  misplaced: number;
  /** Records the transport itself reported as dropped (SyslogTransport only). */
  dropped: number;
}

export interface RunFile {
  path: string;
  bytes: number;
  lines: number;
  gz: boolean;
}

export interface RunResult {
  /** Short column title. */
  title: string;
  /** One line: what was configured. */
  setup: string;
  workers: WorkerTally[];
  sent: number;
  found: number;
  missing: number;
  duplicated: number;
  misplaced: number;
  /** Lines that are not a record of the workload (half-written, interleaved). */
  corrupt: number;
  rotations: number;
  files: RunFile[];
  /** Wall time of the logging phase, seconds. */
  seconds: number;
  /** true when nothing is missing or duplicated (and, for rsyslog, at least one rotation happened). */
  ok: boolean;
  /** At-least-once delivery (RELP): duplicates do not make the run fail. */
  duplicatesAllowed?: boolean;
  notes: string[];
}

export function totals(workers: WorkerTally[]): Pick<RunResult, 'sent' | 'found' | 'missing' | 'duplicated' | 'misplaced'> {
  const sum = (pick: (w: WorkerTally) => number): number => workers.reduce((n, w) => n + pick(w), 0);
  return {
    sent: sum((w) => w.sent),
    found: sum((w) => w.found),
    missing: sum((w) => w.missing),
    duplicated: sum((w) => w.duplicated),
    misplaced: sum((w) => w.misplaced),
  };
}
