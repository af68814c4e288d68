/**
 * The sandbox tells OAuth tokens from API tokens the way Deriv does: API tokens (15 alphanumerics,
 * chosen scopes) work with any app_id; OAuth tokens only on the app that issued them; scopes are
 * returned and enforced; secrets never come back in echo_req; each login mints fresh tokens;
 * `website_status` subscribers hear about status changes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { Browser, formOf } from './http-client';
import { type Json, post, WsClient } from './ws-client';

let sb: SandboxHandle;
const clients: WsClient[] = [];
const open = async (appId = '1089') => {
  const c = await WsClient.open(sb.wsUrl, `?app_id=${appId}&l=EN&brand=deriv`);
  clients.push(c);
  return c;
};
beforeAll(async () => {
  sb = await startSandbox({ seed: 13, apps: [{ appId: '4242', redirectUrl: 'deriv-desktop://callback/' }] });
});
afterEach(async () => {
  await post(sb.httpUrl, '/__sandbox/reset');
  await Promise.all(clients.splice(0).map((c) => (c.ws.readyState === WebSocket.OPEN ? c.close() : c.closed)));
});
afterAll(() => sb.close());

const alice = () => sb.users[0]!;
const bob = () => sb.users[1]!;
const apiToken = (loginid: string) => sb.users.flatMap((u) => u.apiTokens).find((t) => t.loginid === loginid)!;
const errorOf = (m: Json) => m.error as { code: string; message: string; details?: Record<string, string> } | undefined;

/** Logs in on the legacy page for `appId` and returns the redirect's tokens by loginid. */
async function legacyLogin(appId: string, user = alice()): Promise<Map<string, string>> {
  const browser = new Browser();
  const page = await browser.request(`${sb.oauthUrl}?app_id=${appId}`);
  const { action, fields } = formOf(await page.text());
  const res = await browser.request(new URL(action, sb.httpUrl).toString(), {
    form: { ...fields, email: user.email, password: user.password, action: 'approve' },
  });
  const to = new URL(res.headers.get('location')!);
  const tokens = new Map<string, string>();
  for (let i = 1; to.searchParams.has(`acct${i}`); i++)
    tokens.set(to.searchParams.get(`acct${i}`)!, to.searchParams.get(`token${i}`)!);
  return tokens;
}

describe('API tokens', () => {
  it('every account of every demo user has one: 15 alphanumerics, its loginid, scopes; all registered as secrets', async () => {
    const again = await startSandbox({ seed: 13 });
    try {
      expect(again.users.map((u) => u.apiTokens)).toEqual(sb.users.map((u) => u.apiTokens));
    } finally {
      await again.close();
    }
    const secrets = sb.secrets();
    for (const user of sb.users) {
      expect(user.apiTokens.map((t) => t.loginid)).toEqual(user.accounts.map((a) => a.loginid));
      for (const t of user.apiTokens) {
        expect(t.token).toMatch(/^[A-Za-z0-9]{15}$/);
        expect(t.scopes.length).toBeGreaterThan(0);
        for (const s of t.scopes) expect(['read', 'trade', 'trading_information', 'payments', 'admin']).toContain(s);
        expect(secrets).toContainEqual({ kind: 'api_token', value: t.token });
      }
    }
    // The set exercises what apps must handle: full scopes, and a token without read.
    expect(apiToken(alice().accounts[0]!.loginid).scopes).toEqual([
      'read',
      'trade',
      'trading_information',
      'payments',
      'admin',
    ]);
    expect(apiToken(alice().accounts[2]!.loginid).scopes).not.toContain('read');
  });

  it('work with any app_id, and authorize returns the token’s own scopes', async () => {
    const btc = alice().accounts[1]!;
    for (const appId of ['1089', '4242', '31337']) {
      const c = await open(appId);
      const r = await c.call({ authorize: apiToken(btc.loginid).token });
      expect(errorOf(r)).toBeUndefined();
      expect(r.authorize).toMatchObject({ loginid: btc.loginid, scopes: ['read', 'trade'] });
      expect((await c.call({ balance: 1 })).balance).toMatchObject({ loginid: btc.loginid });
    }
  });

  it('a disabled account’s API token is DisabledClient; a revoked one InvalidToken', async () => {
    const c = await open();
    const disabled = alice().accounts.find((a) => a.is_disabled === 1)!;
    expect(errorOf(await c.call({ authorize: apiToken(disabled.loginid).token }))?.code).toBe('DisabledClient');
    const token = apiToken(bob().accounts[0]!.loginid).token;
    expect((await post(sb.httpUrl, '/__sandbox/revoke', { token })).status).toBe(200);
    expect(errorOf(await c.call({ authorize: token }))?.code).toBe('InvalidToken');
  });
});

describe('scopes are enforced per account', () => {
  it('balance needs read or trading_information; get_settings needs read; PermissionDenied otherwise', async () => {
    const [usd, , vrtc] = alice().accounts;
    const c = await open();
    await c.call({ authorize: apiToken(vrtc!.loginid).token });
    for (const call of [{ balance: 1 }, { balance: 1, subscribe: 1 }, { get_settings: 1 }]) {
      const r = await c.call(call);
      expect(errorOf(r)?.code, JSON.stringify(call)).toBe('PermissionDenied');
      expect(errorOf(r)?.message).toMatch(/requires read/);
    }
    // trading_information alone is enough for balance.
    const b = await open();
    await b.call({ authorize: apiToken(bob().accounts[0]!.loginid).token });
    expect(errorOf(await b.call({ balance: 1 }))).toBeUndefined();

    // In a multi-token session each account keeps its own token's scopes.
    const m = await open();
    const r = await m.call({ authorize: apiToken(usd!.loginid).token, tokens: [apiToken(vrtc!.loginid).token] });
    expect((r.authorize as Json).scopes).toEqual(apiToken(usd!.loginid).scopes);
    expect(errorOf(await m.call({ balance: 1, loginid: usd!.loginid }))).toBeUndefined();
    expect(errorOf(await m.call({ balance: 1, loginid: vrtc!.loginid }))?.code).toBe('PermissionDenied');
  });
});

