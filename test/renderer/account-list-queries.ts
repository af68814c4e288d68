/**
 * Reading the dashboard's one list of accounts in component tests: a row is a button named by its
 * account id first, inside the group (a region) of the login that opens it.
 */
import { screen } from '@testing-library/react';

/** Intl's (narrow) no-break spaces as plain ones. */
export const plain = (text: string | null | undefined) => (text ?? '').replace(/\s/g, ' ');

/** The row of an account: the button that makes it active. */
export function row(accountId: string): HTMLElement {
  return screen.getByRole('button', { name: new RegExp(`^${accountId}\\b`) });
}

export const queryRow = (accountId: string) =>
  document.querySelector<HTMLElement>(`button.acct[data-account-id="${accountId}"]`);

/** The account ids as listed, top to bottom. */
export const listedIds = () =>
  Array.from(document.querySelectorAll('button.acct'), (b) => b.getAttribute('data-account-id'));

/** A row's figure as shown (its currency's format). */
export const balanceOf = (accountId: string) => plain(row(accountId).querySelector('.acct__balance')?.textContent);

/** The tags of a row after real/demo: its status, shown only when not OK. */
export const statusOf = (accountId: string) =>
  Array.from(row(accountId).querySelectorAll('.tag:not(.tag--real):not(.tag--demo)'), (t) => t.textContent);

/** The group of a login, by its label. */
export const loginGroup = (label: string | RegExp) => screen.getByRole('region', { name: label });
