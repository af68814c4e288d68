/** The legacy `authorize` call's request and answer processing (main/core/legacy-api/authorize.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { authorizeRequest, processAuthorizeResponse } from '../../main/core/legacy-api/authorize';

describe('legacy authorize', () => {
  it('one request: the first token as `authorize`, the others as `tokens`', () => {
    expect(authorizeRequest(['a1-one'])).toEqual({ authorize: 'a1-one' });
    expect(authorizeRequest(['a1-one', 'a1-two', 'a1-three'])).toEqual({
      authorize: 'a1-one',
      tokens: ['a1-two', 'a1-three'],
    });
    expect(() => authorizeRequest([])).toThrow(TypeError);
  });

  it("reads the account, the user's accounts and the scopes, leaving malformed entries out", () => {
    const answer = processAuthorizeResponse({
      msg_type: 'authorize',
      authorize: {
        loginid: 'CR100',
        scopes: ['read', 7, 'trade'],
        account_list: [
          { loginid: 'CR100', is_disabled: 0, account_type: 'trading' },
          { loginid: 'CR101', is_disabled: 1 },
          null,
          { loginid: 42 },
          { loginid: '' },
        ],
      },
    });
    expect(answer.accountId).toBe('CR100');
    expect(answer.scopes).toEqual(['read', 'trade']);
    expect(answer.accounts).toEqual([
      { accountId: 'CR100', isDisabled: false, accountType: 'trading' },
      { accountId: 'CR101', isDisabled: true, accountType: null },
    ]);
  });

  it('never throws on an untrusted frame; one without an authorize object names no account', () => {
    fc.assert(
      fc.property(fc.anything(), (authorize) => {
        const answer = processAuthorizeResponse({ msg_type: 'authorize', authorize });
        expect(answer.accountId === null || typeof answer.accountId === 'string').toBe(true);
        expect(Array.isArray(answer.accounts)).toBe(true);
      }),
    );
    expect(processAuthorizeResponse({ msg_type: 'authorize' })).toEqual({
      authorize: null,
      accountId: null,
      accounts: [],
      scopes: [],
    });
  });
});
