import fc from 'fast-check';
import { describe, expect, it, type Mock, vi } from 'vitest';

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
    login: vi.fn(result),
    signInWithPat: vi.fn(result),
    cancelLogin: vi.fn(result),
    loginWithApiTokens: vi.fn(result),
    switchAccount: vi.fn(result),
    logout: vi.fn(result),
    forgetEverything: vi.fn(result),
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
    const result = await dispatch('switchAccount', appFrame, { loginid: 'CR900001' });
    expect(result).toEqual({ ok: true, value: fixtures.derivLoggedOut() });
    expect(h.switchAccount).toHaveBeenCalledWith({ loginid: 'CR900001' });
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
    const result = await dispatch('switchAccount', appFrame, { loginid: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(!result.ok && result.error.message).toContain('loginid');
    expect(await dispatch('saveSettings', appFrame, { wsUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false });
    expect(await dispatch('saveSettings', appFrame, { extra: true })).toMatchObject({ ok: false });
    expect(await dispatch('openExternal', appFrame, { url: 'http://api.deriv.com' })).toMatchObject({ ok: false });
    expect(h.switchAccount).not.toHaveBeenCalled();
    expect(h.saveSettings).not.toHaveBeenCalled();
  });

  it('refuses server addresses that would carry tokens in clear text to another machine', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    for (const patch of [
      { wsUrl: 'ws://ws.example.com/websockets/v3' },
      { oauthUrl: 'http://oauth.example.com/oauth2/authorize' },
      { issuer: 'http://oauth.example.com' },
    ]) {
      expect(await dispatch('saveSettings', appFrame, patch), JSON.stringify(patch)).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument' },
      });
    }
    for (const patch of [
      { wsUrl: 'wss://ws.derivws.com/websockets/v3' },
      { wsUrl: 'ws://127.0.0.1:8080/websockets/v3' },
      { issuer: 'http://localhost:3000' },
    ]) {
      expect(await dispatch('saveSettings', appFrame, patch), JSON.stringify(patch)).toMatchObject({ ok: true });
    }
  });

  it("takes the API choice and the current API's endpoints under the same address, redirect and app id rules", async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    for (const [patch, field] of [
      [{ api: 'v4' }, 'api'],
      [{ authServerUrl: 'http://auth.example.com' }, 'authServerUrl'],
      [{ restUrl: 'http://api.example.com' }, 'restUrl'],
      [{ restUrl: 'javascript:alert(1)' }, 'restUrl'],
      [{ clientId: 'has space' }, 'clientId'],
      [{ clientId: 'x'.repeat(65) }, 'clientId'],
      [{ clientRedirectUrl: 'deriv-desktop://callback' }, 'clientRedirectUrl'],
      [{ clientRedirectUrl: 'http://app.example.com/callback' }, 'clientRedirectUrl'],
    ] as const) {
      const result = await dispatch('saveSettings', appFrame, patch);
      expect(result, JSON.stringify(patch)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      expect(!result.ok && result.error.message).toContain(field);
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
      { authServerUrl: 'https://auth.deriv.com', restUrl: 'https://api.derivws.com' },
      { authServerUrl: 'http://127.0.0.1:4000/auth', restUrl: 'http://127.0.0.1:4000' },
      { clientId: '41234' },
      { clientId: 'my-app_2.beta' },
      { clientId: '', clientRedirectUrl: '' },
      { clientRedirectUrl: 'https://app.example.com/callback' },
    ]) {
      expect(await dispatch('saveSettings', appFrame, patch), JSON.stringify(patch)).toMatchObject({ ok: true });
    }
  });

  it('refuses redirect URLs the login window cannot intercept, with a clear error, in chooseMode and saveSettings', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    for (const redirectUrl of [
      'deriv-desktop://callback/',
      'myapp:/cb',
      'ftp://app.example.com/redirect',
      'http://app.example.com/redirect',
      'javascript:alert(1)',
    ]) {
      for (const [name, args] of [
        ['chooseMode', { mode: 'deriv', appId: '1089', redirectUrl }],
        ['saveSettings', { redirectUrl }],
      ] as const) {
        const result = await dispatch(name, appFrame, args);
        expect(result, `${name} ${redirectUrl}`).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
        expect(!result.ok && result.error.message).toContain('redirectUrl');
        expect(!result.ok && result.error.message).toContain('https://');
      }
    }
    expect(h.chooseMode).not.toHaveBeenCalled();
    expect(h.saveSettings).not.toHaveBeenCalled();
    for (const redirectUrl of ['https://app.example.com/redirect', 'http://127.0.0.1:4000/redirect']) {
      expect(await dispatch('saveSettings', appFrame, { redirectUrl }), redirectUrl).toMatchObject({ ok: true });
    }
  });

  it('refuses an app_id that is not a Deriv app_id (one rule: a positive number)', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    for (const appId of ['0', '0123', '12345678901', 'abc', '']) {
      expect(await dispatch('saveSettings', appFrame, { appId }), appId).toMatchObject({ ok: false });
    }
    expect(await dispatch('saveSettings', appFrame, { appId: '1089' })).toMatchObject({ ok: true });
  });

  it('loginWithApiTokens: the paste goes to the core as is; a bad one is refused without quoting it', async () => {
    const h = handlers();
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    expect(await dispatch('loginWithApiTokens', appFrame, { tokens: 'AbCdEf123456789 x' })).toMatchObject({ ok: true });
    expect(h.loginWithApiTokens).toHaveBeenCalledWith({ tokens: 'AbCdEf123456789 x' });
    const long = 'SecretTokenPart'.repeat(300);
    for (const bad of [{ tokens: '' }, { tokens: long }, { tokens: 'AbCdEf123456789', extra: 1 }, 'AbCdEf123456789']) {
      const result = await dispatch('loginWithApiTokens', appFrame, bad);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      expect(JSON.stringify(result)).not.toContain('SecretTokenPart');
      expect(JSON.stringify(result)).not.toContain('AbCdEf123456789');
    }
    expect(h.loginWithApiTokens).toHaveBeenCalledTimes(1);
  });

  it('refuses an unknown channel name', async () => {
    const dispatch = createDispatcher({ handlers: handlers() as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    expect(await dispatch('__proto__', appFrame, undefined)).toMatchObject({
      ok: false,
      error: { code: 'unknown_command' },
    });
  });

  it('turns a throwing handler into a failed result instead of crashing main', async () => {
    const h = handlers();
    h.retryConnection.mockImplementation(() => {
      throw new Error('socket is closed');
    });
    const dispatch = createDispatcher({ handlers: h as unknown as CommandHandlers, appOrigin: APP_ORIGIN });
    expect(await dispatch('retryConnection', appFrame, undefined)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'socket is closed' },
    });
  });

  it('never throws and never calls the core with an invalid argument, whatever arrives', async () => {
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
    // Whatever got through reached a handler with an argument its schema accepts.
    for (const call of h.switchAccount.mock.calls) expect(call[0]).toMatchObject({ loginid: expect.any(String) });
  });
});
