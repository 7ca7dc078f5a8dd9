/** Checks the paths to verify up front, so a typo fails before gigabytes are read. */
import { stat } from 'node:fs/promises';
import { VerifyInputError } from './errors';
import { orderOldestFirst } from './rotation-order';

/**
 * The files to read, oldest first. A file named twice (or through a link) is read once: reading it
 * again would report every record in it as a duplicate.
 */
export async function resolveInputs(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new VerifyInputError('no files to verify');
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new VerifyInputError(code === 'ENOENT' ? `${path}: no such file` : `${path}: ${(err as Error).message}`);
    }
    if (!info.isFile()) throw new VerifyInputError(`${path}: not a regular file`);
    const identity = `${info.dev}:${info.ino}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    unique.push(path);
  }
  return orderOldestFirst(unique);
}
