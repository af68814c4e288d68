/**
 * The registry that keeps a refresh token from being sent twice: joins the refresh running for a
 * token, answers a spent token with what its refresh gave (following a chain of rotations),
 * forgets a failed refresh so it can be retried, and remembers a bounded number of rotations.
 */
import { describe, expect, it } from 'vitest';

import type { OAuthCredential } from '../../main/core/current-api/credential-refresher';
import { RefreshRotations } from '../../main/core/current-api/refresh-rotations';

const oauth = (n: number, refreshToken: string | null = `r${n}`): OAuthCredential => ({
  kind: 'oauth',
  accessToken: `a${n}`,
  refreshToken,
  expiresAt: n,
});

describe('RefreshRotations', () => {
  it('joins the refresh running for a token, then answers the spent token without a request', async () => {
    const rotations = new RefreshRotations();
    let runs = 0;
    let finish!: (c: OAuthCredential) => void;
    const run = () => {
      runs++;
      return new Promise<OAuthCredential>((resolve) => (finish = resolve));
    };
    const first = rotations.rotate('r1', run);
    const joined = rotations.rotate('r1', run);
    finish(oauth(2));
    expect(await first).toEqual(oauth(2));
    expect(await joined).toEqual(oauth(2));
    expect(await rotations.rotate('r1', run)).toEqual(oauth(2));
    expect(runs).toBe(1);
    // A later rotation of the new token: the oldest token leads to the newest credential.
    expect(await rotations.rotate('r2', async () => oauth(3))).toEqual(oauth(3));
    expect(rotations.successor('r1')).toEqual(oauth(3));
  });

  it('a failed refresh is forgotten (the next one is a request); an answer keeping the token spends nothing', async () => {
    const rotations = new RefreshRotations();
    await expect(rotations.rotate('r1', () => Promise.reject(new Error('network')))).rejects.toThrow('network');
    expect(await rotations.rotate('r1', async () => oauth(2, 'r1'))).toEqual(oauth(2, 'r1'));
    expect(rotations.successor('r1')).toBeNull();
    expect(await rotations.rotate('r1', async () => oauth(3, 'r1'))).toEqual(oauth(3, 'r1'));
  });

  it('forgets a rotation after a while: no spent token kept in memory for nothing', async () => {
    let now = 0;
    const rotations = new RefreshRotations(64, () => now, 1_000);
    await rotations.rotate('r1', async () => oauth(2));
    now = 999;
    expect(rotations.successor('r1')).toEqual(oauth(2));
    now = 1_000;
    expect(rotations.successor('r1')).toBeNull();
  });

  it('remembers only the last rotations', async () => {
    const rotations = new RefreshRotations(2);
    for (const n of [1, 2, 3]) await rotations.rotate(`x${n}`, async () => oauth(n, `y${n}`));
    expect(rotations.successor('x1')).toBeNull();
    expect(rotations.successor('x2')).toEqual(oauth(2, 'y2'));
    expect(rotations.successor('x3')).toEqual(oauth(3, 'y3'));
  });
});
