/** `winston-rfc5424 verify`: arguments in, verifyFiles() report out. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { VerifyInputError, formatReport, verifyFiles } from '../verify';
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from './command';

const usage = `Usage: winston-rfc5424 verify [options] FILE...

Checks rsyslog output files (RSYSLOG_SyslogProtocol23Format, one RFC 5424 record per line) for
lost and duplicated records, per stream (HOSTNAME/APP-NAME/PROCID), using each record's
[meta sequenceId="N"]. Rotated files may be given too, gzip or not: a rotation set is read oldest
first (app.log-20261124, app.log.2.gz, app.log.1, app.log).

Options:
  --expect KEY=N      stream KEY logged N records; KEY is a PROCID or HOSTNAME/APP-NAME/PROCID.
                      Without it, records lost at the end of a stream cannot be seen. Repeatable.
  --expect-file FILE  a JSON object of such expectations: {"1234": 50000, ...}
  --min-streams N     fail when fewer than N streams are seen
  --allow-duplicates  at-least-once delivery (protocol "relp"): duplicates are listed and counted
                      but do not fail the check. RELP resends every record rsyslog had not
                      acknowledged when the connection broke; rsyslog may have stored some of
                      them already.
  --json              print the report as JSON
  -h, --help          show this help

Exit status: 0 nothing missing, no duplicates (unless allowed), expectations met; 1 records missing or duplicated,
an expectation not met, or a file that could not be read to its end; 2 usage error (unknown
option, missing file); 3 internal error.
`;

function count(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} must be a whole number, got "${text}"`);
  return Number(text);
}

/** KEY=N; split at the last "=" since a HOSTNAME or APP-NAME may contain one. */
function parseExpect(text: string): [string, number] {
  const at = text.lastIndexOf('=');
  if (at <= 0) throw new UsageError(`--expect needs KEY=N, got "${text}"`);
  return [text.slice(0, at), count(text.slice(at + 1), `--expect ${text.slice(0, at)}`)];
}

async function readExpectFile(path: string): Promise<Record<string, number>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--expect-file ${path}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--expect-file ${path}: expected a JSON object of KEY: N`);
  }
  return parsed as Record<string, number>;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check rsyslog output files for lost or duplicated records',
  usage,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          expect: { type: 'string', multiple: true },
          'expect-file': { type: 'string', multiple: true },
          'min-streams': { type: 'string' },
          'allow-duplicates': { type: 'boolean' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help === true) {
      io.stdout.write(usage);
      return EXIT_OK;
    }
    if (positionals.length === 0) throw new UsageError('no FILE given');

    // No prototype: a key such as "__proto__" from a JSON file stays an ordinary key.
    const expected: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const file of values['expect-file'] ?? []) Object.assign(expected, await readExpectFile(file));
    for (const text of values.expect ?? []) {
      const [key, n] = parseExpect(text);
      expected[key] = n;
    }
    const minStreams = values['min-streams'] === undefined ? undefined : count(values['min-streams'], '--min-streams');

    let report;
    try {
      report = await verifyFiles(positionals, { expected, minStreams, allowDuplicates: values['allow-duplicates'] === true });
    } catch (err) {
      if (err instanceof VerifyInputError) throw new UsageError(err.message);
      throw err;
    }
    io.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  },
};
