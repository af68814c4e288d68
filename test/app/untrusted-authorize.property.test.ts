/** Main's views of an authorize answer never throw, whatever the server sends (issue 18, item 11). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { accountViews, flagsFromAuthorize } from '../../main/core/app/account-views';
import type { AccountRecord } from '../../main/core/model';
import type { AuthorizeSnapshot } from '../../main/ipc/contract';
import { authorizeAnswer, LOGINIDS } from '../support/server-answers';

const held: AccountRecord[] = LOGINIDS.map((loginid) => ({
  loginid,
  currency: 'USD',
  isVirtual: loginid.startsWith('VR'),
  isDisabled: false,
  landingCompanyName: null,
  accountType: null,
}));

describe('flagsFromAuthorize over untrusted authorize answers', () => {
  it('a non-array account_list is ignored, not thrown on', () => {
    const snapshot = { response: { account_list: { CR799393: {} } }, primaryLoginid: 'CR799393', receivedAt: 0 };
    expect(flagsFromAuthorize(held, snapshot as unknown as AuthorizeSnapshot)).toEqual([]);
  });

  it('never throws, and only ever yields well-typed records of held accounts', () => {
    fc.assert(
      fc.property(authorizeAnswer, (response) => {
        const snapshot = { response, primaryLoginid: 'CR799393', receivedAt: 0 } as unknown as AuthorizeSnapshot;
        const changed = flagsFromAuthorize(held, snapshot);
        for (const record of changed) {
          expect(LOGINIDS).toContain(record.loginid);
          expect(typeof record.currency).toBe('string');
          expect(typeof record.isVirtual).toBe('boolean');
          expect(typeof record.isDisabled).toBe('boolean');
          expect(record.landingCompanyName === null || typeof record.landingCompanyName === 'string').toBe(true);
          expect(record.accountType === null || typeof record.accountType === 'string').toBe(true);
        }
        const views = accountViews(
          held.map((a) => ({ ...a, token: 'a1-x', problem: null })),
          null,
        );
        expect(views).toHaveLength(held.length);
      }),
      { numRuns: 300 },
    );
  });
});
