/**
 * `safeStorage` with the shapes of docs/api/safe-storage.md and spec/api-safe-storage-spec.ts:
 * `encryptStringAsync` → Buffer; `decryptStringAsync` → `{ shouldReEncrypt, result }`, where
 * `shouldReEncrypt` is true for data sealed under a key that has since been rotated; decrypting
 * something that is not ciphertext throws (sync) or rejects (async). The sealing is real AES-GCM so a
 * test can look for plaintext on disk.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { world } from './events';

export const safeStorageWorld = {
  backend: 'gnome_libsecret',
  available: true,
  asyncAvailable: true,
  keys: [randomBytes(32)],
  encryptFails: false,
};

/** Key rotation: new data is sealed under a new key; old data still opens but asks to be re-sealed. */
export function rotateSafeStorageKey(): void {
  safeStorageWorld.keys.push(randomBytes(32));
}

const MAGIC = Buffer.from('v1');

function seal(plain: string): Buffer {
  if (typeof plain !== 'string') throw new TypeError('plainText must be a string');
  if (safeStorageWorld.encryptFails || !safeStorageWorld.available)
    throw new Error('Error while encrypting the text provided to safeStorage.encryptString.');
  const version = safeStorageWorld.keys.length - 1;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', safeStorageWorld.keys[version]!, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from([version]), iv, cipher.getAuthTag(), body]);
}

function open(sealed: Buffer): { result: string; shouldReEncrypt: boolean } {
  if (!Buffer.isBuffer(sealed)) throw new TypeError('Expected the first argument of decryptString() to be a buffer');
  const version = sealed[2];
  const key = version === undefined ? undefined : safeStorageWorld.keys[version];
  if (!sealed.subarray(0, 2).equals(MAGIC) || !key)
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(3, 15));
    decipher.setAuthTag(sealed.subarray(15, 31));
    const result = Buffer.concat([decipher.update(sealed.subarray(31)), decipher.final()]).toString('utf8');
    return { result, shouldReEncrypt: version !== safeStorageWorld.keys.length - 1 };
  } catch {
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  }
}

export const safeStorage = {
  isEncryptionAvailable: (): boolean => safeStorageWorld.available,
  isAsyncEncryptionAvailable: async (): Promise<boolean> => safeStorageWorld.asyncAvailable,
  /** Linux only (electron.d.ts: "@platform linux"). */
  getSelectedStorageBackend(): string {
    if (world.platform !== 'linux') throw new Error('safeStorage.getSelectedStorageBackend is only available on Linux');
    return safeStorageWorld.backend;
  },
  encryptString: (plain: string): Buffer => seal(plain),
  decryptString: (sealed: Buffer): string => open(sealed).result,
  encryptStringAsync: async (plain: string): Promise<Buffer> => seal(plain),
  decryptStringAsync: async (sealed: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> => open(sealed),
};

export function resetSafeStorageWorld(): void {
  Object.assign(safeStorageWorld, {
    backend: 'gnome_libsecret',
    available: true,
    asyncAvailable: true,
    keys: [randomBytes(32)],
    encryptFails: false,
  });
}
