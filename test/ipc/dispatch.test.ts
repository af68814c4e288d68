import fc from 'fast-check';
import { describe, expect, it, type Mock, vi } from 'vitest';

import { CommandFailure } from '../../main/core/app/command-failure';
import { APP_ORIGIN } from '../../main/core/shell/security-policy';
import { type AppState, COMMAND_NAMES, type CommandHandlers } from '../../main/ipc/contract';
import { createDispatcher } from '../../main/ipc/dispatch';
import { fixtures } from '../support/sample-state';

const appFrame = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };

function handlers(): Record<keyof CommandHandlers, Mock> {
  const state: AppState = fixtures.derivLoggedOut();
  const result = () => state;
  return {
    getState: vi.fn(result),
    chooseMode: vi.fn(result),
    saveSettings: vi.fn(result),
    savePreferences: vi.fn(result),
    signIn: vi.fn(result),
    cancelLogin: vi.fn(result),
    switchAccount: vi.fn(result),
    logout: vi.fn(result),
    forgetEverything: vi.fn(result),
    retireLegacyLogin: vi.fn(result),
    retryConnection: vi.fn(result),
    setPlaintextConsent: vi.fn(result),
    dismissNotice: vi.fn(result),
    openExternal: vi.fn(() => undefined),
  };
}

