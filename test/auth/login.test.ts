/**
 * runLogin's own logic with scripted AuthWindows (no browser, no server): the URL it opens, how each
 * window answer and each abort becomes a typed outcome, and that nothing partial comes back.
 */
import { describe, expect, it } from 'vitest';

import { type AuthWindow, LoginFailure, type LoginOutcome, runLogin } from '../../main/core/auth/login';
import { issuerTransport } from '../../main/core/auth/oidc-flow';
import type { LegacySettings } from '../../main/ipc/contract';

const SETTINGS: LegacySettings = {
  appId: '1089',
  wsUrl: 'wss://ws.derivws.com/websockets/v3',
  oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
  redirectUrl: 'https://app.example.com/redirect',
  issuer: 'https://oauth.deriv.com',
  flow: 'legacy',
  api: 'legacy',
  language: 'fr',
};

/** A window that answers with whatever `answer` builds from the URL it was asked to open. */
function scripted(answer: (opened: URL) => string | Promise<string>): AuthWindow & { opened: URL[] } {
  const opened: URL[] = [];
  return {
    opened,
    open: async (url, redirectUrl, signal) => {
      expect(redirectUrl).toBe(SETTINGS.redirectUrl);
      expect(signal).toBeInstanceOf(AbortSignal);
      opened.push(new URL(url));
      return answer(new URL(url));
    },
  };
}

/** A window that never answers by itself, only rejects when the signal aborts (like a user who walked away). */
function hanging(honoursSignal = true): AuthWindow {
  return {
    open: (_url, _redirect, signal) =>
      new Promise((_resolve, reject) => {
        if (honoursSignal) signal.addEventListener('abort', () => reject(signal.reason));
      }),
  };
}

const errorOf = (outcome: LoginOutcome) => (outcome.ok ? null : outcome.error);

