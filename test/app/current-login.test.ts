/**
 * A current-API login through main's pure helpers and a real vault: what is recorded (demo/real,
 * inactive shown as disabled), what comes back after a restart, and which accounts a backend opens.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { backendAccountsOf, recordOfCurrentAccount, vaultInputOf } from '../../main/core/app/current-login';
import type { CurrentLogin } from '../../main/core/auth/current-flow';
import { AesCipher } from '../support/aes-cipher';
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
    { account_id: 'DOT1', account_type: 'demo', currency: 'USD', balance: 10000, status: 'active', group: 'demo' },
    { account_id: 'ROT2', account_type: 'real', currency: 'BTC', balance: 0.1, status: 'active', group: 'row' },
    { account_id: 'ROT3', account_type: 'real', currency: 'EUR', balance: 0, status: 'inactive', group: 'row' },
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

  it('kept by the vault and restored after a restart, the backend opens the active accounts with the refresh token', async () => {
    const refreshToken = makeToken('refresh');
    const legacyToken = makeToken('legacy');
    const app = await startApp(dir, keyring());
    await app.vault.saveLogin([{ accountId: 'CR1', token: legacyToken, currency: 'USD' }]);
    await app.vault.saveCurrentLogin(vaultInputOf(login(refreshToken)));

    const restored = await (await startApp(dir, keyring())).vault.restore();
    const restoredCredential = { kind: 'oauth', accessToken: '', refreshToken, expiresAt: 0 };
    expect(backendAccountsOf(restored.accounts, 'current')).toEqual([
      { accountId: 'DOT1', credential: restoredCredential },
      { accountId: 'ROT2', credential: restoredCredential },
    ]);
    expect(backendAccountsOf(restored.accounts, 'legacy')).toEqual([
      { accountId: 'CR1', credential: { kind: 'token', token: legacyToken } },
    ]);
    // The inactive account keeps its place, shown as disabled.
    expect(restored.accounts.find((a) => a.accountId === 'ROT3')).toMatchObject({ isDisabled: true, api: 'current' });
  });
});