describe('IPC dispatcher', () => {
  it('passes a valid command to the core and returns its result', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    const result = await dispatch('switchAccount', appFrame, { accountId: 'CR900001' });
    expect(result).toEqual({ ok: true, value: fixtures.derivLoggedOut() });
    expect(h.switchAccount).toHaveBeenCalledWith({ accountId: 'CR900001' });
  });

  it('refuses a message from a foreign origin without calling the core', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    const result = await dispatch('logout', { url: 'https://evil.example/', isMainFrame: true }, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(h.logout).not.toHaveBeenCalled();
  });

  it('refuses a message from an iframe of the app, and from a destroyed frame', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    expect(await dispatch('getState', { url: `${APP_ORIGIN}/x`, isMainFrame: false }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
    expect(await dispatch('getState', null, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
    expect(h.getState).not.toHaveBeenCalled();
  });

  it('returns a validation error for a bad argument, naming the field', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    const result = await dispatch('switchAccount', appFrame, { accountId: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(!result.ok && result.error).toEqual({
      code: 'invalid_argument',
      params: { command: 'switchAccount', fields: ['accountId'] },
    });
    expect(await dispatch('saveSettings', appFrame, { api: 'legacy', wsUrl: 'javascript:alert(1)' })).toMatchObject({
      ok: false,
    });
    expect(await dispatch('saveSettings', appFrame, { api: 'legacy', extra: true })).toMatchObject({ ok: false });
    expect(await dispatch('openExternal', appFrame, { url: 'http://api.deriv.com' })).toMatchObject({ ok: false });
    expect(h.switchAccount).not.toHaveBeenCalled();
    expect(h.saveSettings).not.toHaveBeenCalled();
  });

  it('refuses server addresses that would carry tokens in clear text to another machine', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    for (const patch of [
      { api: 'legacy', wsUrl: 'ws://ws.example.com/websockets/v3' },
      { api: 'legacy', oauthUrl: 'http://oauth.example.com/oauth2/authorize' },
      { api: 'legacy', issuer: 'http://oauth.example.com' },
    ]) {
      expect(await dispatch('saveSettings', appFrame, patch), JSON.stringify(patch)).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument' },
      });
    }
    for (const patch of [
      { api: 'legacy', wsUrl: 'wss://ws.derivws.com/websockets/v3' },
      { api: 'legacy', wsUrl: 'ws://127.0.0.1:8080/websockets/v3' },
      { api: 'legacy', issuer: 'http://localhost:3000' },
    ]) {
      expect(await dispatch('saveSettings', appFrame, patch), JSON.stringify(patch)).toMatchObject({ ok: true });
    }
  });

  it("takes the API choice and the current API's endpoints under the same address, redirect and app id rules", async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    for (const [patch, field] of [
      [{ api: 'v4' }, 'api'],
      [{ api: 'current', authServerUrl: 'http://auth.example.com' }, 'authServerUrl'],
      [{ api: 'current', restUrl: 'http://api.example.com' }, 'restUrl'],
      [{ api: 'current', restUrl: 'javascript:alert(1)' }, 'restUrl'],
      [{ api: 'current', clientId: 'has space' }, 'clientId'],
      [{ api: 'current', clientId: 'x'.repeat(65) }, 'clientId'],
      [{ api: 'current', clientRedirectUrl: 'deriv-desktop://callback' }, 'clientRedirectUrl'],
      [{ api: 'current', clientRedirectUrl: 'http://app.example.com/callback' }, 'clientRedirectUrl'],
      // Only the app's own scheme, and only its path form (RFC 8252 §7.1), not a look-alike.
      [{ api: 'current', clientRedirectUrl: 'com.derivdesktop.login://host/callback' }, 'clientRedirectUrl'],
      [{ api: 'current', clientRedirectUrl: 'com.derivdesktop.login.evil:/callback' }, 'clientRedirectUrl'],
      // "Log in: in this app's window / in my browser": each API's own, one of the two.
      [{ api: 'current', clientLoginPlace: 'tab' }, 'clientLoginPlace'],
      [{ api: 'current', loginPlace: 'browser' }, 'loginPlace'],
      [{ api: 'legacy', clientLoginPlace: 'browser' }, 'clientLoginPlace'],
      // A patch names its API and carries only that API's fields.
      [{ restUrl: 'https://api.derivws.com' }, 'api'],
      [{ api: 'legacy', restUrl: 'https://api.derivws.com' }, 'restUrl'],
      [{ api: 'current', wsUrl: 'wss://ws.derivws.com/websockets/v3' }, 'wsUrl'],
    ] as const) {
      const result = await dispatch('saveSettings', appFrame, patch);
      expect(result, JSON.stringify(patch)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      expect(!result.ok && result.error.code === 'invalid_argument' && result.error.params.fields).toContain(field);
    }
    expect(h.saveSettings).not.toHaveBeenCalled();
    expect(
      await dispatch('chooseMode', appFrame, { mode: 'deriv', api: 'current', clientId: 'a b', clientRedirectUrl: '' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(
      await dispatch('chooseMode', appFrame, {
        mode: 'deriv',
        api: 'current',
        clientId: 'my-app',
        clientRedirectUrl: 'https://a.example/cb',
      }),
    ).toMatchObject({ ok: true });
    for (const patch of [
      { api: 'current' },
      { api: 'legacy' },
      { api: 'current', authServerUrl: 'https://auth.deriv.com', restUrl: 'https://api.derivws.com' },
      { api: 'current', authServerUrl: 'http://127.0.0.1:4000/auth', restUrl: 'http://127.0.0.1:4000' },
      { api: 'current', clientId: '41234' },
      { api: 'current', clientId: 'my-app_2.beta' },
      { api: 'current', clientId: '', clientRedirectUrl: '' },
      { api: 'current', clientRedirectUrl: 'https://app.example.com/callback' },
      { api: 'current', clientRedirectUrl: 'com.derivdesktop.login:/callback' },
      { api: 'current', clientLoginPlace: 'browser' },
      { api: 'legacy', loginPlace: 'window' },
    ]) {
      expect(await dispatch('saveSettings', appFrame, patch), JSON.stringify(patch)).toMatchObject({ ok: true });
    }
  });

  it('refuses redirect URLs the login window cannot intercept, with a clear error, in chooseMode and saveSettings', async () => {
    const h = handlers();
    const details: (string | undefined)[] = [];
    const dispatch = createDispatcher({
      handlers: h as unknown as CommandHandlers,
      appOrigin: APP_ORIGIN,
      onRejected: (_name, _error, detail) => details.push(detail),
    });
    for (const redirectUrl of [
      'deriv-desktop://callback/',
      'myapp:/cb',
      'ftp://app.example.com/redirect',
      'http://app.example.com/redirect',
      'javascript:alert(1)',
    ]) {
      for (const [name, args] of [
        ['chooseMode', { mode: 'deriv', appId: '1089', redirectUrl }],
        ['saveSettings', { api: 'legacy', redirectUrl }],
      ] as const) {
        const result = await dispatch(name, appFrame, args);
        expect(result, `${name} ${redirectUrl}`).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
        expect(!result.ok && result.error.code === 'invalid_argument' && result.error.params.fields).toContain(
          'redirectUrl',
        );
        // The rule is main's English detail, for its log: it never crosses IPC as a sentence.
        expect(details.at(-1)).toContain('https://');
        expect(JSON.stringify(result)).not.toContain('https://');
      }
    }
    expect(h.chooseMode).not.toHaveBeenCalled();
    expect(h.saveSettings).not.toHaveBeenCalled();
    for (const redirectUrl of ['https://app.example.com/redirect', 'http://127.0.0.1:4000/redirect']) {
      expect(await dispatch('saveSettings', appFrame, { api: 'legacy', redirectUrl }), redirectUrl).toMatchObject({
        ok: true,
      });
    }
  });

  it('refuses an app_id that is not a Deriv app_id (one rule: a positive number)', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    for (const appId of ['0', '0123', '12345678901', 'abc', '']) {
      expect(await dispatch('saveSettings', appFrame, { api: 'legacy', appId }), appId).toMatchObject({ ok: false });
    }
    expect(await dispatch('saveSettings', appFrame, { api: 'legacy', appId: '1089' })).toMatchObject({ ok: true });
  });

  it('signIn with API tokens: the paste goes to the core as is; a bad one is refused without quoting it', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    const valid = { api: 'legacy', method: 'api_token', tokens: 'AbCdEf123456789 x' };
    expect(await dispatch('signIn', appFrame, valid)).toMatchObject({ ok: true });
    expect(h.signIn).toHaveBeenCalledWith(valid);
    const long = 'SecretTokenPart'.repeat(300);
    for (const bad of [
      { ...valid, tokens: '' },
      { ...valid, tokens: long },
      { ...valid, tokens: 'AbCdEf123456789', extra: 1 },
      { ...valid, api: 'current', tokens: 'AbCdEf123456789' },
      'AbCdEf123456789',
    ]) {
      const result = await dispatch('signIn', appFrame, bad);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      expect(JSON.stringify(result)).not.toContain('SecretTokenPart');
      expect(JSON.stringify(result)).not.toContain('AbCdEf123456789');
    }
    expect(h.signIn).toHaveBeenCalledTimes(1);
  });

  it('logout by login id: a login id passes, anything else (too long, other characters, with an account id) is refused', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    const loginId = '0f8b3c2e-5d1a-4e7b-9a6c-2b4d6e8f0a1c';
    expect(await dispatch('logout', appFrame, { loginId })).toMatchObject({ ok: true });
    expect(h.logout).toHaveBeenLastCalledWith({ loginId });
    for (const bad of [
      { loginId: 'x'.repeat(65) },
      { loginId: '../etc' },
      { loginId: '' },
      { loginId, accountId: 'CR123456' },
    ]) {
      const result = await dispatch('logout', appFrame, bad);
      expect(result, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    }
    expect(h.logout).toHaveBeenCalledTimes(1);
  });

  it('refuses an unknown channel name', async () => {
    const dispatch = createDispatcher({ handlers: handlers() as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    expect(await dispatch('__proto__', appFrame, undefined)).toMatchObject({
      ok: false,
      error: { code: 'unknown_command' },
    });
  });

  it('turns a throwing handler into a failed result instead of crashing main, its detail left to the log', async () => {
    const h = handlers();
    h.retryConnection.mockImplementation(() => {
      throw new Error('socket is closed');
    });
    const logged: [string, string | undefined][] = [];
    const dispatch = createDispatcher({
      handlers: h as unknown as CommandHandlers,
      appOrigin: APP_ORIGIN,
      onRejected: (name, _error, detail) => logged.push([name, detail]),
    });
    expect(await dispatch('retryConnection', appFrame, undefined)).toEqual({
      ok: false,
      error: { code: 'failed', params: {} },
    });
    expect(logged).toEqual([['retryConnection', 'socket is closed']]);
  });

  it('a typed refusal from the core crosses as its code and parameters, never its English detail', async () => {
    const h = handlers();
    h.switchAccount.mockImplementation(() => {
      throw new CommandFailure('unknown_account', { accountId: 'CR1' }, 'There is no account CR1 here.');
    });
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    expect(await dispatch('switchAccount', appFrame, { accountId: 'CR1' })).toEqual({
      ok: false,
      error: { code: 'unknown_account', params: { accountId: 'CR1' } },
    });
  });

  it('never throws and answers every unknown or invalid input with a typed refusal, whatever arrives', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COMMAND_NAMES, 'nope'), fc.anything(), async (name, args) => {
        const result = await dispatch(name, appFrame, args);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(['invalid_argument', 'unknown_command']).toContain(result.error.code);
      }),
      { numRuns: 300 },
    );
    // Random input almost never is a valid argument; the arguments that reach the core are checked by
    // the property below, over runs where calls do happen.
  });
});

