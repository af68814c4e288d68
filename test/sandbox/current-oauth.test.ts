import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import {
  authorizeUrl,
  control,
  loginAt,
  makePkce,
  oauthTokens,
  rest,
  tokenRequest,
} from '../current-api/oauth-helpers';
import { Browser } from './http-client';

const ACCOUNTS = '/trading/v1/options/accounts';

describe("sandbox: the current API's authorization server", () => {
  let sb: SandboxHandle;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 3, currentApi: { accessTokenTtlSec: 3600 } });
  });
  afterAll(() => sb.close());

  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    tokenRequest(sb, {
      grant_type: 'authorization_code',
      client_id: sb.newApi.clientId,
      code,
      redirect_uri: sb.newApi.redirectUrl,
      code_verifier: verifier,
      ...extra,
    });

  it('code flow with PKCE S256: state comes back, the code is exchanged once, the token opens REST', async () => {
    const pkce = makePkce();
    const cb = await loginAt(sb, authorizeUrl(sb, { pkce, state: 'my-state-123' }));
    expect(cb.origin + cb.pathname).toBe(sb.newApi.redirectUrl);
    expect(cb.searchParams.get('state')).toBe('my-state-123');
    const code = cb.searchParams.get('code')!;
    const first = await exchange(code, pkce.verifier);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', scope: 'trade account_manage' });
    expect(typeof first.body.refresh_token).toBe('string');
    expect(first.body.expires_in).toBe(3600);
    const list = await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${String(first.body.access_token)}` });
    expect(list.status).toBe(200);
    // A reused code is invalid_grant.
    const again = await exchange(code, pkce.verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    const secrets = sb.secrets().map((s) => s.kind);
    expect(secrets).toEqual(expect.arrayContaining(['oidc_code', 'access_token', 'refresh_token', 'pat']));
    expect(sb.secrets().some((s) => s.value === first.body.access_token)).toBe(true);
  });

  it('mints in Deriv’s observed formats: code ory_ac_…, tokens ory_at_… / ory_rt_…, expires_in 2591999 by default; a refresh rotates them', async () => {
    const own = await startSandbox({ seed: 4 });
    try {
      const pkce = makePkce();
      const cb = await loginAt(own, authorizeUrl(own, { pkce }));
      const code = cb.searchParams.get('code')!;
      expect(code).toMatch(/^ory_ac_[\w-]{20,}$/);
      const tokens = await tokenRequest(own, {
        grant_type: 'authorization_code',
        client_id: own.newApi.clientId,
        code,
        redirect_uri: own.newApi.redirectUrl,
        code_verifier: pkce.verifier,
      });
      expect(tokens.status).toBe(200);
      expect(tokens.body.access_token).toMatch(/^ory_at_[\w-]{20,}$/);
      expect(tokens.body.refresh_token).toMatch(/^ory_rt_[\w-]{20,}$/);
      expect(tokens.body.expires_in).toBe(2_591_999);
      const bearer = { authorization: `Bearer ${String(tokens.body.access_token)}` };
      expect((await rest(own, 'GET', ACCOUNTS, bearer)).status).toBe(200);
      const renewed = await tokenRequest(own, {
        grant_type: 'refresh_token',
        client_id: own.newApi.clientId,
        refresh_token: String(tokens.body.refresh_token),
      });
      expect(renewed.status).toBe(200);
      expect(renewed.body.access_token).toMatch(/^ory_at_/);
      expect(renewed.body.refresh_token).toMatch(/^ory_rt_/);
      expect(renewed.body.refresh_token).not.toBe(tokens.body.refresh_token);
      // Each is registered as a secret under its own kind, for the leak scans.
      const minted = own.secrets();
      for (const [kind, value] of [
        ['oidc_code', code],
        ['access_token', tokens.body.access_token],
        ['refresh_token', tokens.body.refresh_token],
      ])
        expect(minted.some((s) => s.kind === kind && s.value === value)).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('a wrong code_verifier is invalid_grant', async () => {
    const pkce = makePkce();
    const cb = await loginAt(sb, authorizeUrl(sb, { pkce }));
    const r = await exchange(cb.searchParams.get('code')!, makePkce().verifier);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_grant');
  });

  it('PKCE is required: a request without code_challenge is sent back with invalid_request', async () => {
    const cb = await new Browser().followUntilLeaving(
      authorizeUrl(sb, { noPkce: true, state: 's1' }).toString(),
      sb.httpUrl,
    );
    expect(cb.searchParams.get('error')).toBe('invalid_request');
    expect(cb.searchParams.get('state')).toBe('s1');
    expect(cb.searchParams.get('code')).toBeNull();
  });

  it('a redirect_uri that is not exactly the registered one gets an error page, never a redirect', async () => {
    for (const uri of [`${sb.newApi.redirectUrl}/`, sb.newApi.redirectUrl.replace('127.0.0.1', 'localhost')]) {
      const res = await fetch(authorizeUrl(sb, { redirectUri: uri }), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('redirect_uri');
    }
  });

  it('cancel on the login page: error=access_denied with the state', async () => {
    const cb = await loginAt(sb, authorizeUrl(sb, { state: 'cancel-me' }), { action: 'deny' });
    expect(cb.searchParams.get('error')).toBe('access_denied');
    expect(cb.searchParams.get('state')).toBe('cancel-me');
    expect(cb.searchParams.get('code')).toBeNull();
  });

  it('an unknown client_id is invalid_client at both endpoints', async () => {
    const res = await fetch(authorizeUrl(sb, { clientId: '999999' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('invalid_client');
    const pkce = makePkce();
    const cb = await loginAt(sb, authorizeUrl(sb, { pkce }));
    const r = await exchange(cb.searchParams.get('code')!, pkce.verifier, { client_id: '999999' });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('invalid_client');
  });

  it('refresh grant: a new access token; the old refresh token is rotated away', async () => {
    const t = await oauthTokens(sb);
    const grantsBefore = sb.newApiLog().grants.length;
    const refreshesBefore = sb.newApiLog().refreshes.length;
    const r = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      client_id: sb.newApi.clientId,
      refresh_token: t.refreshToken!,
    });
    expect(r.status).toBe(200);
    expect(r.body.access_token).not.toBe(t.accessToken);
    const ok = await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${String(r.body.access_token)}` });
    expect(ok.status).toBe(200);
    const reuse = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      client_id: sb.newApi.clientId,
      refresh_token: t.refreshToken!,
    });
    expect(reuse.body.error).toBe('invalid_grant');
    // The test's record: one refresh answered, the reuse refused.
    expect(sb.newApiLog().grants.slice(grantsBefore)).toEqual([
      { type: 'refresh_token', error: null },
      { type: 'refresh_token', error: 'invalid_grant' },
    ]);
    // And which refresh token each presented: the same one twice (what the chaos soak looks for).
    expect(sb.newApiLog().refreshes.slice(refreshesBefore)).toEqual([
      { token: t.refreshToken, error: null },
      { token: t.refreshToken, error: 'invalid_grant' },
    ]);
  });

  it('revocation (RFC 7009): discovery names the endpoint; a revoked refresh token is refused afterwards, its access token too; the log shows it', async () => {
    const meta = (await (await fetch(`${sb.newApi.issuer}/.well-known/openid-configuration`)).json()) as {
      revocation_endpoint?: string;
    };
    expect(meta.revocation_endpoint).toBe(`${sb.newApi.issuer}/oauth2/revoke`);
    const t = await oauthTokens(sb);
    const before = sb.newApiLog().revocations.length;
    const res = await fetch(meta.revocation_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: t.refreshToken!,
        token_type_hint: 'refresh_token',
        client_id: sb.newApi.clientId,
      }),
    });
    expect(res.status).toBe(200);
    expect(sb.newApiLog().revocations.slice(before)).toEqual([
      { token: t.refreshToken, hint: 'refresh_token', revoked: true },
    ]);
    const refresh = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      client_id: sb.newApi.clientId,
      refresh_token: t.refreshToken!,
    });
    expect(refresh.body.error).toBe('invalid_grant');
    const list = await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${t.accessToken}` });
    expect(list.status).toBe(401);
    // A token it does not know is answered 200 too (RFC 7009 §2.2), and ends nothing.
    const unknown = await fetch(meta.revocation_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'ory_rt_unknown', client_id: sb.newApi.clientId }),
    });
    expect(unknown.status).toBe(200);
    expect(sb.newApiLog().revocations.at(-1)).toEqual({ token: 'ory_rt_unknown', hint: null, revoked: false });
  });

  it('"expire every access token now": REST 401, while the refresh token still renews', async () => {
    const t = await oauthTokens(sb);
    const listsBefore = sb.newApiLog().accountLists.length;
    expect((await control(sb, 'expire-tokens')).expired).toBeGreaterThan(0);
    const r = await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${t.accessToken}` });
    expect(r.status).toBe(401);
    expect(r.body.errors?.[0]).toMatchObject({ status: 401, code: 'InvalidToken' });
    const renewed = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      client_id: sb.newApi.clientId,
      refresh_token: t.refreshToken!,
    });
    expect(renewed.status).toBe(200);
    const ok = await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${String(renewed.body.access_token)}` });
    expect(ok.status).toBe(200);
    // The test's record of the account lists: refused with the expired token, answered with the new one.
    expect(sb.newApiLog().accountLists.slice(listsBefore)).toEqual([{ status: 401 }, { status: 200 }]);
  });

  it('revoking the credential: its access token is refused and its refresh token is invalid_grant', async () => {
    const t = await oauthTokens(sb);
    await control(sb, 'revoke', { token: t.accessToken });
    expect((await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${t.accessToken}` })).status).toBe(401);
    const r = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      client_id: sb.newApi.clientId,
      refresh_token: t.refreshToken!,
    });
    expect(r.body.error).toBe('invalid_grant');
  });
});

describe('sandbox: access tokens expire after their configured lifetime', () => {
  it('a 1-second token is refused once it has expired', async () => {
    const sb = await startSandbox({ seed: 5, currentApi: { accessTokenTtlSec: 1 } });
    try {
      const t = await oauthTokens(sb);
      expect(t.expiresIn).toBe(1);
      let status = 200;
      // Wait for the condition (expiry), not for a fixed time.
      for (let i = 0; i < 100 && status === 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${t.accessToken}` })).status;
      }
      expect(status).toBe(401);
    } finally {
      await sb.close();
    }
  });
});
