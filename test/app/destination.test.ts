/**
 * The destination rule's keys, stated here independently of the model's `ENDPOINT_KEYS`: the
 * tests beside the rule (test/core/settings.test.ts) iterate that list, so a key dropped from it
 * would drop its own test with it and go unnoticed. And where each kind of grant's secret may go.
 */
import { describe, expect, it } from 'vitest';

import {
  type Destination,
  DESTINATION_KEYS,
  grantDestination,
  mayGoNow,
  tokensWouldMove,
} from '../../main/core/app/destination';
import { activeSettings, type SettingsRecord } from '../../main/core/model';
import { DERIV_SETTINGS } from '../support/sample-state';

/** Every setting that sends a token somewhere else, or names the server that issued it. */
const MOVES_TOKENS = {
  legacy: ['appId', 'issuer', 'oauthUrl', 'wsUrl'],
  current: ['authServerUrl', 'clientId', 'restUrl'],
} as const;

const legacy: SettingsRecord = DERIV_SETTINGS;
const current: SettingsRecord = { ...DERIV_SETTINGS, api: 'current', clientId: 'app-7' };
const at = (record: SettingsRecord): Destination => ({ mode: 'deriv', settings: activeSettings(record) });

describe('where tokens would go', () => {
  it('the keys of each API are exactly these', () => {
    expect([...DESTINATION_KEYS.legacy].sort()).toEqual(MOVES_TOKENS.legacy);
    expect([...DESTINATION_KEYS.current].sort()).toEqual(MOVES_TOKENS.current);
  });

  it.each(MOVES_TOKENS.legacy.map((k) => [k]))('legacy: a new %s moves the tokens', (key) => {
    expect(tokensWouldMove(at(legacy), at({ ...legacy, [key]: `${legacy[key]}9` }))).toBe(true);
  });

  it.each(MOVES_TOKENS.current.map((k) => [k]))('current: a new %s moves the tokens', (key) => {
    expect(tokensWouldMove(at(current), at({ ...current, [key]: `${current[key]}9` }))).toBe(true);
  });

  it('the same destination does not', () => {
    expect(tokensWouldMove(at(legacy), at({ ...legacy }))).toBe(false);
    expect(tokensWouldMove(at(current), at({ ...current }))).toBe(false);
  });

  it("a grant's destination: the app it was issued to and the addresses that carry (and renew) its secret", () => {
    const legacyRecord = { ...legacy, appId: '1089' };
    expect(grantDestination(at(legacyRecord), { kind: 'tokens', tokens: { CR1: 'a1-token' } })).toEqual({
      appId: '1089',
      urls: [legacyRecord.wsUrl],
    });
    const record = { ...current, clientId: 'app-7' };
    expect(grantDestination(at(record), { kind: 'pat', token: `pat_${'a'.repeat(64)}`, appId: 'pat-app' })).toEqual({
      appId: 'pat-app',
      urls: [record.restUrl],
    });
    expect(
      grantDestination(at(record), { kind: 'oauth', accessToken: 'at', refreshToken: 'rt', expiresAt: null }),
    ).toEqual({ appId: 'app-7', urls: [record.restUrl, record.authServerUrl] });
    // A secret of another API than the settings in force: where it may go is not known.
    expect(grantDestination(at(record), { kind: 'tokens', tokens: { CR1: 'a1-token' } })).toEqual({
      appId: '',
      urls: [],
    });
  });

  it('a saved grant may go now only where it was sealed for, and nowhere while no destination is chosen', () => {
    const record = { ...current, clientId: 'app-7' };
    const grant = {
      api: 'current' as const,
      source: 'oauth' as const,
      destination: { appId: 'app-7', urls: [record.restUrl, record.authServerUrl] },
    };
    expect(mayGoNow(grant, at(record))).toBe(true);
    expect(mayGoNow(grant, at({ ...record, restUrl: 'https://elsewhere.example' }))).toBe(false);
    expect(mayGoNow(grant, { ...at(record), mode: 'unconfigured' })).toBe(false);
    expect(mayGoNow(grant, at(legacy))).toBe(false);
  });
});