// ---------------------------------------------------------------------------------------------
// A property over runs where calls DO happen: per-command generators of valid arguments, then
// mutated ones, judged by an oracle written here independently of the zod schemas. A valid
// argument must reach its handler unchanged; an invalid one never may.

// Either API's ids: v3 loginids and current-API account_ids (the sandbox's DOT…/ROT…).
const VALID_ACCOUNT_IDS = ['CR900001', 'VRTC1859315', 'mf12', 'CRW1', 'DOT12345678', 'ROT90000001'];
const INVALID_ACCOUNT_IDS = ['', '-CR1', '_CR1', 'CR/1', 'CR.1', 'C R1', `CR${'1'.repeat(70)}`, 'CR1 '];
const VALID_HTTPS = ['https://api.deriv.com/dashboard', 'https://oauth.deriv.com', 'https://x.example/a?b=c'];
const INVALID_HTTPS = ['http://api.deriv.com', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url', ''];
const LOOPBACK_HTTP = ['http://127.0.0.1:8080/oauth2/authorize', 'http://localhost:3000'];
const CLEAR_HTTP = ['http://oauth.example.com', 'ftp://x.example'];
const VALID_WS = ['wss://ws.derivws.com/websockets/v3', 'ws://127.0.0.1:8080/websockets/v3'];
const INVALID_WS = ['ws://ws.example.com/websockets/v3', 'https://ws.derivws.com', 'wss//x', ''];
const VALID_REDIRECTS = ['https://example.com/redirect', 'http://127.0.0.1:4000/cb', 'http://localhost/r'];
const INVALID_REDIRECTS_TOO = ['deriv-desktop://auth', 'javascript:alert(1)', 'http://app.example.com/cb'];
const INVALID_REDIRECTS = ['not a url', '', '/relative/path'];

type Oracle = (args: unknown) => boolean;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A plain object with only `allowed` keys (an `undefined` value counts as absent) whose fields pass `check`. */
const strict =
  (fields: Record<string, (v: unknown) => boolean>, required: string[] = []): Oracle =>
  (v) =>
    isObj(v) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(v)) &&
    Object.keys(v).every((k) => Object.hasOwn(fields, k) && (v[k] === undefined || fields[k]!(v[k]))) &&
    required.every((k) => v[k] !== undefined);
