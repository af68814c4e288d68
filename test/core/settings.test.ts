/**
 * The settings union (`Settings`, tagged by API) and its one conversion pair with the stored form
 * (`activeSettings` / `recordWith`), and the destination rule per variant: within one API only that
 * API's endpoint fields move the tokens; another API always does. And where a login's secret may
 * be sent (`secretDestination`), recorded and sealed with it, and checked before a saved one is used.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { type Destination, grantDestination, mayGoNow, tokensWouldMove } from '../../main/core/app/destination';
import {
  activeSettings,
  API_SETTINGS_KEYS,
  type CurrentSettings,
  DERIV_APIS,
  ENDPOINT_KEYS,
  type LegacySettings,
  recordOf,
  recordWith,
  sameDestination,
  secretDestination,
  type Settings,
  type SettingsRecord,
  settingsView,
} from '../../main/core/model';

const SEED = 20261207;

const RECORD: SettingsRecord = {
  api: 'legacy',
  appId: '1089',
  wsUrl: 'wss://ws.derivws.com/websockets/v3',
  oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
  redirectUrl: 'https://app.example.com/redirect',
  issuer: 'https://oauth.deriv.com',
  flow: 'legacy',
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: 'my-app',
  clientRedirectUrl: 'https://app.example.com/callback',
  language: 'en',
};

describe('settings tagged by API', () => {
  it('each API sees only its own fields, the language and its tag', () => {
    const legacy = activeSettings(RECORD);
    const current = activeSettings({ ...RECORD, api: 'current' });
    expect(Object.keys(legacy).sort()).toEqual(['api', 'language', ...API_SETTINGS_KEYS.legacy].sort());
    expect(Object.keys(current).sort()).toEqual(['api', 'language', ...API_SETTINGS_KEYS.current].sort());
    expect(current).toEqual({
      api: 'current',
      language: 'en',
      authServerUrl: RECORD.authServerUrl,
      restUrl: RECORD.restUrl,
      clientId: RECORD.clientId,
      clientRedirectUrl: RECORD.clientRedirectUrl,
    });
  });

  it('code reading a legacy field on current-API settings does not compile', () => {
    const settings: Settings = activeSettings({ ...RECORD, api: 'current' });
    // @ts-expect-error -- an unnarrowed union has no legacy field
    expect(settings.wsUrl).toBeUndefined();
    if (settings.api === 'current') {
      // @ts-expect-error -- narrowed to the current API: `appId` is the legacy API's
      expect(settings.appId).toBeUndefined();
      expect(settings.clientId).toBe('my-app');
    }
    const legacy: LegacySettings = { ...(activeSettings(RECORD) as LegacySettings) };
    // @ts-expect-error -- and the other way round
    expect(legacy.restUrl).toBeUndefined();
    // @ts-expect-error -- a current-API value cannot carry a legacy field
    const wrong: CurrentSettings = { ...(settings as CurrentSettings), wsUrl: 'wss://x.example' };
    expect(wrong.api).toBe('current');
  });

  it('a patch changes its own API (made active) and the language; the other API is remembered as it was (seeded)', () => {
    const url = fc.constantFrom('https://a.example', 'https://b.example/x', 'http://127.0.0.1:4000');
    const patch = fc.oneof(
      fc.record(
        {
          api: fc.constant('legacy' as const),
          appId: fc.stringMatching(/^[1-9][0-9]{0,9}$/),
          wsUrl: fc.constantFrom('wss://ws.example/websockets/v3', 'ws://127.0.0.1:1/websockets/v3'),
          oauthUrl: url,
          redirectUrl: url,
          issuer: url,
          flow: fc.constantFrom('legacy' as const, 'oidc' as const),
          language: fc.constantFrom('en' as const, 'fr' as const),
        },
        { requiredKeys: ['api'] },
      ),
      fc.record(
        {
          api: fc.constant('current' as const),
          authServerUrl: url,
          restUrl: url,
          clientId: fc.constantFrom('', 'app-2', '41234'),
          clientRedirectUrl: url,
          language: fc.constantFrom('en' as const, 'fr' as const),
        },
        { requiredKeys: ['api'] },
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...DERIV_APIS), patch, (api, p) => {
        const before = { ...RECORD, api };
        const after = recordWith(before, p);
        expect(after.api).toBe(p.api);
        const other = p.api === 'legacy' ? 'current' : 'legacy';
        for (const key of API_SETTINGS_KEYS[other]) expect(after[key]).toBe(before[key]);
        for (const [key, value] of Object.entries(p)) expect(after[key as keyof SettingsRecord]).toBe(value);
        // The view AppState shows goes back to the same record: nothing is lost on the way.
        expect(recordOf(settingsView(after))).toEqual(after);
        // Re-applying the active settings changes nothing.
        expect(recordWith(after, activeSettings(after))).toEqual(after);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('the destination rule, per variant', () => {
  const at = (record: SettingsRecord): Destination => ({ mode: 'deriv', settings: activeSettings(record) });
  const legacy = RECORD;
  const current: SettingsRecord = { ...RECORD, api: 'current' };

  it.each(ENDPOINT_KEYS.legacy)('legacy: a new %s moves the tokens', (key) => {
    expect(tokensWouldMove(at(legacy), at({ ...legacy, [key]: `${legacy[key]}9` }))).toBe(true);
  });

  it.each(ENDPOINT_KEYS.current)('current: a new %s moves the tokens', (key) => {
    expect(tokensWouldMove(at(current), at({ ...current, [key]: `${current[key]}9` }))).toBe(true);
  });

  it("neither the redirect URL, the flow, the language nor the other API's fields move them", () => {
    const same = (a: SettingsRecord, b: SettingsRecord) => expect(tokensWouldMove(at(a), at(b))).toBe(false);
    same(legacy, { ...legacy, redirectUrl: 'https://other.example/cb', flow: 'oidc', language: 'fr' });
    same(legacy, { ...legacy, restUrl: 'https://api.example', clientId: 'other', authServerUrl: 'https://x.example' });
    same(current, { ...current, clientRedirectUrl: 'https://other.example/cb', language: 'fr' });
    same(current, { ...current, wsUrl: 'wss://ws.example/websockets/v3', appId: '2024', issuer: 'https://x.example' });
  });

  it('another API, or another mode, always moves them', () => {
    expect(tokensWouldMove(at(legacy), at(current))).toBe(true);
    expect(tokensWouldMove(at(current), at(legacy))).toBe(true);
    expect(tokensWouldMove(at(current), { ...at(current), mode: 'demo' })).toBe(true);
  });
});

describe('where a secret may be sent: recorded when the login is made, checked before a saved one is used', () => {
  const legacy = RECORD;
  const current: SettingsRecord = { ...RECORD, api: 'current', clientId: 'my-app.1' };
  const at = (record: SettingsRecord, mode: Destination['mode'] = 'deriv'): Destination => ({
    mode,
    settings: activeSettings(record),
  });
  const tokens = { kind: 'tokens' as const, tokens: { CR1: 'a1-token' } };
  const pat = { kind: 'pat' as const, token: 'pat_x', appId: '41234' };
  const oauth = { kind: 'oauth' as const, accessToken: 'at', refreshToken: 'rt', expiresAt: 1 };
  const grant = (where: Destination, credential: typeof tokens | typeof pat | typeof oauth) => ({
    api: credential.kind === 'tokens' ? ('legacy' as const) : ('current' as const),
    source: credential.kind === 'tokens' ? ('oauth' as const) : credential.kind,
    destination: grantDestination(where, credential),
  });

  it('per kind: a legacy token the socket and app_id, a PAT the REST base and its own app id, OAuth the REST base, authorization server and client id', () => {
    expect(grantDestination(at(legacy), tokens)).toEqual({ appId: '1089', urls: [legacy.wsUrl] });
    expect(grantDestination(at(current), pat)).toEqual({ appId: '41234', urls: [current.restUrl] });
    expect(grantDestination(at(current), oauth)).toEqual({
      appId: 'my-app.1',
      urls: [current.restUrl, current.authServerUrl],
    });
    // Demo: the app's own sandbox; nothing chosen, or the other API's settings: nowhere.
    expect(grantDestination(at(legacy, 'demo'), tokens)).toEqual({ demo: true, appId: '1089', urls: [legacy.wsUrl] });
    expect(grantDestination(at(legacy, 'unconfigured'), tokens)).toEqual({ appId: '', urls: [] });
    expect(secretDestination('deriv', activeSettings(current), { api: 'legacy' })).toBeNull();
  });

  it.each([
    ['wsUrl', legacy, tokens],
    ['appId', legacy, tokens],
    ['restUrl', current, pat],
    ['restUrl', current, oauth],
    ['authServerUrl', current, oauth],
    ['clientId', current, oauth],
  ] as const)('a saved secret does not follow a new %s (%#)', (key, record, credential) => {
    const made = grant(at(record), credential);
    expect(mayGoNow(made, at(record))).toBe(true);
    expect(mayGoNow(made, at({ ...record, [key]: key.endsWith('Url') ? 'http://127.0.0.1:9/x' : '777' }))).toBe(false);
  });

  it("what does not carry it does not matter: a PAT's authorization server, the redirect URLs, the language", () => {
    const made = grant(at(current), pat);
    expect(mayGoNow(made, at({ ...current, authServerUrl: 'https://other.example', language: 'fr' }))).toBe(true);
    const legacyMade = grant(at(legacy), tokens);
    expect(mayGoNow(legacyMade, at({ ...legacy, redirectUrl: 'https://other.example/cb', flow: 'oidc' }))).toBe(true);
  });

  it('a demo login follows the sandbox to its new port, never out of demo mode; Deriv mode never into demo', () => {
    const demo = grant(at(legacy, 'demo'), tokens);
    expect(mayGoNow(demo, at({ ...legacy, wsUrl: 'ws://127.0.0.1:40999/websockets/v3' }, 'demo'))).toBe(true);
    expect(mayGoNow(demo, at(legacy))).toBe(false);
    expect(mayGoNow(grant(at(legacy), tokens), at(legacy, 'demo'))).toBe(false);
  });

  it('an unknown destination (a login migrated without settings) matches nothing, not even another unknown one', () => {
    const unknown = { appId: '', urls: [] };
    expect(sameDestination(unknown, unknown)).toBe(false);
    expect(mayGoNow({ api: 'legacy', source: 'oauth', destination: unknown }, at(legacy))).toBe(false);
  });
});
