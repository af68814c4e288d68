/**
 * The one guard on the renewal path (`GrantRenewals`): a refresh token is sent at most once, the
 * renewed grant replaces that one grant by its id, and only while it still holds the token the
 * refresh spent. It joins the refresh running for a token, adopts what a grant already holds after
 * a rotation (no request), forgets a failed refresh so it can be retried, lets an answer that kept
 * the same refresh token be used again, and keeps nothing spent beyond the refresh in flight.
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

/** A ledger like main's held grants: each grant's credential now, and every renewal told. */
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
  return { held, told, renew: renewals.renew, renewals };
}

/** An exchange that answers when told to, counting its requests. */
function exchange() {
  let requests = 0;
  let finish!: (c: OAuthCredential) => void;
  let fail!: (e: Error) => void;
  const run = () => {
    requests++;
    return new Promise<OAuthCredential>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { run, requests: () => requests, finish: (c: OAuthCredential) => finish(c), fail: (e: Error) => fail(e) };
}

describe('GrantRenewals', () => {
  it('joins the refresh running for a token; the grant is replaced once, by its id', async () => {
    const { held, told, renew } = ledger({ g1: oauth(1), g2: oauth(9) });
    const x = exchange();
    const first = renew('g1', oauth(1), x.run);
    const joined = renew('g1', oauth(1), x.run);
    x.finish(oauth(2));
    expect(await first).toEqual(oauth(2));
    expect(await joined).toEqual(oauth(2));
    expect(x.requests()).toBe(1);
    expect(told).toEqual([['g1', oauth(2)]]);
    // The other grant is untouched.
    expect(held.get('g2')).toEqual(oauth(9));
  });

  it('a holder still at a spent token adopts what the grant holds now, without a request', async () => {
    const { told, renew } = ledger({ g1: oauth(1) });
    await renew('g1', oauth(1), async () => oauth(2));
    // A holder built from the old credential (a backend restarted or replaced meanwhile).
    let requests = 0;
    const adopted = await renew('g1', oauth(1), async () => {
      requests++;
      return oauth(99);
    });
    expect(adopted).toEqual(oauth(2));
    expect(requests).toBe(0);
    // A later rotation follows the grant: R1 → R2 → R3, the oldest token leads to the newest.
    await renew('g1', oauth(2), async () => oauth(3));
    expect(await renew('g1', oauth(1), async () => oauth(99))).toEqual(oauth(3));
    expect(told.map(([, c]) => c.refreshToken)).toEqual(['r2', 'r3']);
  });

  it('a failed refresh is forgotten (the next one is a request); an answer keeping the token may be used again', async () => {
    const { held, renew } = ledger({ g1: oauth(1) });
    await expect(renew('g1', oauth(1), () => Promise.reject(new Error('network')))).rejects.toThrow('network');
    expect(held.get('g1')).toEqual(oauth(1));
    expect(await renew('g1', oauth(1), async () => oauth(2, 'r1'))).toEqual(oauth(2, 'r1'));
    // The token was not spent (the answer kept it): the grant refreshes with it again.
    let requests = 0;
    await renew('g1', oauth(2, 'r1'), async () => {
      requests++;
      return oauth(3, 'r1');
    });
    expect(requests).toBe(1);
    expect(held.get('g1')).toEqual(oauth(3, 'r1'));
  });

  it('a late answer is not applied where the grant holds another token now, nor brings back a grant logged out', async () => {
    const { held, told, renew } = ledger({ g1: oauth(1), g2: oauth(5) });
    const x = exchange();
    const late = renew('g1', oauth(1), x.run);
    // Meanwhile the grant was renewed another way (its ledger moved on).
    held.set('g1', oauth(7));
    x.finish(oauth(2));
    expect(await late).toEqual(oauth(2));
    expect(held.get('g1')).toEqual(oauth(7));
    expect(told).toEqual([]);

    const y = exchange();
    const gone = renew('g2', oauth(5), y.run);
    held.delete('g2'); // logged out while its refresh ran
    y.finish(oauth(6));
    await gone;
    expect(held.has('g2')).toBe(false);
  });

  it('settled() waits for every refresh in flight (the quit waits on it), the ledger told first; at once when none', async () => {
    const renewals = new GrantRenewals({ credentialOf: () => null, renewed: () => told.push('renewed') });
    const told: string[] = [];
    await renewals.settled();
    const x = exchange();
    const y = exchange();
    void renewals.renew('g1', oauth(1), x.run);
    void renewals.renew('g2', oauth(1, 'r9'), y.run).catch(() => undefined);
    const settled = renewals.settled().then(() => told.push('settled'));
    x.finish(oauth(2));
    await Promise.resolve();
    expect(told).toEqual(['renewed']);
    y.fail(new Error('network'));
    await settled;
    expect(told).toEqual(['renewed', 'settled']);
  });

  it('settled() waits for a refresh that ends a macrotask later (an answer off the network), not spinning on microtasks', async () => {
    const renewals = new GrantRenewals({ credentialOf: () => null, renewed: () => undefined });
    let answered = false;
    void renewals.renew(
      'g1',
      oauth(1),
      () =>
        new Promise<OAuthCredential>((resolve) =>
          setTimeout(() => {
            answered = true;
            resolve(oauth(2));
          }, 5),
        ),
    );
    await renewals.settled();
    expect(answered).toBe(true);
  });

  it('a forgotten refresh that settles late leaves alone the slot of a later refresh of that token: a third caller joins it', async () => {
    const { renew, renewals } = ledger({ g1: oauth(1) });
    const first = exchange();
    void renew('g1', oauth(1), first.run);
    expect(renewals.forget('g1')).toHaveLength(1);
    const second = exchange();
    const b = renew('g1', oauth(1), second.run);
    first.finish(oauth(2));
    await new Promise((r) => setImmediate(r));
    const third = exchange();
    const c = renew('g1', oauth(1), third.run);
    expect(c).toBe(b);
    expect(third.requests()).toBe(0);
    second.finish(oauth(3));
    await expect(c).resolves.toEqual(oauth(3));
  });

  it('keeps nothing spent: once a refresh is over, only the grant holds its token (a grant unknown refreshes again)', async () => {
    const { renew } = ledger({});
    let requests = 0;
    const run = async () => {
      requests++;
      return oauth(2);
    };
    await renew('gone', oauth(1), run);
    await renew('gone', oauth(1), run);
    expect(requests).toBe(2);
    // In memory (a backend built without main's): the session's own ledger follows its grants.
    const own = GrantRenewals.inMemory();
    await own.renew('g1', oauth(1), async () => oauth(2));
    expect(await own.renew('g1', oauth(1), async () => oauth(99))).toEqual(oauth(2));
  });

  it('a grant logged out is forgotten: a refresh of it in flight renews nothing (the ledger is not told, nobody joins it) and is handed to the caller, whose token it revokes', async () => {
    const { told, renew, renewals } = ledger({ g1: oauth(1), g2: oauth(9) });
    const x = exchange();
    const inFlight = renew('g1', oauth(1), x.run);
    const other = exchange();
    void renew('g2', oauth(9), other.run);
    expect(renewals.renewing('g1')).toBe(true);
    const late = renewals.forget('g1');
    expect(late).toHaveLength(1);
    expect(renewals.renewing('g1')).toBe(false);
    // The other grant's refresh is still its own.
    expect(renewals.renewing('g2')).toBe(true);
    // A holder presenting the same token again (a login again) sends a new request, not joined to the dead one.
    const y = exchange();
    void renew('g1', oauth(1), y.run);
    expect(y.requests()).toBe(1);
    x.finish(oauth(2));
    expect(await inFlight).toEqual(oauth(2));
    expect(await late[0]).toEqual(oauth(2));
    expect(told).toEqual([]);
  });

  it('forgetting a grant drops what an in-memory ledger keeps of its renewed tokens', async () => {
    const renewals = GrantRenewals.inMemory();
    const x = exchange();
    const renewed = renewals.renew('g1', oauth(1), x.run);
    x.finish(oauth(2));
    await renewed;
    // Renewed and kept: a later holder with the spent token adopts it without a request.
    const y = exchange();
    expect(await renewals.renew('g1', oauth(1), y.run)).toEqual(oauth(2));
    expect(y.requests()).toBe(0);
    expect(renewals.forget('g1')).toEqual([]);
    // Forgotten: nothing of it is kept, so nothing is adopted (the spent token goes to the server, which refuses it).
    const z = exchange();
    void renewals.renew('g1', oauth(1), z.run);
    expect(z.requests()).toBe(1);
  });
});

/*
 * At its edges: a credential with no refresh token is never joined to another's refresh nor taken
 * for a rotated one, and a refresh whose grant was logged in again meanwhile (another refresh
 * token, or a PAT) does not touch it.
 */
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