/** URL rules stated from the WHATWG parser, independently of the zod schemas. */
const urlOf = (v: unknown): URL | null => (typeof v === 'string' && URL.canParse(v) ? new URL(v) : null);
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1'];
const isHttps = (v: unknown) => urlOf(v)?.protocol === 'https:';
const secureOrLoopback = (secure: string, clear: string) => (v: unknown) => {
  const u = urlOf(v);
  return u !== null && (u.protocol === secure || (u.protocol === clear && LOOPBACK.includes(u.hostname)));
};
const isServerHttp = secureOrLoopback('https:', 'http:');
const isServerWs = secureOrLoopback('wss:', 'ws:');
/**
 * The redirect URL must be one the login window can intercept (https, or http on this computer),
 * or a path in the app's own scheme (a sign-in in the browser, RFC 8252 §7.1; no host).
 */
const isRedirect = (v: unknown) => {
  const u = urlOf(v);
  return (
    isServerHttp(v) || (u?.protocol === 'com.derivdesktop.login:' && u.host === '' && /^\/(?!\/)/.test(u.pathname))
  );
};
const isPlace = (p: unknown) => p === 'window' || p === 'browser';
// Letters, digits, `_` and `-`, not first; 1 to 64 characters.
const isAccountId = (v: unknown) =>
  typeof v === 'string' && v.length >= 1 && v.length <= 64 && /^[A-Za-z0-9]/.test(v) && /^[\w-]*$/.test(v);
