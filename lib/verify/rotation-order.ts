/**
 * Orders the files of logrotate rotation sets oldest first, from their names alone:
 * `app.log-20261124` < `app.log-20261125` (dateext) < `app.log.2.gz` < `app.log.1` < `app.log`.
 * Higher numbers are older; dated names sort by their digits; the bare name is the live, newest
 * file. A trailing `.gz` is ignored here (contents are sniffed when read). Files of different sets
 * stay grouped, in the order each set first appears among the arguments.
 */
interface RotationName {
  /** The live file's path that this file was rotated from. */
  base: string;
  /** 0 dated, 1 numbered, 2 live: the order within a set. */
  rank: number;
  /** Dated: the date's digits. */
  date: string;
  /** Numbered: the rotation number. */
  index: number;
}

const NUMBERED = /^(.+)\.(\d+)$/;
const DATED = /^(.+)-(\d{4}-?\d{2}-?\d{2}(?:[-_\d]*\d)?)$/;

function rotationName(path: string): RotationName {
  const name = path.replace(/\.gz$/, '');
  const numbered = NUMBERED.exec(name);
  if (numbered) {
    return { base: numbered[1], rank: 1, date: '', index: Number(numbered[2]) };
  }
  const dated = DATED.exec(name);
  if (dated) {
    return { base: dated[1], rank: 0, date: dated[2].replace(/\D/g, ''), index: 0 };
  }
  return { base: name, rank: 2, date: '', index: 0 };
}

function olderFirst(a: RotationName, b: RotationName): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return b.index - a.index;
}

export function orderOldestFirst(paths: readonly string[]): string[] {
  const sets = new Map<string, Array<{ path: string; name: RotationName }>>();
  for (const path of paths) {
    const name = rotationName(path);
    const set = sets.get(name.base) ?? [];
    set.push({ path, name });
    sets.set(name.base, set);
  }
  const ordered: string[] = [];
  for (const set of sets.values()) {
    set.sort((a, b) => olderFirst(a.name, b.name));
    for (const { path } of set) ordered.push(path);
  }
  return ordered;
}
