/**
 * The trader's journeys on Deriv's CURRENT API, end to end: the built renderer in real Chromium,
 * wired through the DesktopApi contract to a real core in Deriv mode on the sandbox's current API
 * (OAuth 2.0 + PKCE under `/auth`, REST account list, OTP-issued sockets), the login window played
 * by a second Chromium context on the current API's own login page.
 *
 * Every journey ends with the leak scan over every secret the sandbox minted (access and refresh
 * tokens, authorization codes, PATs, OTPs and OTP URLs) in the DOM, every DesktopApi payload, every
 * published state, the logs and the store folder. What the sandbox saw is counted, never timed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { AppState } from '../../main/ipc/contract';
import { browserTestsUnavailable } from '../support/chromium';
import {
  addLogin,
  balance,
  connection,
  detail,
  details,
  eventually,
  expectCleanJourney,
  groupOf,
  journeySuite,
  money,
  option,
  row,
  rowOk,
  rows,
} from './support/journey-suite';
import type { JourneyWorld } from './support/journey-world';
import { accountsInDetails, openTechnicalDetails } from './support/screen';

const online = (page: Page) => connection(page, 'Online');
const loginIds = (page: Page) =>
  page.locator('button.acct[data-account-id]').evaluateAll((els) => els.map((r) => r.getAttribute('data-account-id')));
/** The ids in the order the list shows them: real accounts before demo ones, otherwise as Deriv lists them. */
const listedOrder = (accounts: readonly { account_id: string; account_type: string }[]) =>
  [...accounts]
    .sort((a, b) => Number(a.account_type === 'demo') - Number(b.account_type === 'demo'))
    .map((a) => a.account_id);

