/**
 * Deriving what the renderer sees from what main knows: the accounts we hold (with or without a
 * usable credential), the backend's live view and what the server said of the accounts. Pure, so
 * it is tested on its own; tokens go in, none come out.
 */
import type { ApiTokenAccount } from '../auth/api-token-login';
import type { CurrentLogin } from '../auth/current-flow';
import type { BackendView } from '../backend/port';
import type { AccountDetails, AccountRecord, AccountView, NeedsLoginReason } from '../model';
import { storedAccountSchema } from '../vault/schema';
import { recordOfCurrentAccount } from './current-login';
import type { LoginAccount, RestoredAccount } from './ports';

/**
 * An account main holds: as the vault restored it or a login gave it. `problem` is also
 * `session_expired` once its refresh token was refused for good this run (`HeldAccounts.forget`).
 */
export type HeldAccount = Omit<RestoredAccount, 'problem'> & {
  problem: RestoredAccount['problem'] | 'session_expired';
};

export function accountViews(held: readonly HeldAccount[], view: BackendView | null): AccountView[] {
  return held.map((account) => {
    const refused = view?.refused.includes(account.accountId) ?? false;
    // The backend may say why (session expired for good, a scope missing); otherwise plainly refused.
    const refusal = refused ? view?.refusals?.[account.accountId] : undefined;
    // No usable credential (legacy token, refresh token or PAT) means a new login, whatever the API.
    const needsLoginReason: NeedsLoginReason | null =
      account.credential === null
        ? (account.problem ?? 'token_refused')
        : refused
          ? (refusal?.reason ?? 'token_refused')
          : null;
    return {
      api: account.api,
      source: account.source,
      scopes: account.scopes === null ? null : [...account.scopes],
      accountId: account.accountId,
      currency: account.currency,
      isVirtual: account.isVirtual,
      isDisabled: account.isDisabled,
      landingCompanyName: account.landingCompanyName,
      accountType: account.accountType,
      // A refused account's last figure is no longer live: show none rather than a stale one.
      balance: needsLoginReason === null ? (view?.balances[account.accountId] ?? null) : null,
      authorized: view?.authorized.includes(account.accountId) ?? false,
      needsLogin: needsLoginReason !== null,
      needsLoginReason,
      missingScope: needsLoginReason === 'scope_missing' ? (refusal?.scope ?? null) : null,
      // Not a secret: the app id a PAT is used with, for signing in again.
      appId: account.credential?.kind === 'pat' ? account.credential.appId : (account.patAppId ?? null),
    };
  });
}

/**
 * The records of held accounts that the server's facts change (landing company, virtual, disabled,
 * type, currency). Facts the server did not give (null), or gave in a form the vault cannot store
 * (a currency that is not one, an overlong text), leave the field as it is: one odd value must not
 * make the whole login unsaveable.
 */
export function flagsFromDetails(held: readonly AccountRecord[], details: AccountDetails | null): AccountRecord[] {
  if (details === null) return [];
  const changed: AccountRecord[] = [];
  for (const account of held) {
    if (account.api !== details.api) continue;
    const fact = details.facts.find((f) => f.accountId === account.accountId);
    if (!fact) continue;
    const next: AccountRecord = {
      api: account.api,
      // Kept as they are (same reference): the comparison below is by field.
      source: account.source,
      scopes: account.scopes,
      accountId: account.accountId,
      currency: (fact.currency && storable(FLAG.currency, fact.currency)) || account.currency,
      isVirtual: storable(FLAG.isVirtual, fact.isVirtual) ?? account.isVirtual,
      isDisabled: storable(FLAG.isDisabled, fact.isDisabled) ?? account.isDisabled,
      landingCompanyName: storable(FLAG.landingCompanyName, fact.landingCompanyName) ?? account.landingCompanyName,
      accountType: storable(FLAG.accountType, fact.accountType) ?? account.accountType,
    };
    const fields = Object.keys(next) as (keyof AccountRecord)[];
    if (fields.some((k) => next[k] !== account[k])) changed.push(next);
  }
  return changed;
}

/** A current-API login's accounts merged into the ones held: by id, the login's credential wins. */
export function mergeCurrentLogin(held: readonly HeldAccount[], login: CurrentLogin): HeldAccount[] {
  const merged = new Map(held.map((a) => [a.accountId, a]));
  for (const account of login.accounts) {
    const record = recordOfCurrentAccount(account, login.credential.kind === 'pat' ? 'api_token' : 'oauth');
    merged.set(record.accountId, { ...record, token: null, credential: login.credential, problem: null });
  }
  return [...merged.values()];
}

/** The vault's rules for each flag (the vault refuses a record that breaks one). */
const FLAG = storedAccountSchema.shape;

/** The value if the vault would store it, else null. */
function storable<T>(rule: { safeParse(value: unknown): { success: boolean } }, value: T | null): T | null {
  return value !== null && rule.safeParse(value).success ? value : null;
}

/** A login's accounts merged into the ones held: by login id, the newest token wins. */
export function mergeLogin(held: readonly HeldAccount[], login: readonly LoginAccount[]): HeldAccount[] {
  const merged = new Map(held.map((a) => [a.accountId, a]));
  for (const account of login) {
    const previous = merged.get(account.accountId);
    merged.set(account.accountId, {
      api: 'legacy',
      source: 'oauth',
      scopes: null,
      accountId: account.accountId,
      currency: account.currency || previous?.currency || '',
      isVirtual: previous?.isVirtual ?? /^VR/.test(account.accountId),
      isDisabled: previous?.isDisabled ?? false,
      landingCompanyName: previous?.landingCompanyName ?? null,
      accountType: previous?.accountType ?? null,
      token: account.token,
      credential: { kind: 'token', token: account.token },
      problem: null,
    });
  }
  return [...merged.values()];
}

/**
 * Accounts opened by pasted API tokens merged into the ones held: by login id, the newest
 * credential wins (an API token replaces an OAuth token for the same account, and the reverse).
 */
export function mergeApiTokens(held: readonly HeldAccount[], accounts: readonly ApiTokenAccount[]): HeldAccount[] {
  const merged = new Map(held.map((a) => [a.accountId, a]));
  for (const account of accounts) {
    merged.set(account.accountId, {
      api: 'legacy',
      source: 'api_token',
      scopes: [...account.scopes],
      accountId: account.accountId,
      currency: account.currency,
      isVirtual: account.isVirtual,
      isDisabled: account.isDisabled,
      landingCompanyName: account.landingCompanyName,
      accountType: account.accountType,
      token: account.token,
      credential: { kind: 'token', token: account.token },
      problem: null,
    });
  }
  return [...merged.values()];
}