const isAppId = (v: unknown) => typeof v === 'string' && /^[1-9][0-9]{0,9}$/.test(v);
const isNone: Oracle = (v) => v === undefined;
// A nickname: 1 to 40 characters of plain text (no control, format or line-separator character), or
// empty (it removes one).
const isNickname = (v: unknown) =>
  v === '' || (typeof v === 'string' && [...v].length <= 40 && !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(v));
const isPreferences = strict({
  theme: (t) => t === 'system' || t === 'light' || t === 'dark',
  hideZeroBalances: (b) => typeof b === 'boolean',
  hideDisabled: (b) => typeof b === 'boolean',
  nicknames: (n) =>
    isObj(n) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(n)) &&
    Object.keys(n).length <= 200 &&
    Object.entries(n).every(([id, name]) => isAccountId(id) && isNickname(name)),
  order: (o) => Array.isArray(o) && o.length <= 200 && o.every(isAccountId) && new Set(o).size === o.length,
});

const ORACLE: Record<(typeof COMMAND_NAMES)[number], Oracle> = {
  getState: isNone,
  cancelLogin: isNone,
  forgetEverything: isNone,
  retireLegacyLogin: isNone,
  retryConnection: isNone,
  chooseMode: (v) =>
    strict({ mode: (m) => m === 'demo', api: (a) => a === 'legacy' || a === 'current' }, ['mode'])(v) ||
    strict({ mode: (m) => m === 'deriv', appId: isAppId, redirectUrl: isRedirect }, ['mode', 'appId', 'redirectUrl'])(
      v,
    ) ||
    // The current API's first run: its app id (empty for a PAT user) and redirect URL (or none).
    strict(
      {
        mode: (m) => m === 'deriv',
        api: (a) => a === 'current',
        clientId: (c) => c === '' || (typeof c === 'string' && /^[A-Za-z0-9][\w.-]{0,63}$/.test(c)),
        clientRedirectUrl: (u) => u === '' || isRedirect(u),
      },
      ['mode', 'api', 'clientId', 'clientRedirectUrl'],
    )(v),
  savePreferences: isPreferences,
  // A patch names its API and carries only that API's fields (and the language), all optional.
  saveSettings: (v) => {
    const language = (l: unknown) => l === 'en' || l === 'fr';
    const legacy = strict(
      {
        api: (a) => a === 'legacy',
        appId: isAppId,
        wsUrl: isServerWs,
        oauthUrl: isServerHttp,
        redirectUrl: isRedirect,
        issuer: isServerHttp,
        flow: (f) => f === 'legacy' || f === 'oidc',
        loginPlace: isPlace,
        language,
      },
      ['api'],
    );
    const current = strict(
      {
        api: (a) => a === 'current',
        authServerUrl: isServerHttp,
        restUrl: isServerHttp,
        clientId: (c) => c === '' || (typeof c === 'string' && /^[A-Za-z0-9][\w.-]{0,63}$/.test(c)),
        clientRedirectUrl: (u) => u === '' || isRedirect(u),
        clientLoginPlace: isPlace,
        language,
      },
      ['api'],
    );
    return legacy(v) || current(v);
  },
  signIn: (v) => {
    const oauth = { reloginFor: isAccountId };
    const pat = {
      token: (t: unknown) => typeof t === 'string' && t.length >= 1 && t.length <= 4096,
      appId: (a: unknown) => typeof a === 'string' && a.length <= 64,
    };
    const apiToken = { tokens: (t: unknown) => typeof t === 'string' && t.length >= 1 && t.length <= 4000 };
    const demo = {
      id: (id: unknown) => typeof id === 'string' && id.length >= 1 && id.length <= 64 && /^[a-z0-9-]+$/.test(id),
    };
    const is = (api: string, method: string) => ({
      api: (a: unknown) => a === api,
      method: (m: unknown) => m === method,
    });
    const needs = ['api', 'method'];
    return (
      strict({ ...is('legacy', 'oauth'), ...oauth }, needs)(v) ||
      strict({ ...is('current', 'oauth'), ...oauth }, needs)(v) ||
      strict({ ...is('current', 'pat'), ...pat }, [...needs, 'token', 'appId'])(v) ||
      strict({ ...is('legacy', 'api_token'), ...apiToken }, [...needs, 'tokens'])(v) ||
      strict({ ...is('legacy', 'demo'), ...demo }, [...needs, 'id'])(v) ||
      strict({ ...is('current', 'demo'), ...demo }, [...needs, 'id'])(v)
    );
  },
  switchAccount: strict({ accountId: isAccountId }, ['accountId']),
  logout: (v) =>
    v === undefined ||
    strict({ accountId: isAccountId })(v) ||
    strict({ loginId: (id) => typeof id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(id) }, ['loginId'])(v),
  setPlaintextConsent: strict({ allow: (a) => typeof a === 'boolean' }, ['allow']),
  dismissNotice: strict({ id: (id) => typeof id === 'string' && id.length >= 1 && id.length <= 200 }, ['id']),
  openExternal: strict({ url: isHttps }, ['url']),
};

