/**
 * The vault's grants and accounts in memory: checking what a login hands in (a `VaultError` names
 * the fields, never the values), merging a grant's accounts by id, applying flags learnt from the
 * server, and the document written to disk.
 */
import { accountSourceOf } from '../grant';
import type { Logger } from '../logger';
import type { Preferences } from '../model';
import { type MemoryGrant, storedGrantOf } from './grants';
import {
  type AccountFlagsUpdate,
  accountFlagsUpdateSchema,
  type CheckedGrantInput,
  emptyDocument,
  type GrantAccountInput,
  grantAccountInputSchema,
  type GrantInput,
  grantInputSchema,
  type LastBalances,
  type StoredSettings,
  storedSettingsSchema,
  type VaultDocument,
} from './schema';
import type { MemoryAccount } from './vault-types';
import { VaultError } from './vault-types';

/** The fields named by their path; a record's keys (account ids under `tokens`) are not quoted. */
const fieldsOf = (issues: { path: PropertyKey[] }[]) =>
  [
    ...new Set(
      issues.map((issue) => issue.path.map((p, i) => (issue.path[i - 1] === 'tokens' ? '*' : String(p))).join('.')),
    ),
  ].join(', ');

/**
 * A grant and the accounts it opens, checked: its API, source and credential agree, each account
 * is well formed, and a legacy grant holds a token for each of them.
 */
export function parseGrant(
  grant: GrantInput,
  accounts: readonly GrantAccountInput[],
): { grant: CheckedGrantInput; accounts: GrantAccountInput[] } {
  if (accounts.length === 0) throw new VaultError('invalid_input', 'a login without accounts');
  const checked = accounts.map((a, i) => {
    const account = grantAccountInputSchema.safeParse(a);
    if (!account.success) {
      throw new VaultError(
        'invalid_input',
        `account #${i + 1} of the login is invalid (${fieldsOf(account.error.issues)})`,
      );
    }
    return account.data;
  });
  const parsed = grantInputSchema.safeParse(grant);
  if (!parsed.success) throw new VaultError('invalid_input', `the login is invalid (${fieldsOf(parsed.error.issues)})`);
  const { credential } = parsed.data;
  checked.forEach((a, i) => {
    if (credential.kind === 'tokens' && !Object.hasOwn(credential.tokens, a.accountId))
      throw new VaultError('invalid_input', `account #${i + 1} of the login has no token`);
  });
  return { grant: parsed.data, accounts: checked };
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
 * Merges one account of `grant` by id: it now belongs to that grant; flags given here replace
 * stored ones, absent flags are kept; a new account is appended with defaults.
 */
export function mergeAccount(
  accounts: MemoryAccount[],
  grant: Pick<MemoryGrant, 'id' | 'api' | 'source'>,
  input: GrantAccountInput,
): void {
  const existing = accounts.find((a) => a.accountId === input.accountId);
  // A newer login replaces the older one for this account, and with it how it was obtained.
  const fields = {
    api: grant.api,
    grantId: grant.id,
    source: accountSourceOf(grant.source),
    scopes: input.scopes ?? null,
    currency: input.currency,
  };
  if (existing) {
    Object.assign(existing, fields);
    if (input.isVirtual !== undefined) existing.isVirtual = input.isVirtual;
    if (input.isDisabled !== undefined) existing.isDisabled = input.isDisabled;
    if (input.landingCompanyName !== undefined) existing.landingCompanyName = input.landingCompanyName;
    if (input.accountType !== undefined) existing.accountType = input.accountType;
  } else {
    accounts.push({
      accountId: input.accountId,
      ...fields,
      // Deriv's virtual (demo-money) accounts are the VR* ones on the legacy API.
      isVirtual: input.isVirtual ?? /^VR/i.test(input.accountId),
      isDisabled: input.isDisabled ?? false,
      landingCompanyName: input.landingCompanyName ?? null,
      accountType: input.accountType ?? null,
    });
  }
}

/**
 * Grants keep only what is theirs: a legacy grant the tokens of accounts that name it; a grant no
 * account names is forgotten (its secrets with it).
 */
export function pruneGrants(grants: MemoryGrant[], accounts: readonly MemoryAccount[]): MemoryGrant[] {
  return grants.filter((g) => {
    const own = accounts.filter((a) => a.grantId === g.id).map((a) => a.accountId);
    if (g.api === 'legacy') for (const id of g.tokens.keys()) if (!own.includes(id)) g.tokens.delete(id);
    return own.length > 0;
  });
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

/** The document written to disk: sealed secrets only when they may persist. */
export function documentOf(state: {
  grants: MemoryGrant[];
  accounts: MemoryAccount[];
  activeAccountId: string | null;
  settings: StoredSettings | null;
  preferences: Preferences;
  plaintextConsent: boolean | null;
  mayPersist: boolean;
  lastBalances: LastBalances;
}): VaultDocument {
  const doc = emptyDocument();
  doc.grants = state.grants.map((g) => storedGrantOf(g, state.mayPersist));
  doc.accounts = state.accounts.map((a) => ({
    accountId: a.accountId,
    api: a.api,
    grantId: a.grantId,
    currency: a.currency,
    isVirtual: a.isVirtual,
    isDisabled: a.isDisabled,
    landingCompanyName: a.landingCompanyName,
    accountType: a.accountType,
    source: a.source,
    scopes: a.scopes === null ? null : [...a.scopes],
  }));
  doc.activeAccountId = state.activeAccountId;
  doc.settings = state.settings;
  doc.preferences = state.preferences;
  doc.plaintextConsent = state.plaintextConsent;
  // Only the accounts still stored: a logged-out account's last figure leaves with it.
  const balances = state.accounts.flatMap((a) => {
    const last = state.lastBalances[a.accountId];
    return last ? [[a.accountId, { amount: last.amount, at: last.at }] as const] : [];
  });
  if (balances.length > 0) doc.lastBalances = Object.fromEntries(balances);
  return doc;
}