describe('runLogin (legacy flow, scripted window)', () => {
  it('opens {oauthUrl}?app_id&l=FR&brand=deriv&state with a fresh random state each attempt', async () => {
    const window = scripted(
      (u) => `${SETTINGS.redirectUrl}?acct1=cr1&token1=t1&cur1=usd&state=${u.searchParams.get('state')}`,
    );
    const first = await runLogin({ settings: SETTINGS, window });
    const second = await runLogin({ settings: { ...SETTINGS, language: 'en' }, window });
    expect(first).toEqual({ ok: true, flow: 'legacy', accounts: [{ accountId: 'CR1', token: 't1', currency: 'USD' }] });
    expect(second.ok).toBe(true);
    const [a, b] = window.opened;
    expect(a!.origin + a!.pathname).toBe(SETTINGS.oauthUrl);
    expect(Object.fromEntries(a!.searchParams)).toMatchObject({ app_id: '1089', l: 'FR', brand: 'deriv' });
    expect(b!.searchParams.get('l')).toBe('EN');
    expect(a!.searchParams.get('state')!.length).toBeGreaterThanOrEqual(20);
    expect(a!.searchParams.get('state')).not.toBe(b!.searchParams.get('state'));
  });

  it('a redirect with another state → state_mismatch, no accounts', async () => {
    const outcome = await runLogin({
      settings: SETTINGS,
      window: scripted(() => `${SETTINGS.redirectUrl}?acct1=CR1&token1=t1&state=old`),
    });
    expect(outcome).toEqual({ ok: false, error: { code: 'state_mismatch', message: expect.any(String) } });
  });

  it('an error redirect without this attempt’s state → state_mismatch, its error_description nowhere in the outcome', async () => {
    const lure = 'error=server_error&error_description=Your%20account%20is%20locked%3A%20visit%20evil.example';
    for (const tail of ['', '&state=old']) {
      const outcome = await runLogin({
        settings: SETTINGS,
        window: scripted(() => `${SETTINGS.redirectUrl}?${lure}${tail}`),
      });
      expect(errorOf(outcome)?.code, tail).toBe('state_mismatch');
      expect(JSON.stringify(outcome)).not.toMatch(/locked|evil\.example|server_error/);
    }
  });

  it('one bad token among good accounts → invalid_token and nothing partial; the token is not in the message', async () => {
    const window = scripted(
      (u) =>
        `${SETTINGS.redirectUrl}?acct1=CR1&token1=good1&acct2=CR2&token2=bad.token.secret&state=${u.searchParams.get('state')}`,
    );
    const outcome = await runLogin({ settings: SETTINGS, window });
    expect(outcome.ok).toBe(false);
    expect(errorOf(outcome)!.code).toBe('invalid_token');
    expect(errorOf(outcome)!.message).not.toMatch(/good1|secret/);
    expect(outcome).not.toHaveProperty('accounts');
  });

  it('a window answer that is not the redirect URL → malformed', async () => {
    const outcome = await runLogin({
      settings: SETTINGS,
      window: scripted(() => 'https://evil.example.com/redirect?acct1=CR1&token1=t1'),
    });
    expect(errorOf(outcome)).toEqual({
      code: 'malformed',
      message: 'The login window reported a page that is not the registered redirect URL. Please log in again.',
    });
  });

  it.each([
    ['cancelled', new LoginFailure('cancelled')],
    ['network_error', new LoginFailure('network_error')],
  ])('a window that rejects with %s → that code', async (code, failure) => {
    const outcome = await runLogin({ settings: SETTINGS, window: { open: () => Promise.reject(failure) } });
    expect(errorOf(outcome)).toEqual({ code, message: failure.message });
  });

  it('an unexpected error from a window becomes a typed error without its text', async () => {
    const outcome = await runLogin({
      settings: SETTINGS,
      window: { open: () => Promise.reject(new Error('token=abc123 leaked')) },
    });
    expect(errorOf(outcome)!.code).toBe('malformed');
    expect(errorOf(outcome)!.message).not.toContain('abc123');
  });

  it('timeout → timeout, even when the window ignores its signal', async () => {
    expect(errorOf(await runLogin({ settings: SETTINGS, window: hanging(), timeoutMs: 20 }))!.code).toBe('timeout');
    expect(errorOf(await runLogin({ settings: SETTINGS, window: hanging(false), timeoutMs: 20 }))!.code).toBe(
      'timeout',
    );
  });

  it('the caller aborting → cancelled (also when already aborted)', async () => {
    const controller = new AbortController();
    const pending = runLogin({ settings: SETTINGS, window: hanging(), signal: controller.signal });
    controller.abort();
    expect(errorOf(await pending)!.code).toBe('cancelled');
    expect(
      errorOf(await runLogin({ settings: SETTINGS, window: hanging(false), signal: controller.signal }))!.code,
    ).toBe('cancelled');
  });

  it.each([
    [
      'legacy page over plain http to another computer',
      { oauthUrl: 'http://oauth.example.com/oauth2/authorize' },
      'login page',
    ],
    ['custom-scheme redirect (never interceptable)', { redirectUrl: 'deriv-desktop://callback/' }, 'redirect URL'],
    ['plain-http redirect to another computer', { redirectUrl: 'http://app.example.com/redirect' }, 'redirect URL'],
    ['OIDC with a custom-scheme redirect', { flow: 'oidc' as const, redirectUrl: 'myapp:/cb' }, 'redirect URL'],
  ])('%s → not_configured naming the setting; no window, no request', async (_label, patch, named) => {
    let opened = 0;
    const fetched: string[] = [];
    const window: AuthWindow = {
      open: async () => {
        opened++;
        return 'unused';
      },
    };
    const fetchSpy = (async (url: string | URL | Request) => {
      fetched.push(String(url));
      return new Response('{}', { status: 500 });
    }) as typeof fetch;
    const error = errorOf(await runLogin({ settings: { ...SETTINGS, ...patch }, window, fetch: fetchSpy }));
    expect(error?.code).toBe('not_configured');
    expect(error?.message).toContain(named);
    expect(opened).toBe(0);
    expect(fetched).toEqual([]);
  });

  it('OIDC: an authorization endpoint from discovery over plain http to another computer is never opened', async () => {
    let opened = 0;
    const window: AuthWindow = {
      open: async () => {
        opened++;
        return 'unused';
      },
    };
    const discovery = {
      issuer: 'https://oauth.deriv.com',
      authorization_endpoint: 'http://evil.example.com/authorize',
      token_endpoint: 'https://oauth.deriv.com/oauth2/token',
    };
    const fetchFake = (async () =>
      new Response(JSON.stringify(discovery), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch;
    const error = errorOf(await runLogin({ settings: { ...SETTINGS, flow: 'oidc' }, window, fetch: fetchFake }));
    expect(error?.code).toBe('not_configured');
    expect(error?.message).toContain('authorization endpoint');
    expect(opened).toBe(0);
  });

  it('missing app id or unparsable URLs → not_configured, and no window is opened', async () => {
    const window = scripted(() => 'unused');
    expect(errorOf(await runLogin({ settings: { ...SETTINGS, appId: ' ' }, window }))!.code).toBe('not_configured');
    expect(errorOf(await runLogin({ settings: { ...SETTINGS, oauthUrl: 'nope' }, window }))!.code).toBe(
      'not_configured',
    );
    expect(errorOf(await runLogin({ settings: { ...SETTINGS, flow: 'oidc', issuer: '' }, window }))!.code).toBe(
      'not_configured',
    );
    expect(window.opened).toEqual([]);
  });
});

describe('runLogin (OIDC flow, no server)', () => {
  it.each([
    ['plain http to another computer', 'http://203.0.113.5/oauth2/token'],
    ['not a URL at all', 'nope'],
  ])(
    'a token endpoint from discovery over %s is never sent the code (not_configured, no window)',
    async (_label, tokenEndpoint) => {
      // A loopback issuer (the sandbox's case) is the one for which plain http is allowed at all.
      const issuer = 'http://127.0.0.1:4999';
      const fetched: string[] = [];
      const window = scripted((opened) => {
        const state = opened.searchParams.get('state') ?? '';
        return `${SETTINGS.redirectUrl}?code=the-code&state=${state}`;
      });
      const outcome = await runLogin({
        settings: { ...SETTINGS, flow: 'oidc', issuer },
        window,
        fetch: async (input) => {
          fetched.push(String(input));
          const discovery = {
            issuer,
            authorization_endpoint: `${issuer}/oauth2/auth`,
            token_endpoint: tokenEndpoint,
          };
          return new Response(JSON.stringify(discovery), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          });
        },
      });
      expect(errorOf(outcome)?.code).toBe('not_configured');
      expect(errorOf(outcome)?.message).toContain('token endpoint');
      expect(fetched.filter((url) => !url.includes('/.well-known/'))).toEqual([]);
      expect(window.opened).toEqual([]);
    },
  );

  it('plain http is allowed only for a loopback issuer', () => {
    expect(issuerTransport('http://127.0.0.1:4000').insecure).toBe(true);
    expect(issuerTransport('http://localhost:4000').insecure).toBe(true);
    expect(issuerTransport('https://oauth.deriv.com').insecure).toBe(false);
    expect(() => issuerTransport('http://oauth.deriv.com')).toThrow(LoginFailure);
    expect(() => issuerTransport('http://127.0.0.1.evil.com')).toThrow(LoginFailure);
  });

  it('a remote http issuer → not_configured before any request', async () => {
    const calls: string[] = [];
    const outcome = await runLogin({
      settings: { ...SETTINGS, flow: 'oidc', issuer: 'http://oauth.deriv.com' },
      window: scripted(() => 'unused'),
      fetch: async (input) => {
        calls.push(String(input));
        return new Response('{}');
      },
    });
    expect(errorOf(outcome)!.code).toBe('not_configured');
    expect(calls).toEqual([]);
  });

  it('discovery unreachable → network_error; discovery garbage → provider_error', async () => {
    const settings = { ...SETTINGS, flow: 'oidc' as const };
    const unreachable = await runLogin({
      settings,
      window: hanging(),
      fetch: async () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(errorOf(unreachable)!.code).toBe('network_error');
    const garbage = await runLogin({
      settings,
      window: hanging(),
      fetch: async () => new Response('<html>', { status: 200 }),
    });
    expect(errorOf(garbage)!.code).toBe('provider_error');
  });
});
