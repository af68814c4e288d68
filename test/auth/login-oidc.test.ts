/**
 * The OIDC login (code + PKCE, then Deriv's legacy-tokens exchange) against the sandbox's
 * oidc-provider, with a login "window" played over plain HTTP (no browser: fast enough to run per
 * mutant). Each HTTP step is broken on purpose through the injected fetch, and each must end in
 * its own typed failure, never a partial login. The Chromium journeys cover the same flow in a
 * real window.
 */
import { getEventListeners } from 'node:events';

import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuthWindow } from '../../main/core/auth/auth-window';
import { LoginFailure, type LoginOutcome, runLogin } from '../../main/core/auth/login';
import { issuerTransport, legacyTokensUrl, revokeLegacyTokens } from '../../main/core/auth/oidc-flow';
import type { LegacySettings } from '../../main/ipc/contract';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { Browser, formOf } from '../sandbox/http-client';

let sb: SandboxHandle;
let settings: LegacySettings;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 11 });
  settings = {
    api: 'legacy',
    appId: sb.appId,
    wsUrl: sb.wsUrl,
    oauthUrl: sb.oauthUrl,
    redirectUrl: sb.redirectUrl,
    issuer: sb.issuer,
    flow: 'oidc',
    language: 'fr',
  };
});
afterAll(() => sb.close());

const user = () => sb.users.find((u) => u.accounts.filter((a) => a.is_disabled === 0).length > 1)!;

/** Plays the provider's pages over HTTP: Approve (or Deny) with the user's password; optionally rewrites the answer. */
function httpWindow(
  opts: { action?: 'approve' | 'deny'; rewrite?: (redirect: URL) => string } = {},
): AuthWindow & { opened: URL[] } {
  const opened: URL[] = [];
  return {
    opened,
    async open(url, redirectUrl, signal) {
      expect(redirectUrl).toBe(settings.redirectUrl);
      expect(signal.aborted).toBe(false);
      opened.push(new URL(url));
      const b = new Browser();
      const start = await b.request(url);
      const interaction = new URL(start.headers.get('location')!, sb.httpUrl);
      const page = await (await b.request(interaction.toString())).text();
      const { action } = formOf(page);
      const u = user();
      const posted = await b.request(new URL(action, sb.httpUrl).toString(), {
        form: { email: u.email, password: u.password, action: opts.action ?? 'approve' },
      });
      const redirect = await b.followUntilLeaving(
        new URL(posted.headers.get('location')!, sb.httpUrl).toString(),
        sb.httpUrl,
      );
      return opts.rewrite ? opts.rewrite(redirect) : redirect.toString();
    },
  };
}

/** fetch that answers `path` with `answer` (or throws it) and passes everything else through. */
function breaking(path: string, answer: () => Response | Promise<Response>): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === path) return answer();
    return fetch(input, init);
  };
}

const errorOf = (outcome: LoginOutcome) => (outcome.ok ? null : outcome.error);

