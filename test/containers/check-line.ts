/**
 * One line per check of the container tier, "[pass] LABEL: WHAT" or "[FAIL] LABEL: WHAT".
 * .ci/containers.sh counts these prefixes. Not TAP's "ok - ...": CI reads known runners' formats,
 * and a line that looks like one of them must not be taken for that runner's output.
 */
export const PASS_PREFIX = '[pass]';
export const FAIL_PREFIX = '[FAIL]';

/** Returns a check function that prints a line and counts the failures in `failures()`. */
export function checker(label: string): { check: (ok: boolean, what: string) => void; failures: () => number } {
  let failed = 0;
  return {
    check(ok, what) {
      process.stdout.write(`${ok ? PASS_PREFIX : FAIL_PREFIX} ${label}: ${what}\n`);
      if (!ok) failed++;
    },
    failures: () => failed,
  };
}