describe.skipIf(browserTestsUnavailable())("journeys on Deriv's current API in Chromium against the sandbox", () => {
  const suite = journeySuite();

  /** Online, every account of the current API's list held, the active one live with a balance. */
  async function expectCurrentAccountsOnline(w: JourneyWorld): Promise<AppState> {
    const listed = w.currentUser.accounts;
    const state = await w.harness.waitFor(
      (s) =>
        s.connection.status === 'online' &&
        s.accounts.length === listed.length &&
        s.accounts.every((a) => a.api === 'current' && !a.needsLogin) &&
        s.accounts.some((a) => a.accountId === s.activeAccountId && a.authorized && a.balance !== null),
      30_000,
    );
    await online(w.page).waitFor();
    return state;
  }

  /** Clicks "Log in with Deriv", approves on the current API's login page, waits for the accounts. */
  async function logInWithOAuth(w: JourneyWorld): Promise<AppState> {
    w.nextLogin = { action: 'approve' };
    await w.page.getByRole('button', { name: 'Log in with Deriv' }).click();
    return expectCurrentAccountsOnline(w);
  }

  /**
   * The list shows every current-API account of the login, real before demo, with its type and
   * balance, a status only when not OK (the inactive one: Disabled), and no API tag (one API).
   */
  async function expectAccountsLabelled(w: JourneyWorld): Promise<void> {
    const { page } = w;
    const listed = w.currentUser.accounts;
    expect(await loginIds(page)).toEqual(listedOrder(listed));
    expect(await rows(page).count()).toBe(listed.length);
    for (const a of listed) {
      const r = row(page, a.account_id);
      await r.getByText(a.account_type === 'demo' ? 'Demo' : 'Real', { exact: true }).waitFor();
      await balance(page, a.account_id)
        .filter({ hasText: money(a.balance, a.currency) })
        .waitFor();
      if (a.status === 'active') await rowOk(page, a.account_id).waitFor();
      else await r.getByText('Disabled', { exact: true }).waitFor();
    }
    expect(await page.locator('.tag--api').count()).toBe(0);
  }

  it('a: OAuth + PKCE login on the current API → accounts labelled with their API → details and raw JSON', async () => {
    const world = await suite.start({ api: 'current' });
    const { page, sandbox } = world;
    const api = sandbox.newApi;
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    // The PAT form is offered beside the login button on the current API, with the app id pre-filled.
    expect(await page.getByLabel('App ID the token was made for').inputValue()).toBe(api.clientId);

    const state = await logInWithOAuth(world);
    // The login window went to the current API's authorization endpoint, with PKCE (S256), a state,
    // the registered redirect URL, the trade scope, and never the legacy app_id.
    expect(world.loginPagesSeen).toBe(1);
    expect(world.loginPaths[0]).toMatch(/^\/auth\/interaction\//);
    const opened = new URL(world.authWindow.opened[0]!);
    expect(`${opened.origin}${opened.pathname}`).toBe(api.authorizationEndpoint);
    const q = opened.searchParams;
    expect(q.get('client_id')).toBe(api.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('redirect_uri')).toBe(api.redirectUrl);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(q.get('scope')?.split(' ')).toContain('trade');
    expect(q.has('app_id')).toBe(false);
    // The code was exchanged once (PKCE, public client); the legacy API was never touched.
    expect(world.currentCounts().tokenCalls).toBe(1);
    expect(sandbox.received()).toEqual([]);

    // The demo account first, as Deriv advises; every account labelled with its API.
    const demo = world.currentUser.accounts.find((a) => a.account_type === 'demo')!;
    expect(state.activeAccountId).toBe(demo.account_id);
    await expectAccountsLabelled(world);
    await row(page, demo.account_id).and(page.locator('[aria-current="true"]')).waitFor();

    // Account details: what the current API's account list said of the active account.
    await details(page)
      .getByRole('heading', { name: `Account details · ${demo.account_id}` })
      .waitFor();
    expect(await detail(page, 'Account ID').innerText()).toBe(demo.account_id);
    expect(await detail(page, 'Signed in with').innerText()).toBe('Deriv login');
    expect(await detail(page, 'Currency').innerText()).toBe(demo.currency);
    expect(await detail(page, 'Balance').innerText()).toBe(money(demo.balance, demo.currency));
    expect(await detail(page, 'Type').innerText()).toBe('Demo');
    expect(await detail(page, 'Status').innerText()).toBe('OK');
    // Only what this API reports, each once: none of the legacy API's user rows (name, email …), not
    // even as dashes, no empty landing company, no second type or status.
    const terms = await details(page).locator('dt').allInnerTexts();
    for (const absent of ['Name', 'Email', 'Country', 'Login ID', 'Landing company', 'Account type', 'Account status'])
      expect(terms, absent).not.toContain(absent);
    // The account list's own codes, under Technical details.
    await openTechnicalDetails(page);
    expect(await detail(page, 'account_type').innerText()).toBe(demo.account_type);
    expect(await detail(page, 'group').innerText()).toBe(demo.group);
    expect(await detail(page, 'status').innerText()).toBe(demo.status);
    const listed = await accountsInDetails(page);
    for (const a of world.currentUser.accounts) expect(listed).toContain(a.account_id);
    // The raw JSON view is the account list as the current API answered it.
    const raw = JSON.parse(await details(page).getByLabel('Deriv’s account list as sent (JSON)').innerText()) as {
      data: { account_id: string; account_type: string; currency: string; status: string }[];
    };
    expect(raw.data.map((a) => [a.account_id, a.account_type, a.currency, a.status])).toEqual(
      world.currentUser.accounts.map((a) => [a.account_id, a.account_type, a.currency, a.status]),
    );

    // A balance pushed on the demo account's socket reaches its row, the active account's strip and the details.
    await world.currentFault('balance', { account_id: demo.account_id, balance: 8765.25 });
    await row(page, demo.account_id).getByText(money(8765.25, 'USD'), { exact: true }).waitFor();
    await page.getByTestId('active-balance').getByText(money(8765.25, 'USD')).waitFor();
    await detail(page, 'Balance').getByText(money(8765.25, 'USD')).waitFor();

    // Kept: the refresh token sealed in the store, with which API it belongs to.
    await world.harness.waitFor((s) => s.persistence.tokensPersisted);
    expect(world.storedAccounts().map((a) => a.loginid)).toEqual(world.currentUser.accounts.map((a) => a.account_id));
    expect(world.storeLeaks()).toEqual([]);
    // The scan knows every kind of secret this journey minted.
    const kinds = new Set(world.secrets().map((s) => s.kind));
    for (const kind of ['oidc_code', 'access_token', 'refresh_token', 'pat', 'otp', 'otp_url'] as const)
      expect(kinds, kind).toContain(kind);

    await world.screenshot('current-a-accounts-after-oauth-login');
    await expectCleanJourney(world);
  });

  it('b: access denied on the current API’s login page → “you cancelled”, not a failure; nothing held or stored', async () => {
    const world = await suite.start({ api: 'current' });
    const { page } = world;
    world.nextLogin = { action: 'deny' };
    await page.getByRole('button', { name: 'Log in with Deriv' }).click();
    await world.harness.waitFor((s) => s.login.status !== 'waiting' && s.login.status !== 'idle');
    // The typed "you cancelled" result (main maps error=access_denied to it), worded by the renderer.
    expect(world.harness.controller.state().login).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    await page
      .getByRole('status')
      .and(page.locator('[data-error-code="cancelled"]'))
      .getByText('You cancelled the login; nothing was saved.')
      .waitFor();
    // Not a failure screen: no alert, no "Login did not complete", and the login button is offered again.
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByText('Login did not complete').count()).toBe(0);
    await page.getByRole('button', { name: 'Log in with Deriv' }).waitFor();
    expect(world.loginPagesSeen).toBe(1);
    expect(world.authWindow.intercepted.map((u) => new URL(u).searchParams.get('error'))).toEqual(['access_denied']);

    // Nothing held, nothing stored, no code exchanged, no account listed.
    expect(world.harness.controller.state().accounts).toEqual([]);
    expect(await page.locator('button.acct[data-account-id]').count()).toBe(0);
    expect(world.storedAccounts()).toEqual([]);
    expect(world.storeLeaks()).toEqual([]);
    expect(world.currentCounts()).toMatchObject({ tokenCalls: 0, accountLists: 0, otpsIssued: 0, socketsOpened: 0 });
    await world.screenshot('current-b-access-denied');

    // Trying again works from there.
    await logInWithOAuth(world);
    expect(world.loginPagesSeen).toBe(2);
    await expectCleanJourney(world);
  });

  it('c: PAT sign-in through the PAT form → accounts labelled by API; restart restores them with one listing', async () => {
    const world = await suite.start({ api: 'current' });
    const { page, sandbox } = world;
    const pat = world.currentUser.pat;
    const field = page.getByLabel('Personal token', { exact: true });
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill(pat);
    await page.getByLabel('App ID the token was made for').fill(sandbox.newApi.appId);
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
    await expectCurrentAccountsOnline(world);
    await expectAccountsLabelled(world);
    // No login window, no OAuth: the PAT was checked by listing the accounts.
    expect(world.loginPagesSeen).toBe(0);
    expect(world.currentCounts().tokenCalls).toBe(0);
    // The PAT is nowhere in the page, its form values included: the leak scan at the end reads them.
    await world.harness.waitFor((s) => s.persistence.tokensPersisted);
    expect(world.storedAccounts().length).toBe(world.currentUser.accounts.length);
    expect(world.storeText()).not.toContain(pat);
    await world.screenshot('current-c-accounts-after-pat');

    // Restart: the sealed PAT lists the accounts once more, nothing else; no login, no OAuth.
    const before = world.currentCounts();
    await world.restart();
    await expectCurrentAccountsOnline(world);
    expect(await loginIds(page)).toEqual(listedOrder(world.currentUser.accounts));
    expect(world.loginPagesSeen).toBe(0);
    const after = world.currentCounts();
    expect(after.tokenCalls).toBe(0);
    expect(after.accountLists).toBeGreaterThan(before.accountLists);
    // The details say how the accounts signed in and the app id their PAT was made for (kept at rest).
    expect(await detail(page, 'Signed in with').innerText()).toBe('Personal token');
    await openTechnicalDetails(page);
    expect(await detail(page, 'app_id').innerText()).toBe(sandbox.newApi.appId);
    await world.screenshot('current-c-restored-after-restart');
    await expectCleanJourney(world);
  });

  it('d: demo → real → demo: the switch back is instant (no new OTP, no new socket: the warm pool)', async () => {
    const world = await suite.start({ api: 'current' });
    const { page } = world;
    await logInWithOAuth(world);
    const demo = world.currentUser.accounts.find((a) => a.account_type === 'demo')!;
    const real = world.currentUser.accounts.find((a) => a.account_type === 'real' && a.status === 'active')!;
    const isLive = (accountId: string) => (s: AppState) =>
      s.activeAccountId === accountId &&
      s.connection.status === 'online' &&
      s.accounts.some((a) => a.accountId === accountId && a.authorized && a.balance !== null);
    await world.harness.waitFor(isLive(demo.account_id));
    const atStart = world.currentCounts();

    await option(page, real.account_id).click();
    await details(page)
      .getByRole('heading', { name: `Account details · ${real.account_id}` })
      .waitFor();
    await world.harness.waitFor(isLive(real.account_id), 20_000);
    await row(page, real.account_id).and(page.locator('[aria-current="true"]')).waitFor();
    // Proof that the real account's socket is its own and live: a balance pushed on it shows.
    await world.currentFault('balance', { account_id: real.account_id, balance: 1234.5 });
    await row(page, real.account_id).getByText(money(1234.5, real.currency), { exact: true }).waitFor();
    const afterFirst = world.currentCounts();
    // The count can tell: the first switch to an account with no socket yet took an OTP and a socket.
    expect(afterFirst.otpsIssued).toBeGreaterThan(atStart.otpsIssued);
    expect(afterFirst.socketsOpened).toBeGreaterThan(atStart.socketsOpened);
    await world.screenshot('current-d-switched-to-real');

    await option(page, demo.account_id).click();
    await details(page)
      .getByRole('heading', { name: `Account details · ${demo.account_id}` })
      .waitFor();
    await world.harness.waitFor(isLive(demo.account_id));
    // The demo socket is still live: a balance pushed on it reaches the table.
    await world.currentFault('balance', { account_id: demo.account_id, balance: 9999.75 });
    await row(page, demo.account_id).getByText(money(9999.75, demo.currency), { exact: true }).waitFor();
    expect(await row(page, demo.account_id).getAttribute('aria-current')).toBe('true');
    const afterBack = world.currentCounts();
    expect(afterBack.otpsIssued, 'OTPs issued for the switch back').toBe(afterFirst.otpsIssued);
    expect(afterBack.socketsOpened, 'sockets opened for the switch back').toBe(afterFirst.socketsOpened);
    expect(world.sandbox.newApiLog().upgrades.filter((u) => u.status !== 101)).toEqual([]);
    await world.screenshot('current-d-switched-back-to-demo');
    await expectCleanJourney(world);
  });

  it('e: restart on the same store → the current-API accounts come back without a login, last active selected, balances live', async () => {
    const world = await suite.start({ api: 'current' });
    const { page } = world;
    await logInWithOAuth(world);
    const real = world.currentUser.accounts.find((a) => a.account_type === 'real' && a.status === 'active')!;
    await option(page, real.account_id).click();
    await world.harness.waitFor(
      (s) =>
        s.activeAccountId === real.account_id &&
        s.accounts.some((a) => a.accountId === real.account_id && a.authorized),
      20_000,
    );
    await world.harness.waitFor((s) => s.persistence.tokensPersisted);
    // The last active account is on disk before the app closes.
    await eventually(() => world.storeText().includes(real.account_id), 'the active account written to the store');
    expect(world.storeLeaks()).toEqual([]);

    const before = world.currentCounts();
    await world.restart();
    await expectCurrentAccountsOnline(world);
    // No login window: the sealed refresh token was enough, exchanged once for a fresh access token.
    expect(world.loginPagesSeen).toBe(1);
    expect(world.currentCounts().tokenCalls - before.tokenCalls).toBe(1);
    expect(world.harness.controller.state().login.status).toBe('idle');
    expect(await loginIds(page)).toEqual(listedOrder(world.currentUser.accounts));
    // The last active account is selected again.
    await details(page)
      .getByRole('heading', { name: `Account details · ${real.account_id}` })
      .waitFor();
    await row(page, real.account_id).and(page.locator('[aria-current="true"]')).waitFor();
    expect(await row(page, real.account_id).getAttribute('aria-current')).toBe('true');
    // Balances are live after the restart.
    await world.harness.waitFor(
      (s) =>
        s.connection.status === 'online' && s.accounts.some((a) => a.accountId === real.account_id && a.authorized),
      20_000,
    );
    await world.currentFault('balance', { account_id: real.account_id, balance: 4321.5 });
    await row(page, real.account_id).getByText(money(4321.5, real.currency), { exact: true }).waitFor();
    await detail(page, 'Balance').getByText(money(4321.5, real.currency)).waitFor();
    await world.screenshot('current-e-restored-after-restart');
    await expectCleanJourney(world);
  });

  it('f: Deriv sends balances as decimal strings, the list nested and the OTP as a JSON string → $1,234,567.89 and BTC 0.00012345 on screen, exact', async () => {
    const world = await suite.start({ api: 'current' });
    const { page, sandbox } = world;
    const listed = world.currentUser.accounts;
    const usd = listed.find((a) => a.account_type === 'real' && a.currency === 'USD')!.account_id;
    const btc = listed.find((a) => a.currency === 'BTC')!.account_id;
    await world.currentFault('shapes', {
      balance: 'string',
      accountList: 'nested',
      otp: 'json_string',
      extraFields: true,
    });
    await world.currentFault('balance', { account_id: usd, balance: '1234567.89' });
    await world.currentFault('balance', { account_id: btc, balance: '0.00012345' });
    await page.getByLabel('Personal token', { exact: true }).fill(world.currentUser.pat);
    await page.getByLabel('App ID the token was made for').fill(sandbox.newApi.appId);
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
    await expectCurrentAccountsOnline(world);
    // Every figure as Deriv wrote it, with the currency's decimals (Intl's no-break space after "BTC").
    await row(page, usd)
      .locator('.acct__balance', { hasText: /^\$1,234,567\.89$/ })
      .waitFor();
    await row(page, btc)
      .locator('.acct__balance', { hasText: /^BTC\s0\.00012345$/ })
      .waitFor();
    // The active account's socket pushes a string too (the OTP came as a JSON string): digits kept.
    await option(page, usd).click();
    await world.harness.waitFor((s) => s.activeAccountId === usd && s.connection.status === 'online', 30_000);
    await page.getByTestId('active-balance').getByText('$1,234,567.89').waitFor();
    await world.currentFault('balance', { account_id: usd, balance: '98765432109876543.21' });
    await row(page, usd)
      .locator('.acct__balance', { hasText: /^\$98,765,432,109,876,543\.21$/ })
      .waitFor();
    await world.screenshot('current-f-string-balances');
    await expectCleanJourney(world);
  });

  it('g: two personal-token logins; one of four accounts dropped in two clicks, the other untouched; a row click switches', async () => {
    const world = await suite.start({ api: 'current' });
    const { page, sandbox } = world;
    const alice = world.currentUser;
    const bob = sandbox.newApi.users.find((u) => u.email !== alice.email)!;
    const bobsId = bob.accounts[0]!.account_id;
    await page.getByLabel('Personal token', { exact: true }).fill(alice.pat);
    await page.getByLabel('App ID the token was made for').fill(sandbox.newApi.appId);
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
    await expectCurrentAccountsOnline(world);
    // Bob's personal token, added from "Add login".
    await addLogin(page, 'Personal token');
    await page.getByLabel('Personal token', { exact: true }).fill(bob.pat);
    await page.getByLabel('App ID the token was made for').fill(sandbox.newApi.appId);
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
    await world.harness.waitFor((s) => s.logins.length === 2 && s.accounts.some((a) => a.accountId === bobsId));
    await rowOk(page, bobsId).waitFor();
    expect(alice.accounts).toHaveLength(4);

    // Switch by clicking a row (Bob's).
    await row(page, bobsId).click();
    await world.harness.waitFor((s) => s.activeAccountId === bobsId);
    await row(page, bobsId).and(page.locator('[aria-current="true"]')).waitFor();
    await world.screenshot('current-g-two-pat-logins');

    // Alice's login, with its four accounts, off this computer: counted clicks.
    let clicks = 0;
    const click = async (target: ReturnType<Page['locator']>) => {
      clicks++;
      await target.click();
    };
    const aliceId = alice.accounts[0]!.account_id;
    await click(groupOf(page, aliceId).getByRole('button', { name: /^Remove from this computer/ }));
    const dialog = page.getByRole('dialog', { name: 'Remove from this computer?' });
    // What it does, exactly: gone from here; the token stays valid at Deriv.
    await dialog.getByText(/The personal token stays valid at Deriv/).waitFor();
    await world.screenshot('current-g-remove-pat-login');
    await click(dialog.getByRole('button', { name: 'Remove from this computer' }));
    await world.harness.waitFor((s) => s.accounts.every((a) => a.accountId === bobsId));
    expect(clicks).toBeLessThanOrEqual(3);
    expect(clicks).toBe(2);
    expect(await loginIds(page)).toEqual([bobsId]);
    await rowOk(page, bobsId).waitFor();
    // Off the store too; Bob's login stays, sealed.
    await eventually(
      () => world.storedAccounts().every((a) => a.loginid === bobsId) && world.storedAccounts().length === 1,
      "only Bob's account left in the store",
    );
    expect(world.storeLeaks()).toEqual([]);
    await expectCleanJourney(world);
  });
});
