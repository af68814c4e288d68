import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BackendError } from '../../main/core/backend/port';
import { factsFromAuthorize } from '../../main/core/legacy-api/account-facts';
import { LegacyBackend } from '../../main/core/legacy-api/legacy-backend';
import { aliceAccounts, makeSession, type Sandbox, sandbox } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(async () => {
  await sb.close();
});

describe('LegacyBackend (the v3 session behind the AccountsBackend port)', () => {
  it('opens token accounts and reports typed facts of account_list plus the authorize answer whole', async () => {
    const backend = new LegacyBackend(makeSession(sb));
    const accounts = aliceAccounts(sb);
    // Alice's login, as a grant: one token per account, all authorized on the one socket.
    const login = {
      id: 'alice-login',
      credential: { kind: 'tokens' as const, tokens: Object.fromEntries(accounts.map((a) => [a.accountId, a.token])) },
      accountIds: accounts.map((a) => a.accountId),
    };
    try {
      const view = await backend.start([login], accounts[1]!.accountId);
      expect(backend.api).toBe('legacy');
      expect(view.connection.status).toBe('online');
      expect(view.activeAccountId).toBe(accounts[1]!.accountId);
      expect(view.authorized).toEqual(accounts.map((a) => a.accountId));
      const details = view.details!;
      expect(details).toMatchObject({ api: 'legacy', primaryAccountId: accounts[0]!.accountId });
      expect((details.raw as { email?: string }).email).toBe('alice@demo.sandbox');
      const alice = sb.users[0]!;
      for (const a of alice.accounts) {
        expect(details.facts.find((f) => f.accountId === a.loginid)).toMatchObject({
          currency: a.currency,
          isVirtual: a.is_virtual === 1,
          isDisabled: a.is_disabled === 1,
          landingCompanyName: expect.any(String),
        });
      }
      // The same snapshot gives the same view object.
      expect(backend.snapshot()).toBe(backend.snapshot());
      for (const a of accounts) expect(JSON.stringify(view)).not.toContain(a.token);
    } finally {
      await backend.close();
    }
  });

  it('refuses credentials of the current API with a typed error', async () => {
    const backend = new LegacyBackend(makeSession(sb));
    await expect(
      backend.start([{ id: 'g1', credential: { kind: 'pat', token: 'pat_x', appId: '1' }, accountIds: ['CR100'] }]),
    ).rejects.toSatisfy((e) => e instanceof BackendError && e.code === 'invalid_accounts');
  });

  it('setGrants rejects (never throws) on a credential of the current API, as the port says', async () => {
    const backend = new LegacyBackend(makeSession(sb));
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = backend.setGrants([
        { id: 'g1', credential: { kind: 'pat', token: 'pat_x', appId: '1' }, accountIds: ['CR100'] },
      ]);
    }).not.toThrow();
    await expect(pending).rejects.toSatisfy((e) => e instanceof BackendError && e.code === 'invalid_accounts');
  });
});

describe('factsFromAuthorize', () => {
  it('never throws on whatever the server sends, and only reports string ids', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (answer, primary) => {
        const facts = factsFromAuthorize(answer, primary);
        return facts.every((f) => typeof f.accountId === 'string') && facts.some((f) => f.accountId === primary);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), (list) => {
        factsFromAuthorize({ account_list: list, scopes: list }, 'CR1');
        return true;
      }),
    );
  });
});
