/**
 * Where children load the transport from: this checkout's build, or another build given with
 * --lib (e.g. a patched copy) so that a change can be measured against the same ceiling.
 */
import { resolve } from 'path';
import type * as Lib from '../lib';

export function loadLib(libDir?: string): typeof Lib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(libDir ? resolve(libDir) : '../lib') as typeof Lib;
}
