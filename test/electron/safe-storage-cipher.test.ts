/**
 * The safeStorage cipher adapter against a fake `safeStorage` shaped like Electron 45's
 * (`electron.d.ts`): which API it picks, what it calls the backend, when encryption counts as
 * real, and that no error it raises carries the secret.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  // Reversible stand-in for the OS keyring: a prefix and a byte flip, like Chromium's `v11` blobs.
  const seal = (s: string) => Buffer.concat([Buffer.from('v11'), Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)]);
  const open = (b: Buffer) => {
    if (b.subarray(0, 3).toString() !== 'v11')
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(b.subarray(3).map((x) => x ^ 0x5a)).toString('utf8');
  };
  const state = {
    backend: 'gnome_libsecret' as string,
    asyncAvailable: true,
    syncAvailable: true,
    encryptFails: false,
  };
  const safeStorage: Record<string, unknown> = {};
  const reset = () => {
    for (const k of Object.keys(safeStorage)) delete safeStorage[k];
    Object.assign(safeStorage, {
      getSelectedStorageBackend: vi.fn(() => state.backend),
      isAsyncEncryptionAvailable: vi.fn(async () => state.asyncAvailable),
      isEncryptionAvailable: vi.fn(() => state.syncAvailable),
      encryptStringAsync: vi.fn(async (s: string) => {
        if (state.encryptFails) throw new Error(`could not encrypt ${s}`);
        return seal(s);
      }),
      decryptStringAsync: vi.fn(async (b: Buffer) => ({ shouldReEncrypt: false, result: open(b) })),
      encryptString: vi.fn((s: string) => seal(s)),
      decryptString: vi.fn((b: Buffer) => open(b)),
    });
  };
  return { state, safeStorage, reset };
});

vi.mock('electron', () => ({ safeStorage: fake.safeStorage, default: { safeStorage: fake.safeStorage } }));

const { createSafeStorageCipher } = await import('../../main/electron/safe-storage-cipher');

beforeEach(() => {
  Object.assign(fake.state, {
    backend: 'gnome_libsecret',
    asyncAvailable: true,
    syncAvailable: true,
    encryptFails: false,
  });
  fake.reset();
});

const SECRET = 'a1-SecretTokenValue42';

describe('createSafeStorageCipher', () => {
  it('uses the async API when Electron has it, and round-trips through base64', async () => {
    const cipher = await createSafeStorageCipher('linux');
    const sealed = await cipher.encrypt(SECRET);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain(SECRET);
    expect(await cipher.decrypt(sealed)).toBe(SECRET);
    expect(fake.safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
    expect(fake.safeStorage.decryptStringAsync).toHaveBeenCalledTimes(1);
    expect(fake.safeStorage.encryptString).not.toHaveBeenCalled();
    expect(fake.safeStorage.decryptString).not.toHaveBeenCalled();
  });

  it('falls back to the sync API on an Electron without the async one', async () => {
    delete fake.safeStorage.isAsyncEncryptionAvailable;
    delete fake.safeStorage.encryptStringAsync;
    delete fake.safeStorage.decryptStringAsync;
    const cipher = await createSafeStorageCipher('linux');
    expect(await cipher.decrypt(await cipher.encrypt(SECRET))).toBe(SECRET);
    expect(fake.safeStorage.isEncryptionAvailable).toHaveBeenCalled();
    expect(fake.safeStorage.encryptString).toHaveBeenCalledTimes(1);
    expect(fake.safeStorage.decryptString).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['linux', 'gnome_libsecret', 'gnome_libsecret', true],
    ['linux', 'kwallet6', 'kwallet6', true],
    ['linux', 'basic_text', 'basic_text', false],
    ['linux', 'unknown', 'unknown', false],
    ['darwin', 'ignored', 'keychain', true],
    ['win32', 'ignored', 'dpapi', true],
  ] as const)('on %s with backend %s reports %s, real=%s', async (platform, linuxBackend, name, real) => {
    fake.state.backend = linuxBackend;
    const cipher = await createSafeStorageCipher(platform);
    expect(cipher.backend()).toBe(name);
    expect(cipher.isEncryptionReal()).toBe(real);
    if (platform !== 'linux') expect(fake.safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('when encryption is unavailable: not real, and encrypt/decrypt reject without the secret', async () => {
    fake.state.asyncAvailable = false;
    const cipher = await createSafeStorageCipher('linux');
    expect(cipher.backend()).toBe('unavailable');
    expect(cipher.isEncryptionReal()).toBe(false);
    await expect(cipher.encrypt(SECRET)).rejects.toThrow('not available');
    await expect(cipher.decrypt('AAAA')).rejects.toThrow('not available');
    expect(fake.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('when the availability probe itself throws, treats encryption as unavailable', async () => {
    fake.safeStorage.isAsyncEncryptionAvailable = vi.fn(async () => {
      throw new Error('keyring daemon crashed');
    });
    const cipher = await createSafeStorageCipher('linux');
    expect(cipher.isEncryptionReal()).toBe(false);
  });

  it('replaces safeStorage errors with its own, so a secret never travels in a message', async () => {
    fake.state.encryptFails = true;
    const cipher = await createSafeStorageCipher('linux');
    const error = await cipher.encrypt(SECRET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('safeStorage could not encrypt (backend gnome_libsecret)');
    await expect(cipher.decrypt(Buffer.from('garbage').toString('base64'))).rejects.toThrow(
      'safeStorage could not decrypt (backend gnome_libsecret)',
    );
  });
});

describe('the vault over the safeStorage cipher and a real conf store', () => {
  let dir: string;
  beforeEach(async () => {
    const { makeTempDir } = await import('../support/temp-dir');
    dir = makeTempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('restores after a restart; under basic_text it keeps tokens off disk', async () => {
    const { startApp, expectNoTokenOnDisk } = await import('../vault/helpers');
    const app = await startApp(dir, await createSafeStorageCipher('linux'));
    await app.vault.saveLogin([{ loginid: 'CR1', token: SECRET, currency: 'USD' }]);
    const restored = await (await startApp(dir, await createSafeStorageCipher('linux'))).vault.restore();
    expect(restored.accounts[0]!.token).toBe(SECRET);
    expectNoTokenOnDisk(dir, [SECRET]);

    fake.state.backend = 'basic_text';
    const basic = await startApp(dir, await createSafeStorageCipher('linux'));
    // The fake keyring's blob still opens under basic_text here, so the vault takes it off disk.
    expect((await basic.vault.restore()).accounts[0]!.token).toBe(SECRET);
    expect(basic.vault.persistence()).toMatchObject({
      backend: 'basic_text',
      encryptionAvailable: false,
      tokensPersisted: false,
    });
    const onDisk = JSON.parse(fs.readFileSync(`${dir}/accounts.json`, 'utf8')) as {
      accounts: Array<{ sealedToken: unknown }>;
    };
    expect(onDisk.accounts[0]!.sealedToken).toBeNull();
  });
});
