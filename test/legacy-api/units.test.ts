import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildSocketUrl, DEFAULT_ENDPOINT, EndpointError } from '../../main/core/legacy-api/endpoints';
import { balancesFromFrame, initialSnapshot, reduceSession, type SessionSnapshot } from '../../main/core/legacy-api/state';
import { backoffDelay } from '../../main/core/socket/backoff';
import { errorOf, parseFrame } from '../../main/core/socket/connection';

describe('backoffDelay', () => {
  const policy = { baseMs: 250, capMs: 30_000 };

  it('stays within [ceiling/2, ceiling] with ceiling = min(cap, base·2^(n-1)) for any attempt and random', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 60));
        const d = backoffDelay(attempt, policy, () => r);
        return d >= Math.floor(ceiling / 2) && d <= ceiling;
      }),
    );
  });

  it('first retry is well under a second and every retry is capped', () => {
    expect(backoffDelay(1, policy, () => 1)).toBeLessThanOrEqual(250);
    expect(backoffDelay(50, policy, () => 1)).toBe(30_000);
  });

  it('jitter spreads clients dropped together', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75, 1].map((r) => backoffDelay(4, policy, () => r)));
    expect(delays.size).toBe(5);
  });

  it('survives nonsense attempts and random values', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (attempt, r) => {
        const d = backoffDelay(attempt as number, policy, () => r as number);
        return Number.isFinite(d) && d >= 125 && d <= 30_000;
      }),
    );
  });
});

describe('parseFrame', () => {
  it('never throws on arbitrary text and only accepts objects with a msg_type', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const m = parseFrame(text);
        return m === null || (typeof m.msg_type === 'string' && m.msg_type.length > 0);
      }),
    );
  });

  it('rejects the sandbox garbage frame, arrays, and non-integer req_id', () => {
    expect(parseFrame('{"msg_type": "balance", garbage')).toBeNull();
    expect(parseFrame('[{"msg_type":"ping"}]')).toBeNull();
    expect(parseFrame('{"msg_type":"ping","req_id":"1"}')).toBeNull();
    expect(parseFrame('{"msg_type":"ping","req_id":1.5}')).toBeNull();
    expect(parseFrame('{"msg_type":"ping","req_id":3,"ping":"pong"}')).toMatchObject({ req_id: 3 });
  });

  it('errorOf keeps code, message and details but never the echo (which may hold tokens)', () => {
    const e = errorOf({
      msg_type: 'authorize',
      echo_req: { authorize: 'a1-secret' },
      error: {
        code: 'InvalidToken',
        message: 'The token is invalid.',
        details: { tokens: 'Token at position 1 is invalid.' },
      },
    });
    expect(e?.code).toBe('InvalidToken');
    expect(e?.details).toEqual({ tokens: 'Token at position 1 is invalid.' });
    expect(JSON.stringify(e) + String(e?.message)).not.toContain('a1-secret');
    expect(errorOf({ msg_type: 'ping', ping: 'pong' })).toBeNull();
  });
});

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
    ).toEqual({ CR1: 5, VRTC2: 10000 });
    expect(balancesFromFrame({ balance: { balance: 7.5, loginid: 'CR1' } })).toEqual({ CR1: 7.5 });
  });

  it('ignores anything malformed', () => {
    fc.assert(fc.property(fc.anything(), (v) => typeof balancesFromFrame(v) === 'object'));
    expect(balancesFromFrame({ balance: { balance: Number.NaN, loginid: 'CR1' } })).toEqual({});
    expect(balancesFromFrame({ balance: { accounts: { CR1: null, CR2: { balance: '3' } } } })).toEqual({});
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
    expect(s.balances).toEqual({ CR1: 12 });
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
    const s = reduceSession(authorized(initialSnapshot, ['CR1']), { type: 'balances', balances: { CR1: 3 } });
    expect(reduceSession(s, { type: 'balances', balances: { CR1: 3 } })).toBe(s);
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
