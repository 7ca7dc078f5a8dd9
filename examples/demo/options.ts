/** The demo's command line: parsed and validated once, with the defaults in one place. */
import { parseArgs } from 'node:util';

export type DemoProtocol = 'unix' | 'unix-stream' | 'udp' | 'tcp' | 'relp';
const PROTOCOLS: readonly DemoProtocol[] = ['unix', 'unix-stream', 'udp', 'tcp', 'relp'];

/** Where rsyslogd runs: started here from the installed package, in the compose stack, or already running. */
export type DaemonMode = 'local' | 'docker' | 'external';

export interface DemoOptions {
  workers: number;
  /** Seconds each worker logs. */
  duration: number;
  /** Records per second per worker. */
  rate: number;
  /** The first of `protocols`: the one a single run uses. */
  protocol: DemoProtocol;
  /** `--protocol unix,relp`: one run per protocol, against the same rsyslogd, reported together. */
  protocols: DemoProtocol[];
  /** Seconds between forced rotations. */
  rotateEvery: number;
  compare: boolean;
  /** SIGKILL rsyslogd halfway through and start it again. */
  killDaemon: boolean;
  daemon: DaemonMode;
  /** external mode: where the sockets are (and the rotation requests go), as rsyslog/rsyslog.conf has them. */
  socketDir: string;
  /** external mode: where rsyslogd writes the per-app files. */
  logDir: string;
  keep: boolean;
  jsonOut?: string;
}

export const usage = `Usage: npm run demo -- [options]

Starts a private rsyslogd with rsyslog/rsyslog.conf in a temporary directory, forks worker
processes (node:cluster) that log through winston-rfc5424 at a steady rate, forces a logrotate
(rsyslog/logrotate.conf) every few seconds, then runs the verifier over every file written and
prints what arrived: records sent per worker, found, missing, duplicated, rotations, files.

Options:
  --workers N         worker processes (default 4)
  --duration S        seconds each worker logs (default 10)
  --rate N            records per second per worker (default 2000)
  --protocol P        unix | unix-stream | udp | tcp | relp (default unix). relp: rsyslog
                      acknowledges every record (at-least-once; duplicates are shown apart).
                      Several, comma-separated (unix,relp): one run each, one after the other
                      against the same rsyslogd, then one table with a row per protocol
  --kill-daemon       SIGKILL rsyslogd halfway through each run and start it again (not with
                      --docker or --external): --kill-daemon --protocol unix,relp shows what
                      unix loses and that relp loses nothing
  --rotate-every S    seconds between forced rotations (default 2.5)
  --compare           then run the same workload through winston's File transport (maxsize,
                      tailable) and winston-daily-rotate-file, and print the reports side by side
  --docker            use the rsyslog container of docker-compose.yml instead of an installed
                      rsyslogd (the workers still run here)
  --external          rsyslogd is already running (the compose "app" service uses this): log to
                      --socket-dir, read --log-dir, request rotations through --socket-dir
  --socket-dir DIR    default /run/winston-rfc5424 (external mode)
  --log-dir DIR       default /var/log/apps (external mode)
  --keep              keep the temporary directory with the log files
  --json-out FILE     also write the results as JSON
  -h, --help          show this help

Exit status (with several protocols: of the worst run; --kill-daemon --protocol unix,relp
therefore exits 1 when unix lost records, as it usually does): 0 nothing lost or duplicated
through rsyslog (duplicates allowed over relp); 1 records lost or duplicated, no
rotation happened, or the run failed (rsyslogd did not start, a worker died; DEMO_DEBUG=1 shows
the stack); 2 usage error or a missing prerequisite; 3 internal error.
`;

export class DemoUsageError extends Error {}

function number(name: string, text: string | undefined, fallback: number, min: number, max: number, integer: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new DemoUsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Returns null for --help. */
export function parseOptions(argv: string[]): DemoOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        workers: { type: 'string' },
        duration: { type: 'string' },
        rate: { type: 'string' },
        protocol: { type: 'string' },
        'rotate-every': { type: 'string' },
        compare: { type: 'boolean' },
        'kill-daemon': { type: 'boolean' },
        docker: { type: 'boolean' },
        external: { type: 'boolean' },
        'socket-dir': { type: 'string' },
        'log-dir': { type: 'string' },
        keep: { type: 'boolean' },
        'json-out': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new DemoUsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help === true) return null;
  const protocols = (v.protocol ?? 'unix').split(',').map((p) => p.trim()) as DemoProtocol[];
  for (const protocol of protocols) {
    if (!PROTOCOLS.includes(protocol)) {
      throw new DemoUsageError(`--protocol must be one of ${PROTOCOLS.join(', ')} (or several, comma-separated), got "${v.protocol}" (tls needs certificates; see test/integration)`);
    }
  }
  if (new Set(protocols).size !== protocols.length) throw new DemoUsageError(`--protocol names a protocol twice: "${v.protocol}"`);
  const protocol = protocols[0];
  if (v.docker === true && v.external === true) throw new DemoUsageError('--docker and --external exclude each other');
  if (v['kill-daemon'] === true && (v.docker === true || v.external === true)) {
    throw new DemoUsageError('--kill-daemon needs the rsyslogd the demo starts itself (not --docker or --external)');
  }
  return {
    workers: number('workers', v.workers, 4, 1, 64, true),
    duration: number('duration', v.duration, 10, 1, 3600, false),
    rate: number('rate', v.rate, 2000, 1, 1_000_000, true),
    protocol,
    protocols,
    rotateEvery: number('rotate-every', v['rotate-every'], 2.5, 0.5, 3600, false),
    compare: v.compare === true,
    killDaemon: v['kill-daemon'] === true,
    daemon: v.docker === true ? 'docker' : v.external === true ? 'external' : 'local',
    socketDir: v['socket-dir'] ?? '/run/winston-rfc5424',
    logDir: v['log-dir'] ?? '/var/log/apps',
    keep: v.keep === true,
    jsonOut: v['json-out'],
  };
}