describe('OAuth tokens are bound to the app_id that issued them', () => {
  it('a token from another app is InvalidToken "Token is not valid for current app ID." (multi: by position)', async () => {
    const [usd, btc] = alice().accounts;
    const from4242 = await legacyLogin('4242');
    const own = await open('4242');
    expect(errorOf(await own.call({ authorize: from4242.get(usd!.loginid)! }))).toBeUndefined();

    const other = await open('1089');
    const r = await other.call({ authorize: from4242.get(usd!.loginid)! });
    expect(errorOf(r)).toMatchObject({ code: 'InvalidToken', message: 'Token is not valid for current app ID.' });
    // The published account.token was issued to the default app: refused on 4242.
    expect(errorOf(await own.call({ authorize: usd!.token }))?.message).toBe('Token is not valid for current app ID.');

    const multi = await other.call({
      authorize: usd!.token,
      tokens: [apiToken(alice().accounts[2]!.loginid).token, from4242.get(btc!.loginid)!],
    });
    expect(errorOf(multi)).toMatchObject({
      code: 'InvalidToken',
      details: { tokens: 'Token at position 2 is invalid.' },
    });
    // Without the foreign token, the OAuth and API tokens authorize together.
    const ok = await other.call({ authorize: usd!.token, tokens: [apiToken(alice().accounts[2]!.loginid).token] });
    expect(errorOf(ok)).toBeUndefined();
  });

  it('the login page mints fresh tokens at each login; earlier ones stay valid until logout revokes them', async () => {
    const usd = alice().accounts[0]!.loginid;
    const first = await legacyLogin('1089');
    const second = await legacyLogin('1089');
    expect(first.get(usd)).not.toBe(second.get(usd));
    const c = await open();
    expect(errorOf(await c.call({ authorize: first.get(usd)! }))).toBeUndefined();
    expect(errorOf(await c.call({ authorize: second.get(usd)! }))).toBeUndefined();
    // Deriv's logout revokes the account's OAuth tokens for this app, never the trader's API tokens.
    expect((await c.call({ logout: 1 })).logout).toBe(1);
    expect(errorOf(await c.call({ authorize: first.get(usd)! }))?.code).toBe('InvalidToken');
    expect(errorOf(await c.call({ authorize: apiToken(usd).token }))).toBeUndefined();
    expect((await c.call({ logout: 1 })).logout).toBe(1);
    expect(errorOf(await c.call({ authorize: apiToken(usd).token }))).toBeUndefined();
  });
});

describe('echo_req never carries a secret', () => {
  it('authorize and tokens are "<not shown>" in every answer, errors included', async () => {
    const [usd, btc] = alice().accounts;
    const c = await open();
    const requests: Json[] = [
      { authorize: usd!.token, tokens: [apiToken(btc!.loginid).token] },
      { authorize: apiToken(usd!.loginid).token, passthrough: { n: 1 } },
      { authorize: 'MULTI', tokens: [usd!.token] },
      { authorize: 'UnknownToken123' },
      { authorize: usd!.token, tokens: ['bad token!'] },
      { authorize: usd!.token, surprise: 1 },
    ];
    for (const request of requests) {
      const r = await c.call(request);
      expect(r.echo_req).toMatchObject({ authorize: '<not shown>' });
      if ('tokens' in request) expect((r.echo_req as Json).tokens).toBe('<not shown>');
    }
    await post(sb.httpUrl, '/__sandbox/ratelimit', { on: true });
    expect((await c.call({ authorize: usd!.token })).echo_req).toMatchObject({ authorize: '<not shown>' });
    const everything = JSON.stringify(c.frames);
    for (const { value } of sb.secrets()) expect(everything).not.toContain(value);
  });
});

describe('website_status subscription', () => {
  it('pushes when POST /__sandbox/status changes the status, and again when reset puts it back up', async () => {
    const c = await open();
    const first = await c.call({ website_status: 1, subscribe: 1, req_id: 5 });
    expect(first.website_status).toMatchObject({ site_status: 'up' });
    const id = (first.subscription as Json).id;
    const pushed = c.next((m) => m.req_id === 5);
    const res = await post(sb.httpUrl, '/__sandbox/status', { site_status: 'down', message: 'Maintenance' });
    expect(res).toEqual({ status: 200, json: { ok: true, site_status: 'down' } });
    expect(await pushed).toMatchObject({
      msg_type: 'website_status',
      website_status: { site_status: 'down', message: 'Maintenance' },
      subscription: { id },
    });
    expect((await c.call({ website_status: 1 })).website_status).toMatchObject({ site_status: 'down' });
    const back = c.next((m) => m.req_id === 5);
    await post(sb.httpUrl, '/__sandbox/reset');
    expect((await back).website_status).toMatchObject({ site_status: 'up' });
    expect((await back).website_status).not.toHaveProperty('message');
    expect((await post(sb.httpUrl, '/__sandbox/status', { site_status: 'sideways' })).status).toBe(400);
  });
});
