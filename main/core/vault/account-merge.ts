/**
 * The vault's account documents in memory: checking what a login hands in (a `VaultError` names
 * the fields, never the values), merging a login's accounts by id, applying flags learnt from the
 * server, and the document written to disk.
 */
import { recordOf } from '../account-record';
import type { Logger } from '../logger';
import { type HeldCredential, storedCredentialOf } from './credentials';
import {
  type AccountFlagsUpdate,
  accountFlagsUpdateSchema,
  clientIdSchema,
  type CurrentAccountInput,
  currentAccountInputSchema,
  currentCredentialSchema,
  emptyDocument,
  type StoredAccountInput,
  storedAccountInputSchema,
  type StoredSettings,
  storedSettingsSchema,
  type UiPreferences,
  type VaultDocument,
} from './schema';
import type { CurrentLoginInput, MemoryAccount } from './vault-types';
import { VaultError } from './vault-types';

const fieldsOf = (issues: { path: PropertyKey[] }[]) =>
  [...new Set(issues.map((issue) => issue.path.join('.')))].join(', ');

/** The accounts of a legacy login, checked. */
export function parseLoginAccounts(accounts: StoredAccountInput[]): StoredAccountInput[] {
  return accounts.map((a, i) => {
    const parsed = storedAccountInputSchema.safeParse(a);
    if (!parsed.success) {
      throw new VaultError(
        'invalid_input',
        `account #${i + 1} of the login is invalid (${fieldsOf(parsed.error.issues)})`,
      );
    }
    return parsed.data;
  });
}

/** A current-API login, checked: its credential, the app it was issued to, its accounts. */
export function parseCurrentLogin(input: CurrentLoginInput) {
  const credential = currentCredentialSchema.safeParse(input.credential);
  const appId = clientIdSchema.safeParse(input.credential.kind === 'pat' ? input.credential.appId : input.appId);
  if (!credential.success || !appId.success) {
    throw new VaultError(
      'invalid_input',
      `the credential of the login is invalid (${credential.success ? 'appId' : 'credential'})`,
    );
  }
  if (input.accounts.length === 0) throw new VaultError('invalid_input', 'a login without accounts');
  const accounts = input.accounts.map((a, i) => {
    const parsed = currentAccountInputSchema.safeParse(a);
    if (!parsed.success) {
      throw new VaultError(
        'invalid_input',
        `account #${i + 1} of the login is invalid (${fieldsOf(parsed.error.issues)})`,
      );
    }
    return parsed.data;
  });
  return { credential: credential.data, appId: appId.data, accounts };
}

/** Throws `VaultError` when the settings do not have the stored shape. */
export function parseSettings(settings: StoredSettings): StoredSettings {
  const parsed = storedSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new VaultError(
      'invalid_input',
      `settings are invalid (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`,
    );
  }
  return parsed.data;
}

/**
 * Merges one legacy account by login id: the newest token wins, flags given here replace stored
 * ones, absent flags are kept; a new account is appended.
 */
export function mergeLegacyAccount(
  accounts: MemoryAccount[],
  input: StoredAccountInput,
  sealed: string | null,
  now: number,
): void {
  const existing = accounts.find((a) => a.accountId === input.accountId);
  if (existing) {
    existing.api = 'legacy';
    existing.credentialId = null;
    existing.token = input.token;
    existing.sealed = sealed;
    existing.problem = null;
    existing.currency = input.currency;
    existing.updatedAt = now;
    // A newer credential replaces the older one, and with it how it was obtained.
    existing.source = input.source ?? 'oauth';
    existing.scopes = input.scopes ?? null;
    if (input.isVirtual !== undefined) existing.isVirtual = input.isVirtual;
    if (input.isDisabled !== undefined) existing.isDisabled = input.isDisabled;
    if (input.landingCompanyName !== undefined) existing.landingCompanyName = input.landingCompanyName;
    if (input.accountType !== undefined) existing.accountType = input.accountType;
  } else {
    accounts.push({
      api: 'legacy',
      source: input.source ?? 'oauth',
      scopes: input.scopes ?? null,
      accountId: input.accountId,
      credentialId: null,
      currency: input.currency,
      isVirtual: input.isVirtual ?? /^VR/i.test(input.accountId),
      isDisabled: input.isDisabled ?? false,
      landingCompanyName: input.landingCompanyName ?? null,
      accountType: input.accountType ?? null,
      token: input.token,
      sealed,
      problem: null,
      updatedAt: now,
    });
  }
}

