/**
 * The current API's login logic with scripted AuthWindows (no browser, no server): the authorization
 * URL it opens, the state check on both branches of the callback, "access denied" as a cancel,
 * the settings it refuses before opening anything, PAT input refused before anything is sent, and
 * the legacy login window that leaves for a page that is not a login page. The exchanges with a
 * real authorization server and REST API are in current-login-sandbox.test.ts.
 */
import { describe, expect, it } from 'vitest';

import {
  type AuthWindow,
  type CurrentLoginOutcome,
  LoginFailure,
  runCurrentLogin,
  runLogin,
} from '../../main/core/auth/login';
import { currentAuthorizationServer } from '../../main/core/current-api/wire';
import type { CurrentSettings, LegacySettings } from '../../main/core/model';

const SETTINGS: CurrentSettings = {
  api: 'current',
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: 'my-app-7',
  clientRedirectUrl: 'https://app.example.com/callback',
  language: 'en',
};

/** A window that answers with whatever `answer` builds from the URL it was asked to open. */
function scripted(answer: (opened: URL) => string): AuthWindow & { opened: URL[]; redirects: string[] } {
  const opened: URL[] = [];
  const redirects: string[] = [];
  return {
    opened,
    redirects,
    open: async (url, redirectUrl) => {
      opened.push(new URL(url));
      redirects.push(redirectUrl);
      return answer(new URL(url));
    },
  };
}

/** Any HTTP request fails the test: these cases must be decided before anything is sent. */
const noNetwork: typeof fetch = () => {
  throw new Error('no request may be sent in this case');
};

const errorOf = (outcome: CurrentLoginOutcome) => (outcome.ok ? null : outcome.error);

describe('current API, OAuth 2.0 + PKCE (scripted window)', () => {
  it('opens {authServer}/oauth2/auth with client_id, code, the exact redirect_uri, scope exactly "trade", fresh state and an S256 challenge; never app_id', async () => {
    const window = scripted(
      (u) => `${SETTINGS.clientRedirectUrl}?error=access_denied&state=${u.searchParams.get('state')}`,
    );
    await runCurrentLogin({ settings: SETTINGS, window, login: { method: 'oauth' }, fetch: noNetwork });
    await runCurrentLogin({ settings: SETTINGS, window, login: { method: 'oauth' }, fetch: noNetwork });
    const [a, b] = window.opened;
    expect(a!.origin + a!.pathname).toBe('https://auth.deriv.com/oauth2/auth');
    expect(window.redirects).toEqual([SETTINGS.clientRedirectUrl, SETTINGS.clientRedirectUrl]);
    const params = Object.fromEntries(a!.searchParams);
    expect(params).toMatchObject({
      client_id: 'my-app-7',
      response_type: 'code',
      redirect_uri: 'https://app.example.com/callback',
      code_challenge_method: 'S256',
    });
    // `trade` alone: what the app calls needs it, and nothing here needs `account_manage` (README, "Scopes").
    expect(params.scope).toBe('trade');
    expect(Object.keys(params).sort()).toEqual(
      [
        'client_id',
        'code_challenge',
        'code_challenge_method',
        'redirect_uri',
        'response_type',
        'scope',
        'state',
      ].sort(),
    );
    expect(a!.searchParams.has('app_id')).toBe(false);
    // base64url of a SHA-256 digest: 43 characters; state and challenge fresh on every attempt.
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.state!.length).toBeGreaterThanOrEqual(20);
    expect(b!.searchParams.get('state')).not.toBe(params.state);
    expect(b!.searchParams.get('code_challenge')).not.toBe(params.code_challenge);
  });

  it('the authorization server is a base: a trailing slash or a path (the sandbox mounts it under /auth) is kept', () => {
    expect(currentAuthorizationServer('https://auth.deriv.com/')).toEqual({
      issuer: 'https://auth.deriv.com',
      authorization_endpoint: 'https://auth.deriv.com/oauth2/auth',
      token_endpoint: 'https://auth.deriv.com/oauth2/token',
    });
    expect(currentAuthorizationServer('http://127.0.0.1:4000/auth').token_endpoint).toBe(
      'http://127.0.0.1:4000/auth/oauth2/token',
    );
  });

  it('access_denied with this attempt’s state is a typed cancel, not a failure', async () => {
    const outcome = await runCurrentLogin({
      settings: SETTINGS,
      window: scripted(
        (u) =>
          `${SETTINGS.clientRedirectUrl}?error=access_denied&error_description=User+cancelled&state=${u.searchParams.get('state')}`,
      ),
      login: { method: 'oauth' },
      fetch: noNetwork,
    });
    expect(errorOf(outcome)).toMatchObject({ code: 'cancelled' });
  });

  it.each([
    ['a success with another state', () => `${SETTINGS.clientRedirectUrl}?code=abc&state=someone-elses`],
    ['a success with no state', () => `${SETTINGS.clientRedirectUrl}?code=abc`],
    ['an error with another state', () => `${SETTINGS.clientRedirectUrl}?error=access_denied&state=someone-elses`],
    ['an error with no state', () => `${SETTINGS.clientRedirectUrl}?error=server_error`],
  ])('%s → state_mismatch, and the code is never exchanged', async (_name, answer) => {
    const outcome = await runCurrentLogin({
      settings: SETTINGS,
      window: scripted(answer),
      login: { method: 'oauth' },
      fetch: noNetwork,
    });
    expect(errorOf(outcome)).toMatchObject({ code: 'state_mismatch' });
  });

  // state is checked on the error branch too: an access_denied that is not this attempt's is not "you cancelled".
  it.each([
    ['another attempt’s state', '&state=someone-elses', 'state_mismatch', /does not belong to this login attempt/],
    // RFC 6749 §4.1.2.1: state is REQUIRED in an error response when the request had one (ours always does).
    ['no state at all', '', 'state_mismatch', /carried no state/],
    // Ambiguous: oauth4webapi refuses a repeated parameter before comparing it.
    ['two states, the right one first', '&state=RIGHT&state=someone-elses', 'provider_error', /refused/],
  ])('error=access_denied with %s → %s (never cancelled), no code exchanged', async (_n, tail, code, message) => {
    let exchanged = 0;
    const outcome = await runCurrentLogin({
      settings: SETTINGS,
      window: scripted(
        (u) =>
          `${SETTINGS.clientRedirectUrl}?error=access_denied&error_description=User+cancelled${tail.replace('RIGHT', u.searchParams.get('state')!)}`,
      ),
      login: { method: 'oauth' },
      fetch: async () => {
        exchanged += 1;
        throw new Error('no network in this test');
      },
    });
    const error = errorOf(outcome);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(exchanged).toBe(0);
  });

  it('another provider error with the right state → provider_error naming it', async () => {
    const outcome = await runCurrentLogin({
      settings: SETTINGS,
      window: scripted((u) => `${SETTINGS.clientRedirectUrl}?error=invalid_scope&state=${u.searchParams.get('state')}`),
      login: { method: 'oauth' },
      fetch: noNetwork,
    });
    expect(errorOf(outcome)).toMatchObject({
      code: 'provider_error',
      message: expect.stringContaining('invalid_scope'),
    });
  });

  it.each([
    ['no client id', { clientId: '' }],
    ['a client id with a space', { clientId: 'my app' }],
    ['no redirect URL', { clientRedirectUrl: '' }],
    ['a redirect the window cannot intercept', { clientRedirectUrl: 'deriv-desktop://callback' }],
    ['a plain-http authorization server elsewhere', { authServerUrl: 'http://auth.example.com' }],
  ])('%s → not_configured, no window opened', async (_name, patch) => {
    const window = scripted(() => 'unused');
    const outcome = await runCurrentLogin({
      settings: { ...SETTINGS, ...patch },
      window,
      login: { method: 'oauth' },
      fetch: noNetwork,
    });
    expect(errorOf(outcome)).toMatchObject({ code: 'not_configured' });
    expect(window.opened).toEqual([]);
  });
});