describe('runLogin, OIDC flow against the sandbox', () => {
  it('approve → every enabled account with a fresh token, and the access token kept for logout', async () => {
    const window = httpWindow();
    const outcome = await runLogin({ settings, window });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    expect(outcome.flow).toBe('oidc');
    const enabled = user().accounts.filter((a) => a.is_disabled === 0);
    expect(outcome.accounts.map((a) => a.accountId)).toEqual(enabled.map((a) => a.loginid));
    expect(outcome.accounts.map((a) => a.currency)).toEqual(enabled.map((a) => a.currency));
    // Fresh tokens (not the users' own), each one registered by the sandbox as it minted it.
    const minted = new Map(sb.secrets().map((s) => [s.value, s.kind]));
    for (const a of outcome.accounts) {
      expect(enabled.map((e) => e.token)).not.toContain(a.token);
      expect(minted.get(a.token)).toBe('legacy_token');
    }
    expect(minted.get(outcome.oidcAccessToken!)).toBe('access_token');

    // The authorization request: code flow, PKCE S256, a random state, the app's id, redirect and language.
    const [opened] = window.opened;
    const q = opened!.searchParams;
    expect(opened!.origin).toBe(new URL(sb.issuer).origin);
    expect(q.get('client_id')).toBe(settings.appId);
    expect(q.get('redirect_uri')).toBe(settings.redirectUrl);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('openid');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('brand')).toBe('deriv');
    expect(q.get('ui_locales')).toBe('fr');

    // A second attempt uses a new state and a new PKCE challenge.
    const again = httpWindow();
    expect((await runLogin({ settings, window: again })).ok).toBe(true);
    expect(again.opened[0]!.searchParams.get('state')).not.toBe(q.get('state'));
    expect(again.opened[0]!.searchParams.get('code_challenge')).not.toBe(q.get('code_challenge'));

    // Logout revokes the exchanged tokens: the endpoint then refuses the access token.
    await revokeLegacyTokens({ issuer: settings.issuer, accessToken: outcome.oidcAccessToken! });
    const after = await fetch(legacyTokensUrl(new URL(settings.issuer)), {
      method: 'POST',
      headers: { authorization: `Bearer ${outcome.oidcAccessToken}` },
    });
    expect(after.status).toBe(401);
    // Revoking again: the endpoint refuses the spent access token (a Bearer challenge).
    await expect(
      revokeLegacyTokens({ issuer: settings.issuer, accessToken: outcome.oidcAccessToken! }),
    ).rejects.toMatchObject({
      name: 'LoginFailure',
      code: 'provider_error',
      message: expect.stringContaining('answered the logout request unexpectedly'),
    });
    // Any other refusal is reported with its HTTP status.
    await expect(
      revokeLegacyTokens({
        issuer: settings.issuer,
        accessToken: 'x'.repeat(20),
        fetch: async () => new Response('busy', { status: 503 }),
      }),
    ).rejects.toMatchObject({ code: 'provider_error', message: expect.stringContaining('HTTP 503') });
  });

  it('deny → provider_error naming access_denied and telling the user to approve', async () => {
    const error = errorOf(await runLogin({ settings, window: httpWindow({ action: 'deny' }) }));
    expect(error).toMatchObject({ code: 'provider_error' });
    expect(error!.message).toContain('access_denied');
    expect(error!.message).toContain('choose Approve');
  });

  it('an answer with another state → state_mismatch, and no code exchange', async () => {
    const before = sb.httpHits().filter((h) => h.path === '/oauth2/token').length;
    const window = httpWindow({
      rewrite: (r) => {
        r.searchParams.set('state', 'not-this-attempt');
        return r.toString();
      },
    });
    const error = errorOf(await runLogin({ settings, window }));
    expect(error).toMatchObject({ code: 'state_mismatch' });
    expect(error!.message).toContain('state mismatch');
    expect(sb.httpHits().filter((h) => h.path === '/oauth2/token').length).toBe(before);
  });

  // The legacy OIDC flow checks state on the error branch too (shared rule: auth/callback-state.ts).
  it('deny, answered with another state or with none → state_mismatch, not the provider error', async () => {
    const wrong = httpWindow({
      action: 'deny',
      rewrite: (r) => {
        expect(r.searchParams.get('error')).toBe('access_denied');
        r.searchParams.set('state', 'not-this-attempt');
        return r.toString();
      },
    });
    expect(errorOf(await runLogin({ settings, window: wrong }))).toMatchObject({
      code: 'state_mismatch',
      message: expect.stringContaining('does not belong to this login attempt'),
    });
    // RFC 6749 §4.1.2.1: an error response must carry the request's state; without it, it is not ours.
    const none = httpWindow({
      action: 'deny',
      rewrite: (r) => {
        r.searchParams.delete('state');
        return r.toString();
      },
    });
    expect(errorOf(await runLogin({ settings, window: none }))).toMatchObject({
      code: 'state_mismatch',
      message: expect.stringContaining('carried no state'),
    });
  });

  it('an answer without a code, or from another issuer → provider_error; not a URL → malformed', async () => {
    const noCode = httpWindow({
      rewrite: (r) => {
        r.searchParams.delete('code');
        return r.toString();
      },
    });
    const e1 = errorOf(await runLogin({ settings, window: noCode }));
    expect(e1).toMatchObject({ code: 'provider_error' });
    const otherIss = httpWindow({
      rewrite: (r) => {
        r.searchParams.set('iss', 'https://evil.example');
        return r.toString();
      },
    });
    const e2 = errorOf(await runLogin({ settings, window: otherIss }));
    expect(e2).toMatchObject({ code: 'provider_error' });
    expect(e2!.message).toContain('The login response from Deriv was refused');
    const e3 = errorOf(await runLogin({ settings, window: httpWindow({ rewrite: () => 'not a url' }) }));
    expect(e3).toMatchObject({ code: 'malformed' });
  });

  it('each HTTP step broken → its own typed failure, naming the step', async () => {
    const cases: { path: string; answer: () => Response | Promise<Response>; code: string; text: string }[] = [
      {
        path: '/oauth2/token',
        answer: () => Response.json({ error: 'invalid_grant', error_description: 'code spent' }, { status: 400 }),
        code: 'provider_error',
        text: 'invalid_grant: code spent',
      },
      {
        path: '/oauth2/token',
        answer: () => Promise.reject(new TypeError('fetch failed')),
        code: 'network_error',
        text: 'could not be reached (the token exchange)',
      },
      {
        path: '/oauth2/token',
        answer: () => new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }),
        code: 'provider_error',
        text: 'answered the token exchange unexpectedly',
      },
      {
        path: '/oauth2/legacy/tokens',
        answer: () => new Response('nope', { status: 500 }),
        code: 'provider_error',
        text: 'HTTP 500',
      },
      {
        path: '/oauth2/legacy/tokens',
        answer: () => new Response('{not json', { status: 200, headers: { 'content-type': 'application/json' } }),
        code: 'malformed',
        text: 'not valid JSON',
      },
      {
        path: '/oauth2/legacy/tokens',
        answer: () => Response.json({ acct1: 'CR1', token1: 'bad token!' }),
        code: 'invalid_token',
        text: 'not a valid Deriv token',
      },
      {
        path: '/oauth2/legacy/tokens',
        answer: () => Promise.reject(new TypeError('fetch failed')),
        code: 'network_error',
        text: '(the account list)',
      },
      {
        path: '/.well-known/openid-configuration',
        answer: () => Promise.reject(new TypeError('fetch failed')),
        code: 'network_error',
        text: '(the OIDC discovery document)',
      },
      {
        path: '/.well-known/openid-configuration',
        answer: () => Response.json({ issuer: settings.issuer }),
        code: 'provider_error',
        text: 'does not publish an authorization endpoint',
      },
    ];
    for (const c of cases) {
      const error = errorOf(await runLogin({ settings, window: httpWindow(), fetch: breaking(c.path, c.answer) }));
      expect(error, `${c.path} → ${c.code}`).toMatchObject({ code: c.code });
      expect(error!.message, `${c.path} → ${c.code}`).toContain(c.text);
    }
  });

  it('revoking: network down → network_error naming the logout request', async () => {
    await expect(
      revokeLegacyTokens({
        issuer: settings.issuer,
        accessToken: 'x'.repeat(20),
        fetch: async () => Promise.reject(new TypeError('fetch failed')),
      }),
    ).rejects.toMatchObject({ code: 'network_error', message: expect.stringContaining('(the logout request)') });
  });

  it('the issuer must be a URL, and https unless it is on this computer', () => {
    expect(() => issuerTransport('not a url')).toThrow(/not a valid URL/);
    expect(() => issuerTransport('http://oauth.example.com')).toThrow(/must use https/);
    expect(issuerTransport('https://oauth.example.com/x').url.href).toBe('https://oauth.example.com/x');
    expect(legacyTokensUrl(new URL('https://oauth.example.com/some/path'), '/revoke').href).toBe(
      'https://oauth.example.com/oauth2/legacy/tokens/revoke',
    );
  });

  it('the oauth4webapi primitives it relies on behave as assumed (state check throws OperationProcessingError)', () => {
    const as = { issuer: 'https://i.example', authorization_endpoint: 'https://i.example/a' };
    expect(() =>
      oauth.validateAuthResponse(as, { client_id: '1' }, new URL('https://app.example/cb?code=c&state=b'), 'a'),
    ).toThrow(oauth.OperationProcessingError);
  });
});

