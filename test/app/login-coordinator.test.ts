/**
 * The login coordinator alone, with a scripted login and host: an outcome is accepted only for the
 * destination the login started for.
 */
import { describe, expect, it } from 'vitest';

import type { Destination } from '../../main/core/app/destination';
import { LoginCoordinator, type LoginHost } from '../../main/core/app/login-coordinator';
import type { LoginOutcome } from '../../main/core/app/ports';
import type { EndpointSettings } from '../../main/core/model';
import { PRODUCTION_DEFAULTS } from '../support/app-harness';

const SETTINGS: EndpointSettings = { ...PRODUCTION_DEFAULTS, appId: '1089' };

const OUTCOME: LoginOutcome = {
  ok: true,
  flow: 'legacy',
  accounts: [{ loginid: 'CR100001', token: 'a1-token-of-cr100001', currency: 'USD' }],
};

/** A host whose login window stays open until the test answers it. */
function scripted() {
  let answer!: (outcome: LoginOutcome) => void;
  const accepted: Destination[] = [];
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
    changed: () => undefined,
  };
  return {
    host,
    accepted,
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
      expect(login.state).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    },
  );

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
