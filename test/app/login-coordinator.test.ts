/**
 * The login coordinator alone, with a scripted login and token check, and a listener recording the
 * events it tells (the controller's part in those is covered by the app tests): an outcome is accepted
 * only for the destination the attempt started for and while its signal is not aborted; the one
 * "wrong API" rule; API tokens checked against one server are never held once the app points to
 * another.
 */
import { describe, expect, it } from 'vitest';

import type { Destination } from '../../main/core/app/destination';
import {
  LoginCoordinator,
  type LoginEvent,
  type LoginListener,
  type LoginPorts,
  type LoginRequest,
} from '../../main/core/app/login-coordinator';
import type { LoginOutcome } from '../../main/core/app/ports';
import type { ApiTokenAccount } from '../../main/core/auth/api-token-login';
import { LoginFailure } from '../../main/core/auth/login-failure';
import { providerError } from '../../main/core/auth/redirect';
import type { AccountsBackend } from '../../main/core/backend/port';
import type { LoginErrorInfo } from '../../main/core/model';
import { activeSettings, type SettingsRecord } from '../../main/core/model';
import { PRODUCTION_DEFAULTS } from '../support/app-harness';

const SETTINGS: SettingsRecord = { ...PRODUCTION_DEFAULTS, appId: '1089' };

const OUTCOME: LoginOutcome = {
  ok: true,
  flow: 'legacy',
  accounts: [{ accountId: 'CR100001', token: 'a1-token-of-cr100001', currency: 'USD' }],
};

const WINDOW: LoginRequest = { method: 'oauth', reloginFor: null };

const ACCOUNT: ApiTokenAccount = {
  accountId: 'CR100001',
  currency: 'USD',
  token: 'a1-abcdefghijklmnop',
  scopes: ['read'],
  isVirtual: false,
  isDisabled: false,
  landingCompanyName: 'svg',
  accountType: 'binary',
};

/** Ports whose login window (and token check) stays open until the test answers it; a listener that records. */
function scripted() {
  let answer!: (outcome: LoginOutcome) => void;
  let answerTokens!: (accounts: ApiTokenAccount[]) => void;
  const accepted: Destination[] = [];
  const acceptedTokens: ApiTokenAccount[][] = [];
  const discarded: LoginOutcome[] = [];
  const signals: AbortSignal[] = [];
  let checks = 0;
  let destination: Destination = { mode: 'deriv', settings: activeSettings(SETTINGS) };
  const events: LoginEvent[] = [];
  let refusal: LoginErrorInfo | null = null;
  const ports: LoginPorts = {
    destination: () => destination,
    now: () => 0,
    runLogin: ({ signal }) => {
      signals.push(signal);
      return new Promise<LoginOutcome>((r) => (answer = r));
    },
    checkApiTokens: () => {
      checks += 1;
      return new Promise<ApiTokenAccount[]>((r) => (answerTokens = r));
    },
    held: () => [],
    warmBackend: () => null,
  };
  const onEvent: LoginListener = (event) => {
    if (event.type !== 'changed') events.push(event);
    if (event.type === 'accepted') {
      accepted.push(destination);
      return refusal;
    }
    if (event.type === 'api_tokens') acceptedTokens.push(event.accounts);
    if (event.type === 'dropped') discarded.push(event.outcome as LoginOutcome);
    return null;
  };
  return {
    ports,
    onEvent,
    events,
    refuseWith: (error: LoginErrorInfo) => (refusal = error),
    accepted,
    acceptedTokens,
    discarded,
    signals,
    checks: () => checks,
    answer: (outcome: LoginOutcome) => answer(outcome),
    answerTokens: (accounts: ApiTokenAccount[]) => answerTokens(accounts),
    moveTo: (next: Destination) => (destination = next),
  };
}

