/**
 * Current-API credentials in the vault: one per login, shared by the accounts of that login (the
 * account list a credential opens is the user's, so they all renew together). Only what survives a
 * restart is held here: the refresh token (OAuth) or the PAT, sealed with the same cipher as legacy
 * tokens. An access token is never kept: after a restart the backend refreshes it first.
 */
import type { Credential } from '../backend/port';
import { CREDENTIAL_SECRET_PATTERN } from '../deriv-patterns';
import type { Logger } from '../logger';
import type { SecretCipher } from './ports';
import type { CurrentCredential, StoredCredential } from './schema';
import { errorName } from './store-recovery';

export interface HeldCredential {
  id: string;
  kind: 'oauth' | 'pat';
  /** PAT: its `Deriv-App-ID`; OAuth: the client id of the grant. */
  appId: string;
  /** The refresh token or PAT; null when it failed to decrypt, or an OAuth grant without refresh token. */
  secret: string | null;
  /** The sealed form of `secret` (or the unreadable blob when `problem` is set); null when not sealed. */
  sealed: string | null;
  problem: 'decrypt_failed' | null;
  updatedAt: number;
}

/** What of a credential outlives the process: the refresh token or the PAT. */
export function durableSecretOf(credential: CurrentCredential): string | null {
  return credential.kind === 'oauth' ? credential.refreshToken : credential.token;
}

/**
 * The credential a restored account is opened with, or null when nothing usable survived. A
 * restored OAuth credential has no access token and has expired (`expiresAt: 0`): the backend
 * refreshes it before its first request.
 */
export function restoredCredential(held: HeldCredential | undefined): Credential | null {
  if (!held || held.secret === null) return null;
  return held.kind === 'oauth'
    ? { kind: 'oauth', accessToken: '', refreshToken: held.secret, expiresAt: 0 }
    : { kind: 'pat', token: held.secret, appId: held.appId };
}

export async function unsealCredential(
  stored: StoredCredential,
  cipher: SecretCipher,
  log: Logger,
  /** Seals a secret again after a key rotation; null when that failed (the old blob is kept). */
  reseal: (secret: string) => Promise<string | null>,
): Promise<HeldCredential> {
  const base = { id: stored.id, kind: stored.kind, appId: stored.appId, updatedAt: stored.updatedAt };
  if (stored.sealedSecret === null) return { ...base, secret: null, sealed: null, problem: null };
  try {
    const opened = cipher.decryptWithStatus
      ? await cipher.decryptWithStatus(stored.sealedSecret)
      : { plain: await cipher.decrypt(stored.sealedSecret), shouldReEncrypt: false };
    const secret = opened.plain;
    // A cipher without authentication can "succeed" with the wrong key: check the result.
    if (CREDENTIAL_SECRET_PATTERN.test(secret)) {
      const resealed = opened.shouldReEncrypt ? await reseal(secret) : null;
      return { ...base, secret, sealed: resealed ?? stored.sealedSecret, problem: null };
    }
    log.warn('decrypted credential has an invalid form', { credential: stored.id, kind: stored.kind });
  } catch (error) {
    log.warn('credential decryption failed', { credential: stored.id, kind: stored.kind, error: errorName(error) });
  }
  return { ...base, secret: null, sealed: stored.sealedSecret, problem: 'decrypt_failed' };
}

export function storedCredentialOf(held: HeldCredential, mayPersist: boolean): StoredCredential {
  return {
    id: held.id,
    kind: held.kind,
    appId: held.appId,
    // An undecryptable blob is kept: it is unreadable to us too, and opens again if the keyring returns.
    sealedSecret: held.problem !== null || mayPersist ? held.sealed : null,
    updatedAt: held.updatedAt,
  };
}

/**
 * Gives the credential of these accounts a renewed secret (sealed by `seal`, or null when tokens
 * may not persist). A renewal without a durable secret keeps the previous one. Returns whether any changed.
 */
export async function renewHeldCredentials(
  held: { accounts: readonly { accountId: string; credentialId: string | null }[]; credentials: HeldCredential[] },
  accountIds: string[],
  secret: string | null,
  seal: (credential: HeldCredential) => Promise<string | null> | null,
  now: () => number,
): Promise<boolean> {
  const ids = new Set(
    held.accounts.filter((a) => accountIds.includes(a.accountId) && a.credentialId !== null).map((a) => a.credentialId),
  );
  let changed = false;
  for (const c of held.credentials) {
    if (!ids.has(c.id) || secret === null || (c.secret === secret && c.problem === null)) continue;
    c.secret = secret;
    c.problem = null;
    c.sealed = await seal(c);
    c.updatedAt = now();
    changed = true;
  }
  return changed;
}
