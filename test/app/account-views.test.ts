import { describe, expect, it } from 'vitest';

import { accountViews, flagsFromDetails, type HeldAccount, loginViews } from '../../main/core/app/account-views';
import { apiTokenGrants, currentLoginGrant, type Held, legacyLoginGrant, withGrant } from '../../main/core/app/grants';
import type { CurrentAccount } from '../../main/core/auth/current-flow';
import type { BackendView } from '../../main/core/backend/port';
import { type Grant, tokenOf } from '../../main/core/grant';
import { factsFromAuthorize } from '../../main/core/legacy-api/account-facts';
import { DERIV_SETTINGS, destinationOf } from '../support/sample-state';

const held = (accountId: string, token: string | null, problem: HeldAccount['problem'] = null): HeldAccount => ({
  api: 'legacy',
  source: 'oauth',
  scopes: null,
  accountId,
  currency: 'USD',
  isVirtual: accountId.startsWith('VR'),
  isDisabled: false,
  landingCompanyName: null,
  accountType: null,
  grantId: `g-${accountId}`,
  problem,
});

/** Legacy accounts as main holds them: each with a login of its own, holding its token (or none). */
function holding(...accounts: [string, string | null, HeldAccount['problem']?][]): Held {
  return {
    accounts: accounts.map(([id, token, problem]) => held(id, token, problem ?? null)),
    grants: accounts.map(
      ([id, token]): Grant => ({
        id: `g-${id}`,
        api: 'legacy',
        source: 'oauth',
        destination: { appId: '1089', urls: [] },
        credential: token === null ? null : { kind: 'tokens', tokens: { [id]: token } },
        accountIds: [id],
      }),
    ),
  };
}

/** Each account with the token its login holds for it. */
const tokensOf = (h: Held) =>
  h.accounts.map((a) =>
    tokenOf(
      h.grants.find((g) => g.id === a.grantId),
      a.accountId,
    ),
  );

const view = (patch: Partial<BackendView> = {}): BackendView => ({
  connection: { status: 'online', since: 1 },
  details: null,
  balances: { CR1: '10', CR2: '20' },
  authorized: ['CR1'],
  refused: ['CR2'],
  disabled: [],
  activeAccountId: 'CR1',
  ...patch,
});

