import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { control, otpUrl, patHeaders, upgradeStatus } from '../current-api/oauth-helpers';
import { type Json, WsClient } from './ws-client';

describe("sandbox: the current API's sockets", () => {
  let sb: SandboxHandle;
  let demo: string;
  let real: string;
  let realBtc: string;
  const open: WsClient[] = [];
  const connect = async (accountId: string) => {
    const c = await WsClient.open(await otpUrl(sb, accountId, patHeaders(sb)), '');
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    sb = await startSandbox({ seed: 11 });
    const accounts = sb.newApi.users[0]!.accounts.filter((a) => a.status === 'active');
    demo = accounts.find((a) => a.account_type === 'demo')!.account_id;
    [real, realBtc] = accounts.filter((a) => a.account_type === 'real').map((a) => a.account_id) as [string, string];
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await control(sb, 'limits', { pingPerSecond: 10, subscriptionsPerSocket: 100, socketsPerUser: 5 });
    await control(sb, 'rate-reset');
  });

  it('an OTP URL opens once: reused → 401; missing OTP → 400; unknown OTP → 401', async () => {
    const url = await otpUrl(sb, demo, patHeaders(sb));
    const c = await WsClient.open(url, '');
    open.push(c);
    expect(await upgradeStatus(url)).toBe(401);
    const base = url.slice(0, url.indexOf('?'));
    expect(await upgradeStatus(base)).toBe(400);
    expect(await upgradeStatus(`${base}?otp=`)).toBe(400);
    expect(await upgradeStatus(`${base}?otp=made-up-otp-value`)).toBe(401);
  });

  it('an OTP on the path of the other account type → 401 (and is spent)', async () => {
    const url = await otpUrl(sb, demo, patHeaders(sb));
    const wrong = url.replace('/ws/demo?', '/ws/real?');
    expect(await upgradeStatus(wrong)).toBe(401);
    expect(await upgradeStatus(url)).toBe(401);
  });

  it('an expired OTP → 401', async () => {
    await control(sb, 'limits', { otpTtlMs: 1 });
    try {
      const url = await otpUrl(sb, demo, patHeaders(sb));
      await new Promise((r) => setTimeout(r, 20));
      expect(await upgradeStatus(url)).toBe(401);
    } finally {
      await control(sb, 'limits', { otpTtlMs: 60_000 });
    }
  });

  it('balance answers for the socket’s account; subscribe pushes changes; forget stops them', async () => {
    const c = await connect(real);
    const sub = await c.call({ balance: 1, subscribe: 1 });
    const body = sub.balance as { balance: number; currency: string; loginid: string; id: string };
    expect(body.loginid).toBe(real);
    expect(body.currency).toBe('USD');
    expect((sub.subscription as { id: string }).id).toBe(body.id);
    expect(body.id).toMatch(/^[\w-]{32,128}$/);
    const push = c.next((m) => m.msg_type === 'balance' && (m.balance as { balance: number }).balance === 123.45);
    await control(sb, 'balance', { account_id: real, balance: 123.45 });
    expect(((await push).subscription as { id: string }).id).toBe(body.id);
    const again = await c.call({ balance: 1, subscribe: 1 });
    expect((again.error as { code: string }).code).toBe('AlreadySubscribed');
    expect((await c.call({ forget: body.id })).forget).toBe(1);
    expect((await c.call({ forget: body.id })).forget).toBe(0);
    const once = await c.call({ balance: 1 });
    expect((once.balance as { balance: number }).balance).toBe(123.45);
    expect(once.subscription).toBeUndefined();
  });

  it('another account’s balance change does not reach this socket; forget_all ends balance streams', async () => {
    const c = await connect(realBtc);
    const sub = await c.call({ balance: 1, subscribe: 1 });
    await control(sb, 'balance', { account_id: real, balance: 5 });
    const marker = await c.call({ ping: 1 });
    expect(marker.ping).toBe('pong');
    expect(c.frames.filter((f) => (f as { msg_type?: string }).msg_type === 'balance')).toHaveLength(1);
    const all = await c.call({ forget_all: ['balance'] });
    expect(all.forget_all).toEqual([(sub.subscription as { id: string }).id]);
  });

  it('ping and time; authorize or any loginid is an error; unknown calls are refused', async () => {
    const c = await connect(demo);
    expect((await c.call({ ping: 1 })).ping).toBe('pong');
    const t = await c.call({ time: 1 });
    expect(Math.abs((t.time as number) - Date.now() / 1000)).toBeLessThan(60);
    const auth = await c.call({ authorize: 'pat_x' });
    expect(auth.msg_type).toBe('authorize');
    expect((auth.error as { code: string }).code).toBe('InputValidationFailed');
    const withLogin = await c.call({ balance: 1, loginid: demo });
    expect((withLogin.error as { code: string }).code).toBe('InputValidationFailed');
    expect(withLogin.balance).toBeUndefined();
    expect(((await c.call({ ticks: 'R_100' })).error as { code: string }).code).toBe('UnrecognisedRequest');
    expect(((await c.call({ ping: 1, passthrough: { a: 1 } })).passthrough as { a: number }).a).toBe(1);
  });

  it('credentials are "<not shown>" in every echo_req (refused authorize, tokens on any call, rate-limited, streamed), as on Deriv\'s v3', async () => {
    const secret = 'pat_'.padEnd(68, 'e');
    const c = await connect(demo);
    const answers = [
      await c.call({ authorize: secret }),
      await c.call({ authorize: secret, tokens: [secret] }),
      await c.call({ ping: 1, tokens: [secret] }),
      await c.call({ balance: 1, tokens: [secret] }),
      await c.call({ balance: 1, subscribe: 1, loginid: demo, authorize: secret }),
      await c.call({ ticks: 'R_100', authorize: secret }),
    ];
    expect(answers.map((a) => a.msg_type)).toEqual([
      'authorize',
      'authorize',
      'ping',
      'balance',
      'authorize',
      'authorize',
    ]);
    for (const a of answers) {
      const echo = a.echo_req as Json;
      for (const f of ['authorize', 'tokens']) if (f in echo) expect(echo[f]).toBe('<not shown>');
    }
    expect((answers[1]!.echo_req as Json).tokens).toBe('<not shown>');
    // A subscription's pushes echo its request too, and a rate-limited answer its own.
    await control(sb, 'limits', { pingPerSecond: 2 });
    const limited = await Promise.all([1, 2, 3].map(() => c.call({ ping: 1, authorize: secret })));
    expect(limited.some((a) => (a.error as { code?: string } | undefined)?.code === 'RateLimit')).toBe(true);
    await control(sb, 'limits', { pingPerSecond: 10 });
    const d = await connect(real);
    await d.call({ balance: 1, subscribe: 1, tokens: [secret] });
    const push = d.next((m) => m.msg_type === 'balance' && (m.balance as { balance: number }).balance === 77);
    await control(sb, 'balance', { account_id: real, balance: 77 });
    expect(((await push).echo_req as Json).tokens).toBe('<not shown>');
    // Nothing any frame carried holds the credential.
    expect(JSON.stringify([...c.frames, ...d.frames])).not.toContain(secret);
  });

  it('per-connection ping limit → RateLimit; per-socket subscription limit → RateLimit', async () => {
    await control(sb, 'limits', { pingPerSecond: 3 });
    const c = await connect(demo);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => c.call({ ping: 1 })));
    const limited = answers.filter((a) => (a.error as { code?: string } | undefined)?.code === 'RateLimit');
    expect(limited.length).toBeGreaterThanOrEqual(2);
    await control(sb, 'limits', { pingPerSecond: 10, subscriptionsPerSocket: 0 });
    const d = await connect(real);
    expect(((await d.call({ balance: 1, subscribe: 1 })).error as { code: string }).code).toBe('RateLimit');
  });

  it("a user's sixth concurrent socket is refused at the upgrade with 429; closing one makes room", async () => {
    const five = [];
    for (let i = 0; i < 5; i++) five.push(await connect(i % 2 ? real : demo));
    const sixth = await otpUrl(sb, demo, patHeaders(sb));
    expect(await upgradeStatus(sixth)).toBe(429);
    // Another user is not affected.
    const bob = sb.newApi.users[1]!;
    const bobUrl = await otpUrl(sb, bob.accounts[0]!.account_id, patHeaders(sb, 1));
    expect(await upgradeStatus(bobUrl)).toBe(101);
    await five[0]!.close();
    let status = 0;
    for (let i = 0; i < 50 && status !== 101; i++) {
      status = await upgradeStatus(await otpUrl(sb, demo, patHeaders(sb)));
      if (status !== 101) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(101);
  });

  it('/ws/public answers ping and time with no credential, and no account call', async () => {
    const c = await WsClient.open(sb.newApi.wsPublicUrl, '');
    open.push(c);
    expect((await c.call({ ping: 1 })).ping).toBe('pong');
    expect(typeof (await c.call({ time: 1 })).time).toBe('number');
    expect(((await c.call({ balance: 1 })).error as { code: string }).code).toBe('AuthorizationRequired');
  });

  it('property: any JSON frame gets one answer with msg_type (a result or an error); the socket stays open', async () => {
    const c = await connect(demo);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.json(), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue())),
        async (frame) => {
          const reqId = Math.floor(Math.random() * 1e9);
          let parsed: unknown;
          try {
            parsed = JSON.parse(typeof frame === 'string' ? frame : JSON.stringify(frame));
          } catch {
            parsed = null;
          }
          const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
          if (!isObject) {
            c.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
            const answer = await c.next((m) => m.msg_type === 'error');
            expect((answer.error as { code: string }).code).toBe('InputValidationFailed');
            return;
          }
          const answer = await c.call({ ...(parsed as Record<string, unknown>), req_id: reqId });
          expect(typeof answer.msg_type).toBe('string');
          expect(answer.echo_req).toBeDefined();
        },
      ),
      { numRuns: 60 },
    );
    expect((await c.call({ ping: 1 })).ping).toBe('pong');
  });

  it('the legacy drop fault closes the current-API sockets too', async () => {
    const a = await connect(demo);
    const res = await fetch(`${sb.httpUrl}/__sandbox/drop`, { method: 'POST', body: '{}' });
    expect(((await res.json()) as { dropped: number }).dropped).toBeGreaterThanOrEqual(1);
    expect((await a.closed).code).toBe(1006);
  });

  it('the drop fault closes every current-API socket', async () => {
    const a = await connect(demo);
    const b = await connect(real);
    const r = await control(sb, 'drop');
    expect(r.dropped).toBeGreaterThanOrEqual(2);
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
  });
});
