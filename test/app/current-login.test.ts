/**
 * A current-API login through main (its records, held accounts) and a real vault: what is recorded
 * (demo/real, inactive shown as disabled), what comes back after a restart, and which logins a
 * backend of each API opens.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { recordOfCurrentAccount } from '../../main/core/app/current-login';
import { HeldAccounts } from '../../main/core/app/held-accounts';
import type { CurrentLogin } from '../../main/core/auth/current-flow';
import type { BackendView } from '../../main/core/backend/port';
import { AesCipher } from '../support/aes-cipher';
import { destinationOf } from '../support/sample-state';
import { makeTempDir } from '../support/temp-dir';
import { makeToken, startApp } from '../vault/helpers';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const keyring = () => new AesCipher({ passphrase: 'current-login' });

const login = (refreshToken: string): CurrentLogin => ({
  credential: { kind: 'oauth', accessToken: makeToken('access'), refreshToken, expiresAt: Date.now() + 60_000 },
  appId: '41234',
  accounts: [
    { account_id: 'DOT1', account_type: 'demo', currency: 'USD', balance: '10000', status: 'active', group: 'demo' },
    { account_id: 'ROT2', account_type: 'real', currency: 'BTC', balance: '0.1', status: 'active', group: 'row' },
    { account_id: 'ROT3', account_type: 'real', currency: 'EUR', balance: '0', status: 'inactive', group: 'row' },
  ],
  raw: {},
});

describe('a current-API login in main', () => {
  it('records demo/real from account_type and an inactive account as disabled', () => {
    expect(login('r').accounts.map((a) => recordOfCurrentAccount(a))).toEqual([
      {
        accountId: 'DOT1',
        api: 'current',
        source: 'oauth',
        scopes: null,
        currency: 'USD',
        isVirtual: true,
        isDisabled: false,
        landingCompanyName: null,
        accountType: 'demo',
      },
      {
        accountId: 'ROT2',
        api: 'current',
        source: 'oauth',
        scopes: null,
        currency: 'BTC',
        isVirtual: false,
        isDisabled: false,
        landingCompanyName: null,
        accountType: 'real',
      },
      {
        accountId: 'ROT3',
        api: 'current',
        source: 'oauth',
        scopes: null,
        currency: 'EUR',
        isVirtual: false,
        isDisabled: true,
        landingCompanyName: null,
        accountType: 'real',
      },
    ]);
  });

  it("kept by the vault and restored after a restart, a backend opens each API's own login: the current one with its refresh token", async () => {
    const refreshToken = makeToken('refresh');
    const legacyToken = makeToken('legacy');
    const app = await startApp(dir, keyring());
    const settings = () => destinationOf();
    const held = new HeldAccounts(app.vault, () => undefined, settings);
    held.addLogin([{ accountId: 'CR1', token: legacyToken, currency: 'USD' }]);
    held.addCurrentLogin(login(refreshToken));
    const view: BackendView = {
      connection: { status: 'online', since: 1 },
      balances: {},
      authorized: ['CR1', 'DOT1'],
      refused: [],
      disabled: [],
      activeAccountId: 'CR1',
      details: null,
    };
    held.learn(view, 'CR1');
    await new Promise((r) => setTimeout(r, 0));
    await app.vault.restore();

    const restored = await (await startApp(dir, keyring())).vault.restore();
    const again = new HeldAccounts(app.vault, () => undefined, settings);
    again.restore(restored);
    const restoredCredential = { kind: 'oauth', accessToken: '', refreshToken, expiresAt: 0 };
    const [current] = again.usable('current');
    expect(again.usable('current')).toEqual([
      { id: current!.id, credential: restoredCredential, accountIds: ['DOT1', 'ROT2', 'ROT3'] },
    ]);
    const [legacy] = again.usable('legacy');
    expect(again.usable('legacy')).toEqual([
      { id: legacy!.id, credential: { kind: 'tokens', tokens: { CR1: legacyToken } }, accountIds: ['CR1'] },
    ]);
    // The inactive account keeps its place, shown as disabled.
    expect(restored.accounts.find((a) => a.accountId === 'ROT3')).toMatchObject({ isDisabled: true, api: 'current' });
  });
});
