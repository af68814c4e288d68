/**
 * The states a trader must see, as the current-API session reports them through the port, against
 * the sandbox over real sockets: a session expired for good (dead refresh token) and a missing
 * scope, each for that credential's accounts only; rate limited with until when (the server's 429
 * and the app's own request budget); a token renewal shown as `refreshing` without ever leaving
 * `online` or dropping a balance.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { BackendView } from '../../main/core/backend/port';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { patHeaders } from './oauth-helpers';
import {
  accountsOf,
  aliceIds,
  control,
  grantOf,
  type Harness,
  leakedSecrets,
  makeSession,
  oauthCredential,
  patCredential,
  waitFor,
} from './session-helpers';

describe('current-API session: the states on screen', () => {
  let sb: SandboxHandle;
  const harnesses: Harness[] = [];
  const make = (extra: Parameters<typeof makeSession>[1] = {}) => {
    const h = makeSession(sb, extra);
    harnesses.push(h);
    return h;
  };
  const noLeak = (h: Harness) =>
    expect(leakedSecrets(sb, [JSON.stringify(h.views), JSON.stringify(h.logs)])).toEqual([]);
  beforeAll(async () => {
    sb = await startSandbox({ seed: 41 });
  });
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.session.close()));
    await control(sb, 'limits', { restPerUserPerMinute: 80, accessTokenTtlSec: 3600, refreshTokenTtlSec: 1_000_000 });
  });
  afterAll(() => sb.close());

  it('a dead refresh token: "session expired" for that credential’s accounts only; the PAT’s accounts stay live', async () => {
    // Tokens minted now: the access token lives 6 s, the refresh token 5 s, so the refresh due
    // ahead of expiry (at most 0.5 s ahead) meets a refresh token the server no longer accepts.
    // Five seconds leave the login's own code exchange time to finish on a loaded machine.
    await control(sb, 'limits', { accessTokenTtlSec: 6, refreshTokenTtlSec: 5 });
    const alice = await oauthCredential(sb);
    await control(sb, 'limits', { accessTokenTtlSec: 3600, refreshTokenTtlSec: 1_000_000 });
    const ids = aliceIds(sb);
    const bobs = sb.newApi.users[1]!.accounts[0]!.account_id;
    const h = make({ timing: { refreshLeadMs: 500 } });
    await h.session.start([grantOf([ids.demo, ids.usd], alice), grantOf([bobs], patCredential(sb, 1))], bobs);
    await waitFor(() => h.session.snapshot().refused.length === 2, 'alice’s accounts refused');
    const view = h.session.snapshot();
    expect(view.refused).toEqual([ids.demo, ids.usd]);
    expect(view.refusals).toEqual({
      [ids.demo]: { reason: 'session_expired', scope: null },
      [ids.usd]: { reason: 'session_expired', scope: null },
    });
    expect(view.authorized).toEqual([bobs]);
    expect(view.connection.status).toBe('online');
    expect(view.refreshing).toBe(false);
    expect(h.renewed).toEqual([]);
    expect(() => h.session.switchAccount(ids.usd)).toThrow(expect.objectContaining({ code: 'account_needs_login' }));
    noLeak(h);
  });

  it('a credential without the trade scope: "scope missing: trade" for its accounts; the others open', async () => {
    const ids = aliceIds(sb);
    const bob = sb.newApi.users[1]!.accounts.filter((a) => a.status === 'active').map((a) => a.account_id);
    const h = make();
    const view = await h.session.start(
      [
        ...accountsOf([ids.demo, ids.usd], patCredential(sb)),
        ...accountsOf(bob, await oauthCredential(sb, 'payment', 1)),
      ],
      ids.demo,
    );
    expect(view.connection.status).toBe('online');
    const now = h.session.snapshot();
    expect(now.refused).toEqual(bob);
    expect(now.refusals).toEqual(
      Object.fromEntries(bob.map((id) => [id, { reason: 'scope_missing', scope: 'trade' }])),
    );
    expect(now.authorized).toEqual([ids.demo, ids.usd]);
    noLeak(h);
  });

  it('a PAT-only session without the scope: start fails, and the view still says which scope', async () => {
    const ids = aliceIds(sb);
    const h = make();
    await expect(h.session.start(accountsOf([ids.demo], await oauthCredential(sb, 'payment')))).rejects.toMatchObject({
      code: 'all_credentials_refused',
    });
    expect(h.session.snapshot().refusals).toEqual({ [ids.demo]: { reason: 'scope_missing', scope: 'trade' } });
  });

  /** A wake or "network back" while rate limited brings nothing forward: no request, the same state. */
  async function expectWakeChangesNothing(h: Harness): Promise<void> {
    const before = h.session.snapshot().connection;
    const hits = sb.httpHits().length;
    for (const signal of ['resume', 'online', 'unlock'] as const) h.session.osSignal(signal);
    await new Promise((r) => setImmediate(r));
    expect(h.session.snapshot().connection).toEqual(before);
    expect(sb.httpHits().slice(hits)).toEqual([]);
  }

  it('429 from the server: "rate limited" until the Retry-After time, nothing refused', async () => {
    await control(sb, 'limits', { restPerUserPerMinute: 1 });
    const ids = aliceIds(sb);
    const h = make();
    // The one request of the minute is spent by the list; the OTP gets 429.
    const started = h.session.start(accountsOf([ids.demo], patCredential(sb)));
    const asked = Date.now();
    await waitFor(() => h.session.snapshot().connection.status === 'rate_limited', 'rate limited');
    const c = h.session.snapshot().connection;
    if (c.status !== 'rate_limited') throw new Error('unreachable');
    expect(c.until).toBeGreaterThan(asked + 1_000);
    expect(c.attempt).toBeGreaterThanOrEqual(1);
    expect(h.session.snapshot().refused).toEqual([]);
    // The waiting is a state of its own, never shown as reconnecting with an error.
    expect(h.views.some((v) => v.connection.status === 'reconnecting')).toBe(false);
    await h.session.close();
    await expect(started).rejects.toMatchObject({ code: 'closed' });
    noLeak(h);
  });

  it('429 on the first account list: "rate limited" from the start, until the Retry-After time', async () => {
    await control(sb, 'limits', { restPerUserPerMinute: 1 });
    // Bob's PAT spends its one request of the minute (if earlier tests have not) before the session asks.
    const spent = await fetch(`${sb.newApi.restUrl}/trading/v1/options/accounts`, { headers: patHeaders(sb, 1) });
    expect([200, 429]).toContain(spent.status);
    const bobs = sb.newApi.users[1]!.accounts[0]!.account_id;
    const h = make();
    const asked = Date.now();
    const started = h.session.start(accountsOf([bobs], patCredential(sb, 1)));
    await waitFor(() => h.session.snapshot().connection.status === 'rate_limited', 'rate limited listing');
    const c = h.session.snapshot().connection;
    if (c.status !== 'rate_limited') throw new Error('unreachable');
    expect(c.until).toBeGreaterThan(asked + 1_000);
    expect(h.session.snapshot().refused).toEqual([]);
    expect(h.session.snapshot().authorized).toEqual([]);
    await expectWakeChangesNothing(h);
    await h.session.close();
    await expect(started).rejects.toMatchObject({ code: 'closed' });
    noLeak(h);
  });

  it('the app’s own request budget spent: "rate limited" before asking the server, until a slot frees', async () => {
    const ids = aliceIds(sb);
    // One request a minute: the first listing takes it, the OTP waits for the budget.
    const h = make({ timing: { restBudgetPerMinute: 1 } });
    const hitsBefore = sb.httpHits().length;
    const started = h.session.start(accountsOf([ids.demo], patCredential(sb)));
    const asked = Date.now();
    await waitFor(() => h.session.snapshot().connection.status === 'rate_limited', 'rate limited by the budget');
    const c = h.session.snapshot().connection;
    if (c.status !== 'rate_limited') throw new Error('unreachable');
    expect(c.until).toBeGreaterThan(asked + 30_000);
    // Only the listing reached the server: the OTP request never left.
    const otps = sb
      .httpHits()
      .slice(hitsBefore)
      .filter((x) => x.path.endsWith('/otp'));
    expect(otps).toEqual([]);
    await expectWakeChangesNothing(h);
    await h.session.close();
    await expect(started).rejects.toMatchObject({ code: 'closed' });
  });

  it('a token renewal: `refreshing` while it runs, online throughout, balances kept, then renewed', async () => {
    await control(sb, 'limits', { accessTokenTtlSec: 4 });
    const credential = await oauthCredential(sb);
    await control(sb, 'limits', { accessTokenTtlSec: 3600 });
    // The token endpoint's answer is held until released, so the renewal is seen in flight.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const gated: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/oauth2/token')) await held;
      return fetch(input, init);
    };
    const ids = aliceIds(sb);
    const h = make({ fetch: gated, timing: { refreshLeadMs: 3_000 } });
    await h.session.start(accountsOf([ids.demo, ids.usd], credential), ids.demo);
    await waitFor(() => h.session.snapshot().balances[ids.demo] !== undefined, 'a balance');
    await waitFor(() => h.session.snapshot().refreshing === true, 'the renewal in flight');
    const during = h.session.snapshot();
    expect(during.connection.status).toBe('online');
    expect(during.balances[ids.demo]).toEqual(expect.any(String));
    release();
    await waitFor(() => h.renewed.length === 1 && h.session.snapshot().refreshing === false, 'renewed');
    const firstOnline = h.views.findIndex((v) => v.connection.status === 'online');
    const afterOnline: BackendView[] = h.views.slice(firstOnline);
    // From the first time online on, no view left online or lost the balance: no visible interruption.
    expect(afterOnline.every((v) => v.connection.status === 'online')).toBe(true);
    expect(afterOnline.filter((v) => v.refreshing).length).toBeGreaterThanOrEqual(1);
    expect(h.session.snapshot().refused).toEqual([]);
    noLeak(h);
  });
});
