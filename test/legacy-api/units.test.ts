import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildSocketUrl, DEFAULT_ENDPOINT, EndpointError } from '../../main/core/legacy-api/endpoints';
import {
  balancesFromFrame,
  initialSnapshot,
  reduceSession,
  type SessionSnapshot,
} from '../../main/core/legacy-api/state';
import { parseFrame } from '../../main/core/socket/connection';

describe('balancesFromFrame', () => {
  it('reads the accounts map of an account:"all" answer and single updates', () => {
    expect(
      balancesFromFrame({
        balance: {
          balance: 5,
          loginid: 'CR1',
          currency: 'USD',
          accounts: { CR1: { balance: 5 }, VRTC2: { balance: 10000 } },
        },
      }),
    ).toEqual({ CR1: '5', VRTC2: '10000' });
    expect(balancesFromFrame({ balance: { balance: 7.5, loginid: 'CR1' } })).toEqual({ CR1: '7.5' });
  });

  it('keeps the digits the frame was written with (exact decimal text, never a double)', () => {
    const frame = parseFrame(
      '{"msg_type":"balance","balance":{"balance":1234567.890,"loginid":"CR1","accounts":{"CR1":{"balance":1234567.890},"CR2":{"balance":12345678901234567.89}}}}',
    );
    expect(balancesFromFrame(frame)).toEqual({ CR1: '1234567.890', CR2: '12345678901234567.89' });
  });

  it('ignores anything malformed', () => {
    fc.assert(fc.property(fc.anything(), (v) => typeof balancesFromFrame(v) === 'object'));
    expect(balancesFromFrame({ balance: { balance: Number.NaN, loginid: 'CR1' } })).toEqual({});
    // v3's schema says number: a string is not read on the legacy API.
    expect(balancesFromFrame({ balance: { accounts: { CR1: null, CR2: { balance: '3' } } } })).toEqual({});
    expect(balancesFromFrame({ balance: { balance: 1e21, loginid: 'CR1' } })).toEqual({});
  });
});

describe('reduceSession', () => {
  const authorized = (state: SessionSnapshot, accepted: string[], preferred: string | null = null) =>
    reduceSession(state, {
      type: 'authorized',
      response: { loginid: accepted[0] ?? 'CR1', balance: 12 },
      primaryAccountId: accepted[0] ?? null,
      receivedAt: 1,
      accepted,
      refused: ['CR9'],
      disabled: [],
      preferredActive: preferred,
    });

  it('an authorize picks the preferred account, else the primary, and keeps the current active one', () => {
    let s = authorized(initialSnapshot, ['CR1', 'VRTC2'], 'VRTC2');
    expect(s.activeAccountId).toBe('VRTC2');
    expect(s.balances).toEqual({ CR1: '12' });
    s = reduceSession(s, { type: 'switched', accountId: 'CR1' });
    s = authorized(s, ['CR1', 'VRTC2'], 'VRTC2');
    expect(s.activeAccountId).toBe('CR1');
    expect(authorized(initialSnapshot, ['CR1', 'VRTC2'], 'CR404').activeAccountId).toBe('CR1');
  });

  it('switching to an account that is not authorized changes nothing', () => {
    const s = authorized(initialSnapshot, ['CR1']);
    expect(reduceSession(s, { type: 'switched', accountId: 'CR9' })).toBe(s);
  });

  it('returns the same object when nothing changed (no spurious notifications)', () => {
    const s = reduceSession(authorized(initialSnapshot, ['CR1']), { type: 'balances', balances: { CR1: '3' } });
    expect(reduceSession(s, { type: 'balances', balances: { CR1: '3' } })).toBe(s);
    expect(reduceSession(s, { type: 'connection', connection: s.connection })).toBe(s);
  });

  it('clearing forgets everything, back to idle', () => {
    const s = reduceSession(authorized(initialSnapshot, ['CR1']), { type: 'cleared', reason: 'logged_out' });
    expect(s).toEqual(initialSnapshot);
  });
});

describe('endpoints', () => {
  it('builds the Deriv socket URL with app_id, language and brand', () => {
    const url = new URL(
      buildSocketUrl({ wsUrl: DEFAULT_ENDPOINT.wsUrl, appId: DEFAULT_ENDPOINT.appId, language: 'fr' }),
    );
    expect(url.origin + url.pathname).toBe('wss://ws.derivws.com/websockets/v3');
    expect(Object.fromEntries(url.searchParams)).toEqual({ app_id: '1089', l: 'FR', brand: 'deriv' });
  });

  it('refuses a bad URL or app id with a typed error', () => {
    expect(() => buildSocketUrl({ wsUrl: 'https://x.example', appId: '1', language: 'en' })).toThrow(EndpointError);
    expect(() => buildSocketUrl({ wsUrl: 'not a url', appId: '1', language: 'en' })).toThrow(EndpointError);
    expect(() => buildSocketUrl({ wsUrl: 'wss://x.example', appId: '1&x=2', language: 'en' })).toThrow(EndpointError);
  });

  it('opens plain ws:// only to this computer, whatever path the settings came by', () => {
    expect(() => buildSocketUrl({ wsUrl: 'ws://203.0.113.5/websockets/v3', appId: '1089', language: 'en' })).toThrow(
      EndpointError,
    );
    expect(() => buildSocketUrl({ wsUrl: 'ws://ws.example.com/websockets/v3', appId: '1089', language: 'en' })).toThrow(
      /wss:/,
    );
    expect(buildSocketUrl({ wsUrl: 'ws://127.0.0.1:4000/websockets/v3', appId: '1089', language: 'en' })).toMatch(
      /^ws:\/\/127\.0\.0\.1:4000\//,
    );
    expect(buildSocketUrl({ wsUrl: 'ws://localhost:4000/websockets/v3', appId: '1089', language: 'en' })).toMatch(
      /^ws:\/\/localhost:4000\//,
    );
  });
});