describe('LoginCoordinator and the destination', () => {
  it('accepts an outcome for the destination the login started for', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', WINDOW);
    s.answer(OUTCOME);
    await run;
    expect(s.accepted).toHaveLength(1);
    expect(login.state).toEqual({ status: 'idle' });
  });

  it.each([
    [
      'another server',
      { mode: 'deriv', settings: activeSettings({ ...SETTINGS, wsUrl: 'wss://ws.example.com/websockets/v3' }) },
    ],
    ['another app id', { mode: 'deriv', settings: activeSettings({ ...SETTINGS, appId: '2024' }) }],
    ['another mode', { mode: 'demo', settings: activeSettings(SETTINGS) }],
  ] as [string, Destination][])(
    'drops an outcome that arrives once the app points to %s (nothing accepted)',
    async (_, next) => {
      const s = scripted();
      const login = new LoginCoordinator(s.ports, s.onEvent);
      const run = login.run('legacy', WINDOW);
      s.moveTo(next); // the settings changed without cancelling this login (a command raced it)
      s.answer(OUTCOME);
      await run;
      expect(s.accepted).toEqual([]);
      // Let go of at once (its OpenID Connect grant revoked by the controller), not merely forgotten.
      expect(s.discarded).toEqual([OUTCOME]);
      expect(login.state).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    },
  );

  it('lets go of an outcome that arrives after the login was cancelled; a failed one has nothing to let go', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', WINDOW);
    login.abort();
    s.answer(OUTCOME);
    await run;
    expect(s.accepted).toEqual([]);
    expect(s.discarded).toEqual([OUTCOME]);
    const again = login.run('legacy', WINDOW);
    login.abort();
    s.answer({ ok: false, error: { code: 'timeout', message: 'took too long' } });
    await again;
    expect(s.discarded).toEqual([OUTCOME]);
  });

  it("fails with the listener's refusal of an accepted login (nothing held), for the method it ran", async () => {
    const s = scripted();
    s.refuseWith({ code: 'too_many_accounts', params: {} });
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', { method: 'oauth', reloginFor: 'CR100002' });
    s.answer(OUTCOME);
    await run;
    expect(s.accepted).toHaveLength(1);
    expect(login.state).toEqual({
      status: 'failed',
      method: 'oauth',
      error: { code: 'too_many_accounts', params: {} },
      reloginFor: 'CR100002',
    });
  });

  it('still accepts when only a preference changed (language, flow)', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', WINDOW);
    s.moveTo({ mode: 'deriv', settings: activeSettings({ ...SETTINGS, language: 'fr', flow: 'oidc' }) });
    s.answer(OUTCOME);
    await run;
    expect(s.accepted).toHaveLength(1);
  });
});

/** A warm backend that only records whether it was closed. */
function warmBackend(): AccountsBackend & { closed: boolean } {
  const backend = {
    closed: false,
    api: 'legacy' as const,
    start: () => Promise.reject(new Error('not used')),
    setGrants: async () => undefined,
    switchAccount: () => undefined,
    retryNow: () => undefined,
    logout: async () => undefined,
    close: async () => {
      backend.closed = true;
    },
    snapshot: () => {
      throw new Error('not used');
    },
    onChange: () => () => undefined,
  };
  return backend;
}

describe('LoginCoordinator and its warm backend', () => {
  it('closes the warm backend of a cancelled login, and only its own, when a new login starts at once', async () => {
    const warms: ReturnType<typeof warmBackend>[] = [];
    let answerSecond!: (outcome: LoginOutcome) => void;
    const s = scripted();
    const ports: LoginPorts = {
      ...s.ports,
      warmBackend: () => {
        const warm = warmBackend();
        warms.push(warm);
        return warm;
      },
      // Like the real login window: a cancel ends the wait with an error.
      runLogin: ({ signal }) =>
        new Promise<LoginOutcome>((resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('cancelled')));
          if (warms.length > 1) answerSecond = resolve;
        }),
    };
    const login = new LoginCoordinator(ports, s.onEvent);
    const first = login.run('legacy', WINDOW);
    login.abort();
    const second = login.run('legacy', WINDOW); // before the first one's `finally` has run
    await first;
    expect(warms).toHaveLength(2);
    expect(warms[0]!.closed).toBe(true);
    expect(warms[1]!.closed).toBe(false);
    expect(login.takeWarm()).toBe(warms[1]);
    answerSecond(OUTCOME);
    await second;
  });
});