describe('runLogin: configuration, listeners, transport details', () => {
  const NOT_CONFIGURED =
    'The app is not set up yet: choose demo mode or enter your Deriv app ID and redirect URL in the settings.';
  const untouchedWindow = (): AuthWindow & { opens: number } => {
    const w = {
      opens: 0,
      open: async () => {
        w.opens += 1;
        throw new LoginFailure('cancelled');
      },
    };
    return w;
  };

  it('checks the URLs of the chosen flow only, before anything opens', async () => {
    const legacyBadPage = untouchedWindow();
    const e1 = errorOf(
      await runLogin({ settings: { ...settings, flow: 'legacy', oauthUrl: 'not a url' }, window: legacyBadPage }),
    );
    expect(e1).toEqual({ code: 'not_configured', message: NOT_CONFIGURED });
    expect(legacyBadPage.opens).toBe(0);
    const oidcBadIssuer = untouchedWindow();
    const e2 = errorOf(
      await runLogin({ settings: { ...settings, flow: 'oidc', issuer: 'not a url' }, window: oidcBadIssuer }),
    );
    expect(e2).toEqual({ code: 'not_configured', message: NOT_CONFIGURED });
    expect(
      errorOf(await runLogin({ settings: { ...settings, redirectUrl: 'nope' }, window: untouchedWindow() })),
    ).toEqual({ code: 'not_configured', message: NOT_CONFIGURED });
    // The other flow's address does not matter.
    const legacyOk = untouchedWindow();
    const e3 = errorOf(
      await runLogin({
        settings: { ...settings, flow: 'legacy', oauthUrl: sb.oauthUrl, issuer: 'not a url' },
        window: legacyOk,
      }),
    );
    expect(e3?.code).toBe('cancelled');
    expect(legacyOk.opens).toBe(1);
    const oidcOk = httpWindow();
    expect((await runLogin({ settings: { ...settings, oauthUrl: 'not a url' }, window: oidcOk })).ok).toBe(true);
  });

  it("leaves no listener on the caller's signal, whatever the outcome", async () => {
    for (const window of [httpWindow(), httpWindow({ action: 'deny' }), untouchedWindow()]) {
      const caller = new AbortController();
      await runLogin({ settings, window, signal: caller.signal });
      expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    }
  });

  it('every HTTP request carries the attempt signal (cancelling aborts it) and asks the accounts as JSON', async () => {
    const seen: { url: string; signal: unknown; accept: string | null }[] = [];
    const recording: typeof fetch = async (input, init) => {
      seen.push({
        url: String(input),
        signal: init?.signal,
        accept: new Headers(init?.headers).get('accept'),
      });
      return fetch(input, init);
    };
    expect((await runLogin({ settings, window: httpWindow(), fetch: recording })).ok).toBe(true);
    expect(seen.map((s) => new URL(s.url).pathname)).toEqual([
      '/.well-known/openid-configuration',
      '/oauth2/token',
      '/oauth2/legacy/tokens',
    ]);
    for (const s of seen) expect(s.signal).toBeInstanceOf(AbortSignal);
    expect(seen.at(-1)!.accept).toBe('application/json');
  });

  it('never sends a token request over http to a remote host, whatever the discovery document says', async () => {
    const issuer = 'https://oauth.example.com';
    const urls: string[] = [];
    const fake: typeof fetch = async (input) => {
      const url = String(input);
      urls.push(url);
      if (url.endsWith('/.well-known/openid-configuration')) {
        return Response.json({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: 'http://oauth.example.com/token',
        });
      }
      return Response.json({ access_token: 'x'.repeat(20), token_type: 'bearer' });
    };
    const window: AuthWindow = {
      open: async (url) => {
        const state = new URL(url).searchParams.get('state')!;
        return `${settings.redirectUrl}?code=c0de&state=${state}&iss=${encodeURIComponent(issuer)}`;
      },
    };
    const outcome = await runLogin({ settings: { ...settings, issuer }, window, fetch: fake });
    expect(outcome.ok).toBe(false);
    expect(urls.filter((u) => u.startsWith('http://'))).toEqual([]);
  });

  it('bodiless answers: a 204 revoke is fine, a bodiless refusal still says its status', async () => {
    await revokeLegacyTokens({
      issuer: settings.issuer,
      accessToken: 'x'.repeat(20),
      fetch: async () => new Response(null, { status: 204 }),
    });
    const error = errorOf(
      await runLogin({
        settings,
        window: httpWindow(),
        fetch: breaking('/oauth2/legacy/tokens', () => new Response(null, { status: 502 })),
      }),
    );
    expect(error).toMatchObject({ code: 'provider_error', message: expect.stringContaining('HTTP 502') });
  });

  it('a window answer that is not a URL is explained as such', async () => {
    const error = errorOf(await runLogin({ settings, window: httpWindow({ rewrite: () => 'not a url' }) }));
    expect(error).toEqual({
      code: 'malformed',
      message: 'The login response from Deriv could not be understood. Please log in again.',
    });
  });

  it('a typed failure from the transport passes through unchanged; abort-named errors are not called network errors', async () => {
    const typed = errorOf(
      await runLogin({
        settings,
        window: httpWindow(),
        fetch: async () => {
          throw new LoginFailure('provider_error', 'The proxy refused.');
        },
      }),
    );
    expect(typed).toEqual({ code: 'provider_error', message: 'The proxy refused.' });
    for (const name of ['AbortError', 'TimeoutError']) {
      const error = errorOf(
        await runLogin({
          settings,
          window: httpWindow(),
          fetch: async () => {
            throw new DOMException('stopped', name);
          },
        }),
      );
      expect(error?.code, name).not.toBe('network_error');
    }
  });
});

