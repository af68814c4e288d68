/**
 * What a v5 file's accounts must be to migrate (main/core/vault/migrate-v6.ts): a legacy account is
 * a Deriv login id (letters then digits); a current-API account id may be any account id. The
 * whole v5 → v6 step is in migration-v6.test.ts.
 */
import { describe, expect, it } from 'vitest';

import { v5DocumentSchema } from '../../main/core/vault/migrate-v6';

const v5 = (api: 'legacy' | 'current', loginid: string) => ({
  schemaVersion: 5,
  accounts: [
    {
      loginid,
      api,
      credentialId: null,
      source: 'oauth',
      scopes: null,
      currency: 'USD',
      isVirtual: false,
      isDisabled: false,
      landingCompanyName: null,
      accountType: null,
      sealedToken: null,
      updatedAt: 1,
    },
  ],
  credentials: [],
  activeLoginid: null,
  settings: null,
  preferences: { hideBalances: false },
  plaintextConsent: null,
});

describe('v5 accounts', () => {
  it('a legacy account needs a Deriv login id; a current-API one any account id', () => {
    expect(v5DocumentSchema.safeParse(v5('legacy', 'CR90000001')).success).toBe(true);
    const refused = v5DocumentSchema.safeParse(v5('legacy', 'acc_9f3'));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => i.message)).toEqual(['a legacy account needs a Deriv login id']);
    expect(v5DocumentSchema.safeParse(v5('current', 'acc_9f3')).success).toBe(true);
  });
});