describe('account views', () => {
  it('marks refused and undecryptable accounts as needing a login, without a stale balance, and never carries a token', () => {
    const views = accountViews(holding(['CR1', 'tok-1'], ['CR2', 'tok-2'], ['CR3', null, 'decrypt_failed']), view());
    expect(views.map((v) => [v.accountId, v.authorized, v.needsLogin, v.needsLoginReason, v.balance])).toEqual([
      ['CR1', true, false, null, '10'],
      ['CR2', false, true, 'token_refused', null],
      ['CR3', false, true, 'decrypt_failed', null],
    ]);
    expect(JSON.stringify(views)).not.toMatch(/tok-/);
  });

  it('shows the live figure with when it arrived, else the last known one as not live, never for an account needing a login', () => {
    const h = holding(['CR1', 'tok1'], ['CR2', 'tok2'], ['CR3', 'tok3'], ['CR4', null]);
    const last = {
      CR1: { amount: '10', at: 1_000 },
      CR2: { amount: '19', at: 500 },
      CR3: { amount: '30', at: 700 },
      CR4: { amount: '40', at: 800 },
    };
    const lastOf = (id: string) => last[id as keyof typeof last];
    const figures = (v: BackendView | null) =>
      accountViews(h, v, false, lastOf).map((a) => [a.accountId, a.balance, a.balanceAt, a.balanceLive]);
    // Live: CR1 (its figure with when it arrived). CR2 refused: none. CR3 not in the view yet: its
    // last known figure, not live. CR4 has no usable login: none, whatever was known.
    expect(figures(view({ refused: ['CR2'], balances: { CR1: '10', CR2: '20' } }))).toEqual([
      ['CR1', '10', 1_000, true],
      ['CR2', null, null, false],
      ['CR3', '30', 700, false],
      ['CR4', null, null, false],
    ]);
    // Restarted, no backend view yet: the restored figures, none of them live.
    expect(figures(null)).toEqual([
      ['CR1', '10', 1_000, false],
      ['CR2', '19', 500, false],
      ['CR3', '30', 700, false],
      ['CR4', null, null, false],
    ]);
    // A live figure the last known does not match yet has no time; offline, a live figure is not live.
    expect(figures(view({ refused: [], balances: { CR2: '21' }, connection: { status: 'connecting' } }))).toEqual([
      ['CR1', '10', 1_000, false],
      ['CR2', '21', null, false],
      ['CR3', '30', 700, false],
      ['CR4', null, null, false],
    ]);
  });

  it('says why, where the backend knows: session expired, or which scope is missing; else plainly refused', () => {
    const views = accountViews(
      holding(['CR1', 'tok-1'], ['CR2', 'tok-2'], ['CR3', 'tok-3'], ['CR4', 'tok-4']),
      view({
        authorized: ['CR1'],
        refused: ['CR2', 'CR3', 'CR4'],
        refusals: {
          CR2: { reason: 'session_expired', scope: null },
          CR3: { reason: 'scope_missing', scope: 'trade' },
          // A reason for an account that is not refused is not shown.
          CR1: { reason: 'session_expired', scope: null },
        },
        refreshing: true,
      }),
    );
    expect(views.map((v) => [v.accountId, v.needsLogin, v.needsLoginReason, v.missingScope])).toEqual([
      ['CR1', false, null, null],
      ['CR2', true, 'session_expired', null],
      ['CR3', true, 'scope_missing', 'trade'],
      ['CR4', true, 'token_refused', null],
    ]);
    expect(JSON.stringify(views)).not.toMatch(/tok-/);
  });

  it('merges a new login by account id: one grant with a token each, the newest wins, and it clears a decryption problem', () => {
    const before = holding(['CR1', 'old'], ['CR3', null, 'decrypt_failed']);
    const login = legacyLoginGrant(
      before,
      [
        { accountId: 'CR3', token: 'new-3', currency: 'EUR' },
        { accountId: 'VRTC9', token: 'new-9', currency: 'USD' },
      ],
      destinationOf(),
    );
    const merged = withGrant(before, login);
    expect(merged.accounts.map((a) => [a.accountId, a.problem, a.currency, a.isVirtual])).toEqual([
      ['CR1', null, 'USD', false],
      ['CR3', null, 'EUR', false],
      ['VRTC9', null, 'USD', true],
    ]);
    expect(tokensOf(merged)).toEqual(['old', 'new-3', 'new-9']);
    // One login for its two accounts; the one CR3 had is forgotten with its last account.
    expect(merged.grants.map((g) => [g.accountIds, g.source, g.destination])).toEqual([
      [['CR1'], 'oauth', { appId: '1089', urls: [] }],
      [['CR3', 'VRTC9'], 'oauth', { appId: DERIV_SETTINGS.appId, urls: [DERIV_SETTINGS.wsUrl] }],
    ]);
    // A legacy account no longer carries its secret twice: the views carry none.
    expect(JSON.stringify(accountViews(merged, null))).not.toMatch(/new-|old/);
  });

  it('takes landing company and flags from the server’s facts, reporting only what changed', () => {
    const response = {
      account_list: [
        {
          loginid: 'CR1',
          currency: 'USD',
          is_virtual: 0 as const,
          is_disabled: 0 as const,
          landing_company_name: 'svg',
          account_type: 'binary',
        },
        { loginid: 'CR2', currency: 'USD', is_virtual: 0 as const, is_disabled: 0 as const },
      ],
    };
    const details = {
      api: 'legacy' as const,
      primaryAccountId: 'CR1',
      facts: factsFromAuthorize(response, 'CR1'),
      raw: response,
      receivedAt: 1,
    };
    const changed = flagsFromDetails([held('CR1', 't'), held('CR2', 't')], details);
    expect(changed).toEqual([
      {
        api: 'legacy',
        source: 'oauth',
        scopes: null,
        accountId: 'CR1',
        currency: 'USD',
        isVirtual: false,
        isDisabled: false,
        landingCompanyName: 'svg',
        accountType: 'binary',
      },
    ]);
  });

  it('leaves accounts of the other API and facts the server did not give alone', () => {
    const details = {
      api: 'current' as const,
      primaryAccountId: 'CR1',
      facts: [
        {
          accountId: 'CR1',
          currency: null,
          isVirtual: null,
          isDisabled: true,
          landingCompanyName: null,
          accountType: 'real',
          scopes: null,
          status: 'active',
        },
      ],
      raw: {},
      receivedAt: 1,
    };
    expect(flagsFromDetails([held('CR1', 't')], details)).toEqual([]);
    const current = { ...held('CR1', 't'), api: 'current' as const };
    expect(flagsFromDetails([current], details)).toEqual(
      [{ ...current, isDisabled: true, accountType: 'real' }].map(({ grantId: _g, problem: _p, ...r }) => r),
    );
  });
});