describe('runLogin, OIDC: odd callbacks and revoke details', () => {
  it('a callback with two states is refused by the provider check, not crashed on', async () => {
    const twoStates = httpWindow({ rewrite: (r) => `${r.toString()}&state=another` });
    const error = errorOf(await runLogin({ settings, window: twoStates }));
    expect(error).toMatchObject({ code: 'provider_error', message: expect.stringContaining('was refused') });
    const implicit = httpWindow({ rewrite: (r) => `${r.toString()}&id_token=x` });
    expect(errorOf(await runLogin({ settings, window: implicit }))).toEqual({
      code: 'malformed',
      message: 'The login response from Deriv could not be understood. Please log in again.',
    });
  });

  it('a revoke without a signal of its own still runs under a time limit', async () => {
    const signals: unknown[] = [];
    await revokeLegacyTokens({
      issuer: settings.issuer,
      accessToken: 'x'.repeat(20),
      fetch: async (_input, init) => {
        signals.push(init?.signal);
        return new Response(null, { status: 200 });
      },
    });
    expect(signals).toHaveLength(1);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
  });

  it('an issuer that is not a URL is a configuration problem', () => {
    expect(() => issuerTransport('::')).toThrow(
      expect.objectContaining({
        code: 'not_configured',
        message: 'The OIDC issuer in the settings is not a valid URL. Fix it in the settings and try again.',
      }),
    );
    expect(() => issuerTransport('http://oauth.example.com')).toThrow(
      expect.objectContaining({ code: 'not_configured' }),
    );
  });
});
