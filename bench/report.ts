/** The printed tables, the ratios and the target checks, from the results of every section. */
import { WINSTON_SYSLOG_ABSENT, type E2eSummary } from './e2e';
import type { FormatRow } from './format';
import type { LatencyRow } from './latency';
import type { ScalingRow } from './scaling';
import { queueCost, REFERENCE_QUEUE_BYTES, SECOND_LIMIT_FACTOR, type MemoryRow } from './memory';
import { fixed, heading, int, mib, percent, renderTable, signed, times } from './table';
import type { BenchProtocol } from './target';

export interface Ratio {
  protocol: BenchProtocol;
  ceiling?: number;
  ours?: number;
  oursLost?: number;
  oursPerCeiling?: number;
  /** The winston-syslog mode with the best rate on this socket, if it has one. */
  winstonSyslog?: { label: string; perSecond: number; lost: number; sent: number };
  oursPerWinstonSyslog?: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

export function e2eTable(summaries: readonly E2eSummary[], repeat: number): string {
  const ceiling = new Map(summaries.filter((s) => s.sender === 'raw').map((s) => [s.protocol, s.perSecond]));
  const relpCeiling = ceiling.get('tcp');
  if (relpCeiling !== undefined) ceiling.set('relp', relpCeiling);
  const rows = summaries.map((s) => [
    s.protocol,
    s.label,
    int(s.received),
    int(s.lost),
    int(s.perSecond),
    percent(s.perSecond / (ceiling.get(s.protocol) ?? NaN)),
    fixed(s.senderCpuUs),
    fixed(s.rsyslogCpuUs),
    int(s.storedBytesPerRecord),
    [
      s.protocol === 'relp' ? 'vs the tcp ceiling; each record written before rsyslog answers it' : undefined,
      ...s.notes,
      s.kernelDrops ? `up to ${int(s.kernelDrops)} dropped by the kernel` : undefined,
      s.errorEvents ? `up to ${int(s.errorEvents)} 'error' events` : undefined,
      s.strandedInQueue ? `up to ${int(s.strandedInQueue)} stranded in its queue` : undefined,
    ]
      .filter(Boolean)
      .join('; '),
  ]);
  return [
    heading(`End to end through rsyslogd into a file (${int(summaries[0]?.sent)} records per run, median of ${repeat} run(s); received/lost: worst run)`),
    renderTable(
      [
        { title: 'protocol', align: 'left' },
        { title: 'sender', align: 'left' },
        'received',
        'lost',
        'records/s',
        'vs ceiling',
        'sender CPU us/rec',
        'rsyslogd CPU us/rec',
        'bytes/rec',
        { title: 'note', align: 'left' },
      ],
      rows,
    ),
  ].join('\n');
}

export function ratios(summaries: readonly E2eSummary[]): Ratio[] {
  const protocols = [...new Set(summaries.map((s) => s.protocol))];
  return protocols.map((protocol) => {
    const of = (sender: string) => summaries.filter((s) => s.protocol === protocol && s.sender === sender);
    // RELP runs over TCP: its ceiling is the raw tcp sender's of the same run
    const [raw] = protocol === 'relp' ? summaries.filter((s) => s.protocol === 'tcp' && s.sender === 'raw') : of('raw');
    const [ours] = of('ours');
    const ws = of('winston-syslog').sort((a, b) => b.perSecond - a.perSecond)[0];
    return {
      protocol,
      ceiling: raw?.perSecond,
      ours: ours?.perSecond,
      oursLost: ours?.lost,
      oursPerCeiling: raw && ours ? ours.perSecond / raw.perSecond : undefined,
      winstonSyslog: ws && { label: ws.label, perSecond: ws.perSecond, lost: ws.lost, sent: ws.sent },
      oursPerWinstonSyslog: ws && ours ? ours.perSecond / ws.perSecond : undefined,
    };
  });
}

export function ratioTable(rows: readonly Ratio[]): string {
  return [
    heading('Ratios (end to end, median runs)'),
    renderTable(
      [
        { title: 'protocol', align: 'left' },
        'ceiling rec/s',
        'ours rec/s',
        'ours lost',
        'ours / ceiling',
        { title: 'best winston-syslog mode', align: 'left' },
        'its rec/s',
        'its lost',
        'ours / winston-syslog',
      ],
      rows.map((r) => [
        r.protocol,
        int(r.ceiling),
        int(r.ours),
        int(r.oursLost),
        percent(r.oursPerCeiling),
        r.winstonSyslog?.label.replace(/^winston \+ /, '') ?? WINSTON_SYSLOG_ABSENT[r.protocol] ?? '-',
        int(r.winstonSyslog?.perSecond),
        r.winstonSyslog ? `${int(r.winstonSyslog.lost)} (${percent(r.winstonSyslog.lost / r.winstonSyslog.sent)})` : '-',
        times(r.oursPerWinstonSyslog),
      ]),
    ),
  ].join('\n');
}

/** Sockets where one write carries many records (the own-cost target is absolute there). */
const STREAM_SOCKETS: readonly BenchProtocol[] = ['unix-stream', 'tcp', 'tls'];
/** Sockets with one syscall per record (the own-cost target is relative to the raw sender). */
const DATAGRAM_SOCKETS: readonly BenchProtocol[] = ['unix', 'udp'];
/** The transport's own CPU per record: at most this on stream sockets ... */
const OWN_COST_STREAM_US = 1.5;
/** ... and at most this above the raw sender's on datagram sockets (a syscall per record either way). */
const OWN_COST_OVER_RAW_DGRAM_US = 2.5;

export interface OwnCost {
  protocol: BenchProtocol;
  /** CPU time per record logged, us, medians: winston alone and with ours (own-cost phase), the raw sender (its runs). */
  noop?: number;
  ours?: number;
  raw?: number;
  /** Median of the runs' ours - noop: what the transport itself costs per record. */
  own?: number;
  /** Which own-cost target applies; none to RELP, which waits for each answer and has no raw sender. */
  kind: 'stream' | 'datagram' | 'none';
  met?: boolean;
}

export function ownCosts(summaries: readonly E2eSummary[]): OwnCost[] {
  const protocols = [...new Set(summaries.map((s) => s.protocol))];
  return protocols.map((protocol) => {
    const ownCost = summaries.find((s) => s.protocol === protocol && s.sender === 'ours')?.ownCost;
    const raw = summaries.find((s) => s.protocol === protocol && s.sender === 'raw')?.senderCpuUsPerLogged;
    const [noop, ours, own] = [ownCost?.noopUs, ownCost?.oursUs, ownCost?.ownUs];
    const kind = STREAM_SOCKETS.includes(protocol) ? 'stream' : DATAGRAM_SOCKETS.includes(protocol) ? 'datagram' : 'none';
    let met: boolean | undefined;
    if (own !== undefined && kind === 'stream') met = own <= OWN_COST_STREAM_US;
    if (own !== undefined && raw !== undefined && kind === 'datagram') met = own - raw <= OWN_COST_OVER_RAW_DGRAM_US;
    return { protocol, noop, ours, raw, own, kind, met };
  });
}

export function ownCostTable(rows: readonly OwnCost[]): string {
  return [
    heading("The transport's own cost: CPU us per record logged, medians (winston alone and with this transport in alternating blocks of one process; own: each run's difference)"),
    renderTable(
      [
        { title: 'protocol', align: 'left' },
        'winston, no-op transport',
        'winston + winston-rfc5424',
        "transport's own",
        'raw sender',
        'own - raw',
        { title: 'target', align: 'left' },
        { title: 'met', align: 'left' },
      ],
      rows.map((r) => [
        r.protocol,
        fixed(r.noop, 2),
        fixed(r.ours, 2),
        fixed(r.own, 2),
        fixed(r.raw, 2),
        fixed(r.own !== undefined && r.raw !== undefined ? r.own - r.raw : undefined, 2),
        { stream: `own <= ${OWN_COST_STREAM_US} us`, datagram: `own <= raw + ${OWN_COST_OVER_RAW_DGRAM_US} us`, none: 'none (acknowledged)' }[r.kind],
        r.met === undefined ? 'n/a' : r.met ? 'met' : 'not met',
      ]),
    ),
  ].join('\n');
}

export interface VersusWinstonSyslog {
  protocol: BenchProtocol;
  mode: string;
  /** Sender CPU us per record logged and per record rsyslog stored, median runs. */
  oursCpuUs?: number;
  itsCpuUs?: number;
  oursCpuUsDelivered?: number;
  /** Undefined when it delivered nothing. */
  itsCpuUsDelivered?: number;
  oursLost: number;
  itsLost: number;
  sent: number;
}

/** Every winston-syslog mode beside this transport on the same socket. */
export function versusWinstonSyslog(summaries: readonly E2eSummary[]): VersusWinstonSyslog[] {
  const rows: VersusWinstonSyslog[] = [];
  for (const ws of summaries.filter((s) => s.sender === 'winston-syslog')) {
    const ours = summaries.find((s) => s.protocol === ws.protocol && s.sender === 'ours');
    rows.push({
      protocol: ws.protocol,
      mode: ws.label.replace(/^winston \+ winston-syslog /, '').replace(/[()]/g, ''),
      oursCpuUs: ours?.senderCpuUsPerLogged,
      itsCpuUs: ws.senderCpuUsPerLogged,
      oursCpuUsDelivered: ours?.senderCpuUs,
      itsCpuUsDelivered: ws.senderCpuUs,
      oursLost: ours?.lost ?? NaN,
      itsLost: ws.lost,
      sent: ws.sent,
    });
  }
  return rows;
}

/** Ours costs less per record that arrives (a sender that delivered nothing costs infinitely much per record). */
function cheaperPerDelivered(x: VersusWinstonSyslog): boolean {
  if (x.oursCpuUsDelivered === undefined) return false;
  return x.itsCpuUsDelivered === undefined || x.oursCpuUsDelivered < x.itsCpuUsDelivered;
}

export function versusWinstonSyslogTable(rows: readonly VersusWinstonSyslog[]): string {
  if (rows.length === 0) return '';
  return [
    heading('Against winston-syslog: sender CPU us per record logged and per record delivered (median runs), loss (worst run)'),
    renderTable(
      [
        { title: 'protocol', align: 'left' },
        { title: 'winston-syslog mode', align: 'left' },
        'ours CPU/logged',
        'its CPU/logged',
        'ours CPU/delivered',
        'its CPU/delivered',
        'its / ours (delivered)',
        'ours lost',
        'its lost',
      ],
      rows.map((r) => [
        r.protocol,
        r.mode,
        fixed(r.oursCpuUs, 2),
        fixed(r.itsCpuUs, 2),
        fixed(r.oursCpuUsDelivered, 2),
        r.itsCpuUsDelivered === undefined ? 'nothing delivered' : fixed(r.itsCpuUsDelivered, 2),
        times(r.itsCpuUsDelivered !== undefined && r.oursCpuUsDelivered !== undefined ? r.itsCpuUsDelivered / r.oursCpuUsDelivered : undefined),
        `${int(r.oursLost)} (${percent(r.oursLost / r.sent)})`,
        `${int(r.itsLost)} (${percent(r.itsLost / r.sent)})`,
      ]),
    ),
  ].join('\n');
}

export function formatTable(rows: readonly FormatRow[], options: { formatMs: number; formatRounds: number }): string {
  const shapes = [...new Set(rows.map((r) => r.shape))];
  const get = (shape: string, impl: string) => rows.find((r) => r.shape === shape && r.implementation.startsWith(impl));
  return [
    heading(`Formatter alone, records per second (best of ${options.formatRounds} rounds of ${options.formatMs} ms, cases interleaved)`),
    renderTable(
      [
        { title: 'record', align: 'left' },
        'formatter',
        'info -> bytes',
        'glossy (winston-syslog)',
        'formatter / glossy',
        'bytes (ours)',
        'bytes (glossy)',
      ],
      shapes.map((shape) => {
        const ours = get(shape, 'winston-rfc5424 formatter');
        const info = get(shape, 'winston-rfc5424 info');
        const glossy = get(shape, 'glossy');
        return [shape, int(ours?.perSecond), int(info?.perSecond), int(glossy?.perSecond), times((ours?.perSecond ?? NaN) / (glossy?.perSecond ?? NaN)), int(ours?.bytesPerRecord), int(glossy?.bytesPerRecord)];
      }),
    ),
  ].join('\n');
}

export function latencyTable(rows: readonly LatencyRow[], options: { latencyRecords: number; latencySlice: number }): string {
  return [
    heading(`Cost inside the application: ${int(options.latencyRecords)} logger.info calls, ${options.latencySlice} per event-loop turn`),
    renderTable(
      [
        { title: 'protocol', align: 'left' },
        { title: 'sender', align: 'left' },
        'call us median',
        'mean',
        'p99',
        'max',
        'loop delay ms median',
        'p99',
        'max',
        'burst ms',
        'drain ms',
        { title: 'note', align: 'left' },
      ],
      rows.map((r) => [
        r.protocol,
        r.label,
        fixed(r.callUs?.median, 2),
        fixed(r.callUs?.mean, 2),
        fixed(r.callUs?.p99, 1),
        fixed(r.callUs?.max, 0),
        fixed(r.loopDelayMs?.median, 2),
        fixed(r.loopDelayMs?.p99, 2),
        fixed(r.loopDelayMs?.max, 1),
        int(r.burstMs),
        int(r.drainMs),
        [r.note, r.drained === false ? 'not drained' : undefined].filter(Boolean).join('; '),
      ]),
    ),
  ].join('\n');
}

export function memoryTable(rows: readonly MemoryRow[], options: { outageSeconds: number; outageRate: number; maxQueueBytes: number }): string {
  const costs = [1, SECOND_LIMIT_FACTOR].map((factor) => queueCost(rows, options.maxQueueBytes * factor));
  const summary =
    `Queue cost = RSS growth minus the 1 KiB-queue run's (${mib(rows.find((r) => r.maxQueueBytes === REFERENCE_QUEUE_BYTES)?.growth)}): ` +
    costs.map((c) => `${mib(c.limit)} limit -> ${mib(c.queueCost)} (${times((c.queueCost ?? NaN) / c.limit)})`).join(', ') +
    (costs[0].slope === undefined ? `; ${costs[0].note ?? ''}` : `; ${fixed(costs[0].slope, 2)} bytes of RSS per byte of limit between the two.`);
  return [
    heading(`Memory during a ${options.outageSeconds} s daemon outage at ${int(options.outageRate)} records/s (RSS sampled every 100 ms)`),
    renderTable(
      [
        { title: 'sender', align: 'left' },
        'maxQueueBytes',
        'logged',
        'peak RSS - baseline',
        'heap peak',
        'buffers peak',
        'queued',
        'dropped',
        { title: 'note', align: 'left' },
      ],
      rows.map((r) => {
        const c = r.counters ?? {};
        return [
          r.label,
          r.maxQueueBytes ? mib(r.maxQueueBytes) : 'no limit',
          int(r.logged),
          mib(r.growth),
          mib(r.peakHeapUsed),
          mib(r.peakArrayBuffers),
          int((c.queued ?? c.queue) as number | undefined),
          int(c.dropped as number | undefined),
          r.note,
        ];
      }),
    ),
    summary,
  ].join('\n');
}

export interface TargetInputs {
  ratios?: readonly Ratio[];
  ownCosts?: readonly OwnCost[];
  versusWinstonSyslog?: readonly VersusWinstonSyslog[];
  format?: readonly FormatRow[];
  memory?: readonly MemoryRow[];
  maxQueueBytes?: number;
}

/**
 * The queue may cost its limit plus 25%: its index (4 bytes a record, under 2% of a 256-byte
 * record), a partly filled 64 KiB slab, and RSS noise between two processes (1-2 MiB).
 */
const QUEUE_COST_TOLERANCE = 1.25;

export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (inputs.ratios) {
    // RELP waits for rsyslog to write each record: shown against the tcp ceiling, not held to it
    const r = inputs.ratios.filter((x) => x.oursPerCeiling !== undefined && x.protocol !== 'relp');
    checks.push({
      target: 'end to end >= 90% of the raw ceiling, each protocol (relp excluded)',
      measured: r.map((x) => `${x.protocol} ${percent(x.oursPerCeiling)}`).join(', '),
      met: r.length > 0 ? r.every((x) => x.oursPerCeiling! >= 0.9) : undefined,
    });
  }
  if (inputs.ownCosts) {
    for (const stream of [true, false]) {
      const rows = inputs.ownCosts.filter((r) => r.kind === (stream ? 'stream' : 'datagram'));
      if (rows.length === 0) continue;
      checks.push({
        target: stream
          ? `transport's own CPU per record <= ${OWN_COST_STREAM_US} us on stream sockets (ours - winston no-op, alternating in one process)`
          : `transport's own CPU per record <= raw sender + ${OWN_COST_OVER_RAW_DGRAM_US} us on datagram sockets`,
        measured: rows
          .map((r) => `${r.protocol} ${fixed(r.own, 2)} us${stream ? '' : ` (raw ${fixed(r.raw, 2)}, ${signed(r.own !== undefined && r.raw !== undefined ? r.own - r.raw : undefined, 2)})`}`)
          .join(', '),
        met: rows.some((r) => r.met === undefined) ? undefined : rows.every((r) => r.met),
      });
    }
  }
  if (inputs.versusWinstonSyslog && inputs.versusWinstonSyslog.length > 0) {
    const w = inputs.versusWinstonSyslog;
    checks.push({
      target: 'less sender CPU per record delivered than winston-syslog on each socket it supports, with zero loss',
      measured: w
        .map(
          (x) =>
            `${x.protocol}/${x.mode} ${fixed(x.oursCpuUsDelivered, 2)} vs ${x.itsCpuUsDelivered === undefined ? 'nothing delivered' : `${fixed(x.itsCpuUsDelivered, 2)} us`}` +
            ` (lost ${int(x.oursLost)} vs ${int(x.itsLost)})`,
        )
        .join(', '),
      met: w.every((x) => cheaperPerDelivered(x) && x.oursLost === 0),
    });
  }
  if (inputs.format) {
    const small = inputs.format.find((f) => f.shape === 'small record' && f.implementation === 'winston-rfc5424 formatter');
    checks.push({
      target: 'formatter >= 1,000,000 small records/s',
      measured: `${int(small?.perSecond)}/s`,
      met: small ? small.perSecond >= 1e6 : undefined,
    });
  }
  if (inputs.memory && inputs.maxQueueBytes) {
    const costs = [1, SECOND_LIMIT_FACTOR].map((factor) => queueCost(inputs.memory!, inputs.maxQueueBytes! * factor));
    const known = costs.filter((c) => c.queueCost !== undefined);
    checks.push({
      target: `outage: RSS growth <= the 1 KiB-queue run's growth + maxQueueBytes x ${QUEUE_COST_TOLERANCE}, at both limits`,
      measured:
        known.length < costs.length
          ? 'not measured (a run failed)'
          : costs.map((c) => `${mib(c.limit)}: queue cost ${mib(c.queueCost)} (${times(c.queueCost! / c.limit)})`).join(', ') +
            (costs[0].slope === undefined ? '' : `; slope ${fixed(costs[0].slope, 2)}`),
      met: known.length < costs.length ? undefined : known.every((c) => c.queueCost! <= c.limit * QUEUE_COST_TOLERANCE),
    });
  }
  return checks;
}