describe('API-token logins', () => {
  it('holds each API token as a login of its one account (source, scopes); the newest login for an account wins', () => {
    const before = holding(['CR1', 'oauthtoken1'], ['CR2', 'oauthtoken2']);
    const [token] = apiTokenGrants(
      [
        {
          accountId: 'CR2',
          currency: 'USD',
          token: 'ApiToken1234567',
          scopes: ['trade'],
          isVirtual: false,
          isDisabled: false,
          landingCompanyName: 'svg',
          accountType: 'trading',
        },
      ],
      destinationOf(),
    );
    const merged = withGrant(before, token!);
    expect(merged.accounts.map((a) => [a.accountId, a.source, a.scopes])).toEqual([
      ['CR1', 'oauth', null],
      ['CR2', 'api_token', ['trade']],
    ]);
    expect(tokensOf(merged)).toEqual(['oauthtoken1', 'ApiToken1234567']);
    expect(merged.grants.map((g) => g.source)).toEqual(['oauth', 'api_token']);
    // And an OAuth login after it takes the account back.
    const back = withGrant(
      merged,
      legacyLoginGrant(merged, [{ accountId: 'CR2', token: 'oauthtoken3', currency: 'USD' }], destinationOf()),
    );
    expect(back.accounts[1]).toMatchObject({ source: 'oauth', scopes: null });
    expect(tokensOf(back)).toEqual(['oauthtoken1', 'oauthtoken3']);
    expect(back.grants.map((g) => g.source)).toEqual(['oauth', 'oauth']);
  });
});

