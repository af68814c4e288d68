import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { type Json, post, WsClient } from './ws-client';

let sb: SandboxHandle;
const clients: WsClient[] = [];
const open = async () => {
  const c = await WsClient.open(sb.wsUrl);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  sb = await startSandbox({ seed: 7 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await post(sb.httpUrl, '/__sandbox/reset');
});
afterAll(() => sb.close());

const alice = () => sb.users[0]!;
const bob = () => sb.users[1]!;

describe('demo users', () => {
  it('are deterministic per seed, shaped as the issue asks, with API-pattern tokens', async () => {
    const again = await startSandbox({ seed: 7 });
    const other = await startSandbox({ seed: 8 });
    try {
      expect(again.users).toEqual(sb.users);
      expect(other.users[0]!.accounts[0]!.token).not.toBe(sb.users[0]!.accounts[0]!.token);
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
    const accounts = alice().accounts;
    expect(accounts.map((a) => [a.loginid.replace(/\d+$/, ''), a.currency, a.is_virtual, a.is_disabled])).toEqual([
      ['CR', 'USD', 0, 0],
      ['CR', 'BTC', 0, 0],
      ['VRTC', 'USD', 1, 0],
      ['CR', 'EUR', 0, 1],
    ]);
    expect(bob().accounts).toHaveLength(1);
    for (const a of sb.users.flatMap((u) => u.accounts)) expect(a.token).toMatch(/^[\w-]{1,128}$/);
  });
});

describe('authorize', () => {
  it('with one token answers like Deriv, account_list included', async () => {
    const c = await open();
    const a = alice().accounts[0]!;
    const r = await c.call({ authorize: a.token, req_id: 1, passthrough: { x: 1 } });
    expect(r).toMatchObject({
      msg_type: 'authorize',
      req_id: 1,
      echo_req: { authorize: '<not shown>', req_id: 1 },
      passthrough: { x: 1 },
    });
    expect(JSON.stringify(r)).not.toContain(a.token);
    const body = r.authorize as Json;
    expect(body).toMatchObject({ loginid: a.loginid, currency: 'USD', email: alice().email, is_virtual: 0 });
    expect(body.scopes).toEqual(['read', 'trade', 'trading_information', 'payments', 'admin']);
    const list = body.account_list as Json[];
    expect(list.map((x) => x.loginid)).toEqual(alice().accounts.map((x) => x.loginid));
    expect(list.find((x) => x.is_disabled === 1)?.loginid).toBe(alice().accounts[3]!.loginid);
    expect(list.find((x) => x.is_virtual === 1)?.landing_company_name).toBe('virtual');
  });

  it('with the first token plus tokens opens every account; MULTI works too', async () => {
    const c = await open();
    const [usd, btc, vrtc] = alice().accounts;
    const r = await c.call({ authorize: usd!.token, tokens: [btc!.token, vrtc!.token] });
    expect((r.authorize as Json).loginid).toBe(usd!.loginid);
    for (const acc of [usd!, btc!, vrtc!]) {
      const b = await c.call({ balance: 1, loginid: acc.loginid });
      expect(b.balance).toMatchObject({ loginid: acc.loginid, currency: acc.currency });
    }
    const m = await c.call({ authorize: 'MULTI', tokens: [btc!.token, vrtc!.token] });
    expect((m.authorize as Json).loginid).toBe(btc!.loginid);
  });

  it('rejects an unknown token, a disabled account and tokens of two users; says which position failed', async () => {
    const c = await open();
    const bad = await c.call({ authorize: 'a1-doesnotexist' });
    expect(bad.error).toMatchObject({ code: 'InvalidToken' });
    expect(bad.msg_type).toBe('authorize');
    const disabled = await c.call({ authorize: alice().accounts[3]!.token });
    expect((disabled.error as Json).code).toBe('DisabledClient');
    const mixed = await c.call({ authorize: alice().accounts[0]!.token, tokens: [bob().accounts[0]!.token] });
    expect(mixed.error).toMatchObject({ code: 'InvalidToken', details: { tokens: 'Token at position 1 is invalid.' } });
    expect(JSON.stringify(mixed.error)).not.toContain(bob().accounts[0]!.token);
  });
});

describe('public calls', () => {
  it('ping, time and website_status answer without authorize', async () => {
    const c = await open();
    expect(await c.call({ ping: 1, req_id: 5 })).toEqual({
      echo_req: { ping: 1, req_id: 5 },
      msg_type: 'ping',
      req_id: 5,
      ping: 'pong',
    });
    const before = Math.floor(Date.now() / 1000);
    const t = await c.call({ time: 1 });
    expect(t.msg_type).toBe('time');
    expect(t.time).toBeGreaterThanOrEqual(before);
    const ws = await c.call({ website_status: 1 });
    expect(ws.website_status).toMatchObject({
      site_status: 'up',
      currencies_config: { USD: { fractional_digits: 2 } },
    });
    const sub = await c.call({ website_status: 1, subscribe: 1 });
    expect((sub.subscription as Json).id).toEqual(expect.any(String));
  });

  it('a request without req_id gets an answer without req_id', async () => {
    const c = await open();
    const answer = c.next((m) => m.msg_type === 'ping');
    c.send({ ping: 1 });
    expect(await answer).toEqual({ echo_req: { ping: 1 }, msg_type: 'ping', ping: 'pong' });
  });
});

describe('balance', () => {
  it('current, a login id, and all (with accounts and totals)', async () => {
    const c = await open();
    const [usd, btc] = alice().accounts;
    await c.call({ authorize: usd!.token });
    const cur = await c.call({ balance: 1, account: 'current' });
    expect(cur.balance).toMatchObject({ loginid: usd!.loginid, currency: 'USD', balance: expect.any(Number) });
    const other = await c.call({ balance: 1, account: btc!.loginid });
    expect(other.balance).toMatchObject({ loginid: btc!.loginid, currency: 'BTC' });
    const all = (await c.call({ balance: 1, account: 'all' })).balance as Json;
    expect(Object.keys(all.accounts as Json).sort()).toEqual(
      alice()
        .accounts.map((a) => a.loginid)
        .sort(),
    );
    expect(all.total).toMatchObject({ deriv: { currency: 'USD' }, deriv_demo: { amount: 10000 } });
    const foreign = await c.call({ balance: 1, account: bob().accounts[0]!.loginid });
    expect((foreign.error as Json).code).toBe('PermissionDenied');
  });

  it('subscribe pushes changes with the subscription id and original req_id; forget stops them', async () => {
    const c = await open();
    const usd = alice().accounts[0]!;
    await c.call({ authorize: usd.token });
    const first = await c.call({ balance: 1, subscribe: 1, req_id: 42 });
    const id = (first.subscription as Json).id as string;
    expect((first.balance as Json).id).toBe(id);
    const again = await c.call({ balance: 1, subscribe: 1 });
    expect((again.error as Json).code).toBe('AlreadySubscribed');

    const push = c.next((m) => m.req_id === 42 && (m.balance as Json).balance === 123.45);
    const res = await post(sb.httpUrl, '/__sandbox/balance', { loginid: usd.loginid, balance: 123.45 });
    expect(res.status).toBe(200);
    expect(await push).toMatchObject({
      msg_type: 'balance',
      subscription: { id },
      balance: { loginid: usd.loginid, id },
    });

    expect((await c.call({ forget: id })).forget).toBe(1);
    expect((await c.call({ forget: id })).forget).toBe(0);
    sb.setBalance(usd.loginid, 1);
    // A ping sent after the change comes back after any push the change would have caused.
    await c.call({ ping: 1 });
    expect(c.frames.filter((f) => (f as Json).req_id === 42)).toHaveLength(2);
  });

  it('account all + subscribe in a multi-token session pushes every account change', async () => {
    const c = await open();
    const [usd, btc, vrtc] = alice().accounts;
    await c.call({ authorize: usd!.token, tokens: [btc!.token, vrtc!.token] });
    const sub = await c.call({ balance: 1, account: 'all', subscribe: 1, loginid: usd!.loginid, req_id: 7 });
    const id = (sub.subscription as Json).id;
    const push = c.next((m) => m.req_id === 7 && (m.balance as Json).loginid === vrtc!.loginid);
    sb.setBalance(vrtc!.loginid, 5000);
    const got = await push;
    expect(got).toMatchObject({
      subscription: { id },
      balance: { balance: 5000, currency: 'USD', total: { deriv_demo: { amount: 5000 } } },
    });
  });

  it('forget_all cancels balance streams and lists their ids', async () => {
    const c = await open();
    const usd = alice().accounts[0]!;
    await c.call({ authorize: usd.token });
    const a = ((await c.call({ balance: 1, subscribe: 1 })).subscription as Json).id;
    const b = ((await c.call({ balance: 1, account: 'all', subscribe: 1 })).subscription as Json).id;
    const r = await c.call({ forget_all: ['balance'] });
    expect((r.forget_all as string[]).sort()).toEqual([a, b].sort());
    expect((await c.call({ forget_all: 'balance' })).forget_all).toEqual([]);
  });
});

describe('get_settings and logout', () => {
  it('get_settings returns the profile; logout ends the session', async () => {
    const c = await open();
    const usd = alice().accounts[0]!;
    await c.call({ authorize: usd.token });
    const s = await c.call({ get_settings: 1 });
    expect(s.get_settings).toMatchObject({ email: alice().email, first_name: 'Alice' });
    const out = await c.call({ logout: 1 });
    expect(out).toMatchObject({ msg_type: 'logout', logout: 1 });
    const after = await c.call({ balance: 1 });
    expect((after.error as Json).code).toBe('AuthorizationRequired');
  });

  it('virtual accounts get settings without personal details', async () => {
    const c = await open();
    await c.call({ authorize: alice().accounts[2]!.token });
    const s = (await c.call({ get_settings: 1 })).get_settings as Json;
    expect(s.email).toBe(alice().email);
    expect(s.first_name).toBeUndefined();
  });
});

describe('records for tests', () => {
  it('received() lists every request with its connection; httpHits() every HTTP request', async () => {
    const c = await open();
    const before = sb.received().length;
    await c.call({ ping: 1, req_id: 99 });
    const mine = sb.received().slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.request).toEqual({ ping: 1, req_id: 99 });
    expect(sb.httpHits()).toContainEqual({ method: 'GET', path: '/websockets/v3' });
  });
});

describe('idle sockets', () => {
  it('a socket that sends nothing is closed by the server, like Deriv after 2 minutes', async () => {
    const quick = await startSandbox({ seed: 7, idleTimeoutMs: 100 });
    try {
      const c = await WsClient.open(quick.wsUrl);
      expect(await c.closed).toEqual({ code: 1000, reason: 'idle timeout' });
    } finally {
      await quick.close();
    }
  });
});
