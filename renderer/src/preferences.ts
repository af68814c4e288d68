/**
 * The trader's preferences applied to the accounts: which are shown, in what order, under what
 * name. Pure, for every list that shows accounts (the dashboard, the switcher, Settings' Display).
 */
import type { AccountView, Preferences } from '../../main/ipc/contract';

type Listed = Pick<AccountView, 'accountId' | 'balance' | 'isDisabled'>;

/** A balance of exactly zero, read from its decimal text (`0`, `0.00`, `-0.0`), never as a float; unknown is not zero. */
export const isZeroBalance = (balance: string | null): boolean => balance !== null && /^-?0+(\.0+)?$/.test(balance);

/** The trader's name for an account, if any (an own property only: an id is never looked up on the prototype). */
export const nicknameOf = (preferences: Preferences, accountId: string): string | null =>
  Object.hasOwn(preferences.nicknames, accountId) ? preferences.nicknames[accountId]! : null;

/** The accounts in the trader's order: those it names first, as it names them; the others after, as they came. */
export function ordered<T extends Pick<AccountView, 'accountId'>>(
  accounts: readonly T[],
  order: readonly string[],
): T[] {
  const place = new Map(order.map((id, i) => [id, i]));
  return accounts
    .map((account, i) => ({ account, rank: place.get(account.accountId) ?? order.length + i }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ account }) => account);
}

/**
 * The accounts to list: without those hidden (a zero balance, a disabled account, as the trader
 * chose), in the trader's order. The active account is never hidden: it is the one trading.
 */
export function arrange<T extends Listed>(
  accounts: readonly T[],
  preferences: Preferences,
  activeAccountId: string | null,
): T[] {
  const hidden = (a: T) =>
    (preferences.hideZeroBalances && isZeroBalance(a.balance)) || (preferences.hideDisabled && a.isDisabled);
  return ordered(
    accounts.filter((a) => a.accountId === activeAccountId || !hidden(a)),
    preferences.order,
  );
}
