/**
 * Opening the vault's document: read the store, migrate it, set a damaged or newer file aside,
 * unseal the tokens and credentials, and drop tokens that were stored without real encryption and
 * without the user's agreement. Never throws: every failure becomes a notice and a clean start.
 */
import type { Logger } from '../logger';
import { DEFAULT_PREFERENCES, type Preferences } from '../model';
import { type MemoryGrant, problemOf, restoredGrant, secretsOf, unsealGrant } from './grants';
import { readDocument } from './migrations';
import type { KeyValueStore, SecretCipher, VaultNotice } from './ports';
import type { LastBalances, StoredSettings } from './schema';
import type { Sealer } from './sealing';
import { corruptNotice, errorName, moveAside } from './store-recovery';
import type { MemoryAccount, RestoreResult } from './vault-types';

export interface LoadedVault {
  grants: MemoryGrant[];
  accounts: MemoryAccount[];
  activeAccountId: string | null;
  settings: StoredSettings | null;
  settingsRefused: boolean;
  preferences: Preferences;
  plaintextConsent: boolean | null;
  /** Each stored account's last known balance (not a secret). */
  lastBalances: LastBalances;
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

/** Tokens reach the disk when encryption is real, or the user agreed to plaintext. */
export function mayPersistTokens(cipher: SecretCipher, plaintextConsent: boolean | null): boolean {
  return cipher.isEncryptionReal() || plaintextConsent === true;
}

export async function loadVault(deps: LoadDeps): Promise<LoadedVault> {
  const { store, cipher, log, sealer } = deps;
  const out: LoadedVault = {
    grants: [],
    accounts: [],
    activeAccountId: null,
    settings: null,
    settingsRefused: false,
    preferences: DEFAULT_PREFERENCES,
    plaintextConsent: null,
    lastBalances: {},
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
  if (read.refusedPreferences.length > 0)
    log.warn('stored preferences refused, the others kept', { fields: read.refusedPreferences });
  out.activeAccountId = doc.activeAccountId;
  out.settings = doc.settings;
  out.preferences = doc.preferences;
  out.plaintextConsent = doc.plaintextConsent;
  out.lastBalances = { ...doc.lastBalances };
  out.accounts = doc.accounts.map(({ accountId, ...a }) => ({ ...a, accountId: accountId }));
  out.grants = await Promise.all(doc.grants.map((g) => unsealGrant(g, sealer)));

  const grantOf = (a: MemoryAccount) => out.grants.find((g) => g.id === a.grantId);
  // Those sealed for another destination than the file names are the app's to tell (with the
  // ones whose destination changed in the settings): one notice for both, `saved_addresses_changed`.
  const failed = out.accounts
    .filter((a) => problemOf(grantOf(a), a.accountId) === 'decrypt_failed')
    .map((a) => a.accountId);
  if (failed.length > 0) {
    log.warn('saved tokens could not be decrypted', { accountIds: failed, backend: cipher.backend() });
    out.notices.push({
      code: 'token_decrypt_failed',
      level: 'warning',
      params: { accounts: failed },
    });
  }

  const secrets = out.grants.flatMap(secretsOf).map(([, s]) => s);
  const mustStrip =
    !mayPersistTokens(cipher, out.plaintextConsent) && secrets.some((s) => s.problem === null && s.sealed !== null);
  if (mustStrip) {
    // Tokens readable by anyone with the file, stored without the user's agreement (an older
    // version, or the keyring went away): keep them for this run only.
    for (const s of secrets) if (s.problem === null) s.sealed = null;
    log.info('removed tokens stored without real encryption', { backend: cipher.backend() });
  }
  if (read.migratedFrom !== null) {
    log.info('accounts store migrated', { from: read.migratedFrom, to: doc.schemaVersion });
  }
  if (sealer.resealed) log.info('tokens sealed again (under a rotated key, or with their destination)');
  out.mustWrite = mustStrip || read.migratedFrom !== null || sealer.resealed || read.refusedPreferences.length > 0;
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

/** The grants and accounts as restored, with what opens them (for the session, never for display). */
export function restoredState(
  grants: MemoryGrant[],
  accounts: MemoryAccount[],
): Pick<RestoreResult, 'grants' | 'accounts'> {
  return {
    grants: grants.map((g) =>
      restoredGrant(
        g,
        accounts.filter((a) => a.grantId === g.id).map((a) => a.accountId),
      ),
    ),
    accounts: accounts.map((a) => ({
      ...a,
      problem: problemOf(
        grants.find((g) => g.id === a.grantId),
        a.accountId,
      ),
    })),
  };
}
