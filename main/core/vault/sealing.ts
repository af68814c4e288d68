/**
 * Legacy tokens through the `SecretCipher`: sealing (a failure is collected, to be told once per
 * operation), unsealing with the check that a cipher without authentication did not "succeed" with
 * the wrong key, and sealing again under a rotated key.
 */
import { TOKEN_PATTERN } from '../deriv-patterns';
import type { Logger } from '../logger';
import type { SecretCipher, VaultNotice } from './ports';
import { errorName } from './store-recovery';

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

  /** The token a sealed blob holds, or `decrypt_failed` (the blob is kept for a later keyring). */
  async unsealToken(
    accountId: string,
    sealedToken: string,
  ): Promise<{ token: string | null; sealed: string; problem: 'decrypt_failed' | null }> {
    try {
      const opened = this.cipher.decryptWithStatus
        ? await this.cipher.decryptWithStatus(sealedToken)
        : { plain: await this.cipher.decrypt(sealedToken), shouldReEncrypt: false };
      const token = opened.plain;
      // A cipher without authentication can "succeed" with the wrong key: check the result.
      if (TOKEN_PATTERN.test(token)) {
        // After a key rotation the old blob still opens; seal it under the new key (kept if that fails).
        const resealed = opened.shouldReEncrypt ? await this.reseal(accountId, token) : null;
        return { token, sealed: resealed ?? sealedToken, problem: null };
      }
      this.log.warn('decrypted token has an invalid form', { accountId });
    } catch (error) {
      this.log.warn('token decryption failed', { accountId, error: errorName(error) });
    }
    return { token: null, sealed: sealedToken, problem: 'decrypt_failed' };
  }
}

/** One notice for an operation whose encryption failed, naming all its accounts; null if none. */
export function encryptFailedNotice(failed: string[]): VaultNotice | null {
  const accounts = [...new Set(failed)];
  return accounts.length > 0 ? { code: 'token_encrypt_failed', level: 'warning', params: { accounts } } : null;
}
