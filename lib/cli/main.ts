#!/usr/bin/env node
/** The package's command: `winston-rfc5424 <command> ...`. Only dispatch lives here. */
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError, type Command, type Io } from './command';
import { verifyCommand } from './verify-command';

const commands: readonly Command[] = [verifyCommand];

const usage = `Usage: winston-rfc5424 <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Run 'winston-rfc5424 <command> --help' for a command's options.
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(name === undefined ? usage : `winston-rfc5424: unknown command "${name}"\n\n${usage}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`winston-rfc5424 ${command.name}: ${err.message}\nRun 'winston-rfc5424 ${command.name} --help' for usage.\n`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (status) => {
      process.exitCode = status;
    },
    (err: unknown) => {
      process.stderr.write(`winston-rfc5424: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
