/** Winston level name -> RFC 5424 severity. */
import type { Severity } from './types';

/** RFC 5424 severity names (winston's syslog levels use the same), plus `warn` as an alias. */
export const SEVERITIES: Readonly<Record<string, Severity>> = Object.freeze({
  emerg: 0,
  alert: 1,
  crit: 2,
  error: 3,
  warning: 4,
  warn: 4,
  notice: 5,
  info: 6,
  debug: 7,
});

/**
 * Built-in levels of winston's syslog, npm and cli sets. They agree wherever names overlap, so
 * one table serves all three.
 */
const WINSTON_LEVELS: Readonly<Record<string, Severity>> = Object.freeze({
  ...SEVERITIES,
  http: 6,
  verbose: 7,
  silly: 7,
  help: 6,
  data: 6,
  prompt: 6,
  input: 6,
});

export type LevelMapper = (level: string) => Severity;

// winston's colorize() wraps info.level in SGR sequences such as "\x1b[32minfo\x1b[39m".
const SGR = /\x1b\[[0-9;]*m/g;

function severityOf(value: unknown): Severity | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= 7 ? (value as Severity) : undefined;
  }
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(SEVERITIES, value)) return SEVERITIES[value];
  return undefined;
}

function invalid(option: string, detail: string): TypeError {
  return new TypeError(`winston-rfc5424: option "${option}" ${detail}`);
}

const EXPECTED = 'a severity 0..7 or one of emerg, alert, crit, error, warning, warn, notice, info, debug';

/**
 * Build the level -> severity function once.
 * @param custom level name -> severity (number 0..7 or name); overrides the built-in table.
 *   Errors name the option `levelMap`.
 * @param unknown severity for levels found nowhere (default 6, info); errors name `defaultSeverity`.
 *   An unknown level never throws at log time.
 */
export function createLevelMapper(custom?: Record<string, number | string>, unknown: Severity | string = 6): LevelMapper {
  const table = new Map<string, Severity>(Object.entries(WINSTON_LEVELS));
  if (custom !== undefined) {
    if (custom === null || typeof custom !== 'object' || Array.isArray(custom)) {
      throw invalid('levelMap', 'must be an object of level name -> severity');
    }
    for (const [name, value] of Object.entries(custom)) {
      const severity = severityOf(value);
      if (severity === undefined) throw invalid('levelMap', `has level "${name}" = ${String(value)}; expected ${EXPECTED}`);
      table.set(name, severity);
    }
  }
  const fallback = severityOf(unknown);
  if (fallback === undefined) throw invalid('defaultSeverity', `is ${String(unknown)}; expected ${EXPECTED}`);

  // Most records of a burst share their level: comparing with the last one (a pointer compare
  // for winston's level strings) spares a Map lookup.
  let lastLevel: string | undefined;
  let lastSeverity: Severity = fallback;
  return (level: string): Severity => {
    if (level === lastLevel) return lastSeverity;
    const direct = table.get(level);
    if (direct !== undefined) {
      lastLevel = level;
      lastSeverity = direct;
      return direct;
    }
    if (typeof level === 'string' && level.includes('\x1b')) {
      const plain = table.get(level.replace(SGR, ''));
      if (plain !== undefined) return plain;
    }
    return fallback;
  };
}
