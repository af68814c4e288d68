/**
 * The sandbox plays both sides of issue 25: its login pages (both APIs) offer "Continue with
 * Google", which leads to a fake identity provider on another loopback origin that, like Google,
 * refuses an embedded browser's user agent; and its authorization servers accept a loopback
 * redirect on any port for a client registered with one (RFC 8252 §7.3), nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IDENTITY_PROVIDER_PATH } from '../../sandbox/identity-provider';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { authorizeUrl, loginAt, makePkce, tokenRequest } from '../current-api/oauth-helpers';
import { Browser } from './http-client';

const ELECTRON_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) deriv-desktop/1.0.0 Chrome/140.0.0.0 Electron/38.0.0 Safari/537.36';
const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

describe('sandbox: "Continue with Google" and loopback redirects', () => {
  let sb: SandboxHandle;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 25 });
  });
  afterAll(() => sb.close());

  /** The login page an authorization request leads to (following the sandbox's own redirects). */
  async function loginPageOf(url: string): Promise<string> {
    const browser = new Browser();
    let res = await browser.request(url);
    for (let i = 0; i < 5 && res.headers.get('location'); i++) {
      const next = new URL(res.headers.get('location')!, url).toString();
      await res.arrayBuffer();
      res = await browser.request(next);
    }
    return res.text();
  }

  it('every login page (legacy, OIDC, current API) links "Continue with Google" to the fake provider, on another origin', async () => {
    const pkce = makePkce();
    const oidc = new URL(`${sb.issuer}/oauth2/auth`);
    for (const [k, v] of Object.entries({
      client_id: sb.appId,
      redirect_uri: sb.redirectUrl,
      response_type: 'code',
      scope: 'openid',
      state: 's',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }))
      oidc.searchParams.set(k, v);
    const pages = [`${sb.oauthUrl}?app_id=${sb.appId}&state=s`, oidc.toString(), authorizeUrl(sb).toString()];
    for (const url of pages) {
      const html = await loginPageOf(url);
      expect(html, url).toContain('<a href="/federated/google">Continue with Google</a>');
    }
    const res = await fetch(`${sb.httpUrl}/federated/google`, { redirect: 'manual' });
    const target = new URL(res.headers.get('location')!);
    expect(res.status).toBe(302);
    expect(target.origin).toBe(sb.identityProvider.origin);
    expect(target.origin).not.toBe(new URL(sb.httpUrl).origin);
    expect(target.pathname).toBe(IDENTITY_PROVIDER_PATH);
  });

  it('the fake provider refuses a user agent containing Electron/ with "disallowed_useragent"; a browser gets its page', async () => {
    const url = `${sb.identityProvider.origin}${IDENTITY_PROVIDER_PATH}`;
    const refused = await fetch(url, { headers: { 'user-agent': ELECTRON_UA } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Error 403: disallowed_useragent');
    const served = await fetch(url, { headers: { 'user-agent': CHROME_UA } });
    expect(served.status).toBe(200);
    expect(await served.text()).not.toContain('disallowed_useragent');
    expect(sb.identityProvider.requests().map((r) => r.status)).toEqual([403, 200]);
  });

  it('current API: the registered loopback redirect on another port is accepted, and the token request repeats it', async () => {
    const registered = new URL(sb.newApi.redirectUrl);
    const other = new URL(registered);
    other.port = String(Number(registered.port) === 65000 ? 65001 : 65000);
    const pkce = makePkce();
    const cb = await loginAt(sb, authorizeUrl(sb, { pkce, state: 'st-port', redirectUri: other.toString() }));
    expect(cb.origin).toBe(other.origin);
    expect(cb.searchParams.get('state')).toBe('st-port');
    const answer = await tokenRequest(sb, {
      grant_type: 'authorization_code',
      client_id: sb.newApi.clientId,
      code: cb.searchParams.get('code')!,
      redirect_uri: other.toString(),
      code_verifier: pkce.verifier,
    });
    expect(answer.status).toBe(200);
  });

  it('current API: another path, another loopback host name or another host is still refused', async () => {
    const registered = new URL(sb.newApi.redirectUrl);
    for (const uri of [
      `http://127.0.0.1:${registered.port}/elsewhere`,
      `http://localhost:${registered.port}${registered.pathname}`,
      `http://evil.example:${registered.port}${registered.pathname}`,
      `https://127.0.0.1:${registered.port}${registered.pathname}`,
    ]) {
      const res = await fetch(authorizeUrl(sb, { redirectUri: uri }), { redirect: 'manual' });
      // oidc-provider answers an unregistered redirect_uri on its error page, never a redirect to it.
      expect(res.status, uri).toBe(400);
      await res.arrayBuffer();
    }
  });
});
