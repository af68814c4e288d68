/**
 * `GrantRenewals` at its edges (the main cases are in grant-renewals.test.ts): a credential with no
 * refresh token is never joined to another's refresh nor taken for a rotated one, and a refresh
 * whose grant was logged in again meanwhile (another refresh token, or a PAT) does not touch it.
 */
import { describe, expect, it } from 'vitest';

import { GrantRenewals } from '../../main/core/backend/grant-renewals';
import type { Credential, OAuthCredential } from '../../main/core/backend/port';

const oauth = (n: number, refreshToken: string | null = `r${n}`): OAuthCredential => ({
  kind: 'oauth',
  accessToken: `a${n}`,
  refreshToken,
  expiresAt: n,
});

function ledger(initial: Record<string, Credential>) {
  const held = new Map(Object.entries(initial));
  const told: [string, OAuthCredential][] = [];
  const renewals = new GrantRenewals({
    credentialOf: (id) => held.get(id) ?? null,
    renewed: (id, credential) => {
      told.push([id, credential]);
      if (held.has(id)) held.set(id, credential);
    },
  });
  return { held, told, renew: renewals.renew };
}

describe('GrantRenewals at its edges', () => {
  it('without a refresh token: each call is its own exchange, never an adoption of what the grant holds', async () => {
    const { renew } = ledger({ g1: oauth(1) });
    let requests = 0;
    const run = async () => {
      requests++;
      return oauth(10 + requests);
    };
    const [a, b] = await Promise.all([renew('g1', oauth(0, null), run), renew('g1', oauth(0, null), run)]);
    expect(requests).toBe(2);
    expect([a.accessToken, b.accessToken].sort()).toEqual(['a11', 'a12']);
  });

  it('a grant logged in again with a PAT while its refresh ran: the answer is not written over it', async () => {
    const pat: Credential = { kind: 'pat', token: `pat_${'c'.repeat(64)}`, appId: '1089' };
    const { held, told, renew } = ledger({ g1: oauth(1) });
    let finish!: (c: OAuthCredential) => void;
    const late = renew('g1', oauth(1), () => new Promise<OAuthCredential>((r) => (finish = r)));
    held.set('g1', pat);
    finish(oauth(2));
    expect(await late).toEqual(oauth(2));
    expect(held.get('g1')).toEqual(pat);
    expect(told).toEqual([]);
  });
});
