/**
 * `--only stages` (on request): the transport's CPU per record inside winston, step by step (see
 * stages-child.ts), on each stream socket of `--protocols`, into a process that throws away what it
 * reads, so that no daemon competes for the CPU. `repeat` processes per socket.
 */
import { failureText, startChild } from './child';
import { DISCARD_PROTOCOLS, startDiscardReader } from './discard-reader';
import type { StagesChildConfig } from './stages-child';
import { median } from './stats';
import { fixed, heading, renderTable } from './table';
import type { BenchProtocol } from './target';
import { SIDE_BY_SIDE_BLOCK } from './winston-load';

/** The stages, each adding one step to the one before (see stages-child.ts); the first is winston alone. */
export const STAGES = ['winston alone', 'info mapper', '+ encoding', '+ queue and delivery', '+ socket writes'] as const;
export type Stage = (typeof STAGES)[number];

/** The sockets of `protocols` this section measures: stream sockets, which the discarding reader serves. */
export function stageProtocols(protocols: readonly BenchProtocol[]): BenchProtocol[] {
  return protocols.filter((p) => DISCARD_PROTOCOLS.includes(p));
}

export interface StagesOptions {
  protocols: readonly BenchProtocol[];
  /** Processes per socket. */
  repeat: number;
  /** Blocks of each stage per process, alternating. */
  rounds: number;
  size: number;
  chunk: number;
}

export interface StageRow {
  protocol: BenchProtocol;
  stage: Stage;
  /** CPU us per record, median over the processes of each one's median. */
  cpuUs: number;
  /** What this stage adds to the one before, the same way (a per-round difference first). */
  stepUs?: number;
  /** This stage over winston alone: what the transport costs up to here. */
  overWinstonUs?: number;
  /** Heap bytes allocated per record (bench/allocation.ts), median over the processes. */
  heapBytes: number;
  /** The same over winston alone's. */
  heapOverWinston?: number;
  note?: string;
}

/** Median over the rounds of a - b, round by round. */
function medianDifference(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, round) => value - b[round]));
}

export async function runStages(options: StagesOptions, progress: (row: StageRow) => void): Promise<StageRow[]> {
  const protocols = stageProtocols(options.protocols);
  const reader = await startDiscardReader();
  const rows: StageRow[] = [];
  try {
    for (const protocol of protocols) {
      const config: StagesChildConfig = { target: reader.targetOf(protocol), rounds: options.rounds, block: SIDE_BY_SIDE_BLOCK, size: options.size, chunk: options.chunk };
      const runs: number[][][] = [];
      const heaps: number[][] = [];
      const notes: string[] = [];
      for (let run = 0; run < options.repeat; run++) {
        const outcome = await startChild('stages-child', config).exited;
        const done = outcome.lines.find((line) => line.event === 'done') as { stages?: Array<{ cpuUs: number[]; heapBytes: number }> } | undefined;
        if (done?.stages) {
          runs.push(done.stages.map((s) => s.cpuUs));
          heaps.push(done.stages.map((s) => s.heapBytes));
        }
        else notes.push(failureText(outcome) ?? 'no result');
      }
      STAGES.forEach((stage, i) => {
        const of = (f: (stages: number[][]) => number): number => (runs.length === 0 ? NaN : median(runs.map(f)));
        const row: StageRow = {
          protocol,
          stage,
          cpuUs: of((s) => median(s[i])),
          stepUs: i === 0 ? undefined : of((s) => medianDifference(s[i], s[i - 1])),
          overWinstonUs: i === 0 ? undefined : of((s) => medianDifference(s[i], s[0])),
          heapBytes: heaps.length === 0 ? NaN : median(heaps.map((h) => h[i])),
          heapOverWinston: i === 0 || heaps.length === 0 ? undefined : median(heaps.map((h) => h[i] - h[0])),
          note: notes[0],
        };
        rows.push(row);
        progress(row);
      });
    }
  } finally {
    await reader.stop();
  }
  return rows;
}

export function stagesTable(rows: readonly StageRow[], options: StagesOptions): string {
  return [
    heading(
      `Where the transport's CPU goes inside winston: us per record, ${options.repeat} process(es) per socket, ${options.rounds} alternating blocks of ${SIDE_BY_SIDE_BLOCK.toLocaleString('en-US')} records per stage each (medians), into a reader that discards; heap bytes a record of one more block each`,
    ),
    renderTable(
      [
        { title: 'protocol', align: 'left' },
        { title: 'stage', align: 'left' },
        'CPU us/record',
        'this step adds',
        'over winston alone',
        'heap bytes/record',
        'heap over winston alone',
        { title: 'note', align: 'left' },
      ],
      rows.map((r) => [r.protocol, r.stage, fixed(r.cpuUs, 2), fixed(r.stepUs, 2), fixed(r.overWinstonUs, 2), fixed(r.heapBytes, 0), fixed(r.heapOverWinston, 0), r.note]),
    ),
  ].join('\n');
}
