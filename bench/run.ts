/**
 * `npm run bench`: every measurement of bench/README.md in one run, printed as tables with the
 * ratios and target checks, and written to a JSON results file. Never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { setChildNodeOptions } from './child';
import { runE2e, summarise, type E2eRow, type E2eSummary } from './e2e';
import { runFormat, type FormatRow } from './format';
import { runLatency, type LatencyRow } from './latency';
import { describeMachine, type Machine } from './machine';
import { runMemory, type MemoryRow } from './memory';
import { runScaling, type ScalingRow } from './scaling';
import { runStages, stageProtocols, stagesTable, type StagesOptions, type StagesResult } from './stages';
import { parseOptions, USAGE, type BenchOptions } from './options';
import {
  checkTargets,
  e2eTable,
  formatTable,
  latencyTable,
  memoryTable,
  ownCosts,
  ownCostTable,
  ratios,
  ratioTable,
  scalingTable,
  targetTable,
  versusWinstonSyslog,
  versusWinstonSyslogTable,
  type OwnCost,
  type Ratio,
  type VersusWinstonSyslog,
  type TargetCheck,
} from './report';
import { fixed, int } from './table';

interface Results {
  command: string;
  startedAt: string;
  seconds?: number;
  machine: Machine;
  loadAverageAtEnd?: number[];
  options: BenchOptions;
  format?: FormatRow[];
  e2e?: { summaries: E2eSummary[]; runs: E2eRow[] };
  ratios?: Ratio[];
  ownCosts?: OwnCost[];
  versusWinstonSyslog?: VersusWinstonSyslog[];
  latency?: LatencyRow[];
  memory?: MemoryRow[];
  scaling?: ScalingRow[];
  stages?: StagesResult;
  targets?: TargetCheck[];
}

function progress(text: string): void {
  process.stderr.write(`  ${text}\n`);
}

async function main(): Promise<void> {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const started = Date.now();
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  if (options.profile) {
    const dir = out.replace(/\.json$/, '') + '-profiles';
    mkdirSync(dir, { recursive: true });
    setChildNodeOptions(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    progress(`child CPU profiles go to ${dir} (summarise one with node build/bench/profile-summary.js FILE)`);
  }
  const machine = describeMachine();
  const results: Results = {
    command: `node ${process.argv.slice(1).join(' ')}`,
    startedAt: new Date(started).toISOString(),
    machine,
    options,
  };
  console.log(
    `winston-rfc5424 bench: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Linux ${machine.kernel}, ` +
      `node ${machine.node}, ${machine.rsyslog}, net.unix.max_dgram_qlen=${machine.unixMaxDgramQlen ?? '?'}, ` +
      `load average ${machine.loadAverage.join(' ')}`,
  );
  const save = (): void => writeFileSync(out, JSON.stringify(results, null, 2) + '\n');

  if (options.only.includes('format')) {
    progress('formatter ...');
    results.format = runFormat({ roundMs: options.formatMs, rounds: options.formatRounds });
    console.log(formatTable(results.format, options));
    save();
  }
  if (options.only.includes('e2e')) {
    progress(`end to end: ${options.protocols.join(', ')} x ${options.repeat} ...`);
    const runs = await runE2e(
      {
        protocols: options.protocols,
        records: options.records,
        warmup: options.warmup,
        size: options.size,
        chunk: options.chunk,
        repeat: options.repeat,
        quietMs: 1500,
        lib: options.lib,
      },
      (row) =>
        progress(
          `${row.protocol.padEnd(11)} ${row.label.padEnd(44)} ${int(row.received).padStart(9)} received ${int(row.perSecond).padStart(9)}/s` +
            `  cpu us/rec sender ${fixed(row.senderCpuUs)} rsyslogd ${fixed(row.rsyslogCpuUs)}${row.note ? `  (${row.note})` : ''}`,
        ),
    );
    const summaries = summarise(runs);
    results.e2e = { summaries, runs };
    results.ratios = ratios(summaries);
    console.log(e2eTable(summaries, options.repeat));
    console.log(ratioTable(results.ratios));
    results.ownCosts = ownCosts(summaries);
    console.log(ownCostTable(results.ownCosts));
    results.versusWinstonSyslog = versusWinstonSyslog(summaries);
    console.log(versusWinstonSyslogTable(results.versusWinstonSyslog));
    save();
  }
  if (options.only.includes('latency')) {
    progress('latency ...');
    results.latency = await runLatency(
      { protocols: options.protocols, records: options.latencyRecords, slice: options.latencySlice, size: options.size, lib: options.lib },
      (row) => progress(`${row.protocol.padEnd(11)} ${row.label.padEnd(44)} median ${fixed(row.callUs?.median, 2)} us${row.note ? `  (${row.note})` : ''}`),
    );
    console.log(latencyTable(results.latency, options));
    save();
  }
  if (options.only.includes('memory')) {
    progress(`outage of ${options.outageSeconds} s ...`);
    results.memory = await runMemory({
      seconds: options.outageSeconds,
      rate: options.outageRate,
      size: options.size,
      maxQueueBytes: options.maxQueueBytes,
      lib: options.lib,
    });
    console.log(memoryTable(results.memory, options));
    save();
  }
  if (options.only.includes('scaling')) {
    progress(`scaling: ${options.protocols.join(', ')} x ${options.scalingWorkers.join(', ')} workers, ${options.scalingRecords} records each run ...`);
    results.scaling = await runScaling(
      {
        protocols: options.protocols,
        total: options.scalingRecords,
        workers: options.scalingWorkers,
        size: options.size,
        chunk: options.chunk,
        warmup: Math.min(options.warmup, 2000),
        lib: options.lib,
      },
      (row) =>
        progress(
          `${row.protocol.padEnd(11)} ${String(row.workers).padStart(2)} x ${row.label.padEnd(26)} ${int(row.received).padStart(9)} received ${int(row.perSecond).padStart(9)}/s` +
            `  cpu us/rec workers ${fixed(row.workersCpuUs)} rsyslogd ${fixed(row.rsyslogCpuUs)}${row.note ? `  (${row.note})` : ''}`,
        ),
    );
    console.log(scalingTable(results.scaling, options.scalingRecords));
    save();
  }
  if (options.only.includes('stages')) {
    const stages: StagesOptions = {
      protocols: options.protocols,
      repeat: options.repeat,
      rounds: options.stageRounds,
      size: options.size,
      chunk: options.chunk,
    };
    progress(`stages: ${stageProtocols(options.protocols).join(', ')} x ${options.repeat} process(es) ...`);
    results.stages = await runStages(stages, (row) =>
      progress(`${row.protocol.padEnd(11)} ${row.stage.padEnd(22)} ${fixed(row.cpuUs, 2)} us/record, over winston alone ${fixed(row.overWinstonUs, 2)}`),
    );
    console.log(stagesTable(results.stages, stages));
    save();
  }
  results.targets = checkTargets({
    ratios: results.ratios,
    ownCosts: results.ownCosts,
    versusWinstonSyslog: results.versusWinstonSyslog,
    format: results.format,
    memory: results.memory,
    maxQueueBytes: options.maxQueueBytes,
  });
  console.log(targetTable(results.targets));
  results.seconds = Math.round((Date.now() - started) / 1000);
  results.loadAverageAtEnd = describeMachine().loadAverage;
  save();
  console.log(`\n${results.seconds} s; results in ${out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
