/**
 * Deriving what the renderer sees from what main knows: the accounts we hold (with or without a
 * usable token), the session's live view and the latest authorize response. Pure, so it is
 * tested on its own; tokens go in, none come out.
 */
import type { AccountListEntry, AccountRecord, AccountView, AuthorizeSnapshot } from '../model';
import type { RestoredAccount } from '../vault';
import type { SessionView } from './ports';

export type HeldAccount = RestoredAccount;

export function accountViews(held: HeldAccount[], session: SessionView | null): AccountView[] {
  return held.map((account) => {
    const refused = session?.refused.includes(account.loginid) ?? false;
    const needsLoginReason =
      account.token === null ? (account.problem ?? 'token_refused') : refused ? 'token_refused' : null;
    return {
      loginid: account.loginid,
      currency: account.currency,
      isVirtual: account.isVirtual,
      isDisabled: account.isDisabled,
      landingCompanyName: account.landingCompanyName,
      accountType: account.accountType,
      // A refused account's last figure is no longer live: show none rather than a stale one.
      balance: needsLoginReason === null ? (session?.balances[account.loginid] ?? null) : null,
      authorized: session?.authorized.includes(account.loginid) ?? false,
      needsLogin: needsLoginReason !== null,
      needsLoginReason,
    };
  });
}

/**
 * Flags from `account_list` (landing company, virtual, disabled) for the accounts we hold. The
 * response is the server's, unchecked: a field of the wrong type is ignored, never thrown on.
 */
export function flagsFromAuthorize(held: AccountRecord[], authorize: AuthorizeSnapshot | null): AccountRecord[] {
  const raw: unknown = authorize?.response?.account_list;
  const list = (Array.isArray(raw) ? raw : []).filter(
    (e): e is AccountListEntry => typeof e === 'object' && e !== null && typeof e.loginid === 'string',
  );
  const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  const changed: AccountRecord[] = [];
  for (const account of held) {
    const entry = list.find((e) => e.loginid === account.loginid);
    if (!entry) continue;
    const next: AccountRecord = {
      loginid: account.loginid,
      currency: str(entry.currency) ?? account.currency,
      isVirtual: entry.is_virtual === 1,
      isDisabled: entry.is_disabled === 1,
      landingCompanyName: str(entry.landing_company_name) ?? account.landingCompanyName,
      accountType: str(entry.account_type) ?? account.accountType,
    };
    const fields = Object.keys(next) as (keyof AccountRecord)[];
    if (fields.some((k) => next[k] !== account[k])) changed.push(next);
  }
  return changed;
}

/** A login's accounts merged into the ones held: by login id, the newest token wins. */
export function mergeLogin(
  held: HeldAccount[],
  login: { loginid: string; token: string; currency: string }[],
): HeldAccount[] {
  const merged = new Map(held.map((a) => [a.loginid, a]));
  for (const account of login) {
    const previous = merged.get(account.loginid);
    merged.set(account.loginid, {
      loginid: account.loginid,
      currency: account.currency || previous?.currency || '',
      isVirtual: previous?.isVirtual ?? /^VR/.test(account.loginid),
      isDisabled: previous?.isDisabled ?? false,
      landingCompanyName: previous?.landingCompanyName ?? null,
      accountType: previous?.accountType ?? null,
      token: account.token,
      problem: null,
    });
  }
  return [...merged.values()];
}
