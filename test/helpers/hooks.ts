/**
 * Mocha root hook plugin (register with "require": ["build/test/helpers/hooks.js"] in
 * .mocharc.json): stops every private rsyslogd a test left running, even after a failure, both
 * the harness's (rsyslog.ts) and those running a given config (rsyslogd-process.ts). Both modules
 * also kill leftovers by PID on process 'exit'.
 */
import { stopAllRsyslogs } from './rsyslog';
import { stopAllConfiguredRsyslogds } from './rsyslogd-process';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await Promise.all([stopAllRsyslogs(), stopAllConfiguredRsyslogds()]);
  },
};
