/**
 * Opening the vault's document: read the store, migrate it, set a damaged or newer file aside,
 * unseal the tokens and credentials, and drop tokens that were stored without real encryption and
 * without the user's agreement. Never throws: every failure becomes a notice and a clean start.
 */
import { recordOf } from '../account-record';
import type { Logger } from '../logger';
import { type HeldCredential, restoredCredential, unsealCredential } from './credentials';
import { readDocument } from './migrations';
import type { KeyValueStore, SecretCipher, VaultNotice } from './ports';
import type { StoredSettings, UiPreferences, VaultDocument } from './schema';
import type { Sealer } from './sealing';
import { corruptNotice, errorName, moveAside } from './store-recovery';
import type { MemoryAccount, RestoredAccount } from './vault-types';

export interface LoadedVault {
  accounts: MemoryAccount[];
  credentials: HeldCredential[];
  activeAccountId: string | null;
  settings: StoredSettings | null;
  settingsRefused: boolean;
  preferences: UiPreferences;
  plaintextConsent: boolean | null;
  /** False after the file could neither be read nor moved aside: writing would destroy it. */
  writable: boolean;
  notices: VaultNotice[];
  /** Migrated, stripped or resealed while loading: the document must be written back. */
  mustWrite: boolean;
}

export interface LoadDeps {
  store: KeyValueStore;
  cipher: SecretCipher;
  log: Logger;
  sealer: Sealer;
  clock: () => number;
}

/** The problem that keeps an account from opening: its token's, or its credential's. */
export function problemOf(a: MemoryAccount, credentials: HeldCredential[]): 'decrypt_failed' | null {
  if (a.api === 'legacy') return a.problem;
  return credentials.find((c) => c.id === a.credentialId)?.problem ?? null;
}

/** Tokens reach the disk when encryption is real, or the user agreed to plaintext. */
export function mayPersistTokens(cipher: SecretCipher, plaintextConsent: boolean | null): boolean {
  return cipher.isEncryptionReal() || plaintextConsent === true;
}

export async function loadVault(deps: LoadDeps): Promise<LoadedVault> {
  const { store, cipher, log, sealer } = deps;
  const out: LoadedVault = {
    accounts: [],
    credentials: [],
    activeAccountId: null,
    settings: null,
    settingsRefused: false,
    preferences: {},
    plaintextConsent: null,
    writable: true,
    notices: [],
    mustWrite: false,
  };
  let raw: unknown;
  try {
    raw = store.readAll();
  } catch (error) {
    log.warn('accounts store unreadable', { error: errorName(error) });
    setAside(deps, out, 'corrupt');
    return out;
  }
  const read = readDocument(raw);
  switch (read.kind) {
    case 'empty':
      return out;
    case 'newer':
      log.warn('accounts store written by a newer version', { version: read.version });
      setAside(deps, out, 'newer', read.version);
      return out;
    case 'unrecognized':
      log.warn('accounts store has an unknown shape', { reason: read.reason });
      setAside(deps, out, 'corrupt');
      return out;
    case 'ok':
      break;
  }
  const doc = read.doc;
  if (read.refusedSettings !== null) {
    out.settingsRefused = true;
    log.warn('stored settings refused', { fields: read.refusedSettings });
    out.notices.push({
      code: 'settings_refused',
      level: 'warning',
      params: { fields: read.refusedSettings },
    });
  }
  out.activeAccountId = doc.activeLoginid;
  out.settings = doc.settings;
  out.preferences = doc.preferences;
  out.plaintextConsent = doc.plaintextConsent;
  out.accounts = await Promise.all(doc.accounts.map((a) => unseal(sealer, a)));
  out.credentials = await Promise.all(
    doc.credentials.map((c) => unsealCredential(c, cipher, log, (secret) => sealer.reseal(c.id, secret))),
  );

  const failed = out.accounts.filter((a) => problemOf(a, out.credentials) !== null).map((a) => a.accountId);
  if (failed.length > 0) {
    log.warn('saved tokens could not be decrypted', { accountIds: failed, backend: cipher.backend() });
    out.notices.push({
      code: 'token_decrypt_failed',
      level: 'warning',
      params: { accounts: failed },
    });
  }

  const mustStrip =
    !mayPersistTokens(cipher, out.plaintextConsent) &&
    [...out.accounts, ...out.credentials].some((a) => a.problem === null && a.sealed !== null);
  if (mustStrip) {
    // Tokens readable by anyone with the file, stored without the user's agreement (an older
    // version, or the keyring went away): keep them for this run only.
    for (const a of [...out.accounts, ...out.credentials]) if (a.problem === null) a.sealed = null;
    log.info('removed tokens stored without real encryption', { backend: cipher.backend() });
  }
  if (read.migratedFrom !== null) {
    log.info('accounts store migrated', { from: read.migratedFrom, to: doc.schemaVersion });
  }
  if (sealer.resealed) log.info('tokens sealed again under the rotated key');
  out.mustWrite = mustStrip || read.migratedFrom !== null || sealer.resealed;
  return out;
}

function setAside(deps: LoadDeps, out: LoadedVault, label: 'corrupt' | 'newer', version?: number): void {
  const moved = moveAside(deps.store.path, label, deps.clock());
  if (!moved.ok) {
    out.writable = false;
    out.notices.push({
      code: 'store_unavailable',
      level: 'error',
      params: { path: deps.store.path },
    });
    return;
  }
  if (moved.asidePath === null) return;
  out.notices.push(
    label === 'newer'
      ? {
          code: 'store_newer_version',
          level: 'warning',
          params: { asidePath: moved.asidePath, version: version ?? null },
        }
      : corruptNotice(moved.asidePath),
  );
}

async function unseal(sealer: Sealer, a: VaultDocument['accounts'][number]): Promise<MemoryAccount> {
  // At rest (schema v5) the account id is still stored as `loginid`; in memory it is `accountId`.
  const base = { ...recordOf({ ...a, accountId: a.loginid }), credentialId: a.credentialId, updatedAt: a.updatedAt };
  if (a.sealedToken === null) return { ...base, token: null, sealed: null, problem: null };
  return { ...base, ...(await sealer.unsealToken(a.loginid, a.sealedToken)) };
}

/** The accounts as restored, with what opens them (for the session, never for display). */
export function restoredAccounts(accounts: MemoryAccount[], credentials: HeldCredential[]): RestoredAccount[] {
  return accounts.map((a) => {
    const held = a.api === 'legacy' ? undefined : credentials.find((c) => c.id === a.credentialId);
    return {
      ...recordOf(a),
      token: a.token,
      credential:
        a.api === 'legacy' ? (a.token === null ? null : { kind: 'token', token: a.token }) : restoredCredential(held),
      problem: problemOf(a, credentials),
      ...(held?.kind === 'pat' ? { patAppId: held.appId } : {}),
    };
  });
}
