import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { positionFromDetails, triageTokens } from '../../main/core/legacy-api/token-triage';
import { MAX_ACCOUNTS_PER_SOCKET } from '../../main/core/model';
import { DerivApiError, SessionError } from '../../main/core/socket/errors';

/**
 * A fake Deriv `authorize` over a list of candidates: refuses the whole call when any is bad,
 * naming the first bad one's position when `hint` is on (as Deriv does), or not.
 */
function fakeAuthorize(bad: Set<number>, disabled: Set<number>, hint: boolean) {
  const calls: number[][] = [];
  const authorize = async (list: number[]) => {
    calls.push(list);
    const culprit = list.findIndex((id) => bad.has(id) || disabled.has(id));
    if (culprit === -1) return { ok: list };
    const code = disabled.has(list[culprit]!) ? 'DisabledClient' : 'InvalidToken';
    throw new DerivApiError(
      code,
      'refused',
      'authorize',
      hint ? { tokens: `Token at position ${culprit} is invalid.` } : undefined,
    );
  };
  return { authorize, calls };
}

describe('triageTokens', () => {
  it('finds exactly the refused tokens, with or without Deriv’s position hint, and authorizes the rest together', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 26 }),
        fc.func(fc.constantFrom('good', 'bad', 'disabled')),
        fc.boolean(),
        async (ids, kindOf, hint) => {
          const bad = new Set(ids.filter((id) => kindOf(id) === 'bad'));
          const disabled = new Set(ids.filter((id) => kindOf(id) === 'disabled'));
          const good = ids.filter((id) => !bad.has(id) && !disabled.has(id));
          const { authorize, calls } = fakeAuthorize(bad, disabled, hint);
          const result = await triageTokens(ids, authorize);
          expect(result.accepted).toEqual(good);
          expect(result.response).toEqual(good.length > 0 ? { ok: good } : null);
          const refused = new Map(result.refused.map((r) => [r.account, r.error.code]));
          expect(new Set(refused.keys())).toEqual(new Set([...bad, ...disabled]));
          for (const id of disabled) expect(refused.get(id)).toBe('DisabledClient');
          // With the hint, one call per refused token plus the final one.
          if (hint) expect(calls.length).toBe(bad.size + disabled.size + (good.length > 0 ? 1 : 0));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('propagates errors that are not a token refusal (the connection retries)', async () => {
    const authorize = async () => {
      throw new DerivApiError('RateLimit', 'slow', 'authorize');
    };
    await expect(triageTokens([1, 2], authorize)).rejects.toMatchObject({ code: 'RateLimit' });
  });

  it('gives up on a server that refuses the set but accepts each token alone', async () => {
    const authorize = async (list: number[]) => {
      if (list.length > 1) throw new DerivApiError('InvalidToken', 'refused', 'authorize');
      return list;
    };
    await expect(triageTokens([1, 2, 3], authorize)).rejects.toMatchObject({ code: 'InvalidToken' });
  });

  it('stops when the connection is no longer wanted', async () => {
    const { authorize, calls } = fakeAuthorize(new Set([1]), new Set(), true);
    await expect(triageTokens([0, 1, 2], authorize, () => false)).rejects.toMatchObject({ code: 'InvalidToken' });
    expect(calls).toHaveLength(1);
  });
});

describe('triageTokens: its bounds', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('one round per token at most: MAX_ACCOUNTS_PER_SOCKET + 1 tokens all refused one by one are all settled', async () => {
    const all = ids(MAX_ACCOUNTS_PER_SOCKET + 1);
    const { authorize, calls } = fakeAuthorize(new Set(all), new Set(), true);
    const result = await triageTokens(all, authorize);
    expect(result).toMatchObject({ response: null, accepted: [] });
    expect(result.refused.map((r) => r.account)).toEqual(all);
    expect(calls).toHaveLength(all.length);
  });

  it('a server that goes on refusing past that bound: a typed timeout, not an endless loop', async () => {
    const all = ids(MAX_ACCOUNTS_PER_SOCKET + 3);
    const { authorize, calls } = fakeAuthorize(new Set(all), new Set(), true);
    const error = await triageTokens(all, authorize).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toMatchObject({ code: 'timeout', message: 'Could not settle which tokens are valid.' });
    expect(calls).toHaveLength(MAX_ACCOUNTS_PER_SOCKET + 1);
  });

  it('a probe that fails for another reason than the token (rate limit) propagates; no token is called refused for it', async () => {
    let probes = 0;
    const authorize = async (list: number[]) => {
      if (list.length > 1) throw new DerivApiError('InvalidToken', 'refused', 'authorize'); // no hint
      probes += 1;
      throw new DerivApiError('RateLimit', 'slow down', 'authorize');
    };
    await expect(triageTokens([1, 2, 3], authorize)).rejects.toMatchObject({ code: 'RateLimit' });
    expect(probes).toBe(1);
  });
});

describe('positionFromDetails', () => {
  it('reads the whole number after "position", however spaced; only from a string', () => {
    const e = (tokens: unknown) => new DerivApiError('InvalidToken', 'x', 'authorize', { tokens });
    expect(positionFromDetails(e('Token at position 12 is invalid.'), 20)).toBe(12);
    expect(positionFromDetails(e('Token at position   4 is invalid.'), 20)).toBe(4);
    // A hint that is not a string (an array, an object) is no hint, even if it would print as one.
    expect(positionFromDetails(e(['Token at position 1 is invalid.']), 3)).toBeNull();
    expect(positionFromDetails(e({ toString: () => 'position 1' }), 3)).toBeNull();
  });

  it('reads Deriv’s hint only when it names a position within the list', () => {
    const e = (tokens: unknown) => new DerivApiError('InvalidToken', 'x', 'authorize', { tokens });
    expect(positionFromDetails(e('Token at position 2 is invalid.'), 3)).toBe(2);
    expect(positionFromDetails(e('Token at position 3 is invalid.'), 3)).toBeNull();
    expect(positionFromDetails(e(42), 3)).toBeNull();
    expect(positionFromDetails(e('nothing'), 3)).toBeNull();
    expect(positionFromDetails(e(undefined), 1)).toBe(0);
  });
});
