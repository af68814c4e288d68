/** The socket's plumbing on its own: the backoff draw and the parsing of frames from the network. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { backoffDelay } from '../../main/core/socket/backoff';
import { errorOf, parseFrame } from '../../main/core/socket/connection';
import { MAX_TIMER_MS, systemClock } from '../../main/core/socket/ports';

describe('backoffDelay', () => {
  const policy = { baseMs: 250, capMs: 30_000 };

  it('stays within [ceiling/2, ceiling] with ceiling = min(cap, base·2^(n-1)) for any attempt and random', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 60));
        const d = backoffDelay(attempt, policy, () => r);
        return d >= Math.floor(ceiling / 2) && d <= ceiling;
      }),
    );
  });

  it('first retry is well under a second and every retry is capped', () => {
    expect(backoffDelay(1, policy, () => 1)).toBeLessThanOrEqual(250);
    expect(backoffDelay(50, policy, () => 1)).toBe(30_000);
  });

  it('jitter spreads clients dropped together', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75, 1].map((r) => backoffDelay(4, policy, () => r)));
    expect(delays.size).toBe(5);
  });

  it('survives nonsense attempts and random values', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (attempt, r) => {
        const d = backoffDelay(attempt as number, policy, () => r as number);
        return Number.isFinite(d) && d >= 125 && d <= 30_000;
      }),
    );
  });
});

describe('parseFrame', () => {
  it('never throws on arbitrary text and only accepts objects with a msg_type', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const m = parseFrame(text);
        return m === null || (typeof m.msg_type === 'string' && m.msg_type.length > 0);
      }),
    );
  });

  it('rejects the sandbox garbage frame, arrays, and non-integer req_id', () => {
    expect(parseFrame('{"msg_type": "balance", garbage')).toBeNull();
    expect(parseFrame('[{"msg_type":"ping"}]')).toBeNull();
    expect(parseFrame('{"msg_type":"ping","req_id":"1"}')).toBeNull();
    expect(parseFrame('{"msg_type":"ping","req_id":1.5}')).toBeNull();
    expect(parseFrame('{"msg_type":"ping","req_id":3,"ping":"pong"}')).toMatchObject({ req_id: 3 });
  });

  it('errorOf keeps code, message and details but never the echo (which may hold tokens)', () => {
    const e = errorOf({
      msg_type: 'authorize',
      echo_req: { authorize: 'a1-secret' },
      error: {
        code: 'InvalidToken',
        message: 'The token is invalid.',
        details: { tokens: 'Token at position 1 is invalid.' },
      },
    });
    expect(e?.code).toBe('InvalidToken');
    expect(e?.details).toEqual({ tokens: 'Token at position 1 is invalid.' });
    expect(JSON.stringify(e) + String(e?.message)).not.toContain('a1-secret');
    expect(errorOf({ msg_type: 'ping', ping: 'pong' })).toBeNull();
  });
});

describe('systemClock', () => {
  it('a wait longer than setTimeout keeps (a 30-day token’s renewal, expires_in 2591999) does not fire at once; it can be cleared', async () => {
    const fired: string[] = [];
    // Bare setTimeout would fire this at once (Node clamps a delay over 2^31 − 1 ms to 1 ms).
    const long = systemClock.setTimeout(() => fired.push('30 days'), 2_591_999_000 - 60_000);
    const cleared = systemClock.setTimeout(() => fired.push('cleared'), MAX_TIMER_MS + 1);
    systemClock.clearTimeout(cleared);
    // Timers fire in due order: by the time a 30 ms timer set after them fires, an overflowed one would have.
    await new Promise<void>((resolve) =>
      systemClock.setTimeout(() => {
        fired.push('30 ms');
        resolve();
      }, 30),
    );
    expect(fired).toEqual(['30 ms']);
    systemClock.clearTimeout(long);
  });
});
