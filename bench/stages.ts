/**
 * `--only stages` (on request): the transport's CPU per record inside winston, step by step (see
 * stages-child.ts), on each stream socket of `--protocols`, into a process that throws away what it
 * reads, so that no daemon competes for the CPU. `repeat` processes per socket.
 */
import { failureText, startChild } from './child';
import { DISCARD_PROTOCOLS, startDiscardReader } from './discard-reader';
import type { StagesChildConfig } from './stages-child';
import { median } from './stats';
import { fixed, heading, percent, renderTable } from './table';
import type { BenchProtocol } from './target';
import { SIDE_BY_SIDE_BLOCK } from './winston-load';

/** The stages, each adding one step to the one before (see stages-child.ts); the first is winston alone. */
export const STAGES = ['winston alone', 'info mapper', '+ encoding', '+ queue and delivery', '+ socket writes'] as const;
export type Stage = (typeof STAGES)[number];

/** One logger a stages process measures: a stage, under winston's default format or errors() alone (`lean`). */
export interface Setup {
  stage: Stage;
  lean: boolean;
}

export interface MeasuredSetup extends Setup {
  /** CPU us per record, one per round. */
  cpuUs: number[];
  heapBytes: number;
}

/** The stages under winston's default format, then winston alone and the whole transport under errors() alone. */
export function stageSetups(): Setup[] {
  const lean: Stage[] = ['winston alone', '+ socket writes'];
  return [...STAGES.map((stage) => ({ stage, lean: false })), ...lean.map((stage) => ({ stage, lean: true }))];
}

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

/** The same application under two logger formats: what winston's JSON text costs it. */
export interface LoggerFormatRow {
  protocol: BenchProtocol;
  format: string;
  /** Winston with a no-op transport, CPU us per record. */
  winstonUs: number;
  /** Winston with this transport. */
  withTransportUs: number;
  /** The transport's own: the median of the per-round differences. */
  ownUs: number;
  /** withTransportUs over the default format's, the median of the per-round ratios. */
  versusDefault?: number;
}

export interface StagesResult {
  rows: StageRow[];
  loggerFormats: LoggerFormatRow[];
}

/** Median over the rounds of a - b, round by round. */
function medianDifference(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, round) => value - b[round]));
}

export async function runStages(options: StagesOptions, progress: (row: StageRow) => void): Promise<StagesResult> {
  const protocols = stageProtocols(options.protocols);
  const setups = stageSetups();
  const reader = await startDiscardReader();
  const result: StagesResult = { rows: [], loggerFormats: [] };
  try {
    for (const protocol of protocols) {
      const config: StagesChildConfig = { target: reader.targetOf(protocol), rounds: options.rounds, block: SIDE_BY_SIDE_BLOCK, size: options.size, chunk: options.chunk };
      /** Per process, per setup (in stageSetups() order): CPU us per round. */
      const runs: number[][][] = [];
      const heaps: number[][] = [];
      const notes: string[] = [];
      for (let run = 0; run < options.repeat; run++) {
        const outcome = await startChild('stages-child', config).exited;
        const done = outcome.lines.find((line) => line.event === 'done') as { setups?: MeasuredSetup[] } | undefined;
        if (done?.setups) {
          runs.push(done.setups.map((s) => s.cpuUs));
          heaps.push(done.setups.map((s) => s.heapBytes));
        } else notes.push(failureText(outcome) ?? 'no result');
      }
      const of = (f: (setups: number[][]) => number): number => (runs.length === 0 ? NaN : median(runs.map(f)));
      const at = (stage: Stage, lean: boolean): number => setups.findIndex((s) => s.stage === stage && s.lean === lean);
      STAGES.forEach((stage, i) => {
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
        result.rows.push(row);
        progress(row);
      });
      const whole = at('+ socket writes', false);
      for (const lean of [false, true]) {
        const alone = at('winston alone', lean);
        const full = at('+ socket writes', lean);
        result.loggerFormats.push({
          protocol,
          format: lean ? 'format.errors({ stack: true }) alone' : "winston's default, format.json()",
          winstonUs: of((s) => median(s[alone])),
          withTransportUs: of((s) => median(s[full])),
          ownUs: of((s) => medianDifference(s[full], s[alone])),
          versusDefault: lean ? of((s) => median(s[full].map((value, round) => value / s[whole][round]))) : undefined,
        });
      }
    }
  } finally {
    await reader.stop();
  }
  return result;
}

export function stagesTable({ rows, loggerFormats }: StagesResult, options: StagesOptions): string {
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
    '',
    heading(
      "The logger's format, in the same processes and rotation: this transport never reads the JSON text winston's default format writes into every record (info[MESSAGE]); us per record",
    ),
    renderTable(
      [
        { title: 'protocol', align: 'left' },
        { title: 'logger format', align: 'left' },
        'winston + no-op transport',
        'winston + winston-rfc5424',
        "transport's own",
        'winston + winston-rfc5424 vs default',
      ],
      loggerFormats.map((r) => [r.protocol, r.format, fixed(r.winstonUs, 2), fixed(r.withTransportUs, 2), fixed(r.ownUs, 2), percent(r.versusDefault)]),
    ),
  ].join('\n');
}
