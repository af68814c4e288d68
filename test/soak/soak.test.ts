/**
 * The chaos soak (soak/) can pass and can fail: a short run on both APIs ends with no violation
 * after real faults and restarts, and a run with a violation planted on purpose (a secret written
 * to a log line; an account dropped across a restart) is caught and would exit non-zero.
 */
import { describe, expect, it } from 'vitest';

import { runSoak } from '../../soak/soak';

// Each run: a warm-up login on both APIs, ~10 s of faults, convergence, a settle for the sockets.
const RUN_TIMEOUT_MS = 180_000;

describe('chaos soak', () => {
  it(
    'a short soak on both APIs: faults and restarts happen, the leak scan reads real output, no violation',
    async () => {
      const r = await runSoak({ minutes: 0.2, seed: 11 });
      expect(r.violations).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.faults).toBeGreaterThan(3);
      expect(r.restarts).toBeGreaterThan(0);
      expect(r.scanned.states).toBeGreaterThan(10);
      expect(r.scanned.files).toBeGreaterThan(0);
      expect(r.scanned.secrets).toBeGreaterThan(5);
      expect(r.line).toMatch(/^soak: 0\.2 min, \d+ faults, \d+ restarts, .*, 0 violations, heap [+-]\d+ KiB/);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'a secret planted in a log line is caught: a leak violation without the secret, exit code 1',
    async () => {
      const r = await runSoak({ minutes: 0.05, seed: 12, plant: 'leak' });
      expect(r.exitCode).toBe(1);
      expect(r.violations).toContainEqual(expect.stringMatching(/^leak: a secret \(\w+\) in a log line$/));
      expect(r.line).toMatch(/, [1-9]\d* violations,/);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'an account dropped across a restart is caught: an accounts violation naming it, exit code 1',
    async () => {
      const r = await runSoak({ minutes: 0.1, seed: 13, plant: 'lose-account' });
      expect(r.restarts).toBeGreaterThan(0);
      expect(r.exitCode).toBe(1);
      expect(r.violations).toContainEqual(
        expect.stringMatching(/^accounts: (legacy|current) restart #\d+: lost \w+ \(live\)/),
      );
    },
    RUN_TIMEOUT_MS,
  );
});
