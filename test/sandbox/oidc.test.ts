import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { Browser, formOf } from './http-client';
import { type Json, WsClient } from './ws-client';

let sb: SandboxHandle;
let as: oauth.AuthorizationServer;
let client: oauth.Client;

beforeAll(async () => {
  sb = await startSandbox({ seed: 5 });
  const issuer = new URL(sb.issuer);
  const res = await oauth.discoveryRequest(issuer, { [oauth.allowInsecureRequests]: true });
  as = await oauth.processDiscoveryResponse(issuer, res);
  client = { client_id: sb.appId };
});
afterAll(() => sb.close());

interface Started {
  browser: Browser;
  verifier: string;
  state: string;
  interaction: URL;
}

async function begin(clientId = sb.appId): Promise<Started> {
  const browser = new Browser();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: sb.redirectUrl,
    response_type: 'code',
    scope: 'openid',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    brand: 'deriv',
  }).toString();
  const res = await browser.request(url.toString());
  expect(res.status).toBe(303);
  return { browser, verifier, state, interaction: new URL(res.headers.get('location')!, sb.httpUrl) };
}

async function login(s: Started, form: Record<string, string>): Promise<URL> {
  const page = await s.browser.request(s.interaction.toString());
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(sb.users[0]!.email);
  const { action } = formOf(html);
  const res = await s.browser.request(new URL(action, sb.httpUrl).toString(), { form });
  expect(res.status).toBe(303);
  return s.browser.followUntilLeaving(new URL(res.headers.get('location')!, sb.httpUrl).toString(), sb.httpUrl);
}

async function exchange(s: Started, callback: URL): Promise<string> {
  const params = oauth.validateAuthResponse(as, client, callback, s.state);
  const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, sb.redirectUrl, s.verifier, {
    [oauth.allowInsecureRequests]: true,
  });
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, res);
  return tokens.access_token;
}

const legacy = (path: string, accessToken: string) =>
  fetch(`${sb.httpUrl}/oauth2/legacy/tokens${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
  });

describe('OIDC with PKCE (oidc-provider)', () => {
  it('discovery advertises the code flow with S256 and a public client works end to end', async () => {
    expect(as.issuer).toBe(sb.issuer);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
    expect(as.token_endpoint_auth_methods_supported).toContain('none');

    const user = sb.users[0]!;
    const s = await begin();
    const callback = await login(s, { email: user.email, password: user.password, action: 'approve' });
    expect(callback.origin + callback.pathname).toBe(sb.redirectUrl);
    const accessToken = await exchange(s, callback);

    const res = await legacy('', accessToken);
    expect(res.status).toBe(200);
    const map = (await res.json()) as Record<string, string>;
    const enabled = user.accounts.filter((a) => !a.is_disabled);
    expect(Object.keys(map)).toHaveLength(enabled.length * 3);
    enabled.forEach((a, i) => {
      expect(map[`acct${i + 1}`]).toBe(a.loginid);
      expect(map[`cur${i + 1}`]).toBe(a.currency);
      expect(map[`token${i + 1}`]).toMatch(/^[\w-]{1,128}$/);
    });

    const ws = await WsClient.open(sb.wsUrl);
    const auth = await ws.call({ authorize: map.token1!, tokens: [map.token2!, map.token3!] });
    expect((auth.authorize as Json).loginid).toBe(enabled[0]!.loginid);

    // Revoking: the issued tokens stop working, the access token too; the users' own tokens still work.
    const revoke = await legacy('/revoke', accessToken);
    expect(revoke.status).toBe(200);
    expect(((await ws.call({ balance: 1, loginid: enabled[0]!.loginid })).error as Json).code).toBe('InvalidToken');
    expect(((await ws.call({ authorize: map.token1! })).error as Json).code).toBe('InvalidToken');
    expect((await legacy('', accessToken)).status).toBe(401);
    expect((await ws.call({ authorize: user.accounts[0]!.token })).authorize).toBeDefined();
    await ws.close();
  });

  it('records every code and token it hands out in the secret log (for the leak scans)', async () => {
    const user = sb.users[0]!;
    const s = await begin();
    const callback = await login(s, { email: user.email, password: user.password, action: 'approve' });
    const code = callback.searchParams.get('code')!;
    const accessToken = await exchange(s, callback);
    const map = (await (await legacy('', accessToken)).json()) as Record<string, string>;
    const issued = Object.entries(map)
      .filter(([k]) => k.startsWith('token'))
      .map(([, v]) => v);
    expect(issued.length).toBeGreaterThan(0);
    const kindOf = new Map(sb.secrets().map((e) => [e.value, e.kind]));
    expect(kindOf.get(code)).toBe('oidc_code');
    expect(kindOf.get(accessToken)).toBe('access_token');
    for (const token of issued) expect(kindOf.get(token)).toBe('legacy_token');
  });

  it('Deny returns error=access_denied to the redirect URL', async () => {
    const s = await begin();
    const callback = await login(s, { action: 'deny' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(s.state);
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('a wrong password re-renders the page', async () => {
    const s = await begin();
    await (await s.browser.request(s.interaction.toString())).text();
    const res = await s.browser.request(s.interaction.toString(), {
      form: { email: sb.users[1]!.email, password: 'x', action: 'approve' },
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Wrong email or password.');
  });

  it('an unknown client_id gets an error page; a request without PKCE is refused', async () => {
    const res = await fetch(
      `${as.authorization_endpoint}?client_id=9999&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(sb.redirectUrl)}`,
      {
        redirect: 'manual',
      },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('invalid_client');

    const noPkce = await fetch(
      `${as.authorization_endpoint}?client_id=${sb.appId}&response_type=code&scope=openid&state=s&redirect_uri=${encodeURIComponent(sb.redirectUrl)}`,
      { redirect: 'manual' },
    );
    const to = new URL(noPkce.headers.get('location')!);
    expect(to.searchParams.get('error')).toBe('invalid_request');
  });

  it('legacy tokens need a valid Bearer access token', async () => {
    expect((await legacy('', 'not-a-token')).status).toBe(401);
    const none = await fetch(`${sb.httpUrl}/oauth2/legacy/tokens`, { method: 'POST' });
    expect(none.status).toBe(401);
    expect((await fetch(`${sb.httpUrl}/oauth2/legacy/tokens`)).status).toBe(405);
  });
});