describe('LoginCoordinator: what a login in progress shows', () => {
  it('a PAT being checked reads as such (no window), a window login as the window; both end idle', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    s.moveTo({ mode: 'deriv', settings: activeSettings({ ...SETTINGS, api: 'current' }) });
    const pat = login.run('current', {
      method: 'pat',
      token: `pat_${'a'.repeat(64)}`,
      appId: '1089',
      reloginFor: null,
    });
    expect(login.state).toMatchObject({ status: 'waiting', method: 'pat' });
    // The state the renderer gets never carries the PAT.
    expect(JSON.stringify(login.state)).not.toMatch(/pat_/);
    s.answer(OUTCOME);
    await pat;
    expect(login.state).toEqual({ status: 'idle' });
    const window = login.run('current', { method: 'oauth', reloginFor: 'CR100001' });
    expect(login.state).toMatchObject({ status: 'waiting', method: 'oauth', flow: null, reloginFor: 'CR100001' });
    s.answer(OUTCOME);
    await window;
    expect(login.state).toEqual({ status: 'idle' });
  });
});

describe('LoginCoordinator: one AbortSignal per attempt', () => {
  it('aborts the signal of the attempt it cancels, and only that one; the next attempt runs with a fresh one', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const first = login.run('legacy', WINDOW);
    login.abort();
    expect(s.signals[0]!.aborted).toBe(true);
    expect(login.state).toEqual({
      status: 'failed',
      method: 'oauth',
      error: { code: 'cancelled', params: { settingsChanged: false } },
      reloginFor: null,
    });
    s.answer({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
    await first;
    const second = login.run('legacy', { method: 'oauth', reloginFor: 'CR100001' });
    expect(s.signals[1]!.aborted).toBe(false);
    s.answer(OUTCOME);
    await second;
    expect(s.accepted).toHaveLength(1);
    expect(login.state).toEqual({ status: 'idle' });
  });

  it('a failure crosses as its code only: the English detail of the outcome is not in the state', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', WINDOW);
    s.answer({ ok: false, error: { code: 'state_mismatch', message: 'state did not match' } });
    await run;
    expect(login.state).toEqual({
      status: 'failed',
      method: 'oauth',
      error: { code: 'state_mismatch', params: {} },
      reloginFor: null,
    });
    expect(JSON.stringify(login.state)).not.toContain('did not match');
    // Main's log keeps it, in English.
    expect(s.events).toEqual([
      { type: 'failed', method: 'oauth', code: 'state_mismatch', detail: 'state did not match' },
    ]);
  });

  it("a provider's refusal crosses with its OAuth error code (an identifier), never its description", async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', WINDOW);
    const refused = providerError('access_denied', 'The user said no');
    s.answer({ ok: false, error: new LoginFailure(refused.code, refused.message, refused.providerError).toInfo() });
    await run;
    expect(login.state).toMatchObject({ error: { code: 'provider_error', params: { error: 'access_denied' } } });
    expect(JSON.stringify(login.state)).not.toContain('said no');
    // A provider "code" that is not an identifier is not passed on.
    expect(providerError('Something <b>odd</b>').providerError).toBeNull();
  });

  it('an outcome that arrives once the app points elsewhere fails as stopped by the settings, not by the trader', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', WINDOW);
    s.moveTo({ mode: 'deriv', settings: activeSettings({ ...SETTINGS, appId: '2024' }) });
    s.answer(OUTCOME);
    await run;
    expect(login.state).toMatchObject({ error: { code: 'cancelled', params: { settingsChanged: true } } });
  });
});