const accountIdArb = fc.constantFrom(...VALID_ACCOUNT_IDS);
const VALID_ARGS: Record<(typeof COMMAND_NAMES)[number], fc.Arbitrary<unknown>> = {
  getState: fc.constant(undefined),
  cancelLogin: fc.constant(undefined),
  forgetEverything: fc.constant(undefined),
  retireLegacyLogin: fc.constant(undefined),
  retryConnection: fc.constant(undefined),
  chooseMode: fc.oneof(
    fc.record({ mode: fc.constant('demo'), api: fc.constantFrom('legacy', 'current') }, { requiredKeys: ['mode'] }),
    fc.record({
      mode: fc.constant('deriv'),
      appId: fc.stringMatching(/^[1-9][0-9]{0,9}$/),
      redirectUrl: fc.constantFrom(...VALID_REDIRECTS),
    }),
    fc.record({
      mode: fc.constant('deriv'),
      api: fc.constant('current'),
      clientId: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,63}$/)),
      clientRedirectUrl: fc.constantFrom('', ...VALID_REDIRECTS),
    }),
  ),
  saveSettings: fc.oneof(
    fc.record(
      {
        api: fc.constant('legacy'),
        appId: fc.stringMatching(/^[1-9][0-9]{0,9}$/),
        wsUrl: fc.constantFrom(...VALID_WS),
        oauthUrl: fc.constantFrom(...VALID_HTTPS, ...LOOPBACK_HTTP),
        redirectUrl: fc.constantFrom(...VALID_REDIRECTS),
        issuer: fc.constantFrom(...VALID_HTTPS, ...LOOPBACK_HTTP),
        flow: fc.constantFrom('legacy', 'oidc'),
        language: fc.constantFrom('en', 'fr'),
      },
      { requiredKeys: ['api'] },
    ),
    fc.record(
      {
        api: fc.constant('current'),
        authServerUrl: fc.constantFrom(...VALID_HTTPS, ...LOOPBACK_HTTP),
        restUrl: fc.constantFrom(...VALID_HTTPS, ...LOOPBACK_HTTP),
        clientId: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,63}$/)),
        clientRedirectUrl: fc.constantFrom('', ...VALID_REDIRECTS),
        language: fc.constantFrom('en', 'fr'),
      },
      { requiredKeys: ['api'] },
    ),
  ),
  signIn: fc.oneof(
    fc.record(
      { api: fc.constantFrom('legacy', 'current'), method: fc.constant('oauth'), reloginFor: accountIdArb },
      { requiredKeys: ['api', 'method'] },
    ),
    fc.record({
      api: fc.constant('current'),
      method: fc.constant('pat'),
      token: fc.string({ minLength: 1, maxLength: 64 }),
      appId: fc.string({ maxLength: 64 }),
    }),
    fc.record({
      api: fc.constant('legacy'),
      method: fc.constant('api_token'),
      tokens: fc.string({ minLength: 1, maxLength: 4000 }),
    }),
    fc.record({
      api: fc.constantFrom('legacy', 'current'),
      method: fc.constant('demo'),
      id: fc.oneof(fc.constantFrom('current-pat-1', 'legacy-api-token-12'), fc.stringMatching(/^[a-z0-9-]{1,64}$/)),
    }),
  ),
  savePreferences: fc.record(
    {
      theme: fc.constantFrom('system', 'light', 'dark'),
      hideZeroBalances: fc.boolean(),
      hideDisabled: fc.boolean(),
      nicknames: fc.dictionary(accountIdArb, fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 40 }))),
      order: fc.uniqueArray(accountIdArb),
    },
    { requiredKeys: [] },
  ),
  switchAccount: fc.record({ accountId: accountIdArb }),
  logout: fc.option(
    fc.oneof(
      fc.record({ accountId: accountIdArb }, { requiredKeys: [] }),
      fc.record({ loginId: fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/)) }),
    ),
    { nil: undefined },
  ),
  setPlaintextConsent: fc.record({ allow: fc.boolean() }),
  dismissNotice: fc.record({ id: fc.string({ minLength: 1, maxLength: 200 }) }),
  openExternal: fc.record({ url: fc.constantFrom(...VALID_HTTPS) }),
};

