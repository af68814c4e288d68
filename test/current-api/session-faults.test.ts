import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { Credential } from '../../main/core/backend/port';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { WsClient } from '../sandbox/ws-client';
import { otpUrl, patHeaders } from './oauth-helpers';
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

const online = (h: Harness) => h.session.snapshot().connection.status === 'online';

describe('current-API session: faults, recovery, credentials', () => {
  let sb: SandboxHandle;
  const harnesses: Harness[] = [];
  const clients: WsClient[] = [];
  const make = (extra: Parameters<typeof makeSession>[1] = {}) => {
    const h = makeSession(sb, extra);
    harnesses.push(h);
    return h;
  };
  beforeAll(async () => {
    sb = await startSandbox({ seed: 31 });
  });
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.session.close()));
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await control(sb, 'otp-fail', { on: false });
    await control(sb, 'limits', { restPerUserPerMinute: 80, socketsPerUser: 5, accessTokenTtlSec: 3600 });
  });
  afterAll(() => sb.close());

  it('all sockets dropped: each restored through a fresh OTP, its balance subscribed exactly once', async () => {
    const ids = aliceIds(sb);
    const h = make();
    await h.session.start(accountsOf([ids.demo, ids.usd, ids.btc], patCredential(sb)), ids.demo);
    h.session.switchAccount(ids.usd);
    await waitFor(() => online(h), 'usd');
    h.session.switchAccount(ids.btc);
    await waitFor(() => online(h), 'btc');
    // Online means open: the subscription left with it but may reach the server a little later;
    // counted before the drop, so that it is not taken for a restored one.
    const subscribed = (id: string) =>
      sb.newApiLog().frames.some((f) => f.accountId === id && f.request.balance === 1 && f.request.subscribe === 1);
    await waitFor(() => [ids.demo, ids.usd, ids.btc].every(subscribed), 'three subscriptions received');
    const upgradesBefore = sb.newApiLog().upgrades.length;
    const framesBefore = sb.newApiLog().frames.length;
    await control(sb, 'drop');
    await waitFor(() => h.views.some((v) => v.connection.status === 'reconnecting'), 'reconnecting seen');
    await waitFor(
      () => online(h) && h.session.openAccounts().every((id) => h.session.connectionsOf(id) === 2),
      'all three back',
    );
    // A barrier on each restored connection, not a pause: a ping sent through it now reaches the
    // server after every frame the restore sent on it (one connection's frames arrive in order).
    for (const id of [ids.demo, ids.usd, ids.btc]) {
      h.session.switchAccount(id);
      await waitFor(() => online(h), id);
      expect(await h.session.send({ ping: 1 })).toMatchObject({ ping: 'pong' });
    }
    const log = sb.newApiLog();
    const after = log.upgrades.slice(upgradesBefore);
    expect(after.map((u) => u.status)).toEqual([101, 101, 101]);
    expect(new Set(after.map((u) => u.accountId))).toEqual(new Set([ids.demo, ids.usd, ids.btc]));
    // No OTP was ever presented twice by the session.
    const otps = log.upgrades.map((u) => u.otp);
    expect(new Set(otps).size).toBe(otps.length);
    const subs = log.frames.slice(framesBefore).filter((f) => f.request.balance === 1 && f.request.subscribe === 1);
    expect(subs.map((f) => f.accountId).sort()).toEqual([ids.demo, ids.usd, ids.btc].sort());
    expect(new Set(subs.map((f) => f.connectionId)).size).toBe(3);
    // Balances still live after the restore.
    await control(sb, 'balance', { account_id: ids.btc, balance: 0.25 });
    await waitFor(() => h.session.snapshot().balances[ids.btc] === '0.25', 'live btc after restore');
  });

  it('the OTP endpoint failing: reconnecting (session kept), then recovering once it works again', async () => {
    const ids = aliceIds(sb);
    const h = make();
    await h.session.start(accountsOf([ids.demo, ids.usd], patCredential(sb)), ids.demo);
    await control(sb, 'otp-fail', { on: true });
    await control(sb, 'drop');
    await waitFor(() => {
      const c = h.session.snapshot().connection;
      return c.status === 'reconnecting' && c.attempt >= 2 && /500/.test(c.lastError ?? '');
    }, 'retrying with the 500');
    expect(h.session.snapshot()).toMatchObject({
      authorized: [ids.demo, ids.usd],
      refused: [],
      activeAccountId: ids.demo,
    });
    await control(sb, 'otp-fail', { on: false });
    await waitFor(() => online(h), 'online again');
    const otps = sb.newApiLog().upgrades.map((u) => u.otp);
    expect(new Set(otps).size).toBe(otps.length);
  });

  it("the sixth socket: refused while another client holds the user's fifth, the session retries until room", async () => {
    const ids = aliceIds(sb);
    await control(sb, 'limits', { socketsPerUser: 3 });
    // Another client of the same user holds two sockets; the session may open one more only.
    for (let i = 0; i < 2; i++) clients.push(await WsClient.open(await otpUrl(sb, ids.demo, patHeaders(sb)), ''));
    const h = make();
    await h.session.start(accountsOf([ids.demo, ids.usd], patCredential(sb)), ids.demo);
    const before = sb.newApiLog().upgrades.length;
    h.session.switchAccount(ids.usd);
    await waitFor(
      () =>
        sb
          .newApiLog()
          .upgrades.slice(before)
          .some((u) => u.status === 429),
      'a refused upgrade',
    );
    expect(h.session.snapshot().connection.status).not.toBe('online');
    expect(h.session.snapshot().refused).toEqual([]);
    await clients.shift()!.close();
    await waitFor(() => online(h), 'usd online once there is room');
    expect(h.session.snapshot().activeAccountId).toBe(ids.usd);
  });

  it('refresh before expiry: renewed credential reported, access token replaced, sockets untouched', async () => {
    await control(sb, 'limits', { accessTokenTtlSec: 3 });
    const ids = aliceIds(sb);
    const h = make({ timing: { refreshLeadMs: 2_500 } });
    const credential = await oauthCredential(sb);
    await h.session.start(accountsOf([ids.demo, ids.usd], credential));
    await waitFor(() => h.renewed.length >= 1, 'a renewal');
    const { grantId, credential: renewed } = h.renewed[0]!;
    // One grant renewed, by its id: the login of both accounts.
    expect(grantId).toBe(`oauth-${ids.demo}`);
    expect(renewed.kind).toBe('oauth');
    if (renewed.kind !== 'oauth' || credential.kind !== 'oauth') throw new Error('unreachable');
    expect(renewed.accessToken).not.toBe(credential.accessToken);
    expect(renewed.refreshToken).toEqual(expect.any(String));
    expect(renewed.expiresAt).toBeGreaterThan(Date.now());
    // The new token opens a cold account.
    h.session.switchAccount(ids.usd);
    await waitFor(() => online(h), 'usd with the renewed token');
    expect(leakedSecrets(sb, [JSON.stringify(h.views), JSON.stringify(h.logs)])).toEqual([]);
  });

  it('tokens expired now: concurrent 401s coalesce into one refresh, and the session carries on', async () => {
    const ids = aliceIds(sb);
    const h = make();
    await h.session.start(accountsOf([ids.demo, ids.usd, ids.btc], await oauthCredential(sb)), ids.demo);
    h.session.switchAccount(ids.usd);
    await waitFor(() => online(h), 'usd');
    await control(sb, 'expire-tokens');
    const tokenHits = () => sb.httpHits().filter((x) => x.path === '/auth/oauth2/token').length;
    const before = tokenHits();
    await control(sb, 'drop');
    await waitFor(() => online(h) && h.session.connectionsOf(ids.demo) === 2, 'back');
    await waitFor(() => h.session.connectionsOf(ids.usd) === 2, 'usd back');
    expect(tokenHits() - before).toBe(1);
    expect(h.renewed).toHaveLength(1);
    expect(h.session.snapshot().refused).toEqual([]);
  });

  it('a valid refresh answer without a refresh token keeps the previous one', async () => {
    await control(sb, 'limits', { accessTokenTtlSec: 2 });
    const ids = aliceIds(sb);
    // The real token endpoint, with refresh_token taken out of its answer.
    const stripping: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).endsWith('/oauth2/token')) return res;
      const body = (await res.json()) as Record<string, unknown>;
      delete body.refresh_token;
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    };
    const h = make({ fetch: stripping, timing: { refreshLeadMs: 1_500 } });
    const credential = await oauthCredential(sb);
    await h.session.start(accountsOf([ids.demo], credential));
    await waitFor(() => h.renewed.length >= 1, 'a renewal');
    const renewed = h.renewed[0]!.credential;
    if (renewed.kind !== 'oauth' || credential.kind !== 'oauth') throw new Error('unreachable');
    expect(renewed.refreshToken).toBe(credential.refreshToken);
    expect(renewed.accessToken).not.toBe(credential.accessToken);
  });

  it('revoked: those accounts need a new login; the other credential’s accounts are kept', async () => {
    const ids = aliceIds(sb);
    const bobs = sb.newApi.users[1]!.accounts[0]!.account_id;
    const alice = await oauthCredential(sb);
    const h = make();
    await h.session.start([grantOf([ids.demo, ids.usd], alice), grantOf([bobs], patCredential(sb, 1))], ids.demo);
    if (alice.kind !== 'oauth') throw new Error('unreachable');
    await control(sb, 'revoke', { token: alice.accessToken });
    await control(sb, 'drop');
    await waitFor(() => h.session.snapshot().refused.length === 2, 'alice refused');
    const view = h.session.snapshot();
    expect(view.refused).toEqual([ids.demo, ids.usd]);
    // Named as "session expired" (log in again), like a dead refresh token: a 401 does not say which.
    const expired = { reason: 'session_expired', scope: null };
    expect(view.refusals).toEqual({ [ids.demo]: expired, [ids.usd]: expired });
    expect(view.authorized).toEqual([bobs]);
    expect(view.activeAccountId).toBe(bobs);
    // The token endpoint refused alice's refresh token (the grant is gone): her login's session is
    // over ("session expired"), which main's held logins take as the end of that login's secret.
    expect(h.session.snapshot().refusals?.[ids.demo]).toEqual({ reason: 'session_expired', scope: null });
    await waitFor(() => online(h), 'bob online');
    expect(() => h.session.switchAccount(ids.usd)).toThrow(expect.objectContaining({ code: 'account_needs_login' }));
  });

  it('a revoked PAT at start: every credential refused', async () => {
    const own = await startSandbox({ seed: 32 });
    try {
      const ids = aliceIds(own);
      const res = await fetch(`${own.httpUrl}/__sandbox/current/revoke`, {
        method: 'POST',
        body: JSON.stringify({ token: own.newApi.users[0]!.pat }),
      });
      expect(res.status).toBe(200);
      const h = makeSession(own);
      await expect(h.session.start(accountsOf([ids.demo], patCredential(own)))).rejects.toMatchObject({
        code: 'all_credentials_refused',
      });
      expect(h.session.snapshot().refused).toEqual([ids.demo]);
      // A refused PAT is not a session that expired: it does not rotate, and the trader may have no other copy.
      expect(Object.values(h.session.snapshot().refusals ?? {}).map((r) => r.reason)).not.toContain('session_expired');
      await h.session.close();
    } finally {
      await own.close();
    }
  });

  it('transient REST failures at start (network, 5xx) are retried, visibly, and start resolves', async () => {
    const ids = aliceIds(sb);
    let failures = 3;
    const flaky: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/trading/v1/options/accounts') && failures-- > 0) {
        if (failures % 2) throw new TypeError('fetch failed');
        return new Response('{"errors":[{"status":503,"code":"Unavailable","message":"x"}]}', { status: 503 });
      }
      return fetch(input, init);
    };
    const h = make({ fetch: flaky });
    const view = await h.session.start(accountsOf([ids.demo], patCredential(sb)));
    expect(view.connection.status).toBe('online');
    expect(h.views.filter((v) => v.connection.status === 'reconnecting').length).toBeGreaterThanOrEqual(1);
  });

  it('transient token-endpoint failures (no connection, 5xx, 429) are retried and never make a refresh token dead', async () => {
    const ids = aliceIds(sb);
    const alice = await oauthCredential(sb);
    if (alice.kind !== 'oauth') throw new Error('unreachable');
    const answers = [
      // As undici fails a fetch that never connected: the refresh token never left (safe to retry).
      () =>
        Promise.reject(
          new TypeError('fetch failed', {
            cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
          }),
        ),
      () => Promise.resolve(new Response('{"error":"temporarily_unavailable"}', { status: 503 })),
      () => Promise.resolve(new Response('{"error":"slow_down"}', { status: 429 })),
    ];
    let failed = 0;
    const flaky: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url === sb.newApi.tokenEndpoint && failed < answers.length) return answers[failed++]!();
      return fetch(input, init);
    };
    // The vault's restored form (no access token): the session refreshes before its first request.
    const restored: Credential = { kind: 'oauth', accessToken: '', refreshToken: alice.refreshToken, expiresAt: 0 };
    const h = make({ fetch: flaky, timing: { refreshMaxAttempts: 4 } });
    const view = await h.session.start(accountsOf([ids.demo], restored), ids.demo);
    expect(view.connection.status).toBe('online');
    expect(failed).toBe(answers.length);
    expect(h.renewed.map((r) => r.grantId)).toEqual([`oauth-${ids.demo}`]);
    expect(h.session.snapshot().refused).toEqual([]);
  });

  it('429 from the server: the session backs off and retries after Retry-After', async () => {
    const ids = aliceIds(sb);
    await control(sb, 'limits', { restPerUserPerMinute: 1 });
    const h = make();
    const pat = patCredential(sb);
    // The one request of the minute is spent by the list; the OTP gets 429.
    const started = h.session.start(accountsOf([ids.demo], pat));
    await waitFor(() => {
      const c = h.session.snapshot().connection;
      return c.status === 'rate_limited' && c.until > Date.now() + 1_000;
    }, 'waiting for the Retry-After time');
    expect(h.session.snapshot().refused).toEqual([]);
    await h.session.close();
    await expect(started).rejects.toMatchObject({ code: 'closed' });
  });
});
