/** Main's views of an authorize answer never throw, whatever the server sends (issue 18, item 11). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { accountViews, flagsFromDetails } from '../../main/core/app/account-views';
import type { AccountDetails } from '../../main/core/backend/port';
import { factsFromAuthorize } from '../../main/core/legacy-api/account-facts';
import type { AccountRecord } from '../../main/core/model';
import { ACCOUNT_IDS, authorizeAnswer } from '../support/server-answers';

const held: AccountRecord[] = ACCOUNT_IDS.map((accountId) => ({
  api: 'legacy',
  source: 'oauth',
  scopes: null,
  accountId,
  currency: 'USD',
  isVirtual: accountId.startsWith('VR'),
  isDisabled: false,
  landingCompanyName: null,
  accountType: null,
}));

const detailsOf = (response: unknown): AccountDetails => ({
  api: 'legacy',
  primaryAccountId: 'CR799393',
  facts: factsFromAuthorize(response, 'CR799393'),
  raw: response,
  receivedAt: 0,
});

describe('account facts and flags over untrusted authorize answers', () => {
  it('a non-array account_list is ignored, not thrown on', () => {
    expect(flagsFromDetails(held, detailsOf({ account_list: { CR799393: {} } }))).toEqual([]);
  });

  it('never throws, and only ever yields well-typed records of held accounts', () => {
    fc.assert(
      fc.property(authorizeAnswer, (response) => {
        const changed = flagsFromDetails(held, detailsOf(response));
        for (const record of changed) {
          expect(ACCOUNT_IDS).toContain(record.accountId);
          expect(typeof record.currency).toBe('string');
          expect(typeof record.isVirtual).toBe('boolean');
          expect(typeof record.isDisabled).toBe('boolean');
          expect(record.landingCompanyName === null || typeof record.landingCompanyName === 'string').toBe(true);
          expect(record.accountType === null || typeof record.accountType === 'string').toBe(true);
        }
        const views = accountViews(
          {
            accounts: held.map((a) => ({ ...a, grantId: 'login-1', problem: null })),
            grants: [
              {
                id: 'login-1',
                api: 'legacy',
                source: 'oauth',
                destination: { appId: '1089', urls: [] },
                credential: { kind: 'tokens', tokens: Object.fromEntries(held.map((a) => [a.accountId, 'a1-x'])) },
                accountIds: held.map((a) => a.accountId),
              },
            ],
          },
          null,
        );
        expect(views).toHaveLength(held.length);
      }),
      { numRuns: 300 },
    );
  });
});
