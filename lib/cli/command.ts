/** The contract between main.ts and its subcommands, so new ones (a demo, ...) plug in alike. */

export interface Output {
  write(text: string): unknown;
}

export interface Io {
  stdout: Output;
  stderr: Output;
}

export const EXIT_OK = 0;
/** The command ran and found a problem (for verify: records lost or duplicated). */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** A bug, not a finding: kept apart from 1 so a crash is never read as "records lost". */
export const EXIT_INTERNAL = 3;

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  usage: string;
  /** Resolves to the exit status; throws UsageError for bad arguments. */
  run(args: string[], io: Io): Promise<number>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
