import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

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
  sb = await startSandbox({ seed: 11 });
});
afterEach(async () => {
  await post(sb.httpUrl, '/__sandbox/reset');
  await Promise.all(clients.splice(0).map((c) => (c.ws.readyState === WebSocket.OPEN ? c.close() : c.closed)));
});
afterAll(() => sb.close());

const usd = () => sb.users[0]!.accounts[0]!;

describe('fault injection over /__sandbox', () => {
  it('refuses control requests a web page on another origin sends (CSRF)', async () => {
    const res = await fetch(`${sb.httpUrl}/__sandbox/drop`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    const same = await fetch(`${sb.httpUrl}/__sandbox/reset`, { method: 'POST', headers: { origin: sb.httpUrl } });
    expect(same.status).toBe(200);
  });

  it('drop closes every socket abruptly', async () => {
    const [a, b] = [await open(), await open()];
    const res = await post(sb.httpUrl, '/__sandbox/drop');
    expect(res).toEqual({ status: 200, json: { ok: true, dropped: 2 } });
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
  });

  it('revoke makes that token InvalidToken, in live sessions and for new authorize; others keep working', async () => {
    const c = await open();
    const [first, second] = sb.users[0]!.accounts;
    await c.call({ authorize: first!.token, tokens: [second!.token] });
    const res = await post(sb.httpUrl, '/__sandbox/revoke', { token: second!.token });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).not.toContain(second!.token);
    expect(((await c.call({ balance: 1, loginid: second!.loginid })).error as Json).code).toBe('InvalidToken');
    expect((await c.call({ balance: 1, loginid: first!.loginid })).balance).toBeDefined();
    const fresh = await c.call({ authorize: second!.token });
    expect(fresh.error).toMatchObject({ code: 'InvalidToken', message: 'The token is invalid.' });
    expect((await post(sb.httpUrl, '/__sandbox/revoke', { token: 'a1-unknown' })).status).toBe(404);
  });

  it('delay holds every response back; delayed answers still arrive in order', async () => {
    const c = await open();
    await post(sb.httpUrl, '/__sandbox/delay', { ms: 60_000 });
    c.send({ ping: 1, req_id: 1 });
    // Dropping the socket long before the minute is up: the held-back answer never arrived.
    await post(sb.httpUrl, '/__sandbox/drop');
    await c.closed;
    expect(c.frames).toEqual([]);

    await post(sb.httpUrl, '/__sandbox/delay', { ms: 30 });
    const d = await open();
    const answers = await Promise.all([d.call({ ping: 1, req_id: 1 }), d.call({ time: 1, req_id: 2 })]);
    expect(answers.map((a) => a.msg_type)).toEqual(['ping', 'time']);
    expect(d.frames.map((f) => (f as Json).req_id)).toEqual([1, 2]);
  });

  it('refuse rejects new WebSocket connections until turned off; open ones stay', async () => {
    const existing = await open();
    await post(sb.httpUrl, '/__sandbox/refuse', { on: true });
    const err = await WsClient.open(sb.wsUrl).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toContain('503');
    expect((await existing.call({ ping: 1 })).ping).toBe('pong');
    await post(sb.httpUrl, '/__sandbox/refuse', { on: false });
    expect((await (await open()).call({ ping: 1 })).ping).toBe('pong');
  });

  it('garbage sends one malformed frame to every socket, which stays usable', async () => {
    const c = await open();
    const res = await post(sb.httpUrl, '/__sandbox/garbage');
    expect(res.json).toEqual({ ok: true, sent: 1 });
    await c.call({ ping: 1 });
    expect(typeof c.frames[0]).toBe('string');
    expect(() => JSON.parse(c.frames[0] as string)).toThrow();
  });

  it('ratelimit answers every call with RateLimit until turned off', async () => {
    const c = await open();
    await post(sb.httpUrl, '/__sandbox/ratelimit', { on: true });
    const r = await c.call({ balance: 1, req_id: 3 });
    expect(r).toMatchObject({
      msg_type: 'balance',
      req_id: 3,
      echo_req: { balance: 1, req_id: 3 },
      error: { code: 'RateLimit' },
    });
    await post(sb.httpUrl, '/__sandbox/ratelimit', { on: false });
    expect((await c.call({ ping: 1 })).ping).toBe('pong');
  });

  it('balance changes a balance and subscribers receive it; reset restores it', async () => {
    const c = await open();
    await c.call({ authorize: usd().token });
    const initial = ((await c.call({ balance: 1 })).balance as Json).balance;
    await c.call({ balance: 1, subscribe: 1, req_id: 9 });
    const push = c.next((m) => m.req_id === 9 && (m.balance as Json).balance === 77);
    expect((await post(sb.httpUrl, '/__sandbox/balance', { loginid: usd().loginid, balance: 77 })).status).toBe(200);
    await push;
    const back = c.next((m) => m.req_id === 9 && (m.balance as Json).balance === initial);
    await post(sb.httpUrl, '/__sandbox/reset');
    await back;
    expect((await post(sb.httpUrl, '/__sandbox/balance', { loginid: 'CR0', balance: 1 })).status).toBe(404);
  });

  it('retire-legacy sends the legacy authorize page to a home page on another origin until turned off (or reset)', async () => {
    const authorize = `${sb.oauthUrl}?app_id=${sb.appId}&state=s`;
    const on = await post(sb.httpUrl, '/__sandbox/retire-legacy', { on: true });
    const home = (on.json as { home: string }).home;
    expect(new URL(home).origin).not.toBe(new URL(sb.oauthUrl).origin);
    const retired = await fetch(authorize, { redirect: 'manual' });
    expect([retired.status, retired.headers.get('location')]).toEqual([302, home]);
    const custom = await post(sb.httpUrl, '/__sandbox/retire-legacy', { on: true, home: 'https://home.example/' });
    expect(custom.json).toMatchObject({ home: 'https://home.example/' });
    expect((await post(sb.httpUrl, '/__sandbox/retire-legacy', { on: true, home: 'javascript:x' })).status).toBe(400);
    await post(sb.httpUrl, '/__sandbox/retire-legacy', { on: false });
    expect((await fetch(authorize, { redirect: 'manual' })).status).toBe(200);
    await post(sb.httpUrl, '/__sandbox/retire-legacy', { on: true });
    await post(sb.httpUrl, '/__sandbox/reset');
    expect((await fetch(authorize, { redirect: 'manual' })).status).toBe(200);
  });

  it('reset clears delay, refuse, ratelimit and revocations', async () => {
    await post(sb.httpUrl, '/__sandbox/revoke', { token: usd().token });
    await post(sb.httpUrl, '/__sandbox/ratelimit', { on: true });
    await post(sb.httpUrl, '/__sandbox/refuse', { on: true });
    await post(sb.httpUrl, '/__sandbox/reset');
    const c = await open();
    expect((await c.call({ authorize: usd().token })).authorize).toBeDefined();
  });

  it('bad control requests get 400/404/405 with a reason', async () => {
    expect((await post(sb.httpUrl, '/__sandbox/delay', { ms: 'x' })).status).toBe(400);
    expect((await post(sb.httpUrl, '/__sandbox/refuse', {})).status).toBe(400);
    expect((await post(sb.httpUrl, '/__sandbox/nope')).status).toBe(404);
    const notJson = await fetch(`${sb.httpUrl}/__sandbox/delay`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${sb.httpUrl}/__sandbox/reset`)).status).toBe(405);
  });
});
