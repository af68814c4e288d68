/**
 * The dashboard's reading of the accounts: grouped by the login that opens them (in the order they
 * come: `realFirst`, then the trader's `arrange`), what needs attention, and totals per currency.
 * Pure, from AppState alone.
 */
import { addAmounts, type Amount } from '../../main/core/model';
import type { AccountView, AppState, LoginView } from '../../main/ipc/contract';
import type { Messages } from './i18n';

export interface LoginGroup {
  /** The login's id; `none` for the accounts no login opens. */
  key: string;
  /** Null: accounts no saved login opens any more (`loginId` null, or a login main does not list). */
  login: LoginView | null;
  accounts: AccountView[];
  /** The login as a whole needs a new sign-in (said once, on the group). */
  broken: boolean;
  /** The account "Log in again" signs in for: the first that is not disabled and needs it; else null. */
  relogin: AccountView | null;
}

/** Real accounts before demo ones, otherwise in main's order (a stable sort); the trader's own order goes on top. */
export const realFirst = (accounts: readonly AccountView[]) =>
  [...accounts].sort((a, b) => Number(a.isVirtual) - Number(b.isVirtual));

export function loginGroups(state: Pick<AppState, 'accounts' | 'logins'>): LoginGroup[] {
  const groups: LoginGroup[] = [];
  const byKey = new Map<string, LoginGroup>();
  for (const account of state.accounts) {
    const login = state.logins.find((l) => l.loginId === account.loginId) ?? null;
    const key = login?.loginId ?? 'none';
    let group = byKey.get(key);
    if (!group) {
      group = { key, login, accounts: [], broken: login === null, relogin: null };
      byKey.set(key, group);
      groups.push(group);
    }
    group.accounts.push(account);
  }
  for (const group of groups) {
    // Disabled accounts never offer a login.
    group.relogin = group.accounts.find((a) => a.needsLogin && !a.isDisabled) ?? null;
    if (group.login) group.broken = group.login.needsLoginReason !== null;
    else group.broken = group.relogin !== null;
  }
  return groups;
}

/** The accounts in the order the list shows them (the Ctrl+digit order too). */
export const listed = (groups: LoginGroup[]): AccountView[] => groups.flatMap((g) => g.accounts);

/** Groups a trader must act on: a broken login, or one with an account that needs a login. */
export const needingAttention = (groups: LoginGroup[]): LoginGroup[] => groups.filter((g) => g.relogin !== null);

/** The DOM id of a group's section (the header's "needs attention" moves focus there). */
export const groupDomId = (key: string) => `login-${key}`;

/** "Deriv login", "Personal token · app 41234", "API token · CR123": never any part of a secret. */
export function loginLabel(t: Messages, group: LoginGroup): string {
  const login = group.login;
  if (!login) return t.noLoginLabel;
  if (login.method === 'pat' && login.appId) return t.patLoginLabel(login.appId);
  if (login.method === 'api_token' && login.accountIds[0]) return t.apiTokenLoginLabel(login.accountIds[0]);
  return t.loginLabels[login.method];
}

/** Sums per currency of the live-or-last figures, real and demo apart; disabled accounts left out. */
export function totals(accounts: AccountView[]): { real: [string, Amount][]; demo: [string, Amount][] } {
  const sums = { real: new Map<string, Amount>(), demo: new Map<string, Amount>() };
  for (const a of accounts) {
    if (a.isDisabled || a.balance === null || !/^-?\d+(\.\d+)?$/.test(a.balance)) continue;
    const map = a.isVirtual ? sums.demo : sums.real;
    const code = a.currency.toUpperCase();
    const sum = map.get(code);
    map.set(code, sum === undefined ? a.balance : addAmounts(sum, a.balance));
  }
  return { real: [...sums.real], demo: [...sums.demo] };
}
