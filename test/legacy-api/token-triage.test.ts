import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { positionFromDetails, triageTokens } from '../../main/core/legacy-api/token-triage';
import { DerivApiError } from '../../main/core/socket/errors';

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

describe('positionFromDetails', () => {
  it('reads Deriv’s hint only when it names a position within the list', () => {
    const e = (tokens: unknown) => new DerivApiError('InvalidToken', 'x', 'authorize', { tokens });
    expect(positionFromDetails(e('Token at position 2 is invalid.'), 3)).toBe(2);
    expect(positionFromDetails(e('Token at position 3 is invalid.'), 3)).toBeNull();
    expect(positionFromDetails(e(42), 3)).toBeNull();
    expect(positionFromDetails(e('nothing'), 3)).toBeNull();
    expect(positionFromDetails(e(undefined), 1)).toBe(0);
  });
});
