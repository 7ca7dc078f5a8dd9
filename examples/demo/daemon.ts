/** What a scenario needs from "an rsyslogd with the project's config", wherever it runs. */
import type { Rotator } from './rotate';

export interface SyslogDaemon {
  /** One line for the report: which rsyslogd, where. */
  readonly description: string;
  /** Directory with log.sock (imuxsock) and stream.sock (imptcp), as this process sees it. */
  readonly socketDir: string;
  /** Directory with the per-app files, as this process sees it. */
  readonly logDir: string;
  /** Port of the 127.0.0.1 UDP and TCP listeners. */
  readonly port: number;
  /** Port of the 127.0.0.1 RELP listener. */
  readonly relpPort: number;
  /** SIGKILLs rsyslogd and starts it again with the same config (only where the demo runs it). */
  readonly killAndRestart?: () => Promise<void>;
  /** Forces one logrotate run with the project's logrotate.conf. */
  readonly rotator: Rotator;
  /** Ensures every record rsyslogd received is in the files (stops it where the demo owns it). */
  finish(): Promise<void>;
  /** Stops and removes whatever the demo started for it; safe to call twice. */
  close(): Promise<void>;
  /** The end of rsyslogd's own messages (_rsyslogd.log), for a failure report. */
  internalLogTail(): string;
}