const badValue = fc.oneof(
  fc.constantFrom(
    ...INVALID_ACCOUNT_IDS,
    ...INVALID_HTTPS,
    ...CLEAR_HTTP,
    ...INVALID_WS,
    ...INVALID_REDIRECTS,
    ...INVALID_REDIRECTS_TOO,
    'x'.repeat(201),
    'EN',
    'OIDC',
    'Current-PAT-1',
    'pat 1',
    'x'.repeat(65),
  ),
  fc.anything(),
);

/** A valid argument with one change: a field set to a bad value, an extra key, a required key removed, or anything at all. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const keys = isObj(valid) ? Object.keys(valid) : [];
  return fc.oneof(
    fc.anything(),
    fc
      .constantFrom('__proto__', 'constructor', 'extra', 'token')
      .chain((k) => fc.anything().map((v) => ({ ...(isObj(valid) ? valid : {}), [k]: v }))),
    ...(keys.length
      ? [
          fc
            .tuple(fc.constantFrom(...keys), badValue)
            .map(([k, v]) => ({ ...(valid as Record<string, unknown>), [k]: v })),
          fc.constantFrom(...keys).map((k) => {
            const copy = { ...(valid as Record<string, unknown>) };
            delete copy[k];
            return copy;
          }),
        ]
      : []),
  );
}

describe('IPC dispatcher over valid and mutated arguments (property)', () => {
  it('a valid argument reaches its handler unchanged, an invalid one never does; calls really happen', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    let calls = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...COMMAND_NAMES)
          .chain((name) =>
            VALID_ARGS[name].chain((valid) =>
              fc.tuple(fc.constant(name), fc.oneof(fc.constant(valid), mutated(valid))),
            ),
          ),
        async ([name, args]) => {
          const handler = h[name];
          handler.mockClear();
          const expectedValid = ORACLE[name](args);
          const result = await dispatch(name, appFrame, args);
          if (expectedValid) {
            expect(result.ok, `${name}(${JSON.stringify(args)}) refused`).toBe(true);
            expect(handler).toHaveBeenCalledTimes(1);
            expect(handler.mock.calls[0]![0]).toEqual(args);
            calls += 1;
          } else {
            expect(result, `${name}(${String(JSON.stringify(args))}) accepted`).toMatchObject({
              ok: false,
              error: { code: 'invalid_argument' },
            });
            expect(handler).not.toHaveBeenCalled();
            refused += 1;
          }
        },
      ),
      { numRuns: 600 },
    );
    console.info(`dispatch property: ${calls} calls reached a handler, ${refused} refused`);
    expect(calls).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});

describe('IPC dispatcher: what a refusal says', () => {
  const refusal = async (name: string, args: unknown, sender = appFrame) => {
    const dispatch = createDispatcher({ handlers: handlers() as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    const result = await dispatch(name, sender, args);
    if (result.ok) throw new Error(`${name} accepted ${JSON.stringify(args)}`);
    return result.error;
  };

  it('names the command, the field and the rule it broke', async () => {
    expect(await refusal('eval', undefined)).toEqual({ code: 'unknown_command', params: { command: 'eval' } });
    expect(await refusal('getState', undefined, { url: 'https://evil.example/', isMainFrame: true })).toEqual({
      code: 'forbidden_sender',
      params: {},
    });
    const cases: [string, unknown, string, string][] = [
      ['switchAccount', { accountId: 'CR/1' }, 'accountId', 'a Deriv account id such as CR123456 or DOT12345678'],
      [
        'saveSettings',
        { api: 'legacy', issuer: 'http://oauth.example.com' },
        'issuer',
        'an https:// address (http:// only on this computer)',
      ],
      [
        'saveSettings',
        { api: 'legacy', wsUrl: 'ws://ws.example.com/x' },
        'wsUrl',
        'a wss:// address (ws:// only on this computer)',
      ],
      ['saveSettings', { api: 'legacy', appId: '12a' }, 'appId', 'a numeric app_id'],
      [
        'signIn',
        { api: 'legacy', method: 'pat', token: 't', appId: '1' },
        'method',
        "Expected 'oauth' | 'browser' | 'api_token'",
      ],
      ['signIn', { api: 'current', method: 'oauth', extra: 1 }, 'extra', 'Unrecognized key'],
      [
        'saveSettings',
        { api: 'current', clientId: 'my app' },
        'clientId',
        'an app ID of letters, digits, ".", "_" or "-"',
      ],
      [
        'signIn',
        { api: 'legacy', method: 'demo', id: 'Demo-1' },
        'id',
        'a demo credential id as listed on the login screen',
      ],
    ];
    for (const [name, args, field, rule] of cases) {
      const logged: string[] = [];
      const dispatch = createDispatcher({
        handlers: handlers() as unknown as CommandHandlers,
        appOrigin: APP_ORIGIN,
        onRejected: (_n, _e, detail) => logged.push(detail ?? ''),
      });
      const result = await dispatch(name, appFrame, args);
      // The renderer gets the command and the field, to word in its language; the rule stays in main's log.
      expect(result).toEqual({
        ok: false,
        error: { code: 'invalid_argument', params: { command: name, fields: [field] } },
      });
      expect(logged.join('\n')).toContain(rule);
    }
  });

  it('anchors its patterns: a valid value inside a longer one is still refused', async () => {
    for (const appId of ['x123', '123x', '12345678901']) {
      expect((await refusal('saveSettings', { api: 'legacy', appId })).code).toBe('invalid_argument');
    }
    for (const url of ['xhttps://api.deriv.com/dashboard', 'httpsx://api.deriv.com/dashboard']) {
      expect((await refusal('openExternal', { url })).code).toBe('invalid_argument');
    }
    for (const accountId of ['-CR1', 'CR1 ', `CR${'1'.repeat(63)}`]) {
      expect((await refusal('switchAccount', { accountId })).code).toBe('invalid_argument');
    }
    for (const id of ['Demo-1', 'demo-1X', ' demo-1', 'demo-1 ']) {
      expect((await refusal('signIn', { api: 'current', method: 'demo', id })).code, id).toBe('invalid_argument');
    }
  });

  it('names the fields of every branch of a union (chooseMode), never an empty path', async () => {
    const { fields } = (await refusal('chooseMode', { mode: 'demo', api: 'nope' })).params as { fields: string[] };
    expect(fields).toContain('api');
    expect(fields).not.toContain('');
  });

  it('bounds what it echoes: ten fields at most, 64 characters of a field or command name', async () => {
    const extra = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`extra${i}`, 1]));
    const many = (await refusal('saveSettings', { api: 'legacy', ...extra })).params as { fields: string[] };
    expect(many.fields).toHaveLength(10);
    const long = (await refusal('saveSettings', { api: 'legacy', ['k'.repeat(100)]: 1 })).params as {
      fields: string[];
    };
    expect(long.fields).toEqual(['k'.repeat(64)]);
    const unknown = await createDispatcher({
      handlers: handlers() as unknown as CommandHandlers,
      appOrigin: APP_ORIGIN,
    })('c'.repeat(100), appFrame, undefined);
    expect(unknown).toEqual({ ok: false, error: { code: 'unknown_command', params: { command: 'c'.repeat(64) } } });
  });
});
