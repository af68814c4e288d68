/**
 * The electron-store adapter over the real electron-store and conf, writing into the Electron fake's
 * temporary "userData" folder (`app.getPath('userData')`; vitest inlines electron-store so its
 * `import electron from 'electron'` reaches the fake).
 */
import fs from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Vault } from '../../main/core/vault/vault';
import { openAccountsStore } from '../../main/electron/electron-store';
import { AesCipher } from '../support/aes-cipher';
import { app, resetElectronFake } from '../support/electron-fake';
import { makeToken, restoreFlat, saveLegacy } from '../vault/helpers';

const fake = { userData: '' };

beforeEach(() => {
  resetElectronFake({ ready: true });
  fake.userData = app.getPath('userData');
});
afterEach(() => {
  fs.rmSync(fake.userData, { recursive: true, force: true });
});

describe('openAccountsStore', () => {
  it('keeps accounts.json, owner-only, in the userData folder and survives a restart', async () => {
    const token = makeToken();
    const { store, notices } = openAccountsStore();
    expect(notices).toEqual([]);
    expect(store.path).toBe(path.join(fake.userData, 'accounts.json'));
    const vault = await Vault.open({ store, cipher: new AesCipher() });
    await saveLegacy(vault, [{ accountId: 'CR1', token, currency: 'USD' }]);
    expect(fs.statSync(store.path).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(store.path, 'utf8')).not.toContain(token);

    const again = await Vault.open({ store: openAccountsStore().store, cipher: new AesCipher() });
    expect((await restoreFlat(again)).accounts[0]!.token).toBe(token);
  });

  it('moves a damaged file aside instead of letting electron-store throw', async () => {
    fs.writeFileSync(path.join(fake.userData, 'accounts.json'), '{ not json');
    const { store, notices } = openAccountsStore();
    expect(notices.map((n) => n.code)).toEqual(['store_corrupt']);
    const aside = fs.readdirSync(fake.userData).filter((f) => f.startsWith('accounts.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(notices[0]!.params).toEqual({ asidePath: path.join(fake.userData, aside[0]!) });
    const vault = await Vault.open({ store, cipher: new AesCipher(), notices });
    expect((await restoreFlat(vault)).notices.map((n) => n.code)).toEqual(['store_corrupt']);
  });

  it('accepts another folder', () => {
    const other = path.join(fake.userData, 'profile');
    expect(openAccountsStore({ cwd: other }).store.path).toBe(path.join(other, 'accounts.json'));
  });
});
