import { describe, expect, it } from 'vitest';

import { accountViews, flagsFromAuthorize, type HeldAccount, mergeLogin } from '../../main/core/app/account-views';
import type { SessionView } from '../../main/core/app/ports';

const held = (loginid: string, token: string | null, problem: HeldAccount['problem'] = null): HeldAccount => ({
  loginid,
  currency: 'USD',
  isVirtual: loginid.startsWith('VR'),
  isDisabled: false,
  landingCompanyName: null,
  accountType: null,
  token,
  problem,
});

const view = (patch: Partial<SessionView> = {}): SessionView => ({
  connection: { status: 'online', since: 1 },
  authorize: null,
  balances: { CR1: 10, CR2: 20 },
  authorized: ['CR1'],
  refused: ['CR2'],
  activeLoginid: 'CR1',
  ...patch,
});

describe('account views', () => {
  it('marks refused and undecryptable accounts as needing a login, without a stale balance, and never carries a token', () => {
    const views = accountViews(
      [held('CR1', 'tok-1'), held('CR2', 'tok-2'), held('CR3', null, 'decrypt_failed')],
      view(),
    );
    expect(views.map((v) => [v.loginid, v.authorized, v.needsLogin, v.needsLoginReason, v.balance])).toEqual([
      ['CR1', true, false, null, 10],
      ['CR2', false, true, 'token_refused', null],
      ['CR3', false, true, 'decrypt_failed', null],
    ]);
    expect(JSON.stringify(views)).not.toMatch(/tok-/);
  });

  it('merges a new login by login id: the newest token wins, and it clears a decryption problem', () => {
    const merged = mergeLogin(
      [held('CR1', 'old'), held('CR3', null, 'decrypt_failed')],
      [
        { loginid: 'CR3', token: 'new-3', currency: 'EUR' },
        { loginid: 'VRTC9', token: 'new-9', currency: 'USD' },
      ],
    );
    expect(merged.map((a) => [a.loginid, a.token, a.problem, a.currency, a.isVirtual])).toEqual([
      ['CR1', 'old', null, 'USD', false],
      ['CR3', 'new-3', null, 'EUR', false],
      ['VRTC9', 'new-9', null, 'USD', true],
    ]);
  });

  it('takes landing company and flags from account_list, reporting only what changed', () => {
    const authorize = {
      primaryLoginid: 'CR1',
      receivedAt: 1,
      response: {
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
      },
    };
    const changed = flagsFromAuthorize([held('CR1', 't'), held('CR2', 't')], authorize);
    expect(changed).toEqual([
      {
        loginid: 'CR1',
        currency: 'USD',
        isVirtual: false,
        isDisabled: false,
        landingCompanyName: 'svg',
        accountType: 'binary',
      },
    ]);
  });
});
