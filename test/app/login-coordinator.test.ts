/**
 * The login coordinator alone, with a scripted login and host: an outcome is accepted only for the
 * destination the login started for.
 */
import { describe, expect, it } from 'vitest';

import type { Destination } from '../../main/core/app/destination';
import { LoginCoordinator, type LoginHost } from '../../main/core/app/login-coordinator';
import type { LoginOutcome } from '../../main/core/app/ports';
import type { AccountsBackend } from '../../main/core/backend/port';
import type { EndpointSettings } from '../../main/core/model';
import { PRODUCTION_DEFAULTS } from '../support/app-harness';

const SETTINGS: EndpointSettings = { ...PRODUCTION_DEFAULTS, appId: '1089' };

const OUTCOME: LoginOutcome = {
  ok: true,
  flow: 'legacy',
  accounts: [{ accountId: 'CR100001', token: 'a1-token-of-cr100001', currency: 'USD' }],
};

/** A host whose login window stays open until the test answers it. */
function scripted() {
  let answer!: (outcome: LoginOutcome) => void;
  const accepted: Destination[] = [];
  const discarded: LoginOutcome[] = [];
  let destination: Destination = { mode: 'deriv', settings: SETTINGS };
  const host: LoginHost = {
    configured: () => true,
    destination: () => destination,
    now: () => 0,
    runLogin: () => new Promise<LoginOutcome>((r) => (answer = r)),
    warmBackend: () => null,
    accept: () => {
      accepted.push(destination);
      return null;
    },
    discard: (outcome) => void discarded.push(outcome as LoginOutcome),
    changed: () => undefined,
  };
  return {
    host,
    accepted,
    discarded,
    answer: (outcome: LoginOutcome) => answer(outcome),
    moveTo: (next: Destination) => (destination = next),
  };
}

describe('LoginCoordinator and the destination', () => {
  it('accepts an outcome for the destination the login started for', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.host);
    const run = login.run(undefined, null);
    s.answer(OUTCOME);
    await run;
    expect(s.accepted).toHaveLength(1);
    expect(login.state).toEqual({ status: 'idle' });
  });

  it.each([
    ['another server', { mode: 'deriv', settings: { ...SETTINGS, wsUrl: 'wss://ws.example.com/websockets/v3' } }],
    ['another app id', { mode: 'deriv', settings: { ...SETTINGS, appId: '2024' } }],
    ['another mode', { mode: 'demo', settings: SETTINGS }],
  ] as [string, Destination][])(
    'drops an outcome that arrives once the app points to %s (nothing accepted)',
    async (_, next) => {
      const s = scripted();
      const login = new LoginCoordinator(s.host);
      const run = login.run(undefined, null);
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
    const login = new LoginCoordinator(s.host);
    const run = login.run(undefined, null);
    login.abort();
    s.answer(OUTCOME);
    await run;
    expect(s.accepted).toEqual([]);
    expect(s.discarded).toEqual([OUTCOME]);
    const again = login.run(undefined, null);
    login.abort();
    s.answer({ ok: false, error: { code: 'timeout', message: '' } });
    await again;
    expect(s.discarded).toEqual([OUTCOME]);
  });

  it('still accepts when only a preference changed (language, flow)', async () => {
    const s = scripted();
    const login = new LoginCoordinator(s.host);
    const run = login.run(undefined, null);
    s.moveTo({ mode: 'deriv', settings: { ...SETTINGS, language: 'fr', flow: 'oidc' } });
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
    setAccounts: async () => undefined,
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
    const host: LoginHost = {
      ...s.host,
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
    const login = new LoginCoordinator(host);
    const first = login.run(undefined, null);
    login.abort();
    const second = login.run(undefined, null); // before the first one's `finally` has run
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
    const login = new LoginCoordinator(s.host);
    const pat = login.run(undefined, null, { method: 'pat', token: `pat_${'a'.repeat(64)}`, appId: '1089' });
    expect(login.state).toMatchObject({ status: 'waiting', method: 'pat' });
    // The state the renderer gets never carries the PAT.
    expect(JSON.stringify(login.state)).not.toMatch(/pat_/);
    s.answer(OUTCOME);
    await pat;
    expect(login.state).toEqual({ status: 'idle' });
    const window = login.run(undefined, 'CR100001');
    expect(login.state).toMatchObject({ status: 'waiting', method: 'window', reloginFor: 'CR100001' });
    s.answer(OUTCOME);
    await window;
    expect(login.state).toEqual({ status: 'idle' });
  });
});
