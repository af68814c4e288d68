import { describe, expect, it } from 'vitest';

import {
  accountViews,
  flagsFromDetails,
  type HeldAccount,
  mergeApiTokens,
  mergeLogin,
} from '../../main/core/app/account-views';
import type { BackendView } from '../../main/core/backend/port';
import { factsFromAuthorize } from '../../main/core/legacy-api/account-facts';

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
  token,
  credential: token === null ? null : { kind: 'token', token },
  problem,
});

const view = (patch: Partial<BackendView> = {}): BackendView => ({
  connection: { status: 'online', since: 1 },
  details: null,
  balances: { CR1: 10, CR2: 20 },
  authorized: ['CR1'],
  refused: ['CR2'],
  disabled: [],
  activeAccountId: 'CR1',
  ...patch,
});

describe('account views', () => {
  it('marks refused and undecryptable accounts as needing a login, without a stale balance, and never carries a token', () => {
    const views = accountViews(
      [held('CR1', 'tok-1'), held('CR2', 'tok-2'), held('CR3', null, 'decrypt_failed')],
      view(),
    );
    expect(views.map((v) => [v.accountId, v.authorized, v.needsLogin, v.needsLoginReason, v.balance])).toEqual([
      ['CR1', true, false, null, 10],
      ['CR2', false, true, 'token_refused', null],
      ['CR3', false, true, 'decrypt_failed', null],
    ]);
    expect(JSON.stringify(views)).not.toMatch(/tok-/);
  });

  it('says why, where the backend knows: session expired, or which scope is missing; else plainly refused', () => {
    const views = accountViews(
      [held('CR1', 'tok-1'), held('CR2', 'tok-2'), held('CR3', 'tok-3'), held('CR4', 'tok-4')],
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

  it('merges a new login by login id: the newest token wins, and it clears a decryption problem', () => {
    const merged = mergeLogin(
      [held('CR1', 'old'), held('CR3', null, 'decrypt_failed')],
      [
        { accountId: 'CR3', token: 'new-3', currency: 'EUR' },
        { accountId: 'VRTC9', token: 'new-9', currency: 'USD' },
      ],
    );
    expect(merged.map((a) => [a.accountId, a.token, a.problem, a.currency, a.isVirtual])).toEqual([
      ['CR1', 'old', null, 'USD', false],
      ['CR3', 'new-3', null, 'EUR', false],
      ['VRTC9', 'new-9', null, 'USD', true],
    ]);
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
      [{ ...current, isDisabled: true, accountType: 'real' }].map(
        ({ token: _t, problem: _p, credential: _c, ...r }) => r,
      ),
    );
  });
});

describe('mergeApiTokens', () => {
  it('holds each API token as its account (source, scopes); the newest credential for an accountId wins', () => {
    const merged = mergeApiTokens(
      [held('CR1', 'oauthtoken1'), held('CR2', 'oauthtoken2')],
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
    );
    expect(merged.map((a) => [a.accountId, a.source, a.scopes, a.token])).toEqual([
      ['CR1', 'oauth', null, 'oauthtoken1'],
      ['CR2', 'api_token', ['trade'], 'ApiToken1234567'],
    ]);
    // And an OAuth login after it takes the account back.
    expect(mergeLogin(merged, [{ accountId: 'CR2', token: 'oauthtoken3', currency: 'USD' }])[1]).toMatchObject({
      source: 'oauth',
      scopes: null,
      token: 'oauthtoken3',
    });
  });
});
