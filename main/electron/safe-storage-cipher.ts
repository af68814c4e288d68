/**
 * `SecretCipher` over Electron's `safeStorage`. Create it after `app` is ready: before that the
 * Linux backend reads `unknown` and the async encryptor cannot initialise.
 *
 * Uses the async API (`encryptStringAsync` / `decryptStringAsync`) when this Electron has it,
 * otherwise the sync one. On Linux the backend may be `basic_text` (no keyring): the data is then
 * only obfuscated with a key every Chromium build knows, so `isEncryptionReal()` is false and the
 * vault keeps tokens off disk unless the user agrees.
 */
import { safeStorage } from 'electron';

import type { SecretCipher } from '../core/vault/ports';

/** Backends that do not protect the data (or where we cannot tell yet). */
const NOT_REAL = new Set(['basic_text', 'unknown', 'unavailable']);

export function storageBackendName(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'linux':
      return safeStorage.getSelectedStorageBackend();
    case 'darwin':
      return 'keychain';
    case 'win32':
      return 'dpapi';
    default:
      return 'unknown';
  }
}

export async function createSafeStorageCipher(platform: NodeJS.Platform = process.platform): Promise<SecretCipher> {
  const asyncApi =
    typeof safeStorage.isAsyncEncryptionAvailable === 'function' &&
    typeof safeStorage.encryptStringAsync === 'function' &&
    typeof safeStorage.decryptStringAsync === 'function';
  let available: boolean;
  try {
    available = asyncApi ? await safeStorage.isAsyncEncryptionAvailable() : safeStorage.isEncryptionAvailable();
  } catch {
    available = false;
  }
  const backend = available ? storageBackendName(platform) : 'unavailable';
  const real = available && !NOT_REAL.has(backend);

  /** `decryptStringAsync` resolves `{ shouldReEncrypt, result }`: after a key rotation the vault re-seals. */
  const open = async (sealedBase64: string): Promise<{ plain: string; shouldReEncrypt: boolean }> => {
    if (!available) throw new Error('safeStorage encryption is not available');
    const sealed = Buffer.from(sealedBase64, 'base64');
    try {
      if (!asyncApi) return { plain: safeStorage.decryptString(sealed), shouldReEncrypt: false };
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed);
      return { plain: result, shouldReEncrypt: shouldReEncrypt === true };
    } catch {
      throw new Error(`safeStorage could not decrypt (backend ${backend})`);
    }
  };

  return {
    backend: () => backend,
    isEncryptionReal: () => real,
    async encrypt(plain) {
      // safeStorage's own error would not quote the input, but keep ours fixed anyway.
      if (!available) throw new Error('safeStorage encryption is not available');
      try {
        const sealed = asyncApi ? await safeStorage.encryptStringAsync(plain) : safeStorage.encryptString(plain);
        return sealed.toString('base64');
      } catch {
        throw new Error(`safeStorage could not encrypt (backend ${backend})`);
      }
    },
    async decrypt(sealedBase64) {
      return (await open(sealedBase64)).plain;
    },
    decryptWithStatus: open,
  };
}