/** Merges one account of a current-API login by id; `credential` (already held) opens it. */
export function mergeCurrentAccount(
  accounts: MemoryAccount[],
  input: CurrentAccountInput,
  credential: HeldCredential,
  now: number,
): void {
  const existing = accounts.find((a) => a.accountId === input.accountId);
  const fields = {
    api: 'current' as const,
    // A PAT is pasted like an API token; an OAuth grant comes from the login window.
    source: credential.kind === 'pat' ? ('api_token' as const) : ('oauth' as const),
    scopes: null,
    credentialId: credential.id,
    token: null,
    sealed: null,
    problem: null,
    currency: input.currency,
    isVirtual: input.isVirtual,
    updatedAt: now,
  };
  if (existing) {
    Object.assign(existing, fields);
    if (input.isDisabled !== undefined) existing.isDisabled = input.isDisabled;
    if (input.landingCompanyName !== undefined) existing.landingCompanyName = input.landingCompanyName;
    if (input.accountType !== undefined) existing.accountType = input.accountType;
  } else {
    accounts.push({
      accountId: input.accountId,
      ...fields,
      isDisabled: input.isDisabled ?? false,
      landingCompanyName: input.landingCompanyName ?? null,
      accountType: input.accountType ?? null,
    });
  }
}

/** Applies flags learnt from `authorize` (`account_list`); unknown login ids are ignored. Returns whether any applied. */
export function applyAccountFlags(accounts: MemoryAccount[], updates: AccountFlagsUpdate[], log: Logger): boolean {
  let changed = false;
  for (const update of updates) {
    const parsed = accountFlagsUpdateSchema.safeParse(update);
    if (!parsed.success) {
      log.warn('ignored invalid account flags', { fields: parsed.error.issues.map((i) => i.path.join('.')) });
      continue;
    }
    const u = parsed.data;
    const account = accounts.find((a) => a.accountId === u.accountId);
    if (!account) continue;
    if (u.currency !== undefined) account.currency = u.currency;
    if (u.isVirtual !== undefined) account.isVirtual = u.isVirtual;
    if (u.isDisabled !== undefined) account.isDisabled = u.isDisabled;
    if (u.landingCompanyName !== undefined) account.landingCompanyName = u.landingCompanyName;
    if (u.accountType !== undefined) account.accountType = u.accountType;
    changed = true;
  }
  return changed;
}

/** The document written to disk: sealed tokens only when they may persist. */
export function documentOf(state: {
  accounts: MemoryAccount[];
  credentials: HeldCredential[];
  activeAccountId: string | null;
  settings: StoredSettings | null;
  preferences: UiPreferences;
  plaintextConsent: boolean | null;
  mayPersist: boolean;
}): VaultDocument {
  const doc = emptyDocument();
  doc.accounts = state.accounts.map((a) => {
    // At rest (schema v5) the account id is still stored as `loginid`; in memory it is `accountId`.
    const { accountId, ...record } = recordOf(a);
    return {
      ...record,
      loginid: accountId,
      credentialId: a.credentialId,
      // An undecryptable blob is kept: it is unreadable to us too, and opens again if the keyring returns.
      sealedToken: a.problem !== null || state.mayPersist ? a.sealed : null,
      updatedAt: a.updatedAt,
    };
  });
  doc.credentials = state.credentials.map((c) => storedCredentialOf(c, state.mayPersist));
  doc.activeLoginid = state.activeAccountId;
  doc.settings = state.settings;
  doc.preferences = state.preferences;
  doc.plaintextConsent = state.plaintextConsent;
  return doc;
}
