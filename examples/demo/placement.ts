/**
 * "Misplaced": a line logged after its file had stopped being the current one, i.e. written into
 * a file that had already been rotated away (a reader following the live name never sees it, and
 * whoever archives the rotated file takes it as complete). The current file's generations are
 * observed while the workers run, by polling the live name's inode; afterwards each file is matched
 * to the generation it was, and each line's own timestamp is checked against the end of that
 * generation's time as the live file. A line logged BEFORE its file became current is not counted:
 * it was in transit during the rotation and landed in the file that was current when it was
 * written, which is where it belongs.
 */
import { statSync } from 'node:fs';
import type { SetFile } from './log-files';

/** A line logged more than this after its file stopped being current is misplaced (the rename-to-HUP window is shorter). */
export const PLACEMENT_SLACK_MS = 250;

export interface Generation {
  ino: number;
  /** First and last time the live name was seen pointing at this inode. */
  from: number;
  to: number;
}

export class CurrentFileWatch {
  private readonly gens: Generation[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly livePath: string) {}

  start(everyMs = 5): void {
    this.poll();
    this.timer = setInterval(() => this.poll(), everyMs);
  }

  stop(): Generation[] {
    clearInterval(this.timer);
    this.poll();
    return this.gens;
  }

  private poll(): void {
    let ino: number;
    try {
      ino = statSync(this.livePath).ino;
    } catch {
      return; // between a rename and the next create there is no live file
    }
    const now = Date.now();
    const last = this.gens[this.gens.length - 1];
    if (last !== undefined && last.ino === ino) last.to = now;
    else this.gens.push({ ino, from: now, to: now });
  }
}

export interface Lifetime {
  from: number;
  to: number;
}

/**
 * Which generation each file was. A plain file keeps its inode through renames, so it is matched
 * by inode (the newest generation with it, as inodes are reused after a delete). A compressed
 * file is a new inode: it is matched by its age, counted from a plain file matched by inode
 * (file.N is N generations before the live file; the live file may be missing when the last
 * rotation came after the last record). Null: the file was never seen as the live file.
 */
export function lifetimes(files: SetFile[], gens: Generation[]): Map<string, Lifetime | null> {
  const byInode = (f: SetFile): number => {
    for (let i = gens.length - 1; i >= 0; i--) if (gens[i].ino === f.ino) return i;
    return -1;
  };
  // Generation index of age 0 (the live name), from the youngest plain file found among the generations.
  let liveIndex = gens.length - 1;
  for (const f of [...files].reverse()) {
    const i = f.gz ? -1 : byInode(f);
    if (i >= 0) {
      liveIndex = i + f.age;
      break;
    }
  }
  const result = new Map<string, Lifetime | null>();
  for (const f of files) {
    const i = f.gz ? liveIndex - f.age : byInode(f);
    const gen = i >= 0 ? gens[i] : undefined;
    result.set(f.path, gen === undefined ? null : { from: gen.from, to: gen.to });
  }
  return result;
}

/** A file never seen as the live file holds only misplaced lines. */
export function isMisplaced(time: number, life: Lifetime | null | undefined): boolean {
  if (life === null || life === undefined || Number.isNaN(time)) return true;
  return time > life.to + PLACEMENT_SLACK_MS;
}