export function targetTable(checks: readonly TargetCheck[]): string {
  if (checks.length === 0) return '';
  return [
    heading('Targets'),
    renderTable(
      [{ title: 'target', align: 'left' }, { title: 'measured', align: 'left' }, { title: 'met', align: 'left' }],
      checks.map((c) => [c.target, c.measured, c.met === undefined ? 'n/a' : c.met ? 'met' : 'not met']),
    ),
  ].join('\n');
}

export function scalingTable(rows: readonly ScalingRow[], total: number): string {
  const key = (r: ScalingRow) => `${r.protocol}\0${r.workers}`;
  const groups = new Map<string, ScalingRow[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [
    heading(`Scaling with workers: ${int(total)} records in all, split between N processes logging at once (one run each)`),
    renderTable(
      [
        { title: 'protocol', align: 'left' },
        'workers',
        'raw rec/s',
        'raw received',
        'ours rec/s',
        'ours received',
        'ours / raw',
        'ours CPU us/rec',
        'rsyslogd CPU us/rec',
        { title: 'note', align: 'left' },
      ],
      [...groups.values()].map((g) => {
        const raw = g.find((r) => r.sender === 'raw');
        const ours = g.find((r) => r.sender === 'ours');
        return [
          g[0].protocol,
          g[0].workers,
          int(raw?.perSecond),
          int(raw?.received),
          int(ours?.perSecond),
          int(ours?.received),
          percent(raw && ours ? ours.perSecond / raw.perSecond : undefined),
          fixed(ours?.workersCpuUs),
          fixed(ours?.rsyslogCpuUs),
          [
            raw?.note && `raw: ${raw.note}`,
            ours?.note && `ours: ${ours.note}`,
            ours?.kernelDrops ? `ours: ${int(ours.kernelDrops)} dropped by the kernel` : undefined,
            raw?.kernelDrops ? `raw: ${int(raw.kernelDrops)} dropped by the kernel` : undefined,
          ]
            .filter(Boolean)
            .join('; '),
        ];
      }),
    ),
  ].join('\n');
}
