/**
 * The current API's login past the callback, on a scripted window and a scripted server (no
 * browser, no socket): the code exchange (what is sent, what the credential becomes, every way the
 * token endpoint can fail), the account list that checks the credential, the words of each failure
 * (`loginFailureOf`), the callback's refusals in their own words, and PAT sign-in's input rules.
 * current-login.test.ts covers the authorization URL and the state check; current-login-sandbox
 * the same login against a real authorization server in Chromium.
 */
import { describe, expect, it } from 'vitest';

import {
  type CurrentOAuthSettings,
  loginFailureOf,
  runCurrentOAuthFlow as runFlow,
  signInWithPat,
} from '../../main/core/auth/current-flow';
import type { AuthWindow } from '../../main/core/auth/login';
import { LoginFailure } from '../../main/core/auth/login-failure';
import { ACCOUNTS_PATH, WIRE_ERROR_CODES, WireError } from '../../main/core/current-api/wire';

const SETTINGS: CurrentOAuthSettings = {
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: 'my-app-7',
  clientRedirectUrl: 'https://app.example.com/callback',
};
const PAT = `pat_${'b'.repeat(64)}`;
const ACCOUNT = {
  account_id: 'DOT90000001',
  account_type: 'demo',
  currency: 'USD',
  balance: 10000,
  status: 'active',
  group: 'row',
};

/** A window that comes back to the redirect URL with this attempt's state and `query`. */
function returning(query: (state: string) => string): AuthWindow & { opened: URL[] } {
  const opened: URL[] = [];
  return {
    opened,
    open: async (url) => {
      const u = new URL(url);
      opened.push(u);
      return `${SETTINGS.clientRedirectUrl}?${query(u.searchParams.get('state')!)}`;
    },
  };
}
const withCode = returning((state) => `code=the-code&state=${state}`);

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  redirect: string | undefined;
}

/** The server: the token endpoint and the account list answer as told; every call recorded. */
function server(
  opts: {
    token?: () => Response | Promise<Response>;
    accounts?: () => Response | Promise<Response>;
  } = {},
) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: URL | string, init?: RequestInit) => {
    const url = String(input);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    calls.push({
      url,
      method: init?.method ?? 'GET',
      headers,
      body: String(init?.body ?? ''),
      redirect: init?.redirect,
    });
    if (url.endsWith('/oauth2/token')) {
      return (opts.token ?? (() => tokenAnswer({ access_token: 'at_1', token_type: 'bearer', expires_in: 1234 })))();
    }
    if (new URL(url).pathname === ACCOUNTS_PATH) {
      return (opts.accounts ?? (() => Response.json({ data: [ACCOUNT], meta: {} })))();
    }
    throw new Error(`unexpected request to ${url}`);
  }) as typeof fetch;
  return { calls, fetch: fetchImpl };
}
const tokenAnswer = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

const failureOf = async (p: Promise<unknown>): Promise<LoginFailure> => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoginFailure);
  return error as LoginFailure;
};

const signal = () => AbortSignal.timeout(10_000);

/** The flow through the login window (the browser front channel has its own tests: browser-login-sandbox). */
const runCurrentOAuthFlow = (
  settings: CurrentOAuthSettings,
  window: AuthWindow,
  abort: AbortSignal,
  opts?: Parameters<typeof runFlow>[3],
) => runFlow(settings, { kind: 'window', window }, abort, opts);

