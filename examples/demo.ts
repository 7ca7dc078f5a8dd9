#!/usr/bin/env node
/**
 * `npm run demo`: several processes log through winston-rfc5424 into rsyslogd while logrotate
 * rotates the files under them, then the verifier proves that every record arrived exactly once.
 * `--compare` runs the same workload through winston's own file transports. See demo/main.ts.
 */
import { main } from './demo/main';

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
