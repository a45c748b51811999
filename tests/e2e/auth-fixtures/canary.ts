/**
 * The canary secrets used by every authenticated-scanning test. Tests grep their artifacts
 * (results, logs, error messages, output files) for these and fail on any hit.
 */

/** The login password of all test hosts. */
export const CANARY_PASSWORD = 'Canary-PW-7f3e9a1c-zz';

/** The sudo/su password of the test hosts. */
export const CANARY_ELEVATION_PASSWORD = 'Canary-ELEV-51b2d0e8-qq';

/** Fails with the place when any canary occurs in `text`. */
export function assertNoCanary(text: string, where: string): void {
  for (const c of [CANARY_PASSWORD, CANARY_ELEVATION_PASSWORD]) {
    if (text.includes(c)) throw new Error(`a canary secret leaked into ${where}`);
  }
}
