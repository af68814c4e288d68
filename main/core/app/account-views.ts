/**
 * Deriving what the renderer sees from what main knows: the accounts we hold and the logins that
 * open them (with or without a usable secret), the backend's live view and what the server said of
 * the accounts. Pure, so it is tested on its own; secrets go in, none come out.
 */
import type { BackendView } from '../backend/port';
import { opens } from '../grant';
import type { AccountDetails, AccountRecord, AccountView, LastBalance, LoginView, NeedsLoginReason } from '../model';
import { storedAccountSchema } from '../vault/schema';
import type { Held } from './grants';

export type { HeldAccount } from './grants';

/**
 * `revocable`: the current API's authorization server is known to offer revocation (a logout of an
 * OAuth login there ends its session at once); otherwise its session may last until it expires.
 */
export function accountViews(
  held: Held,
  view: BackendView | null,
  revocable = false,
  /** Each account's last known figure and when it arrived (`LastBalances`: the live one, else the restored one). */
  lastBalance: (accountId: string) => LastBalance | undefined = () => undefined,
): AccountView[] {
  return held.accounts.map((account) => {
    const grant = held.grants.find((g) => g.id === account.grantId);
    const refused = view?.refused.includes(account.accountId) ?? false;
    // The backend may say why (session expired for good, a scope missing); otherwise plainly refused.
    const refusal = refused ? view?.refusals?.[account.accountId] : undefined;
    // No usable credential (legacy token, refresh token or PAT) means a new login, whatever the API.
    const needsLoginReason: NeedsLoginReason | null = !opens(grant, account.accountId)
      ? (account.problem ?? 'token_refused')
      : refused
        ? (refusal?.reason ?? 'token_refused')
        : null;
    const live = view?.balances[account.accountId];
    const last = lastBalance(account.accountId);
    // A refused account's last figure is no longer live: show none rather than a stale one. A
    // usable one shows its live figure, else the last known (after a restart, until live).
    const shown = needsLoginReason !== null ? null : (live ?? last?.amount ?? null);
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
      balance: shown,
      balanceAt: shown !== null && last?.amount === shown ? last.at : null,
      balanceLive: shown !== null && shown === live && view?.connection.status === 'online',
      authorized: view?.authorized.includes(account.accountId) ?? false,
      needsLogin: needsLoginReason !== null,
      needsLoginReason,
      missingScope: needsLoginReason === 'scope_missing' ? (refusal?.scope ?? null) : null,
      // Not a secret: the app id a PAT is used with, for signing in again.
      appId: grant?.source === 'pat' ? grant.destination.appId : null,
      loginId: grant?.id ?? null,
      // Only a live OAuth login of the current API has a session a logout may end at Deriv.
      sessionEnd:
        grant?.api === 'current' && grant.credential?.kind === 'oauth' ? (revocable ? 'revoked' : 'at_expiry') : null,
    };
  });
}

/**
 * The logins that give the accounts shown, one per grant that still gives one, in the order their
 * first account appears. A login's problem is said once, on the login, when every account of it
 * that could be opened needs a sign-in; disabled accounts are left out of that rule (nothing
 * would open them) and never make a login look broken.
 */
export function loginViews(held: Held, views: readonly AccountView[]): LoginView[] {
  const logins = new Map<string, LoginView>();
  for (const view of views) {
    const grant = view.loginId === null ? undefined : held.grants.find((g) => g.id === view.loginId);
    if (!grant) continue;
    let login = logins.get(grant.id);
    if (!login) {
      login = {
        loginId: grant.id,
        api: grant.api,
        method: grant.source,
        appId: grant.source === 'pat' ? grant.destination.appId : null,
        accountIds: [],
        needsLoginReason: null,
        sessionEnd: view.sessionEnd,
      };
      logins.set(grant.id, login);
    }
    login.accountIds.push(view.accountId);
  }
  for (const login of logins.values()) {
    const openable = views.filter((v) => v.loginId === login.loginId && !v.isDisabled);
    const first = openable[0];
    if (first && openable.every((v) => v.needsLogin)) login.needsLoginReason = first.needsLoginReason;
  }
  return [...logins.values()];
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

/** The vault's rules for each flag (the vault refuses a record that breaks one). */
const FLAG = storedAccountSchema.shape;

/** The value if the vault would store it, else null. */
function storable<T>(rule: { safeParse(value: unknown): { success: boolean } }, value: T | null): T | null {
  return value !== null && rule.safeParse(value).success ? value : null;
}
