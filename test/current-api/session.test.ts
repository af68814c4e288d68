import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { BackendError } from '../../main/core/backend/port';
import type { CurrentSettings } from '../../main/core/model';
import { type Clock, systemClock } from '../../main/core/socket/ports';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
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

describe('current-API session against the sandbox', () => {
  let sb: SandboxHandle;
  const harnesses: Harness[] = [];
  const make = (...args: Parameters<typeof makeSession> extends [unknown, ...infer R] ? R : never) => {
    const h = makeSession(sb, ...args);
    harnesses.push(h);
    return h;
  };
  beforeAll(async () => {
    sb = await startSandbox({ seed: 21 });
  });
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.session.close()));
    await control(sb, 'otp-fail', { on: false });
    await control(sb, 'limits', { restPerUserPerMinute: 80, socketsPerUser: 5 });
  });
  afterAll(() => sb.close());

  it('start: lists the accounts, opens the active one, shows list balances, inactive as disabled', async () => {
    const ids = aliceIds(sb);
    const { session, views, logs } = make();
    const credential = await oauthCredential(sb);
    const view = await session.start(accountsOf([ids.demo, ids.usd, ids.btc, ids.inactive], credential), ids.usd);
    expect(view.connection.status).toBe('online');
    expect(view.activeAccountId).toBe(ids.usd);
    expect(view.authorized).toEqual([ids.demo, ids.usd, ids.btc]);
    expect(view.disabled).toEqual([ids.inactive]);
    expect(view.refused).toEqual([]);
    const listed = Object.fromEntries(sb.newApi.users[0]!.accounts.map((a) => [a.account_id, String(a.balance)]));
    expect(view.balances[ids.demo]).toBe(listed[ids.demo]);
    expect(view.balances[ids.btc]).toBe(listed[ids.btc]);
    expect(view.details?.api).toBe('current');
    expect(view.details?.facts.find((f) => f.accountId === ids.demo)).toMatchObject({
      isVirtual: true,
      accountType: 'demo',
    });
    expect(session.openAccounts()).toEqual([ids.usd]);
    // Nothing secret anywhere the session shows or logs.
    expect(leakedSecrets(sb, [JSON.stringify(views), JSON.stringify(logs)])).toEqual([]);
    // The session sent no authorize and no loginid on its sockets.
    for (const f of sb.newApiLog().frames) {
      expect(f.request).not.toHaveProperty('authorize');
      expect(f.request).not.toHaveProperty('loginid');
    }
  });

  it('a credential restored from the vault (refresh token only, no access token) is refreshed first and opens the accounts', async () => {
    const ids = aliceIds(sb);
    const { session, renewed, views, logs } = make();
    const issued = await oauthCredential(sb);
    if (issued.kind !== 'oauth') throw new Error('expected an OAuth credential');
    // Exactly what vault/credentials.ts restoredCredential() gives after a restart.
    const restored = { kind: 'oauth' as const, accessToken: '', refreshToken: issued.refreshToken, expiresAt: 0 };
    const view = await session.start(accountsOf([ids.demo, ids.usd], restored), ids.usd);
    expect(view.connection.status).toBe('online');
    expect(view.authorized).toEqual([ids.demo, ids.usd]);
    expect(view.refused).toEqual([]);
    // Renewed once, and the renewed credential (for the vault) carries a real access token.
    expect(renewed.length).toBeGreaterThanOrEqual(1);
    const credential = renewed[0]!.credential;
    expect(credential.kind === 'oauth' && credential.accessToken.length > 0).toBe(true);
    expect(leakedSecrets(sb, [JSON.stringify(views), JSON.stringify(logs)])).toEqual([]);
  });

  it('a PAT opens the accounts too; an account of another user is refused, nothing else lost', async () => {
    const ids = aliceIds(sb);
    const bobs = sb.newApi.users[1]!.accounts[0]!.account_id;
    const { session } = make();
    const view = await session.start(accountsOf([ids.demo, bobs], patCredential(sb)));
    expect(view.authorized).toEqual([ids.demo]);
    expect(view.refused).toEqual([bobs]);
    expect(() => session.switchAccount(bobs)).toThrow(BackendError);
    expect(() => session.switchAccount('NOPE1')).toThrow(/not in this session/);
  });

  it('two credentials (two users): each opens its own accounts', async () => {
    const ids = aliceIds(sb);
    const bobs = sb.newApi.users[1]!.accounts[0]!.account_id;
    const { session } = make();
    const view = await session.start([
      grantOf([ids.demo], await oauthCredential(sb)),
      grantOf([bobs], patCredential(sb, 1)),
    ]);
    expect(view.authorized).toEqual([ids.demo, bobs]);
    session.switchAccount(bobs);
    await waitFor(() => session.snapshot().connection.status === 'online', 'bob online');
    expect(session.openAccounts()).toEqual([ids.demo, bobs]);
  });

  it("two logins: the details are the active account's own login (its accounts, its list), and follow a switch", async () => {
    const ids = aliceIds(sb);
    const alice = sb.newApi.users[0]!.accounts.map((a) => a.account_id);
    const bobs = sb.newApi.users[1]!.accounts[0]!.account_id;
    const { session } = make();
    const view = await session.start(
      [
        grantOf([bobs], patCredential(sb, 1)),
        ...accountsOf([ids.demo, ids.usd, ids.inactive], await oauthCredential(sb)),
      ],
      ids.demo,
    );
    // As the legacy side shows the primary token's `authorize`: that login's accounts, not every login's.
    expect(view.details?.primaryAccountId).toBe(ids.demo);
    expect(view.details?.facts.map((f) => f.accountId)).toEqual(alice);
    expect((view.details?.raw as { data: { account_id: string }[] }).data.map((a) => a.account_id)).toEqual(alice);
    session.switchAccount(bobs);
    const bob = session.snapshot().details;
    expect(bob?.primaryAccountId).toBe(bobs);
    expect(bob?.facts.map((f) => f.accountId)).toEqual([bobs]);
    expect((bob?.raw as { data: { account_id: string }[] }).data.map((a) => a.account_id)).toEqual([bobs]);
    // Unchanged lists and active account: the same details object (no needless new view).
    session.switchAccount(ids.usd);
    const usd = session.snapshot().details;
    expect(usd?.facts.map((f) => f.accountId)).toEqual(alice);
    session.retryNow();
    expect(session.snapshot().details).toBe(usd);
  });

  it("a refused login: the session's socket moves to the other login, the details stay with the account shown", async () => {
    const ids = aliceIds(sb);
    const alice = sb.newApi.users[0]!.accounts.map((a) => a.account_id);
    const bobs = sb.newApi.users[1]!.accounts[0]!.account_id;
    const credential = await oauthCredential(sb);
    if (credential.kind !== 'oauth') throw new Error('unreachable');
    const { session } = make();
    await session.start(
      [grantOf([bobs], patCredential(sb, 1)), ...accountsOf([ids.demo, ids.usd], credential)],
      ids.demo,
    );
    await control(sb, 'revoke', { token: credential.accessToken });
    await control(sb, 'drop');
    await waitFor(() => session.snapshot().refused.length === 2, 'alice refused');
    await waitFor(() => session.snapshot().connection.status === 'online', 'bob online');
    const view = session.snapshot();
    expect(view.activeAccountId).toBe(bobs);
    // The app still shows Alice's demo account (needing a login): the details are her login's last list.
    expect(view.details?.primaryAccountId).toBe(ids.demo);
    expect(view.details?.facts.map((f) => f.accountId)).toEqual(alice);
    // Asked for another of her accounts: refused, and the details follow it all the same.
    expect(() => session.switchAccount(ids.usd)).toThrow(expect.objectContaining({ code: 'account_needs_login' }));
    expect(session.snapshot().details?.primaryAccountId).toBe(ids.usd);
    session.switchAccount(bobs);
    expect(session.snapshot().details?.facts.map((f) => f.accountId)).toEqual([bobs]);
  });

  it('switching: cold = one OTP + one connect; back to a warm account is local (no OTP, online at once)', async () => {
    const ids = aliceIds(sb);
    const { session } = make();
    await session.start(accountsOf([ids.demo, ids.usd, ids.btc], patCredential(sb)), ids.demo);
    const otps = () => sb.httpHits().filter((h) => h.path.endsWith('/otp')).length;
    const before = otps();
    session.switchAccount(ids.usd);
    expect(session.snapshot().activeAccountId).toBe(ids.usd);
    await waitFor(() => session.snapshot().connection.status === 'online', 'usd online');
    expect(otps()).toBe(before + 1);
    session.switchAccount(ids.demo);
    expect(session.snapshot()).toMatchObject({ activeAccountId: ids.demo, connection: { status: 'online' } });
    expect(otps()).toBe(before + 1);
  });

  it('the warm pool keeps the most recently used sockets and closes the least recently used', async () => {
    const ids = aliceIds(sb);
    const { session } = make({ poolSize: 2 });
    await session.start(accountsOf([ids.demo, ids.usd, ids.btc], patCredential(sb)), ids.demo);
    session.switchAccount(ids.usd);
    await waitFor(() => session.snapshot().connection.status === 'online', 'usd');
    session.switchAccount(ids.btc);
    await waitFor(() => session.snapshot().connection.status === 'online', 'btc');
    expect(session.openAccounts()).toEqual([ids.usd, ids.btc]);
    session.switchAccount(ids.usd);
    expect(session.openAccounts()).toEqual([ids.btc, ids.usd]);
  });

  it('balances: live on every open socket; from the refreshed list for the others', async () => {
    const ids = aliceIds(sb);
    const { session } = make({ timing: { listRefreshMs: 100, listReserve: 0 } });
    await session.start(accountsOf([ids.demo, ids.usd, ids.btc], patCredential(sb)), ids.demo);
    await control(sb, 'balance', { account_id: ids.demo, balance: 4242.5 });
    await waitFor(() => session.snapshot().balances[ids.demo] === '4242.5', 'live demo balance');
    await control(sb, 'balance', { account_id: ids.btc, balance: 0.5 });
    await waitFor(() => session.snapshot().balances[ids.btc] === '0.5', 'list balance of btc');
  });

  it('the list refresh never exceeds the REST budget', async () => {
    const ids = aliceIds(sb);
    // The real clock, counting the refresh periods that came due (the only 20 ms timer here).
    let periods = 0;
    const clock: Clock = {
      ...systemClock,
      setTimeout: (fn, ms) =>
        systemClock.setTimeout(() => {
          if (ms === 20) periods += 1;
          fn();
        }, ms),
    };
    const { session } = make({ clock, timing: { listRefreshMs: 20, listReserve: 0, restBudgetPerMinute: 4 } });
    const credential = await oauthCredential(sb);
    // Every REST call of this token: the lists, and the OTP of each socket opened (a reconnect on a
    // loaded machine takes one more).
    const rest = () => sb.httpHits().filter((h) => h.path.startsWith('/trading/v1/options/accounts')).length;
    const before = rest();
    await session.start(accountsOf([ids.demo], credential));
    // Twelve refresh periods come due (twelve more lists if unbudgeted), then the count.
    await waitFor(() => periods >= 12, 'twelve refresh periods');
    // 4 per minute in all: the first list and OTP, then the refreshes take what is left, and no more.
    expect(rest() - before).toBe(4);
  });

  it('send: typed errors like v3 (not_connected, invalid_request) and answers on the active socket', async () => {
    const ids = aliceIds(sb);
    const { session } = make();
    await expect(session.send({ ping: 1 })).rejects.toMatchObject({ code: 'not_connected' });
    await session.start(accountsOf([ids.demo], patCredential(sb)));
    await expect(session.send({ authorize: 'x' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(session.send({ balance: 1, loginid: ids.demo })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await session.send({ ping: 1 })).toMatchObject({ ping: 'pong' });
  });

  it('bad input: a typed error (a rejection, as the port says), nothing changed', async () => {
    const { session } = make();
    await expect(session.start([])).rejects.toMatchObject({ code: 'invalid_accounts' });
    await expect(
      session.start([grantOf(['DOT1'], { kind: 'tokens', tokens: { DOT1: 'a1-x' } })]),
    ).rejects.toMatchObject({
      code: 'invalid_accounts',
    });
    await expect(
      session.start([grantOf(['DOT1'], { kind: 'pat', token: 'pat_short', appId: '1' })]),
    ).rejects.toMatchObject({ code: 'invalid_accounts' });
    expect(session.snapshot().connection.status).toBe('idle');
  });

  it('403: a credential without the trade scope is refused and the error names the scope', async () => {
    const ids = aliceIds(sb);
    const { session } = make();
    await expect(session.start(accountsOf([ids.demo], await oauthCredential(sb, 'payment')))).rejects.toMatchObject({
      code: 'all_credentials_refused',
    });
    expect(session.snapshot().refused).toEqual([ids.demo]);
    expect(() => session.switchAccount(ids.demo)).toThrow(/"trade" scope/);
  });

  it('the backend factory builds it for the current API', async () => {
    const { backendFactory } = await import('../../main/core/backend/create-backend');
    // The current API's endpoints come from the settings (authorization server base, REST base, client id).
    const create = backendFactory();
    const settings: CurrentSettings = {
      api: 'current',
      language: 'en',
      authServerUrl: sb.newApi.issuer,
      restUrl: sb.newApi.restUrl,
      clientId: sb.newApi.clientId,
      clientRedirectUrl: sb.newApi.redirectUrl,
    };
    const backend = create(settings);
    expect(backend.api).toBe('current');
    const ids = aliceIds(sb);
    expect((await backend.start(accountsOf([ids.demo], patCredential(sb)))).connection.status).toBe('online');
    await backend.close();
    const plainElsewhere = { ...settings, restUrl: 'http://api.example.com' };
    expect(() => backendFactory()(plainElsewhere)).toThrow(/https/);
  });

  it('logout closes every socket and returns to idle', async () => {
    const ids = aliceIds(sb);
    const { session } = make();
    await session.start(accountsOf([ids.demo, ids.usd], patCredential(sb)));
    await session.logout();
    expect(session.snapshot()).toMatchObject({ connection: { status: 'idle' }, authorized: [], activeAccountId: null });
    expect(session.openAccounts()).toEqual([]);
  });
});
