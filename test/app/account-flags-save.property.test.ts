/**
 * Flags a server gives for an account reach the vault together with the login's tokens: whatever
 * the server says, the login is saved (an unusable flag is dropped, never the login).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { flagsFromDetails, type HeldAccount } from '../../main/core/app/account-views';
import type { AccountDetails, AccountFacts } from '../../main/core/backend/port';
import { MemoryKeyValueStore, Vault } from '../../main/core/vault/index';
import { AesCipher } from '../support/aes-cipher';
import { ACCOUNT_IDS } from '../support/server-answers';

const held: HeldAccount[] = ACCOUNT_IDS.map((accountId) => ({
  api: 'legacy',
  source: 'oauth',
  scopes: null,
  accountId,
  currency: 'USD',
  isVirtual: accountId.startsWith('VR'),
  isDisabled: false,
  landingCompanyName: null,
  accountType: null,
  grantId: 'login-1',
  problem: null,
}));
/** The login that opens them: one token per account. */
const grant = {
  id: 'login-1',
  api: 'legacy' as const,
  source: 'oauth' as const,
  destination: { appId: '1089', urls: ['wss://ws.derivws.com/websockets/v3'] },
  credential: {
    kind: 'tokens' as const,
    tokens: Object.fromEntries(ACCOUNT_IDS.map((id, i) => [id, `a1-token-${i}`])),
  },
};

/** Text as a server may send it: short and plausible, long, or anything at all. */
const text = fc.oneof(
  fc.constantFrom('svg', 'maltainvest', 'trading', 'USD', ''),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
);
const facts: fc.Arbitrary<AccountFacts> = fc.record({
  accountId: fc.constantFrom(...ACCOUNT_IDS),
  currency: fc.option(text),
  isVirtual: fc.option(fc.boolean()),
  isDisabled: fc.option(fc.boolean()),
  landingCompanyName: fc.option(text),
  accountType: fc.option(text),
  scopes: fc.constant(null),
  status: fc.option(text),
});

describe('a login with the flags of any server answer', () => {
  it('is always saved, every account of it', async () => {
    const cipher = new AesCipher();
    await fc.assert(
      fc.asyncProperty(fc.array(facts, { maxLength: 8 }), async (list) => {
        const details: AccountDetails = {
          api: 'legacy',
          primaryAccountId: 'CR799393',
          facts: list,
          raw: {},
          receivedAt: 0,
        };
        const changed = flagsFromDetails(held, details);
        const login = held.map((a) => ({ ...a, ...changed.find((c) => c.accountId === a.accountId) }));
        const vault = await Vault.open({ store: new MemoryKeyValueStore(), cipher });
        await vault.saveGrant(grant, login);
        const restored = await vault.restore();
        expect(restored.accounts.map((a) => a.accountId)).toEqual([...ACCOUNT_IDS]);
      }),
      { numRuns: 150 },
    );
  });
});
