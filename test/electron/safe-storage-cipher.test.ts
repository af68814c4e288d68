/**
 * The safeStorage cipher adapter against the shared Electron fake, whose `safeStorage` has Electron's
 * shapes (docs/api/safe-storage.md, spec/api-safe-storage-spec.ts): which API it picks, what it
 * calls the backend, when encryption counts as real, that no error it raises carries the secret,
 * and that a key rotation (`shouldReEncrypt`) gets the tokens sealed again.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createSafeStorageCipher } from '../../main/electron/safe-storage-cipher';
import { resetElectronFake, rotateSafeStorageKey, safeStorage, safeStorageWorld } from '../support/electron-fake';
import { makeTempDir } from '../support/temp-dir';
import {
  expectNoTokenOnDisk,
  restoreFlat,
  SAMPLE_DESTINATION,
  saveLegacy,
  sealedAccounts,
  startApp,
} from '../vault/helpers';

const SECRET = 'a1-SecretTokenValue42';
type AsyncApi = Pick<typeof safeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>;

beforeEach(() => {
  resetElectronFake({ platform: 'linux', ready: true });
  vi.restoreAllMocks();
});

describe('createSafeStorageCipher', () => {
  it('uses the async API when Electron has it, and round-trips through base64', async () => {
    const spies = ['encryptStringAsync', 'decryptStringAsync', 'encryptString', 'decryptString'] as const;
    const calls = Object.fromEntries(spies.map((name) => [name, vi.spyOn(safeStorage, name)]));
    const cipher = await createSafeStorageCipher('linux');
    const sealed = await cipher.encrypt(SECRET);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sealed, 'base64').includes(SECRET)).toBe(false);
    expect(await cipher.decrypt(sealed)).toBe(SECRET);
    expect(calls.encryptStringAsync).toHaveBeenCalledTimes(1);
    expect(calls.decryptStringAsync).toHaveBeenCalledTimes(1);
    expect(calls.encryptString).not.toHaveBeenCalled();
    expect(calls.decryptString).not.toHaveBeenCalled();
  });

  it('falls back to the sync API on an Electron without the async one', async () => {
    const saved: Partial<AsyncApi> = {};
    const api = safeStorage as Partial<AsyncApi>;
    for (const name of ['isAsyncEncryptionAvailable', 'encryptStringAsync', 'decryptStringAsync'] as const) {
      Object.assign(saved, { [name]: api[name] });
      delete api[name];
    }
    try {
      const decryptString = vi.spyOn(safeStorage, 'decryptString');
      const cipher = await createSafeStorageCipher('linux');
      expect(await cipher.decrypt(await cipher.encrypt(SECRET))).toBe(SECRET);
      expect(decryptString).toHaveBeenCalledTimes(1);
      expect(await cipher.decryptWithStatus!(await cipher.encrypt(SECRET))).toEqual({
        plain: SECRET,
        shouldReEncrypt: false,
      });
    } finally {
      Object.assign(safeStorage, saved);
    }
  });

  it.each([
    ['linux', 'gnome_libsecret', 'gnome_libsecret', true],
    ['linux', 'kwallet6', 'kwallet6', true],
    ['linux', 'basic_text', 'basic_text', false],
    ['linux', 'unknown', 'unknown', false],
    ['darwin', 'ignored', 'keychain', true],
    ['win32', 'ignored', 'dpapi', true],
  ] as const)('on %s with backend %s reports %s, real=%s', async (platform, linuxBackend, name, real) => {
    resetElectronFake({ platform, ready: true });
    safeStorageWorld.backend = linuxBackend;
    const cipher = await createSafeStorageCipher(platform);
    expect(cipher.backend()).toBe(name);
    expect(cipher.isEncryptionReal()).toBe(real);
  });

  it('when encryption is unavailable: not real, and encrypt/decrypt reject without the secret', async () => {
    safeStorageWorld.asyncAvailable = false;
    const cipher = await createSafeStorageCipher('linux');
    expect(cipher.backend()).toBe('unavailable');
    expect(cipher.isEncryptionReal()).toBe(false);
    await expect(cipher.encrypt(SECRET)).rejects.toThrow('not available');
    await expect(cipher.decrypt('AAAA')).rejects.toThrow('not available');
  });

  it('when the availability probe itself throws, treats encryption as unavailable', async () => {
    vi.spyOn(safeStorage, 'isAsyncEncryptionAvailable').mockRejectedValue(new Error('keyring daemon crashed'));
    const cipher = await createSafeStorageCipher('linux');
    expect(cipher.isEncryptionReal()).toBe(false);
  });

  it('replaces safeStorage errors with its own, so a secret never travels in a message', async () => {
    const cipher = await createSafeStorageCipher('linux');
    safeStorageWorld.encryptFails = true;
    const error = await cipher.encrypt(SECRET).catch((e: unknown) => e);
    expect((error as Error).message).toBe('safeStorage could not encrypt (backend gnome_libsecret)');
    // Not ciphertext: Electron rejects (spec/api-safe-storage-spec.ts "unencrypted input should reject").
    await expect(cipher.decrypt(Buffer.from(SECRET).toString('base64'))).rejects.toThrow(
      'safeStorage could not decrypt (backend gnome_libsecret)',
    );
  });

  it('passes on shouldReEncrypt from decryptStringAsync after a key rotation', async () => {
    const cipher = await createSafeStorageCipher('linux');
    const sealed = await cipher.encrypt(SECRET);
    expect(await cipher.decryptWithStatus!(sealed)).toEqual({ plain: SECRET, shouldReEncrypt: false });
    rotateSafeStorageKey();
    expect(await cipher.decryptWithStatus!(sealed)).toEqual({ plain: SECRET, shouldReEncrypt: true });
  });
});

describe('the vault over the safeStorage cipher and a real conf store', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function sealedOnDisk(): string[] {
    const doc = JSON.parse(fs.readFileSync(`${dir}/accounts.json`, 'utf8')) as Record<string, unknown>;
    return sealedAccounts(doc).map((a) => a.sealedToken ?? '');
  }

  it('restores after a restart; under basic_text it keeps tokens off disk', async () => {
    const app = await startApp(dir, await createSafeStorageCipher('linux'));
    await saveLegacy(app.vault, [{ accountId: 'CR1', token: SECRET, currency: 'USD' }]);
    const restored = await restoreFlat((await startApp(dir, await createSafeStorageCipher('linux'))).vault);
    expect(restored.accounts[0]!.token).toBe(SECRET);
    expectNoTokenOnDisk(dir, [SECRET]);

    safeStorageWorld.backend = 'basic_text';
    const basic = await startApp(dir, await createSafeStorageCipher('linux'));
    expect((await restoreFlat(basic.vault)).accounts[0]!.token).toBe(SECRET);
    expect(basic.vault.persistence()).toMatchObject({
      backend: 'basic_text',
      encryptionAvailable: false,
      tokensPersisted: false,
    });
    expect(sealedOnDisk()).toEqual(['']);
  });

  it('after a key rotation, the next start seals the tokens again under the new key', async () => {
    const first = await startApp(dir, await createSafeStorageCipher('linux'));
    await saveLegacy(first.vault, [{ accountId: 'CR1', token: SECRET, currency: 'USD' }]);
    const [before] = sealedOnDisk();
    rotateSafeStorageKey();

    const second = await startApp(dir, await createSafeStorageCipher('linux'));
    expect((await restoreFlat(second.vault)).accounts[0]!.token).toBe(SECRET);
    const [after] = sealedOnDisk();
    expect(after).not.toBe(before);
    const check = await createSafeStorageCipher('linux');
    // Sealed again with what it was sealed with: the secret and where it may be sent.
    const opened = await check.decryptWithStatus!(after!);
    expect(opened.shouldReEncrypt).toBe(false);
    expect(JSON.parse(opened.plain)).toEqual({ api: 'legacy', destination: SAMPLE_DESTINATION, secret: SECRET });
    expectNoTokenOnDisk(dir, [SECRET]);
  });

  it("after a key rotation, a current-API login's sealed refresh token is sealed again too", async () => {
    const refreshToken = 'refresh-token-of-the-current-api';
    const first = await startApp(dir, await createSafeStorageCipher('linux'));
    await first.vault.saveGrant(
      {
        id: 'rot-login',
        api: 'current',
        source: 'oauth',
        destination: { appId: '41234', urls: ['https://api.derivws.com', 'https://auth.deriv.com'] },
        credential: { kind: 'oauth', accessToken: 'access-token-never-stored', refreshToken, expiresAt: 1 },
      },
      [{ accountId: 'ROT1', currency: 'USD', isVirtual: false }],
    );
    const sealedSecret = () =>
      (JSON.parse(fs.readFileSync(`${dir}/accounts.json`, 'utf8')) as { grants: { sealedSecret: string }[] }).grants[0]!
        .sealedSecret;
    const before = sealedSecret();
    rotateSafeStorageKey();

    const second = await startApp(dir, await createSafeStorageCipher('linux'));
    expect((await restoreFlat(second.vault)).accounts[0]!.credential).toMatchObject({ refreshToken });
    const after = sealedSecret();
    expect(after).not.toBe(before);
    const check = await createSafeStorageCipher('linux');
    const opened = await check.decryptWithStatus!(after);
    expect(opened.shouldReEncrypt).toBe(false);
    expect(JSON.parse(opened.plain)).toEqual({
      api: 'current',
      destination: { appId: '41234', urls: ['https://api.derivws.com', 'https://auth.deriv.com'] },
      secret: refreshToken,
    });
    expectNoTokenOnDisk(dir, [refreshToken, 'access-token-never-stored']);
  });
});