describe('current API, PAT input checked before anything is sent', () => {
  const window = scripted(() => 'unused');
  it.each([
    ['no app id', { token: `pat_${'a'.repeat(64)}`, appId: '' }, 'missing_app_id'],
    ['an app id with spaces', { token: `pat_${'a'.repeat(64)}`, appId: 'my app' }, 'missing_app_id'],
    ['an empty token', { token: '  ', appId: '41234' }, 'invalid_token'],
    ['a token with spaces', { token: 'pat one two', appId: '41234' }, 'invalid_token'],
  ])('%s → %s', async (_name, input, code) => {
    const outcome = await runCurrentLogin({
      settings: SETTINGS,
      window,
      login: { method: 'pat', ...input },
      fetch: noNetwork,
    });
    expect(errorOf(outcome)).toMatchObject({ code });
    expect(JSON.stringify(outcome)).not.toContain('aaaaaaaa');
    expect(window.opened).toEqual([]);
  });

  it('a plain-http REST address elsewhere → not_configured', async () => {
    const outcome = await runCurrentLogin({
      settings: { ...SETTINGS, restUrl: 'http://api.example.com' },
      window,
      login: { method: 'pat', token: `pat_${'b'.repeat(64)}`, appId: '41234' },
      fetch: noNetwork,
    });
    expect(errorOf(outcome)).toMatchObject({ code: 'not_configured' });
  });
});

describe('the retired legacy login', () => {
  const legacy: LegacySettings = {
    api: 'legacy',
    appId: '1089',
    wsUrl: 'wss://ws.derivws.com/websockets/v3',
    oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
    redirectUrl: 'https://app.example.com/redirect',
    issuer: 'https://oauth.deriv.com',
    flow: 'legacy',
    language: 'en',
  };

  it('a legacy login window sent to a page that is neither a login page nor the redirect → legacy_retired, pointing to the current API', async () => {
    const outcome = await runLogin({
      settings: legacy,
      window: { open: () => Promise.reject(new LoginFailure('blocked_navigation')) },
    });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'legacy_retired', message: expect.stringContaining('current API') },
    });
  });

  it('other window failures keep their own code', async () => {
    for (const code of ['cancelled', 'network_error', 'window_failed'] as const) {
      const outcome = await runLogin({
        settings: legacy,
        window: { open: () => Promise.reject(new LoginFailure(code)) },
      });
      expect(outcome.ok ? null : outcome.error.code).toBe(code);
    }
  });
});
