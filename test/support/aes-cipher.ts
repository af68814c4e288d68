/**
 * A real `SecretCipher` for tests: AES-256-GCM from node:crypto. Output is
 * base64(iv ‖ tag ‖ ciphertext); a wrong key or a flipped byte makes `decrypt` reject (GCM
 * authenticates), which is how a changed keyring looks to the vault.
 *
 * `backend: 'basic_text'` models Linux without a keyring: still encrypted with a key anyone can
 * find (as Chromium's hard-coded one), so `isEncryptionReal()` is false.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

import type { SecretCipher } from '../../main/core/vault/ports';

export interface AesCipherOptions {
  /** Key material; the same passphrase gives the same key (a "restart" with the same keyring). */
  passphrase?: string;
  backend?: string;
  /** Defaults to `backend !== 'basic_text'`. */
  real?: boolean;
  /** Makes `encrypt` reject, as safeStorage does when the keyring refuses. */
  failEncrypt?: boolean;
}

// scrypt is deliberately slow; tests build many ciphers from few passphrases.
const keys = new Map<string, Buffer>();
function keyFor(passphrase: string): Buffer {
  let key = keys.get(passphrase);
  if (!key) {
    key = scryptSync(passphrase, 'aes-cipher-test-salt', 32);
    keys.set(passphrase, key);
  }
  return key;
}

export class AesCipher implements SecretCipher {
  readonly #key: Buffer;
  readonly #backend: string;
  readonly #real: boolean;
  readonly #failEncrypt: boolean;
  encryptCalls = 0;
  decryptCalls = 0;

  constructor(opts: AesCipherOptions = {}) {
    this.#key = keyFor(opts.passphrase ?? 'test-keyring');
    this.#backend = opts.backend ?? 'gnome_libsecret';
    this.#real = opts.real ?? this.#backend !== 'basic_text';
    this.#failEncrypt = opts.failEncrypt ?? false;
  }

  backend(): string {
    return this.#backend;
  }

  isEncryptionReal(): boolean {
    return this.#real;
  }

  async encrypt(plain: string): Promise<string> {
    this.encryptCalls++;
    if (this.#failEncrypt) throw new Error('encryption refused by the keyring');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async decrypt(sealedBase64: string): Promise<string> {
    this.decryptCalls++;
    const raw = Buffer.from(sealedBase64, 'base64');
    if (raw.length < 28) throw new Error('sealed data too short');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
