import type { ParsedRecordJson } from '../helpers/rsyslog';

/** What arrived from each process, judged by the `[meta sequenceId]` every worker record carries. */
export interface ArrivalCheck {
  /** procid -> records that arrived. */
  perProcess: Map<string, number>;
  duplicates: number;
  outOfOrder: number;
  /** procid -> sequence numbers that never arrived, counting up to `expected`. */
  missing: Map<string, number>;
}

const SEQUENCE_ID = /\[meta sequenceId="(\d+)"\]/;

export function checkArrivals(records: ParsedRecordJson[], expectedPerProcess: number): ArrivalCheck {
  const seen = new Map<string, Set<number>>();
  const last = new Map<string, number>();
  let duplicates = 0;
  let outOfOrder = 0;
  for (const record of records) {
    const match = SEQUENCE_ID.exec(record.structuredData);
    if (!match) continue; // e.g. the transport's own "dropped N records" report
    const id = Number(match[1]);
    const set = seen.get(record.procid) ?? new Set<number>();
    seen.set(record.procid, set);
    if (set.has(id)) duplicates++;
    set.add(id);
    if (id < (last.get(record.procid) ?? 0)) outOfOrder++;
    last.set(record.procid, id);
  }
  const perProcess = new Map<string, number>();
  const missing = new Map<string, number>();
  for (const [procid, set] of seen) {
    perProcess.set(procid, set.size);
    let gaps = 0;
    for (let id = 1; id <= expectedPerProcess; id++) if (!set.has(id)) gaps++;
    missing.set(procid, gaps);
  }
  return { perProcess, duplicates, outOfOrder, missing };
}
