/** The sandbox's records keep their newest entries only: the sandbox also runs for days inside the app (demo mode). */
import { describe, expect, it } from 'vitest';

import { appendBounded, RECORD_LIMIT } from '../../sandbox/bounded-log';

describe('appendBounded', () => {
  it('keeps the newest entries up to the limit, in order', () => {
    const log: number[] = [];
    for (let i = 1; i <= 5; i++) appendBounded(log, i, 3);
    expect(log).toEqual([3, 4, 5]);
  });

  it('by default keeps far more than a test reads, and no more', () => {
    const log: number[] = [];
    for (let i = 0; i < RECORD_LIMIT + 10; i++) appendBounded(log, i);
    expect(log.length).toBe(RECORD_LIMIT);
    expect(log[0]).toBe(10);
    expect(log.at(-1)).toBe(RECORD_LIMIT + 9);
  });
});
