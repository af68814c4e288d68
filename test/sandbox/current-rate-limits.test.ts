/**
 * The sandbox enforces Deriv's published limits on its current API (developers.deriv.com/docs/limits):
 * REST per IP (300 a minute, 1,000 in ten minutes) and per logged-in user (80 a minute); socket calls
 * by group per minute and hour; `ping` at 10 a second per connection. Each budget is driven over its
 * edge with the published numbers, on the sandbox's injected clock (no real minute passes), and the
 * answers over it are checked against Deriv's shapes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { PUBLISHED_LIMITS } from '../../sandbox/current-api/rate-limits';
import { DEFAULT_LIMITS } from '../../sandbox/current-api/types';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { control, oauthTokens, patHeaders, rest, type RestAnswer } from '../current-api/oauth-helpers';
import { type Json, WsClient } from './ws-client';

const ACCOUNTS = '/trading/v1/options/accounts';
const MINUTE = 60_000;

describe("sandbox: Deriv's published rate limits on the current API", () => {
  let sb: SandboxHandle;
  let now = 1_000_000;
  const open: WsClient[] = [];
  const alice = () => sb.newApi.users[0]!;
  const active = () => alice().accounts.filter((a) => a.status === 'active');

  /** `n` requests at once (in batches, so the loopback keeps up); the statuses in order. */
  const many = async (n: number, send: () => Promise<RestAnswer>): Promise<number[]> => {
    const out: number[] = [];
    for (let done = 0; done < n; done += 50)
      out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - done) }, send))).map((r) => r.status));
    return out;
  };
  const count = (xs: number[], status: number) => xs.filter((x) => x === status).length;
  const connect = async (accountId: string, userIndex = 0) => {
    const r = await rest(sb, 'POST', `${ACCOUNTS}/${accountId}/otp`, patHeaders(sb, userIndex));
    expect(r.status).toBe(200);
    const c = await WsClient.open((r.body.data as { url: string }).url, '');
    open.push(c);
    return c;
  };
  const calls = (c: WsClient, n: number, request: Json) =>
    Promise.all(Array.from({ length: n }, () => c.call(request)));
  const code = (m: Json) => (m.error as { code?: string } | undefined)?.code ?? null;

  beforeAll(async () => {
    sb = await startSandbox({ seed: 26, currentApi: { now: () => now, extraAccounts: 1 } });
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await control(sb, 'limits', { ...PUBLISHED_LIMITS, wsBudgetScope: 'account', rateLimitHeaders: false });
    await control(sb, 'rate-reset');
    now += 24 * 60 * MINUTE;
  });

  it("defaults are Deriv's published numbers; the socket scope and headers are the sandbox's assumption", () => {
    expect(PUBLISHED_LIMITS).toEqual({
      restPerIpPerMinute: 300,
      restPerIpPer10Minutes: 1_000,
      restPerUserPerMinute: 80,
      wsTradingPerMinute: 360,
      wsTradingPerHour: 14_400,
      wsAccountPerMinute: 100,
      wsAccountPerHour: 2_000,
      wsReportsPerMinute: 30,
      wsReportsPerHour: 1_500,
      wsGeneralPerMinute: 220,
      wsGeneralPerHour: 14_400,
      pingPerSecond: 10,
    });
    expect(DEFAULT_LIMITS).toMatchObject({ ...PUBLISHED_LIMITS, wsBudgetScope: 'account', rateLimitHeaders: false });
    expect(extraAccountsListed()).toBe(true);
  });
  const extraAccountsListed = () => active().filter((a) => a.account_type === 'real').length === 3;

  it('REST per user: 80 a minute for every credential of the user, then 429 RateLimit in the errors[] + meta envelope with Retry-After', async () => {
    const oauth = { authorization: `Bearer ${(await oauthTokens(sb)).accessToken}` };
    await control(sb, 'rate-reset');
    const first = await many(40, () => rest(sb, 'GET', ACCOUNTS, patHeaders(sb)));
    now += 20_000;
    const second = await many(40, () => rest(sb, 'GET', ACCOUNTS, oauth));
    expect([count(first, 200), count(second, 200)]).toEqual([40, 40]);
    const over = await rest(sb, 'POST', `${ACCOUNTS}/${active()[0]!.account_id}/otp`, oauth);
    expect(over.status).toBe(429);
    expect(over.body).toEqual({
      errors: [{ status: 429, code: 'RateLimit', message: expect.stringContaining('80 requests per minute per user') }],
      meta: { endpoint: `${ACCOUNTS}/${active()[0]!.account_id}/otp`, method: 'POST', timing: expect.any(Number) },
    });
    // The first 40 leave the window 60 s after they came, 40 s from now.
    expect(over.headers.get('retry-after')).toBe('40');
    expect(over.headers.get('content-type')).toMatch(/^application\/json/);
    // Another user, from the same IP, is not held back.
    expect((await rest(sb, 'GET', ACCOUNTS, patHeaders(sb, 1))).status).toBe(200);
    // A refused request spends nothing: once the first 40 leave, 40 more go.
    now += 40_000;
    expect(count(await many(41, () => rest(sb, 'GET', ACCOUNTS, patHeaders(sb))), 200)).toBe(40);
    // The route's record has the refusal too.
    expect(sb.newApiLog().accountLists.slice(-41)).toContainEqual({ status: 429 });
  });

  it('REST per IP: 300 a minute, counted before authentication (a 401 counts), then 429 for every caller', async () => {
    const anonymous = await many(299, () => rest(sb, 'GET', ACCOUNTS, {}));
    expect(count(anonymous, 401)).toBe(299);
    expect((await rest(sb, 'GET', ACCOUNTS, patHeaders(sb, 1))).status).toBe(200);
    now += 30_000;
    const over = await rest(sb, 'GET', ACCOUNTS, patHeaders(sb));
    expect(over.status).toBe(429);
    expect(over.body.errors).toEqual([
      { status: 429, code: 'RateLimit', message: expect.stringContaining('300 requests per minute per IP address') },
    ]);
    expect(over.headers.get('retry-after')).toBe('30');
    expect((await rest(sb, 'GET', ACCOUNTS, {})).status).toBe(429);
    now += 30_000;
    expect((await rest(sb, 'GET', ACCOUNTS, patHeaders(sb))).status).toBe(200);
  });

  it('REST per IP: 1,000 in ten minutes even when no minute is over 300', async () => {
    const statuses: number[] = [];
    for (const n of [250, 250, 250, 250]) {
      statuses.push(...(await many(n, () => rest(sb, 'GET', ACCOUNTS, {}))));
      now += MINUTE;
    }
    expect(count(statuses, 401)).toBe(1_000);
    const over = await rest(sb, 'GET', ACCOUNTS, {});
    expect(over.status).toBe(429);
    expect(over.body.errors?.[0]?.message).toContain('1000 requests per 10 minutes per IP address');
    // The first 250 came 4 minutes ago: they leave the ten minutes in 6.
    expect(over.headers.get('retry-after')).toBe('360');
    now += 6 * MINUTE;
    expect((await rest(sb, 'GET', ACCOUNTS, {})).status).toBe(401);
  });

  it('every route of the REST host counts, known or not; the authorization server does not', async () => {
    const unknown = await Promise.all(
      Array.from({ length: 150 }, () => fetch(`${sb.newApi.restUrl}/trading/v1/options/no-such-route`)),
    );
    expect(unknown.every((r) => r.status === 404)).toBe(true);
    await Promise.all(unknown.map((r) => r.arrayBuffer()));
    await many(150, () => rest(sb, 'GET', ACCOUNTS, {}));
    expect((await fetch(`${sb.newApi.issuer}/.well-known/openid-configuration`)).status).toBe(200);
    expect((await rest(sb, 'GET', ACCOUNTS, {})).status).toBe(429);
  });

  it('RateLimit-* headers only with the rateLimitHeaders option (Deriv documents none)', async () => {
    const without = await rest(sb, 'GET', ACCOUNTS, patHeaders(sb));
    expect(without.headers.get('ratelimit-limit')).toBeNull();
    await control(sb, 'limits', { rateLimitHeaders: true });
    const first = await rest(sb, 'GET', ACCOUNTS, patHeaders(sb));
    expect([first.headers.get('ratelimit-limit'), first.headers.get('ratelimit-remaining')]).toEqual(['80', '78']);
    expect(Number(first.headers.get('ratelimit-reset'))).toBe(60);
  });

  it('socket budgets by group: balance/statement 100 a minute; other groups unaffected; answers RateLimit as Deriv does', async () => {
    const c = await connect(active()[0]!.account_id);
    const answers = await calls(c, 100, { balance: 1 });
    expect(answers.every((a) => a.msg_type === 'balance' && code(a) === null)).toBe(true);
    now += 10_000;
    const over = await c.call({ balance: 1, req_id: 7, passthrough: { n: 1 } });
    expect(over).toMatchObject({
      msg_type: 'balance',
      req_id: 7,
      passthrough: { n: 1 },
      echo_req: { balance: 1, req_id: 7, passthrough: { n: 1 } },
      error: { code: 'RateLimit', message: expect.stringContaining('100 requests per minute for account calls') },
    });
    expect(over.balance).toBeUndefined();
    expect(code(await c.call({ statement: 1 }))).toBe('RateLimit');
    expect(code(await c.call({ time: 1 }))).toBeNull();
    now += 50_000;
    expect(code(await c.call({ balance: 1 }))).toBeNull();
  });

  it('socket budgets by hour: 2,000 balance/statement calls in an hour though no minute is over 100', async () => {
    const c = await connect(active()[0]!.account_id);
    for (let minute = 0; minute < 20; minute++) {
      expect((await calls(c, 100, { balance: 1 })).filter((a) => code(a) === null)).toHaveLength(100);
      now += MINUTE;
    }
    const over = await c.call({ balance: 1 });
    expect((over.error as { message: string }).message).toContain('2000 requests per hour for account calls');
    now += 40 * MINUTE;
    expect(code(await c.call({ balance: 1 }))).toBeNull();
  });

  it.each([
    ['trading', { proposal: 1 }, 360, 14_400],
    ['reports', { portfolio: 1 }, 30, 1_500],
    ['general', { time: 1 }, 220, 14_400],
  ] as const)(
    'the %s group: its published minute, then RateLimit (the sandbox counts calls it does not implement too)',
    async (group, request, perMinute, perHour) => {
      expect(DEFAULT_LIMITS[`ws${group[0]!.toUpperCase()}${group.slice(1)}PerHour` as 'wsTradingPerHour']).toBe(
        perHour,
      );
      const c = await connect(active()[0]!.account_id);
      const answers = await calls(c, perMinute, request as Json);
      expect(answers.filter((a) => code(a) === 'RateLimit')).toEqual([]);
      const over = await c.call(request as Json);
      expect(code(over)).toBe('RateLimit');
      expect((over.error as { message: string }).message).toContain(`${perMinute} requests per minute for ${group}`);
      // Balance has its own budget.
      expect(code(await c.call({ balance: 1 }))).toBeNull();
    },
  );

  it('the hour of the trading, reports and general groups (their limits lowered to keep the test short)', async () => {
    await control(sb, 'limits', { wsTradingPerHour: 400, wsReportsPerHour: 40, wsGeneralPerHour: 300 });
    const c = await connect(active()[0]!.account_id);
    for (const [request, hour] of [
      [{ proposal: 1 }, 400],
      [{ portfolio: 1 }, 40],
      [{ forget_all: 'balance' }, 300],
    ] as const) {
      let admitted = 0;
      for (let minute = 0; minute < 3; minute++) {
        admitted += (await calls(c, 200, request)).filter((a) => code(a) !== 'RateLimit').length;
        now += MINUTE;
      }
      expect(admitted).toBe(hour);
      expect((await c.call(request)).error).toMatchObject({
        code: 'RateLimit',
        message: expect.stringContaining('per hour'),
      });
    }
  });

  it('ping: 10 a second per connection, outside the group budgets', async () => {
    const demo = active().find((a) => a.account_type === 'demo')!.account_id;
    const c = await connect(demo);
    const d = await connect(demo);
    const pings = await calls(c, 11, { ping: 1 });
    expect(pings.slice(0, 10).every((p) => p.ping === 'pong')).toBe(true);
    expect(pings[10]).toMatchObject({ msg_type: 'ping', error: { code: 'RateLimit' } });
    expect((pings[10]!.error as { message: string }).message).toContain('10 requests per second per connection');
    // The same account's other connection has its own pings; the general budget was not touched.
    expect((await calls(d, 10, { ping: 1 })).every((p) => p.ping === 'pong')).toBe(true);
    expect(sb.newApiRates().find((b) => b.name === 'ws.general.minute')?.peak).toBe(0);
    now += 1_000;
    expect((await c.call({ ping: 1 })).ping).toBe('pong');
  });

  it('socket budget scope: per account by default (a reconnect does not start afresh); per connection or per user as options', async () => {
    const [one, two] = active().filter((a) => a.account_type === 'real');
    // Each socket is closed after use: a user may hold five at once.
    const spend = async (c: WsClient) => {
      const admitted = (await calls(c, 100, { balance: 1 })).filter((a) => code(a) === null).length;
      await c.close();
      return admitted;
    };
    const after = async (c: WsClient) => {
      const answer = code(await c.call({ balance: 1 }));
      await c.close();
      return answer;
    };

    expect(await spend(await connect(one!.account_id))).toBe(100);
    expect(await after(await connect(one!.account_id))).toBe('RateLimit');
    expect(await after(await connect(two!.account_id))).toBeNull();

    await control(sb, 'rate-reset');
    await control(sb, 'limits', { wsBudgetScope: 'connection' });
    expect(await spend(await connect(one!.account_id))).toBe(100);
    expect(await after(await connect(one!.account_id))).toBeNull();

    await control(sb, 'rate-reset');
    await control(sb, 'limits', { wsBudgetScope: 'user' });
    expect(await spend(await connect(one!.account_id))).toBe(100);
    expect(await after(await connect(two!.account_id))).toBe('RateLimit');
    // Another user's account is not held back.
    expect(await after(await connect(sb.newApi.users[1]!.accounts[0]!.account_id, 1))).toBeNull();
  });

  it('the public socket counts per connection', async () => {
    const a = await WsClient.open(sb.newApi.wsPublicUrl, '');
    const b = await WsClient.open(sb.newApi.wsPublicUrl, '');
    open.push(a, b);
    expect((await calls(a, 221, { time: 1 })).filter((m) => code(m) === 'RateLimit')).toHaveLength(1);
    expect(code(await b.call({ time: 1 }))).toBeNull();
  });

  it('the control endpoint takes every budget and the assumptions, and refuses bad values; the peaks are recorded', async () => {
    await control(sb, 'limits', { restPerUserPerMinute: 2 });
    expect((await many(3, () => rest(sb, 'GET', ACCOUNTS, patHeaders(sb)))).sort()).toEqual([200, 200, 429]);
    const rates = sb.newApiRates();
    expect(rates.find((b) => b.name === 'rest.user.minute')).toEqual({
      name: 'rest.user.minute',
      countedPer: 'user',
      windowMs: MINUTE,
      limit: 2,
      peak: 2,
      refused: 1,
    });
    expect(rates.find((b) => b.name === 'ws.account.hour')).toMatchObject({ countedPer: 'account', limit: 2_000 });
    for (const body of [
      { wsBudgetScope: 'app' },
      { pingPerSecond: 0 },
      { restPerIpPerMinute: -1 },
      { rateLimitHeaders: 1 },
    ]) {
      const res = await fetch(`${sb.httpUrl}/__sandbox/current/limits`, { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
  });
});
