/** RFC 5424 section 6.2.1 facility codes by name. */

/**
 * Facility name -> code. The names are the ones rsyslog and logger(1) use; `audit`, `alert` and
 * `clock` are common aliases of 13, 14 and 15, which RFC 5424 only describes ("log audit",
 * "log alert", "clock daemon").
 */
export const FACILITIES: Readonly<Record<string, number>> = Object.freeze({
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  ntp: 12,
  security: 13,
  audit: 13,
  console: 14,
  alert: 14,
  'solaris-cron': 15,
  clock: 15,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
});

/** A facility name, or a code 0..23. */
export type Facility = number | string;

/** The facility code for a name or code, or undefined when it is neither. */
export function facilityCode(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 23 ? value : undefined;
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(FACILITIES, value)) return FACILITIES[value];
  return undefined;
}
