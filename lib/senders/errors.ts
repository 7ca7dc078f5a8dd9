import { getSystemErrorName } from 'util';

/** An Error with a Node-style string `code`, so users can match ENOENT/EACCES as with node's own sockets. */
export function socketError(code: string, syscall: string, target: string): NodeJS.ErrnoException {
  const error = new Error(`${syscall} ${code} ${target}`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  return error;
}

/** unix-dgram reports errors as negative errno numbers; give them their names. */
export function errnoName(errno: unknown): string {
  return typeof errno === 'number' && errno < 0 ? getSystemErrorName(errno) : String(errno);
}