describe('login views', () => {
  const currentAccount = (id: string): CurrentAccount => ({
    account_id: id,
    account_type: id.startsWith('D') ? 'demo' : 'real',
    currency: 'USD',
    balance: '1',
    status: 'active',
    group: 'row',
  });

  /** Two legacy accounts from one Deriv login, and a third from a pasted API token. */
  function twoLogins(): Held {
    const oauth = legacyLoginGrant(
      { grants: [], accounts: [] },
      [
        { accountId: 'CR1', token: 'oauthtoken1', currency: 'USD' },
        { accountId: 'VRTC1', token: 'oauthtoken2', currency: 'USD' },
      ],
      destinationOf(),
    );
    const [token] = apiTokenGrants(
      [
        {
          accountId: 'CR9',
          currency: 'EUR',
          token: 'ApiToken1234567',
          scopes: ['read'],
          isVirtual: false,
          isDisabled: false,
          landingCompanyName: 'svg',
          accountType: 'trading',
        },
      ],
      destinationOf(),
    );
    return withGrant(withGrant({ grants: [], accounts: [] }, oauth), token!);
  }

  it('gives one login per grant with its accounts in list order, its method, and no secret', () => {
    const held = twoLogins();
    const views = accountViews(held, view({ authorized: ['CR1', 'VRTC1', 'CR9'], refused: [] }));
    const logins = loginViews(held, views);
    expect(logins).toEqual([
      {
        loginId: held.grants[0]!.id,
        api: 'legacy',
        method: 'oauth',
        appId: null,
        accountIds: ['CR1', 'VRTC1'],
        needsLoginReason: null,
        sessionEnd: null,
      },
      {
        loginId: held.grants[1]!.id,
        api: 'legacy',
        method: 'api_token',
        appId: null,
        accountIds: ['CR9'],
        needsLoginReason: null,
        sessionEnd: null,
      },
    ]);
    expect(JSON.stringify(logins)).not.toMatch(/oauthtoken|ApiToken/);
  });

  it('says a login’s problem once when all its accounts need a sign-in; one refused account among live ones is the account’s', () => {
    const held = twoLogins();
    const oneRefused = loginViews(held, accountViews(held, view({ authorized: ['CR1', 'CR9'], refused: ['VRTC1'] })));
    expect(oneRefused.map((l) => l.needsLoginReason)).toEqual([null, null]);

    const expired = accountViews(
      held,
      view({
        authorized: ['CR9'],
        refused: ['CR1', 'VRTC1'],
        refusals: {
          CR1: { reason: 'session_expired', scope: null },
          VRTC1: { reason: 'session_expired', scope: null },
        },
      }),
    );
    expect(loginViews(held, expired).map((l) => l.needsLoginReason)).toEqual(['session_expired', null]);
  });

  it('leaves a disabled account out of the login’s status, and a login of disabled accounts only never asks for a sign-in', () => {
    const base = twoLogins();
    const held: Held = {
      grants: base.grants,
      accounts: base.accounts.map((a) =>
        a.accountId === 'VRTC1' || a.accountId === 'CR9' ? { ...a, isDisabled: true } : a,
      ),
    };
    const views = accountViews(held, view({ authorized: ['VRTC1'], refused: ['CR1', 'CR9'] }));
    expect(loginViews(held, views).map((l) => [l.method, l.needsLoginReason])).toEqual([
      ['oauth', 'token_refused'],
      ['api_token', null],
    ]);
  });

  it('names a personal token’s app and what a logout does at Deriv; an account no login gives is in none', () => {
    const pat = currentLoginGrant(
      {
        credential: { kind: 'pat', token: 'pat_secret_value_1234', appId: '41234' },
        appId: '41234',
        accounts: [currentAccount('DOT1'), currentAccount('ROT1')],
        raw: null,
      },
      destinationOf(),
    );
    const oauth = currentLoginGrant(
      {
        credential: { kind: 'oauth', accessToken: 'at_1', refreshToken: 'rt_1', expiresAt: 1e13 },
        appId: '41234',
        accounts: [currentAccount('DOT2')],
        raw: null,
      },
      destinationOf(),
    );
    const withBoth = withGrant(withGrant({ grants: [], accounts: [] }, pat), oauth);
    const held: Held = {
      grants: withBoth.grants,
      accounts: [...withBoth.accounts, { ...withBoth.accounts[0]!, accountId: 'DOT9', grantId: null }],
    };
    const views = accountViews(held, view({ authorized: ['DOT1', 'ROT1', 'DOT2'], refused: [] }), true);
    const logins = loginViews(held, views);
    expect(logins.map((l) => [l.method, l.appId, l.accountIds, l.sessionEnd])).toEqual([
      ['pat', '41234', ['DOT1', 'ROT1'], null],
      ['oauth', null, ['DOT2'], 'revoked'],
    ]);
    expect(views.find((v) => v.accountId === 'DOT9')?.loginId).toBeNull();
    expect(JSON.stringify(logins)).not.toMatch(/pat_secret|rt_1|at_1/);
  });
});
