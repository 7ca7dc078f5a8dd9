/**
 * Mocha root hook plugin (register with "require": ["build/test/helpers/hooks.js"] in
 * .mocharc.json): stops every private rsyslogd a test left running, even after a failure.
 * rsyslog.ts also kills leftovers by PID on process 'exit'.
 */
import { stopAllRsyslogs } from './rsyslog';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopAllRsyslogs();
  },
};