describe('LoginCoordinator: the one "wrong API" rule', () => {
  it.each([
    ['a login window', { method: 'oauth', reloginFor: null }, 'current'],
    ['a PAT', { method: 'pat', token: 'pat_x', appId: '1089', reloginFor: null }, 'current'],
    ['API tokens', { method: 'api_token', tokens: 'abcdefghijklmnop' }, 'legacy'],
  ] as [string, LoginRequest, 'legacy' | 'current'][])(
    '%s for another API than the settings speak: a typed refusal, nothing run, checked or held',
    async (_, request, api) => {
      const s = scripted();
      s.moveTo({
        mode: 'deriv',
        settings: activeSettings({ ...SETTINGS, api: api === 'legacy' ? 'current' : 'legacy' }),
      });
      const login = new LoginCoordinator(s.ports, s.onEvent);
      await login.run(api, request);
      expect([s.signals.length, s.checks(), s.accepted.length, s.acceptedTokens.length]).toEqual([0, 0, 0, 0]);
      expect(login.state).toMatchObject({ status: 'failed', method: request.method, error: { code: 'wrong_api' } });
      // The refusal names nothing pasted.
      expect(JSON.stringify(login.state)).not.toMatch(/pat_x|abcdefghijklmnop/);
    },
  );

  it('nothing chosen yet: not configured, whatever the method', async () => {
    const s = scripted();
    s.moveTo({ mode: 'unconfigured', settings: activeSettings(SETTINGS) });
    const login = new LoginCoordinator(s.ports, s.onEvent);
    await login.run('legacy', { method: 'api_token', tokens: 'abcdefghijklmnop' });
    expect(login.state).toMatchObject({ method: 'api_token', error: { code: 'not_configured' } });
    await login.run('legacy', WINDOW);
    expect(login.state).toMatchObject({ method: 'oauth', error: { code: 'not_configured' } });
    expect(s.signals).toEqual([]);
  });
});

describe('LoginCoordinator: API tokens and the server they were checked against', () => {
  const TOKENS: LoginRequest = { method: 'api_token', tokens: 'abcdefghijklmnop' };

  it('holds the accounts when the app still points to the same server', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', TOKENS);
    expect(login.state).toMatchObject({ status: 'waiting', method: 'api_token' });
    s.answerTokens([ACCOUNT]);
    await run;
    expect(s.acceptedTokens).toEqual([[ACCOUNT]]);
    expect(login.state).toEqual({ status: 'idle' });
  });

  it.each([
    ['another server', { wsUrl: 'wss://ws.example.com/websockets/v3' }],
    ['another app id', { appId: '2024' }],
    ["Deriv's current API", { api: 'current' as const }],
  ])('drops a check that ends once the app points to %s', async (_, patch) => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', TOKENS);
    s.moveTo({ mode: 'deriv', settings: activeSettings({ ...SETTINGS, ...patch }) });
    s.answerTokens([ACCOUNT]);
    await run;
    expect(s.acceptedTokens).toEqual([]);
    expect(login.state).toEqual({ status: 'idle' });
  });

  it('drops a check reset meanwhile (logged out), and a reset clears a shown token failure', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.ports, s.onEvent);
    const run = login.run('legacy', TOKENS);
    login.reset();
    expect(login.state).toEqual({ status: 'idle' });
    s.answerTokens([ACCOUNT]);
    await run;
    expect(s.acceptedTokens).toEqual([]);
    await login.run('legacy', { method: 'api_token', tokens: 'abcdefghijklmnop bad!token' });
    expect(login.state).toEqual({
      status: 'failed',
      method: 'api_token',
      error: { code: 'malformed', params: { position: 2 } },
      reloginFor: null,
    });
    login.reset();
    expect(login.state).toEqual({ status: 'idle' });
  });
});
