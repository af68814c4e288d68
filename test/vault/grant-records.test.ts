/**
 * The vault's grant records alone (main/core/vault/grants.ts): which secrets a grant has and by
 * what name, what is written of each (sealed only when it may persist; an unreadable blob kept
 * either way), a grant with no secret stored opened without the cipher, and the decrypt problem of
 * an account. The vault tests cover the same through files; these pin each rule.
 */
import { describe, expect, it } from 'vitest';

import { type MemoryGrant, problemOf, secretsOf, storedGrantOf, unsealGrant } from '../../main/core/vault/grants';
import type { HeldSecret, Sealer } from '../../main/core/vault/sealing';

const held = (plain: string | null, sealed: string | null = plain && `sealed:${plain}`): HeldSecret => ({
  plain,
  sealed,
  problem: null,
});
const unreadable: HeldSecret = { plain: null, sealed: 'blob-from-another-keyring', problem: 'decrypt_failed' };
const base = { source: 'oauth' as const, destination: { appId: '1089', urls: ['wss://ws.example'] }, updatedAt: 5 };

const legacy: MemoryGrant = {
  ...base,
  id: 'g-legacy',
  api: 'legacy',
  tokens: new Map([
    ['CR1', held('a1-token-one')],
    ['CR2', unreadable],
  ]),
};
const current: MemoryGrant = { ...base, id: 'g-current', api: 'current', secret: held('rt_refresh') };

describe('vault grant records', () => {
  it('secrets of a grant: a legacy one by account id, a current one by its grant id', () => {
    expect(secretsOf(legacy)).toEqual([
      ['CR1', held('a1-token-one')],
      ['CR2', unreadable],
    ]);
    expect(secretsOf(current)).toEqual([['g-current', held('rt_refresh')]]);
  });

  it('written sealed only when secrets may persist; an unreadable blob is kept either way', () => {
    expect(storedGrantOf(legacy, true)).toMatchObject({
      sealedTokens: { CR1: 'sealed:a1-token-one', CR2: 'blob-from-another-keyring' },
    });
    expect(storedGrantOf(legacy, false)).toMatchObject({
      sealedTokens: { CR1: null, CR2: 'blob-from-another-keyring' },
    });
    expect(storedGrantOf(current, true)).toEqual({
      id: 'g-current',
      api: 'current',
      ...base,
      bound: true,
      sealedSecret: 'sealed:rt_refresh',
    });
    expect(storedGrantOf(current, false)).toMatchObject({ sealedSecret: null });
    expect(storedGrantOf({ ...current, secret: unreadable }, false)).toMatchObject({
      sealedSecret: 'blob-from-another-keyring',
    });
  });

  it('bound to its destination unless a bare secret (sealed by an earlier version, not opened since) is kept', () => {
    const bare: HeldSecret = { ...held('a1-token-old'), bare: true };
    const mixed: MemoryGrant = {
      ...legacy,
      tokens: new Map([
        ['CR1', bare],
        ['CR2', held('a1-token-two')],
      ]),
    };
    expect(storedGrantOf(mixed, true).bound).toBe(false);
    // Not kept (secrets may not persist): nothing bare is written, the record is bound.
    expect(storedGrantOf(mixed, false).bound).toBe(true);
    expect(storedGrantOf(legacy, true).bound).toBe(true);
  });

  it('a grant stored without a secret opens without asking the cipher', async () => {
    const never = {
      unseal: () => {
        throw new Error('nothing to unseal');
      },
    } as unknown as Sealer;
    const opened = await unsealGrant({ id: 'g', api: 'current', ...base, bound: true, sealedSecret: null }, never);
    expect(opened).toMatchObject({ api: 'current', secret: { plain: null, sealed: null, problem: null } });
    const legacyOpened = await unsealGrant(
      { id: 'g', api: 'legacy', ...base, bound: true, sealedTokens: { CR1: null } },
      never,
    );
    expect(legacyOpened.api === 'legacy' && [...legacyOpened.tokens]).toEqual([
      ['CR1', { plain: null, sealed: null, problem: null }],
    ]);
  });

  it('the decrypt problem of an account: its own token (legacy) or the grant’s secret; none without a grant or token', () => {
    expect(problemOf(legacy, 'CR2')).toBe('decrypt_failed');
    expect(problemOf(legacy, 'CR1')).toBeNull();
    expect(problemOf(legacy, 'CR9')).toBeNull();
    expect(problemOf(undefined, 'CR1')).toBeNull();
    expect(problemOf({ ...current, secret: unreadable }, 'DOT1')).toBe('decrypt_failed');
  });
});
