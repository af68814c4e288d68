/**
 * The sandbox's records (messages, HTTP hits, grants, OTP requests …) are for tests, but the same
 * sandbox runs inside the app in demo mode for as long as the app runs: each record keeps only its
 * newest entries, far more than any test reads.
 */
export const RECORD_LIMIT = 20_000;

/** Appends `entry` to `log`, dropping its oldest entries beyond `limit`. */
export function appendBounded<T>(log: T[], entry: T, limit = RECORD_LIMIT): void {
  log.push(entry);
  if (log.length > limit) log.splice(0, log.length - limit);
}
