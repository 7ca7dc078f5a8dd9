/**
 * Checks one demo run of the container tier from the HOST, independently of the report the app
 * container printed: reads the run's result JSON (written by the demo with --json-out), lists the
 * run's files in the bind-mounted log directory, and runs the project's verifier over them with
 * the counts each worker said it logged. Prints "[pass] ..." / "[FAIL] ..." lines; exit 1 on a FAIL.
 *
 *   node build/test/containers/check-run.js LABEL RESULT.json LOG-DIR [MIN-ROTATIONS]
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatReport, verifyFiles } from '../../lib/verify';
import { checker, FAIL_PREFIX } from './check-line';

interface DemoResult {
  ok: boolean;
  appName: string;
  expected: Record<string, number>;
  options: { workers: number; protocol: string };
  runs: Array<{ rotations: number; sent: number; missing: number; duplicated: number; files: unknown[] }>;
}

async function main(): Promise<number> {
  const [label, resultPath, logDir, minRotationsText] = process.argv.slice(2);
  const minRotations = Number(minRotationsText ?? 2);
  const { check, failures } = checker(label);

  const result = JSON.parse(await readFile(resultPath, 'utf8')) as DemoResult;
  const run = result.runs[0];
  check(result.ok, `the demo reports OK (${run.sent} sent, ${run.missing} missing, ${run.duplicated} duplicated)`);
  check(run.rotations >= minRotations, `${run.rotations} rotations during the run (at least ${minRotations})`);

  const base = `${result.appName}.log`;
  const names = (await readdir(logDir)).filter((n) => n === base || (n.startsWith(base) && /^\.\d+(\.gz)?$/.test(n.slice(base.length))));
  const files = names.map((n) => join(logDir, n));
  check(files.length >= minRotations, `${files.length} files of ${result.appName} in ${logDir}`);
  const report = await verifyFiles(files, { expected: result.expected, minStreams: result.options.workers });
  process.stdout.write(`${formatReport(report).trimEnd().replace(/^/gm, '     ')}\n`);
  const expectedTotal = Object.values(result.expected).reduce((a, b) => a + b, 0);
  check(report.ok, `verifier on the host: ${report.sequenced} of ${expectedTotal} records, ${report.missing} missing, ${report.duplicates} duplicated`);
  check(report.streams.length === result.options.workers, `${report.streams.length} streams for ${result.options.workers} workers`);
  return failures() === 0 ? 0 : 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (err: Error) => {
    process.stdout.write(`${FAIL_PREFIX} ${process.argv[2]}: checker crashed: ${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  },
);