describe('current API login: the code exchange', () => {
  it('exchanges the code with its verifier at the token endpoint, then lists the accounts with the new access token', async () => {
    const s = server({
      token: () => tokenAnswer({ access_token: 'at_1', token_type: 'bearer', expires_in: 1234, refresh_token: 'rt_1' }),
    });
    const window = returning((state) => `code=the-code&state=${state}`);
    const login = await runCurrentOAuthFlow(SETTINGS, window, signal(), { fetch: s.fetch, now: () => 5_000 });
    expect(login).toEqual({
      credential: { kind: 'oauth', accessToken: 'at_1', refreshToken: 'rt_1', expiresAt: 5_000 + 1_234_000 },
      appId: 'my-app-7',
      // The balance as the exact text of the number on the wire; the raw answer as sent.
      accounts: [{ ...ACCOUNT, balance: '10000' }],
      raw: { data: [ACCOUNT], meta: {} },
    });
    const [token, accounts] = s.calls;
    expect(token!.url).toBe('https://auth.deriv.com/oauth2/token');
    const body = new URLSearchParams(token!.body);
    expect(body.get('grant_type')).toBe('authorization_code');
    expect(body.get('code')).toBe('the-code');
    expect(body.get('redirect_uri')).toBe(SETTINGS.clientRedirectUrl);
    expect(body.get('client_id')).toBe('my-app-7');
    // The verifier is the one whose S256 challenge went out with the authorization request.
    const verifier = body.get('code_verifier')!;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    expect(Buffer.from(digest).toString('base64url')).toBe(window.opened[0]!.searchParams.get('code_challenge'));
    expect(accounts!.url).toBe(`https://api.derivws.com${ACCOUNTS_PATH}`);
    expect(accounts!.headers.authorization).toBe('Bearer at_1');
  });

  it('no expires_in: no expiry; no refresh token: none', async () => {
    const s = server({ token: () => tokenAnswer({ access_token: 'at_1', token_type: 'bearer' }) });
    const login = await runCurrentOAuthFlow(SETTINGS, withCode, signal(), { fetch: s.fetch, now: () => 5_000 });
    expect(login.credential).toEqual({ kind: 'oauth', accessToken: 'at_1', refreshToken: null, expiresAt: null });
  });

  it('the scopes asked for, space-separated', async () => {
    const s = server();
    const window = returning((state) => `code=c&state=${state}`);
    await runCurrentOAuthFlow(SETTINGS, window, signal(), { fetch: s.fetch, scopes: ['trade', 'account_manage'] });
    expect(window.opened[0]!.searchParams.get('scope')).toBe('trade account_manage');
  });

  it.each([
    ['invalid_grant', 400, /^Deriv refused the login code \(invalid_grant\)\. Please log in again\.$/],
    [
      'invalid_client',
      401,
      /^Deriv refused the login code \(invalid_client\)\. Check the app ID \(client ID\) in Settings\.$/,
    ],
    // Deriv's error code is printed, stripped of anything but word characters, dots and dashes, 40 at most.
    ['<b>bad</b> "x"', 400, /^Deriv refused the login code \(bbadbx\)\. Please log in again\.$/],
    ['e'.repeat(60), 400, new RegExp(`^Deriv refused the login code \\(${'e'.repeat(40)}\\)\\.`)],
  ])('the token endpoint refuses the code (%s) → provider_error saying so', async (error, status, words) => {
    const s = server({ token: () => tokenAnswer({ error }, status) });
    const failure = await failureOf(runCurrentOAuthFlow(SETTINGS, withCode, signal(), { fetch: s.fetch }));
    expect(failure.code).toBe('provider_error');
    expect(failure.message).toMatch(words);
    expect(s.calls).toHaveLength(1); // no account list
  });

  it('a token answer that is not one (no access token) → provider_error: answered unexpectedly', async () => {
    const s = server({ token: () => tokenAnswer({ token_type: 'bearer' }) });
    const failure = await failureOf(runCurrentOAuthFlow(SETTINGS, withCode, signal(), { fetch: s.fetch }));
    expect(failure).toMatchObject({
      code: 'provider_error',
      message: "Deriv's login service answered the token exchange unexpectedly.",
    });
  });

  it('the token endpoint unreachable → network_error naming the token exchange', async () => {
    const s = server({
      token: () => {
        throw new TypeError('fetch failed');
      },
    });
    const failure = await failureOf(runCurrentOAuthFlow(SETTINGS, withCode, signal(), { fetch: s.fetch }));
    expect(failure).toMatchObject({
      code: 'network_error',
      message:
        "Deriv's login service could not be reached (the token exchange). Check your internet connection and try again.",
    });
  });

  it("the attempt's own cancel during the exchange comes back as it is, not as a login failure", async () => {
    const controller = new AbortController();
    const s = server({
      token: () => {
        controller.abort();
        throw new DOMException('The operation was aborted.', 'AbortError');
      },
    });
    const error = await runCurrentOAuthFlow(SETTINGS, withCode, controller.signal, { fetch: s.fetch }).catch(
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(LoginFailure);
    expect((error as Error).name).toBe('AbortError');
  });

  it('an account list without any account → no_accounts', async () => {
    const s = server({ accounts: () => Response.json({ data: [], meta: {} }) });
    const failure = await failureOf(runCurrentOAuthFlow(SETTINGS, withCode, signal(), { fetch: s.fetch }));
    expect(failure).toMatchObject({
      code: 'no_accounts',
      message: 'Deriv lists no Options trading account for this login.',
    });
  });

  it('the account list refused (401) → invalid_token in the OAuth words', async () => {
    const s = server({ accounts: () => Response.json({ errors: [{ code: 'Unauthorized' }] }, { status: 401 }) });
    const failure = await failureOf(runCurrentOAuthFlow(SETTINGS, withCode, signal(), { fetch: s.fetch }));
    expect(failure).toMatchObject({
      code: 'invalid_token',
      message: 'Deriv did not accept the login (the token is invalid or expired). Please log in again.',
    });
  });
});

describe('current API login: the callback refused in its own words', () => {
  it('access_denied with the right state → cancelled, in words', async () => {
    const failure = await failureOf(
      runCurrentOAuthFlow(
        SETTINGS,
        returning((state) => `error=access_denied&state=${state}`),
        signal(),
      ),
    );
    expect(failure).toMatchObject({
      code: 'cancelled',
      message: 'You cancelled the login on Deriv’s page. Choose Log in to try again.',
    });
  });

  it('a state mismatch says which kind of response it was; a missing state says so', async () => {
    const wrong = (query: string) =>
      failureOf(
        runCurrentOAuthFlow(
          SETTINGS,
          returning(() => query),
          signal(),
        ),
      );
    expect((await wrong('code=c&state=other')).message).toBe(
      'The login response does not belong to this login attempt (state mismatch). Please log in again.',
    );
    expect((await wrong('error=access_denied&state=other')).message).toBe(
      'The error response does not belong to this login attempt (state mismatch). Please log in again.',
    );
    expect((await wrong('error=access_denied')).message).toBe(
      'The error response carried no state, so it cannot be tied to this login attempt (state mismatch). Please log in again.',
    );
    expect((await wrong('code=c')).message).toBe(
      'The login response carried no state, so it cannot be tied to this login attempt (state mismatch). Please log in again.',
    );
  });

  it('a response from another issuer (iss) → provider_error: refused; a window answer that is no URL → malformed', async () => {
    const s = server();
    const otherIssuer = await failureOf(
      runCurrentOAuthFlow(
        SETTINGS,
        returning((state) => `code=c&state=${state}&iss=${encodeURIComponent('https://evil.example')}`),
        signal(),
        { fetch: s.fetch },
      ),
    );
    expect(otherIssuer).toMatchObject({
      code: 'provider_error',
      message: 'The login response from Deriv was refused. Please log in again.',
    });
    const notUrl: AuthWindow = { open: async () => 'not a url' };
    expect(await failureOf(runCurrentOAuthFlow(SETTINGS, notUrl, signal(), { fetch: s.fetch }))).toMatchObject({
      code: 'malformed',
      message: 'The login response from Deriv could not be understood. Please log in again.',
    });
    expect(s.calls).toEqual([]);
  });

  it('settings refused before anything opens, each in its own words', async () => {
    const never: AuthWindow = {
      open: () => {
        throw new Error('no window may open');
      },
    };
    const refused = (patch: Partial<CurrentOAuthSettings>) =>
      failureOf(runCurrentOAuthFlow({ ...SETTINGS, ...patch }, never, signal()));
    expect(await refused({ clientId: '' })).toMatchObject({
      code: 'not_configured',
      message:
        'Enter the app ID (OAuth client ID) you registered with Deriv in Settings, or sign in with a personal access token.',
    });
    for (const clientRedirectUrl of ['deriv-desktop://auth', 'http://app.example.com/cb', 'not a url']) {
      expect(await refused({ clientRedirectUrl })).toMatchObject({
        code: 'not_configured',
        message:
          'Enter the redirect URL registered for your app ID in Settings (https://, or http:// only on this computer).',
      });
    }
    const insecure = await refused({ authServerUrl: 'http://auth.example.com' });
    expect(insecure.code).toBe('not_configured');
    expect(insecure.message).toContain('authorization server address');
  });
});

describe('PAT sign-in', () => {
  it('the token and app id as typed, trimmed; the app id goes with the PAT (Deriv-App-ID); the list is the login', async () => {
    const s = server();
    const login = await signInWithPat({
      restUrl: SETTINGS.restUrl,
      token: `  ${PAT}\n`,
      appId: ' 1089 ',
      signal: signal(),
      fetch: s.fetch,
    });
    expect(login).toEqual({
      credential: { kind: 'pat', token: PAT, appId: '1089' },
      appId: '1089',
      // The balance as the exact text of the number on the wire; the raw answer as sent.
      accounts: [{ ...ACCOUNT, balance: '10000' }],
      raw: { data: [ACCOUNT], meta: {} },
    });
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]!.headers).toMatchObject({ authorization: `Bearer ${PAT}`, 'deriv-app-id': '1089' });
    expect(s.calls[0]!.redirect).toBe('error');
  });

  it('refused before anything is sent: no app id, an app id of other characters, text that is no token', async () => {
    const s = server();
    const sign = (token: string, appId: string) =>
      failureOf(signInWithPat({ restUrl: SETTINGS.restUrl, token, appId, signal: signal(), fetch: s.fetch }));
    const none = await sign(PAT, '   ');
    expect(none.code).toBe('missing_app_id');
    expect(none.message).toBe(new LoginFailure('missing_app_id').message);
    expect(await sign(PAT, '10 89')).toMatchObject({
      code: 'missing_app_id',
      message: 'The app ID is not valid: letters, digits, ".", "_" or "-" only.',
    });
    expect(await sign('two words', '1089')).toMatchObject({
      code: 'invalid_token',
      message: 'That is not a personal access token. Paste the whole token and try again.',
    });
    expect(s.calls).toEqual([]);
  });

  it('refused by Deriv (401) → invalid_token in the PAT words; a forbidden scope → scope_missing, saying to make one', async () => {
    const refused = server({ accounts: () => Response.json({}, { status: 401 }) });
    const sign = (fetchImpl: typeof fetch) =>
      failureOf(
        signInWithPat({ restUrl: SETTINGS.restUrl, token: PAT, appId: '1089', signal: signal(), fetch: fetchImpl }),
      );
    expect(await sign(refused.fetch)).toMatchObject({
      code: 'invalid_token',
      message:
        'Deriv did not accept this personal access token: it is invalid, expired or revoked, or was made for another app ID.',
    });
    const forbidden = server({ accounts: () => Response.json({}, { status: 403 }) });
    expect((await sign(forbidden.fetch)).message).toBe(
      'This login does not have the "trade" scope the app needs: make a token with the trade scope.',
    );
  });

  it("the attempt's own cancel while listing comes back as it is", async () => {
    const controller = new AbortController();
    const s = server({
      accounts: () => {
        controller.abort();
        throw new DOMException('The operation was aborted.', 'AbortError');
      },
    });
    const error = await signInWithPat({
      restUrl: SETTINGS.restUrl,
      token: PAT,
      appId: '1089',
      signal: controller.signal,
      fetch: s.fetch,
    }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(LoginFailure);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('loginFailureOf: the login words of each wire error', () => {
  const NOW = 1_000_000;
  const wire = (code: (typeof WIRE_ERROR_CODES)[number], details: ConstructorParameters<typeof WireError>[2] = {}) =>
    new WireError(code, 'the wire text, never shown', details);

  it('each code, for OAuth and for a PAT', () => {
    const expected: Record<(typeof WIRE_ERROR_CODES)[number], [string, string, string]> = {
      insecure_address: [
        'not_configured',
        "The current API's REST address must be an https:// address (http:// only on this computer). Check the settings and try again.",
        '',
      ],
      app_id_required: ['missing_app_id', new LoginFailure('missing_app_id').message, ''],
      unauthorized: [
        'invalid_token',
        'Deriv did not accept the login (the token is invalid or expired). Please log in again.',
        'Deriv did not accept this personal access token: it is invalid, expired or revoked, or was made for another app ID.',
      ],
      forbidden: [
        'scope_missing',
        'This login does not have the "trade" scope the app needs.',
        'This login does not have the "trade" scope the app needs: make a token with the trade scope.',
      ],
      rate_limited: ['rate_limited', 'Deriv is receiving too many requests with this login. Try again in 60 s.', ''],
      network: [
        'network_error',
        "Deriv's account service could not be reached. Check your internet connection (or that demo mode is running) and try again.",
        '',
      ],
      timeout: [
        'network_error',
        "Deriv's account service could not be reached. Check your internet connection (or that demo mode is running) and try again.",
        '',
      ],
      answer_lost: [
        'network_error',
        "Deriv's account service could not be reached. Check your internet connection (or that demo mode is running) and try again.",
        '',
      ],
      server_error: ['network_error', "Deriv's account service answered HTTP ?. Please try again later.", ''],
      rejected: ['provider_error', "Deriv's account service answered HTTP ?. Please try again later.", ''],
      malformed: ['malformed', 'The account list from Deriv could not be understood. Please log in again.', ''],
    };
    for (const code of WIRE_ERROR_CODES) {
      const [loginCode, oauthWords, patWords] = expected[code];
      expect(loginFailureOf(wire(code), 'oauth', NOW), code).toMatchObject({ code: loginCode, message: oauthWords });
      expect(loginFailureOf(wire(code), 'pat', NOW), code).toMatchObject({
        code: loginCode,
        message: patWords || oauthWords,
      });
    }
  });

  it("the wait in whole seconds, at least 1; the HTTP status and Deriv's code, never its text", () => {
    const wait = (retryAt: number) => loginFailureOf(wire('rate_limited', { retryAt }), 'pat', NOW).message;
    expect(wait(NOW + 1_500)).toBe('Deriv is receiving too many requests with this login. Try again in 2 s.');
    expect(wait(NOW + 30_000)).toBe('Deriv is receiving too many requests with this login. Try again in 30 s.');
    expect(wait(NOW - 5_000)).toBe('Deriv is receiving too many requests with this login. Try again in 1 s.');
    expect(
      loginFailureOf(wire('rejected', { status: 400, derivCode: 'InputValidationFailed' }), 'pat', NOW).message,
    ).toBe("Deriv's account service answered HTTP 400 (InputValidationFailed). Please try again later.");
    expect(loginFailureOf(wire('server_error', { status: 503 }), 'oauth', NOW).message).toBe(
      "Deriv's account service answered HTTP 503. Please try again later.",
    );
  });
});
