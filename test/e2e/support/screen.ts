/**
 * Reading and driving the app's screens through a Playwright `Page`, wherever the page runs: the
 * built renderer in Chromium with the core beside it (the journeys in test/e2e/), or the built app
 * in the real Electron binary (test/electron-app/). Only the page is touched here: no core, no
 * sandbox, no browser of its own, so both kinds of journey read the screen with the same code.
 */
import type { Locator, Page } from 'playwright-core';

/** An amount as the app shows it in English (BTC with 8 decimals, the rest with 2). */
export const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
    minimumFractionDigits: currency === 'BTC' ? 8 : 2,
    maximumFractionDigits: currency === 'BTC' ? 8 : 2,
  }).format(amount);

/** An account's row in the one list: the button that makes it active. */
export const row = (page: Page, accountId: string) => page.locator(`button.acct[data-account-id="${accountId}"]`);
/** A row (the list's rows are its options); kept as a name for the journeys that click one to switch. */
export const option = row;
/** The active account's row. */
export const activeRow = (page: Page) => page.locator('button.acct[aria-current="true"]');
/** Every row of the list. */
export const rows = (page: Page) => page.locator('button.acct');
/** A row's figure. */
export const balance = (page: Page, accountId: string) => row(page, accountId).locator('.acct__balance');
/** An OK row: a figure shown and no status (a status is shown only when not OK). */
export const rowOk = (page: Page, accountId: string) =>
  page
    .locator(`button.acct[data-account-id="${accountId}"]:not(:has(.tag--warning, .tag--stale, .tag--disabled))`)
    .locator('.acct__balance')
    .filter({ hasNotText: /—/ });
/** The group of the login that opens an account. */
export const groupOf = (page: Page, accountId: string) =>
  page.locator('section.login-group', { has: row(page, accountId) });
/** "Log in again" on the group of the login that opens an account. */
export const loginAgain = (page: Page, accountId: string) =>
  groupOf(page, accountId).getByRole('button', { name: /^Log in again/ });
/** "Add login", then one of the sign-ins it offers. Two clicks. */
export async function addLogin(page: Page, choice: 'Deriv login' | 'Personal token' | 'API token'): Promise<void> {
  await page.getByRole('button', { name: 'Add login' }).click();
  await page.getByRole('button', { name: choice, exact: true }).click();
}
export const details = (page: Page) => page.getByRole('region', { name: /Account details/ });
/** The value of one row of the active account's details. */
export const detail = (page: Page, label: string) =>
  details(page)
    .locator('.dl__row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd');
/** Opens the details' "Technical details" fold (the server's codes and its answer as sent), once. */
export async function openTechnicalDetails(page: Page): Promise<Locator> {
  const fold = details(page).locator('details', { has: page.locator('summary', { hasText: /^Technical details$/ }) });
  if ((await fold.getAttribute('open')) === null) await fold.locator('summary').click();
  return fold;
}
/** The account ids of the answer the details were read from (its raw JSON, under Technical details). */
export async function accountsInDetails(page: Page): Promise<string[]> {
  const fold = await openTechnicalDetails(page);
  const raw: unknown = JSON.parse(await fold.locator('pre').innerText());
  // Legacy: authorize's `account_list`; current: the account list (`data`), or one per login held.
  const answers = (Array.isArray(raw) ? raw : [raw]) as {
    account_list?: { loginid: string }[];
    data?: { account_id: string }[];
  }[];
  return answers.flatMap((a) => [
    ...(a.account_list ?? []).map((x) => x.loginid),
    ...(a.data ?? []).map((x) => x.account_id),
  ]);
}
/** The connection status, by its English word ("Online", "Reconnecting" …). */
export const connection = (page: Page, word: string) => page.getByRole('status', { name: `Connection: ${word}` });

/** The account ids as listed, top to bottom (real before demo within each login). */
export const tableAccountIds = (page: Page) =>
  rows(page).evaluateAll((els) => els.map((r) => r.getAttribute('data-account-id')));

/** First run: demo mode on the chosen API (the demo serves both; the current API is preselected). */
export async function chooseDemoMode(page: Page, api: 'legacy' | 'current'): Promise<void> {
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  if (api === 'legacy') await page.getByRole('radio', { name: 'Deriv, legacy API' }).check();
  await page.getByRole('button', { name: 'Use demo mode' }).click();
  await page.getByTestId('demo-badge').waitFor();
}

/** The provider's login page (legacy `/oauth2/authorize` or current `/auth/interaction/…`): the user's email and password. */
export async function fillLoginForm(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.locator('input[name=email]').fill(who.email);
  await page.locator('input[name=password]').fill(who.password);
}

/** Approve or Deny on the provider's login page. */
export async function submitLoginForm(page: Page, action: 'approve' | 'deny'): Promise<void> {
  await page.locator(`button[name=action][value=${action}]`).click();
}

/** Every one of these accounts listed as OK with a balance, and the connection online. */
export async function expectAccountsOnline(page: Page, accountIds: readonly string[]): Promise<void> {
  await connection(page, 'Online').waitFor();
  for (const accountId of accountIds) {
    await rowOk(page, accountId).waitFor();
  }
}

/** This account is the active one: its details are shown and its row is marked current. */
export async function expectActive(page: Page, accountId: string): Promise<void> {
  await details(page)
    .getByRole('heading', { name: `Account details · ${accountId}` })
    .waitFor();
  await row(page, accountId).and(page.locator('[aria-current="true"]')).waitFor();
}

/**
 * "Log out of all accounts", confirmed, until the login screen is back. `atDialog` runs while the
 * confirmation is shown (a screenshot, a check).
 */
export async function logOutOfAll(page: Page, atDialog?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Log out of all accounts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Log out of all accounts?' });
  await dialog.waitFor();
  await atDialog?.(dialog);
  await dialog.getByRole('button', { name: 'Log out of all accounts' }).click();
  await page.getByRole('button', { name: 'Log in with Deriv' }).waitFor();
}
