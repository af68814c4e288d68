/**
 * Secrets through the `SecretCipher`: sealing each together with where it may be sent (a failure
 * is collected, to be told once per operation), unsealing with the checks that a cipher without
 * authentication did not "succeed" with the wrong key and that the secret is still bound for where
 * the store says, and sealing again under a rotated key (or, once, a secret an earlier version
 * sealed alone: with its destination).
 *
 * Why sealed together: another program that can write the store but not read the keyring could
 * otherwise point the stored addresses at its own listener, and the app would open the secret and
 * send it there. The destination inside the sealed blob cannot be changed without the keyring's key.
 */
import { z } from 'zod';

import type { Logger } from '../logger';
import { type DerivApi, equalDestinations, type GrantDestination } from '../model';
import type { SecretCipher, VaultNotice } from './ports';
import { derivApiSchema, grantDestinationSchema } from './schema';
import { errorName } from './store-recovery';

/** A secret held by the vault: in clear in memory, its sealed form for the disk. */
export interface HeldSecret {
  /** Null when it could not be used (see `problem`), or there is none (an OAuth grant without refresh token). */
  plain: string | null;
  /** The sealed form of `plain` (or the unusable blob when `problem` is set); null when not sealed. */
  sealed: string | null;
  /**
   * `decrypt_failed`: the blob does not open (the keyring changed); `destination_changed`: it opens
   * but was sealed for another API or destination than the store names (the file was edited).
   */
  problem: 'decrypt_failed' | 'destination_changed' | null;
  /** `sealed` holds the secret alone (an earlier version's, not opened yet): bound once it opens. */
  bare?: true;
}

/** What a secret is sealed with: the API and the destination it may be sent to. */
export interface Binding {
  api: DerivApi;
  destination: GrantDestination;
}

/** What the cipher seals: the secret with its binding (JSON; a secret alone never starts with `{`). */
const boundPayloadSchema = z.object({
  api: derivApiSchema,
  destination: grantDestinationSchema,
  secret: z.string(),
});

function payloadOf(secret: string, { api, destination }: Binding): string {
  const to = { ...(destination.demo ? { demo: true } : {}), appId: destination.appId, urls: [...destination.urls] };
  return JSON.stringify({ api, destination: to, secret });
}

function parsePayload(plain: string): z.infer<typeof boundPayloadSchema> | null {
  if (!plain.startsWith('{')) return null;
  try {
    const parsed = boundPayloadSchema.safeParse(JSON.parse(plain));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class Sealer {
  /** Set once a secret was sealed again (a rotated key, or bound to its destination): the file is then rewritten. */
  resealed = false;

  constructor(
    private readonly cipher: SecretCipher,
    private readonly log: Logger,
  ) {}

  /** The token sealed with its binding, or null with `name` added to the operation's `failed` list. */
  async seal(name: string, token: string, binding: Binding, failed: string[]): Promise<string | null> {
    try {
      return await this.cipher.encrypt(payloadOf(token, binding));
    } catch (error) {
      this.log.warn('token encryption failed', { accountId: name, error: errorName(error) });
      failed.push(name);
      return null;
    }
  }

  /** Seals again (a key rotation, or a bare secret bound); null when that failed (the caller keeps the old blob). */
  private async reseal(name: string, secret: string, binding: Binding): Promise<string | null> {
    try {
      const sealed = await this.cipher.encrypt(payloadOf(secret, binding));
      this.resealed = true;
      return sealed;
    } catch (error) {
      this.log.warn('token could not be sealed under the new key', { accountId: name, error: errorName(error) });
      return null;
    }
  }

  /**
   * The secret a sealed blob holds, if it has `form` (a legacy token's pattern, or a refresh
   * token's or PAT's) and was sealed with `binding` (the API and destination the store names for
   * it); else `decrypt_failed` or `destination_changed`, the blob kept (for a later keyring, or a
   * store put back). `bareAllowed`: the blob may be an earlier version's, the secret alone
   * (`migrate-v7`); it is then sealed again with `binding`. `name` names it in logs (an account or
   * grant id, never the secret).
   */
  async unseal(
    name: string,
    sealed: string,
    form: RegExp,
    binding: Binding,
    { bareAllowed }: { bareAllowed: boolean },
  ): Promise<HeldSecret> {
    try {
      const opened = this.cipher.decryptWithStatus
        ? await this.cipher.decryptWithStatus(sealed)
        : { plain: await this.cipher.decrypt(sealed), shouldReEncrypt: false };
      const payload = parsePayload(opened.plain);
      // A cipher without authentication can "succeed" with the wrong key: check the result.
      if (payload !== null && form.test(payload.secret)) {
        if (payload.api !== binding.api || !equalDestinations(payload.destination, binding.destination)) {
          this.log.warn('saved secret was sealed for another destination than the store names', { name });
          return { plain: null, sealed, problem: 'destination_changed' };
        }
        // After a key rotation the old blob still opens; seal it under the new key (kept if that fails).
        const resealed = opened.shouldReEncrypt ? await this.reseal(name, payload.secret, binding) : null;
        return { plain: payload.secret, sealed: resealed ?? sealed, problem: null };
      }
      if (payload === null && form.test(opened.plain)) {
        // The secret alone: an earlier version's, sealed now with where it may go (kept bare if
        // that fails). In a store that says its secrets are bound, it was put there to be sent
        // wherever the file says: not used.
        if (!bareAllowed) {
          this.log.warn('saved secret was sealed without its destination', { name });
          return { plain: null, sealed, problem: 'destination_changed' };
        }
        const bound = await this.reseal(name, opened.plain, binding);
        return bound !== null
          ? { plain: opened.plain, sealed: bound, problem: null }
          : { plain: opened.plain, sealed, problem: null, bare: true };
      }
      this.log.warn('decrypted secret has an invalid form', { name });
    } catch (error) {
      this.log.warn('secret decryption failed', { name, error: errorName(error) });
    }
    return { plain: null, sealed, problem: 'decrypt_failed', ...(bareAllowed ? { bare: true as const } : {}) };
  }
}

/** One notice for an operation whose encryption failed, naming all its accounts; null if none. */
export function encryptFailedNotice(failed: string[]): VaultNotice | null {
  const accounts = [...new Set(failed)];
  return accounts.length > 0 ? { code: 'token_encrypt_failed', level: 'warning', params: { accounts } } : null;
}
