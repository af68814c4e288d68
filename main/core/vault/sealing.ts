/**
 * Secrets through the `SecretCipher`: sealing (a failure is collected, to be told once per
 * operation), unsealing with the check that a cipher without authentication did not "succeed" with
 * the wrong key, and sealing again under a rotated key.
 */
import type { Logger } from '../logger';
import type { SecretCipher, VaultNotice } from './ports';
import { errorName } from './store-recovery';

/** A secret held by the vault: in clear in memory, its sealed form for the disk. */
export interface HeldSecret {
  /** Null when it failed to decrypt (see `problem`), or there is none (an OAuth grant without refresh token). */
  plain: string | null;
  /** The sealed form of `plain` (or the unreadable blob when `problem` is set); null when not sealed. */
  sealed: string | null;
  problem: 'decrypt_failed' | null;
}

export class Sealer {
  /** Set once a secret was sealed again under a rotated key (the file is then rewritten). */
  resealed = false;

  constructor(
    private readonly cipher: SecretCipher,
    private readonly log: Logger,
  ) {}

  /** The sealed token, or null with `name` added to the operation's `failed` list. */
  async seal(name: string, token: string, failed: string[]): Promise<string | null> {
    try {
      return await this.cipher.encrypt(token);
    } catch (error) {
      this.log.warn('token encryption failed', { accountId: name, error: errorName(error) });
      failed.push(name);
      return null;
    }
  }

  /** Seals again after a key rotation; null when that failed (the caller keeps the old blob). */
  async reseal(name: string, secret: string): Promise<string | null> {
    try {
      const sealed = await this.cipher.encrypt(secret);
      this.resealed = true;
      return sealed;
    } catch (error) {
      this.log.warn('token could not be sealed under the new key', { accountId: name, error: errorName(error) });
      return null;
    }
  }

  /**
   * The secret a sealed blob holds, if it has `form` (a legacy token's pattern, or a refresh
   * token's or PAT's); else `decrypt_failed`, the blob kept for a later keyring. `name` names it in
   * logs (an account or grant id, never the secret).
   */
  async unseal(name: string, sealed: string, form: RegExp): Promise<HeldSecret> {
    try {
      const opened = this.cipher.decryptWithStatus
        ? await this.cipher.decryptWithStatus(sealed)
        : { plain: await this.cipher.decrypt(sealed), shouldReEncrypt: false };
      const plain = opened.plain;
      // A cipher without authentication can "succeed" with the wrong key: check the result.
      if (form.test(plain)) {
        // After a key rotation the old blob still opens; seal it under the new key (kept if that fails).
        const resealed = opened.shouldReEncrypt ? await this.reseal(name, plain) : null;
        return { plain, sealed: resealed ?? sealed, problem: null };
      }
      this.log.warn('decrypted secret has an invalid form', { name });
    } catch (error) {
      this.log.warn('secret decryption failed', { name, error: errorName(error) });
    }
    return { plain: null, sealed, problem: 'decrypt_failed' };
  }
}

/** One notice for an operation whose encryption failed, naming all its accounts; null if none. */
export function encryptFailedNotice(failed: string[]): VaultNotice | null {
  const accounts = [...new Set(failed)];
  return accounts.length > 0 ? { code: 'token_encrypt_failed', level: 'warning', params: { accounts } } : null;
}
