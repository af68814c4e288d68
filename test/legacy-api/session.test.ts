import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { DerivSession, SessionSnapshot } from '../../main/core/legacy-api/session';
import { DerivApiError, SessionError } from '../../main/core/socket/errors';
import { recordingLogger } from '../support/logger';
import {
  aliceAccounts,
  fault,
  makeSession,
  perConnection,
  requestsOf,
  type Sandbox,
  sandbox,
  settle,
  sleep,
  until,
  untilReceived,
} from './helpers';

let sb: Sandbox;
let session: DerivSession | null = null;
const log = recordingLogger();
const seen: SessionSnapshot[] = [];

beforeAll(async () => {
  sb = await sandbox();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(async () => {
  await fault(sb, 'reset');
});
afterEach(async () => {
  await session?.close();
  session = null;
});

function open(timing = {}) {
  const s = makeSession(sb, timing, log);
  s.onChange((snap) => seen.push(snap));
  session = s;
  return s;
}
const online = (s: DerivSession) => until(s, (x) => x.connection.status === 'online', 'online');
const sinceNow = () => Date.now();

describe('multi-account authorize', () => {
  it('authorizes every account in one authorize (first token + tokens) and keeps the response whole', async () => {
    const accounts = aliceAccounts(sb);
    const t0 = sinceNow();
    const s = open();
    const snap = await s.start(accounts, accounts[1]!.accountId);
    await settle(sb, s);

    const sent = requestsOf(sb, 'authorize', t0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.request.authorize).toBe(accounts[0]!.token);
    expect(sent[0]!.request.tokens).toEqual(accounts.slice(1).map((a) => a.token));

    expect(snap.connection.status).toBe('online');
    expect(snap.authorized).toEqual(accounts.map((a) => a.accountId));
    expect(snap.refused).toEqual([]);
    expect(snap.activeAccountId).toBe(accounts[1]!.accountId);
    expect(snap.authorize?.primaryAccountId).toBe(accounts[0]!.accountId);
    expect(snap.authorize?.response.email).toBe('alice@demo.sandbox');
    expect(snap.authorize?.response.account_list).toHaveLength(4);
    // Every account's balance is live from the one account:"all" subscription.
    for (const a of accounts) expect(snap.balances[a.accountId]).toMatch(/^\d+(\.\d+)?$/);
    // Counted after the session went quiet, over every connection of the test: one socket, one stream.
    const subs = requestsOf(sb, 'balance', t0);
    expect(subs).toHaveLength(1);
    expect([...perConnection(sb, 'authorize', t0).keys()]).toEqual([sent[0]!.connectionId]);
    expect(subs[0]!.request).toMatchObject({ account: 'all', subscribe: 1, loginid: accounts[0]!.accountId });
  });

  it('a disabled account is set aside and the others are authorized', async () => {
    const all = aliceAccounts(sb, { includeDisabled: true });
    const disabled = sb.users[0]!.accounts.find((a) => a.is_disabled === 1)!.loginid;
    const snap = await open().start(all);
    expect(snap.disabled).toEqual([disabled]);
    expect(snap.authorized).toEqual(all.map((a) => a.accountId).filter((id) => id !== disabled));
  });

  it('rejects a bad account list with typed errors', async () => {
    const s = open();
    const one = aliceAccounts(sb)[0]!;
    const many = Array.from({ length: 27 }, (_, i) => ({ accountId: `CR${100000 + i}`, token: `a1-tok${i}` }));
    await expect(() => s.start(many)).toThrowSessionError('too_many_accounts');
    await expect(() => s.start([])).toThrowSessionError('invalid_accounts');
    await expect(() => s.start([one, one])).toThrowSessionError('invalid_accounts');
    await expect(() => s.start([{ accountId: one.accountId, token: 'bad token!' }])).toThrowSessionError(
      'invalid_accounts',
    );
  });

  it('start rejects with all_credentials_refused when every token is refused', async () => {
    const accounts = aliceAccounts(sb);
    for (const a of accounts) await fault(sb, 'revoke', { token: a.token });
    const s = open();
    await expect(s.start(accounts)).rejects.toMatchObject({ name: 'SessionError', code: 'all_credentials_refused' });
    expect(s.snapshot().connection).toEqual({ status: 'offline', reason: 'all_credentials_refused' });
    expect(s.snapshot().refused.sort()).toEqual(accounts.map((a) => a.accountId).sort());
  });
});

describe('preconnect', () => {
  it('opens the socket ahead of login; start then adopts it (one upgrade, authorize only)', async () => {
    const upgrades = () => sb.httpHits().filter((h) => h.path === '/websockets/v3').length;
    const s = open();
    const before = upgrades();
    await s.preconnect();
    expect(upgrades()).toBe(before + 1);
    const snap = await s.start(aliceAccounts(sb));
    expect(snap.connection.status).toBe('online');
    await settle(sb, s);
    expect(upgrades()).toBe(before + 1);
  });

  it('a pre-opened socket that died is replaced on start', async () => {
    const upgrades = () => sb.httpHits().filter((h) => h.path === '/websockets/v3').length;
    const s = open();
    const before = upgrades();
    await s.preconnect();
    await fault(sb, 'drop');
    await sleep(50);
    await s.start(aliceAccounts(sb));
    expect(upgrades()).toBe(before + 2);
  });
});

describe('switching and balances', () => {
  it('switching is local: no request at all reaches the server', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    await s.start(accounts);
    const before = sb.received().length;
    s.switchAccount(accounts[2]!.accountId);
    expect(s.snapshot().activeAccountId).toBe(accounts[2]!.accountId);
    s.switchAccount(accounts[1]!.accountId.toLowerCase());
    expect(s.snapshot().activeAccountId).toBe(accounts[1]!.accountId);
    // Once the session has gone quiet, still nothing but pings was sent for the switch.
    await settle(sb, s);
    const after = sb.received().slice(before);
    expect(after.map((m) => Object.keys(m.request)[0])).toEqual(['ping']);
    expect(() => s.switchAccount('CR0000001')).toThrow(SessionError);
    expect(() => s.switchAccount('<script>')).toThrow(/invalid id/);
  });

  it('balance updates of any account arrive through the one subscription', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    await s.start(accounts);
    sb.setBalance(accounts[1]!.accountId, 0.5);
    sb.setBalance(accounts[2]!.accountId, 4321.25);
    const snap = await until(s, (x) => x.balances[accounts[2]!.accountId] === '4321.25', 'balance update');
    expect(snap.balances[accounts[1]!.accountId]).toBe('0.5');
  });

  it('account-scoped calls carry the loginid; unknown and bad requests get typed errors', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    await s.start(accounts);
    const res = await s.send<{ get_settings: { email: string } }>(
      { get_settings: 1 },
      { accountId: accounts[2]!.accountId },
    );
    expect(res.get_settings.email).toBe('alice@demo.sandbox');
    expect(requestsOf(sb, 'get_settings').at(-1)!.request.loginid).toBe(accounts[2]!.accountId);
    await expect(s.send({ get_settings: 1 }, { accountId: 'CR999999' })).rejects.toMatchObject({
      code: 'unknown_account',
    });
    await expect(s.send({ authorize: 'x' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(s.send({ get_settings: 1 })).rejects.toBeInstanceOf(DerivApiError); // accountId mandatory
  });
});

describe('faults', () => {
  it('drop → reconnecting → re-authorized with exactly one balance subscription', async () => {
    const accounts = aliceAccounts(sb);
    const t0 = sinceNow();
    const s = open();
    await s.start(accounts);
    const firstConn = requestsOf(sb, 'authorize').at(-1)!.connectionId;
    const states: string[] = [];
    s.onChange((x) => states.push(x.connection.status));
    await fault(sb, 'drop');
    await until(s, (x) => x.connection.status === 'online' && states.includes('reconnecting'), 're-online');
    // Counted once the session has gone quiet, not at the instant it turned online, and over every
    // connection of the test: a second subscription sent a little later is caught.
    await settle(sb, s);

    const conn = requestsOf(sb, 'authorize').at(-1)!.connectionId;
    expect(conn).not.toBe(firstConn);
    const authorizes = perConnection(sb, 'authorize', t0);
    const balances = perConnection(sb, 'balance', t0);
    expect([...authorizes.keys()].sort()).toEqual([firstConn, conn].sort());
    expect([...authorizes.values()]).toEqual([1, 1]);
    expect([...balances.values()]).toEqual([1, 1]);
    expect(states).toContain('reconnecting');
    // The restored stream delivers, and only once per change.
    let updates = 0;
    s.onChange(() => updates++);
    sb.setBalance(accounts[0]!.accountId, 777);
    await until(s, (x) => x.balances[accounts[0]!.accountId] === '777', 'update after reconnect');
    await s.send({ ping: 1 });
    expect(updates).toBe(1);
  });

  it('delay → the request times out with a typed error; the late answer is reported, not thrown', async () => {
    const s = open({ requestTimeoutMs: 150, pongTimeoutMs: 5_000 });
    await s.start(aliceAccounts(sb));
    await fault(sb, 'delay', { ms: 400 });
    await expect(s.send({ time: 1 })).rejects.toMatchObject({ name: 'SessionError', code: 'timeout' });
    expect(s.snapshot().connection.status).toBe('online');
    await fault(sb, 'delay', { ms: 0 });
    await expect(s.send<{ ping: string }>({ ping: 1 })).resolves.toMatchObject({ ping: 'pong' });
    await sleep(400);
    expect(log.lines.some((l) => l.message === 'unmatched frame' && l.fields?.msg_type === 'time')).toBe(true);
  });

  it('garbage frame → logged (size only) and ignored; the session keeps working', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    await s.start(accounts);
    const before = log.lines.length;
    await fault(sb, 'garbage');
    sb.setBalance(accounts[0]!.accountId, 31);
    await until(s, (x) => x.balances[accounts[0]!.accountId] === '31', 'balance after garbage');
    const warned = log.lines.slice(before).find((l) => l.message === 'malformed frame ignored');
    expect(warned?.fields).toEqual({ bytes: '{"msg_type": "balance", garbage'.length });
    expect(s.snapshot().connection.status).toBe('online');
  });

  it('revoke mid-session → that account needs a new login, the others keep their balances', async () => {
    const accounts = aliceAccounts(sb);
    const victim = accounts[1]!;
    const s = open();
    await s.start(accounts);
    await fault(sb, 'revoke', { token: victim.token });
    await expect(s.send({ get_settings: 1 }, { accountId: victim.accountId })).rejects.toMatchObject({
      code: 'InvalidToken',
    });
    const snap = await until(
      s,
      (x) => x.refused.includes(victim.accountId) && x.connection.status === 'online',
      'refused',
    );
    expect(snap.authorized).toEqual(accounts.filter((a) => a !== victim).map((a) => a.accountId));
    await expect(s.send({ get_settings: 1 }, { accountId: victim.accountId })).rejects.toMatchObject({
      code: 'account_needs_login',
    });
    expect(() => s.switchAccount(victim.accountId)).toThrow(SessionError);
    sb.setBalance(accounts[2]!.accountId, 9.99);
    await until(s, (x) => x.balances[accounts[2]!.accountId] === '9.99', 'others still live');

    // A new login handing out the same token again (the sandbox un-revoked it) is retried.
    await fault(sb, 'reset');
    await s.setAccounts(accounts);
    expect(s.snapshot().refused).toEqual([]);
    expect(s.snapshot().authorized).toEqual(accounts.map((a) => a.accountId));
  });

  it('revoke then drop → on reconnect the refused token is found and the others re-authorized', async () => {
    const accounts = aliceAccounts(sb);
    const victim = accounts[0]!; // the primary: the balance stream must move to another account
    const s = open();
    await s.start(accounts);
    await fault(sb, 'revoke', { token: victim.token });
    await fault(sb, 'drop');
    const snap = await until(
      s,
      (x) => x.refused.includes(victim.accountId) && x.connection.status === 'online',
      'refused',
    );
    expect(snap.authorize?.primaryAccountId).toBe(accounts[1]!.accountId);
    sb.setBalance(accounts[2]!.accountId, 1.25);
    await until(s, (x) => x.balances[accounts[2]!.accountId] === '1.25', 'balances after');
  });

  it('rate limit → backs off for the rate-limit period instead of hammering, then recovers', async () => {
    const s = open({ rateLimitBackoffMs: 400 });
    await s.start(aliceAccounts(sb));
    await fault(sb, 'ratelimit', { on: true });
    // Online: the first limited answer makes the session refuse further calls locally for a while.
    await expect(s.send({ time: 1 })).rejects.toMatchObject({ name: 'DerivApiError', code: 'RateLimit' });
    const timesBefore = requestsOf(sb, 'time').length;
    await expect(s.send({ time: 1 })).rejects.toMatchObject({ name: 'SessionError', code: 'rate_limited' });
    expect(requestsOf(sb, 'time').length).toBe(timesBefore);

    // Reconnecting: the authorize answered RateLimit pushes the next retry out to the rate-limit period.
    const t0 = sinceNow();
    await fault(sb, 'drop');
    const limited = await until(
      s,
      (x) => x.connection.status === 'reconnecting' && (x.connection.lastError ?? '').startsWith('RateLimit'),
      'rate-limited retry',
    );
    if (limited.connection.status !== 'reconnecting') throw new Error('unreachable');
    const failedAt = requestsOf(sb, 'authorize', t0).at(-1)!.at;
    expect(limited.connection.nextRetryAt - failedAt).toBeGreaterThanOrEqual(400 - 5);
    // With plain backoff (20–200 ms) this window would hold several attempts; backed off, at most one.
    await sleep(350);
    expect(requestsOf(sb, 'authorize', t0).length).toBeLessThanOrEqual(2);
    await fault(sb, 'ratelimit', { on: false });
    await online(s);
  });

  it('refuse → reconnecting with growing attempts and a next retry time, then recovery', async () => {
    const s = open();
    await s.start(aliceAccounts(sb));
    await fault(sb, 'refuse', { on: true });
    await fault(sb, 'drop');
    const snap = await until(
      s,
      (x) => x.connection.status === 'reconnecting' && x.connection.attempt >= 3,
      'attempt 3',
    );
    if (snap.connection.status !== 'reconnecting') throw new Error('unreachable');
    expect(snap.connection.nextRetryAt).toBeGreaterThan(0);
    expect(snap.connection.lastError).toMatch(/connect/i);
    await expect(s.send({ ping: 1 })).rejects.toMatchObject({ code: 'not_connected' });
    await fault(sb, 'refuse', { on: false });
    const back = await online(s);
    expect(back.authorized).toHaveLength(3);
  });

  it('retryNow skips a long backoff wait', async () => {
    const s = open({ backoffBaseMs: 60_000, backoffCapMs: 60_000 });
    await s.start(aliceAccounts(sb));
    await fault(sb, 'refuse', { on: true });
    await fault(sb, 'drop');
    await until(s, (x) => x.connection.status === 'reconnecting', 'reconnecting');
    await fault(sb, 'refuse', { on: false });
    s.retryNow();
    await online(s);
  });

  it('no pong within the timeout → the socket is declared dead and replaced', async () => {
    const s = open({ pingIntervalMs: 50, pongTimeoutMs: 150 });
    await s.start(aliceAccounts(sb));
    const pingsBefore = requestsOf(sb, 'ping').length;
    await untilReceived(sb, 'ping', pingsBefore + 1);
    const firstConn = requestsOf(sb, 'ping').at(-1)!.connectionId;
    await fault(sb, 'delay', { ms: 500 });
    await until(s, (x) => x.connection.status === 'reconnecting', 'dead socket');
    expect(log.lines.some((l) => l.message === 'no pong; treating the socket as dead')).toBe(true);
    await fault(sb, 'delay', { ms: 0 });
    await until(
      s,
      (x) => x.connection.status === 'online' && requestsOf(sb, 'authorize').at(-1)!.connectionId !== firstConn,
      'replaced socket online',
    );
  });
});

describe('accounts and logout', () => {
  it('setAccounts re-authorizes once and replaces the balance stream once', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    await s.start(accounts.slice(0, 2));
    const conn = requestsOf(sb, 'authorize').at(-1)!.connectionId;
    const before = sb.received().length;
    await s.setAccounts(accounts);
    await settle(sb, s);
    const after = sb
      .received()
      .slice(before)
      .filter((m) => !('ping' in m.request));
    expect(after.every((m) => m.connectionId === conn)).toBe(true);
    expect(after.map((m) => Object.keys(m.request)[0])).toEqual(['authorize', 'forget_all', 'balance']);
    expect(s.snapshot().authorized).toEqual(accounts.map((a) => a.accountId));
    sb.setBalance(accounts[2]!.accountId, 55);
    await until(s, (x) => x.balances[accounts[2]!.accountId] === '55', 'new account balance');
  });

  it('setAccounts during a re-authorize already in flight: the new accounts still get authorized', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    await s.start(accounts.slice(0, 1));
    const authorizes = requestsOf(sb, 'authorize').length;
    await fault(sb, 'delay', { ms: 150 }); // keeps the next authorize in flight
    const first = s.setAccounts(accounts.slice(0, 2));
    await untilReceived(sb, 'authorize', authorizes + 1); // the two-token authorize is on the wire
    const second = s.setAccounts(accounts); // must not just join the two-token run
    await fault(sb, 'delay', { ms: 0 });
    await Promise.all([first, second]);
    const snap = await until(s, (x) => x.authorized.length === 3 && x.connection.status === 'online', 'three');
    expect(snap.authorized).toEqual(accounts.map((a) => a.accountId));
  });

  it('setAccounts while connecting: the session ends up authorized with the new list', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    const started = s.start(accounts.slice(0, 1));
    await s.setAccounts(accounts); // the first authorize is already on its way with one token
    await started;
    const snap = await until(s, (x) => x.authorized.length === 3 && x.connection.status === 'online', 'three');
    expect(snap.authorized).toEqual(accounts.map((a) => a.accountId));
    sb.setBalance(accounts[2]!.accountId, 66);
    await until(s, (x) => x.balances[accounts[2]!.accountId] === '66', 'new account balance');
  });

  it('setAccounts while reconnecting: the next connection authorizes the new list in one authorize', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    await s.start(accounts.slice(0, 2));
    await fault(sb, 'refuse', { on: true });
    await fault(sb, 'drop');
    await until(s, (x) => x.connection.status === 'reconnecting', 'reconnecting');
    await s.setAccounts(accounts);
    const t0 = Date.now();
    await fault(sb, 'refuse', { on: false });
    const snap = await until(s, (x) => x.connection.status === 'online' && x.authorized.length === 3, 'online');
    expect(snap.authorized).toEqual(accounts.map((a) => a.accountId));
    await settle(sb, s);
    const sent = requestsOf(sb, 'authorize', t0);
    expect(requestsOf(sb, 'balance', t0)).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.request.tokens).toHaveLength(2);
  });

  it('logout → logout call, socket closed, state cleared back to idle (the port contract), no reconnect', async () => {
    const accounts = aliceAccounts(sb);
    const s = open();
    await s.start(accounts);
    await s.logout();
    const last = sb.received().at(-1)!;
    expect(last.request).toMatchObject({ logout: 1, loginid: accounts[0]!.accountId });
    const snap = s.snapshot();
    expect(snap).toMatchObject({
      connection: { status: 'idle' },
      authorize: null,
      authorized: [],
    });
    expect(snap.balances).toEqual({});
    await expect(s.send({ ping: 1 })).rejects.toMatchObject({ code: 'closed' });
    const count = sb.received().length;
    await fault(sb, 'drop');
    await sleep(100);
    expect(sb.received().length).toBe(count);
  });

  it('close while reconnecting rejects start cleanly', async () => {
    await fault(sb, 'refuse', { on: true });
    const s = open();
    const started = s.start(aliceAccounts(sb));
    await until(s, (x) => x.connection.status === 'reconnecting', 'reconnecting');
    await s.close();
    await expect(started).rejects.toMatchObject({ code: 'closed' });
  });
});

describe('secrets', () => {
  it('no token ever appears in a snapshot or a log line', () => {
    const tokens = sb.users.flatMap((u) => u.accounts.map((a) => a.token));
    const text = JSON.stringify(seen) + JSON.stringify(log.lines);
    expect(seen.length).toBeGreaterThan(20);
    for (const t of tokens) expect(text).not.toContain(t);
  });
});

declare module 'vitest' {
  // The type parameter must match vitest's own declaration for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface Assertion<T> {
    toThrowSessionError(code: string): Promise<void>;
  }
}
expect.extend({
  async toThrowSessionError(received: () => unknown, code: string) {
    try {
      await received();
    } catch (error) {
      const ok = error instanceof SessionError && error.code === code;
      return { pass: ok, message: () => `expected SessionError(${code}), got ${String(error)}` };
    }
    return { pass: false, message: () => `expected SessionError(${code}), nothing thrown` };
  },
});
