/**
 * The current API's faults, end to end: the built renderer in real Chromium, wired through the
 * DesktopApi contract to a real core in Deriv mode on the sandbox's current API, the login window
 * played on the current API's own login page. Each journey injects a fault at the sandbox
 * (`POST /__sandbox/current/<fault>`) and checks both what main published (every AppState, through
 * the harness) and what the trader sees (the page), and what the sandbox saw (token grants, OTP
 * requests: counted, never timed).
 *
 * 1. The access token expires while the trader is online: refreshed with no visible interruption.
 * 2. One of two logins is revoked: "log in again" for its accounts only; then logged in again.
 * 3. The OTP endpoint fails after the sockets dropped: reconnecting with the next retry, then online
 *    again with the same accounts and no login.
 * 4. A PAT revoked: "log in again" on its account only, a PAT form (no window) where a wrong PAT is
 *    refused and the form stays, then a new PAT brings the account back.
 *
 * Every journey ends with the leak scan over every secret the sandbox minted (access and refresh
 * tokens, codes, PATs, OTPs, OTP URLs) in the DOM, every DesktopApi payload, every published state,
 * the logs and the store folder.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { AppState } from '../../main/ipc/contract';
import { browserTestsUnavailable } from '../support/chromium';
import {
  addLogin,
  connection,
  eventually,
  expectCleanJourney,
  groupOf,
  journeySuite,
  loginAgain,
  money,
  row,
  rowOk,
} from './support/journey-suite';
import type { JourneyWorld, WorldOptions } from './support/journey-world';
import { accountsInDetails } from './support/screen';

/** Account lists every 2 s (production: 30 s), so that a refused or expired credential is met soon. */
const FAST_LISTS: WorldOptions = { api: 'current', currentApi: { timing: { listRefreshMs: 2_000 } } };

/**
 * Records, in the page, every distinct look of what tells the trader about trouble: the connection
 * status, the logins marked as needing a login, a login panel, warning and error notices. Read with `seenLooks`.
 */
async function watchLooks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __looks: string[]; __looksObserver?: MutationObserver };
    w.__looksObserver?.disconnect();
    w.__looks = [];
    const look = () => {
      const connection = document.querySelector('[role=status][aria-label^="Connection"]')?.getAttribute('aria-label');
      const parts = [
        connection ?? 'no status',
        `needs-login:${document.querySelectorAll('.login-group--attention').length}`,
        `login-panel:${document.querySelectorAll('section.login').length}`,
        `notices:${document.querySelectorAll('.notice--warning, .notice--error, [role=alert]').length}`,
      ];
      const text = parts.join(' | ');
      if (w.__looks.at(-1) !== text) w.__looks.push(text);
    };
    look();
    w.__looksObserver = new MutationObserver(look);
    w.__looksObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

async function seenLooks(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __looks: string[] }).__looks);
}

/** Refresh grants the sandbox's token endpoint answered (and refused). */
function refreshes(w: JourneyWorld): { ok: number; refused: number } {
  const grants = w.sandbox.newApiLog().grants.filter((g) => g.type === 'refresh_token');
  return { ok: grants.filter((g) => g.error === null).length, refused: grants.filter((g) => g.error !== null).length };
}

const accessTokensMinted = (w: JourneyWorld) => w.sandbox.secrets().filter((s) => s.kind === 'access_token').length;

describe.skipIf(browserTestsUnavailable())("the current API's faults, in Chromium against the sandbox", () => {
  const suite = journeySuite();

  /** Online with every active account of `ids` authorized, not needing a login, with a balance. */
  function allLive(ids: string[]) {
    return (s: AppState) =>
      s.connection.status === 'online' &&
      ids.every((id) =>
        s.accounts.some((a) => a.accountId === id && a.authorized && !a.needsLogin && a.balance !== null),
      );
  }

  /** The OAuth login from the login screen (or "Add login" → "Deriv login"), approved as the journey's user. */
  async function oauthLogin(w: JourneyWorld, from: 'Log in with Deriv' | 'Add login'): Promise<AppState> {
    w.nextLogin = { action: 'approve' };
    if (from === 'Add login') await addLogin(w.page, 'Deriv login');
    else await w.page.getByRole('button', { name: from }).click();
    const active = w.activeCurrentAccounts().map((a) => a.account_id);
    const state = await w.harness.waitFor(allLive(active), 30_000);
    await connection(w.page, 'Online').waitFor();
    return state;
  }

  /**
   * Two logins side by side: Bob's PAT on the login screen (its app id pre-filled), then the journey's
   * user through OAuth ("Add login"); both online, every row OK.
   */
  async function patThenOauth(w: JourneyWorld) {
    const { page } = w;
    const api = w.sandbox.newApi;
    const bob = api.users.find((u) => u.email !== w.currentUser.email)!;
    const bobsId = bob.accounts[0]!.account_id;
    await page.getByLabel('Personal token', { exact: true }).fill(bob.pat);
    await expect.poll(() => page.getByLabel('App ID the token was made for').inputValue()).toBe(api.clientId);
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
    await w.harness.waitFor(allLive([bobsId]), 30_000);
    await rowOk(page, bobsId).waitFor();
    await oauthLogin(w, 'Add login');
    const alices = w.activeCurrentAccounts().map((a) => a.account_id);
    const everyone = [bobsId, ...alices];
    await w.harness.waitFor(allLive(everyone), 30_000);
    for (const id of everyone) await rowOk(page, id).waitFor();
    return { bob, bobsId, alices, everyone };
  }

  it('1: the access token expires while online → refreshed, with no visible interruption', async () => {
    const world = await suite.start(FAST_LISTS);
    const w = world;
    const { page } = w;
    await oauthLogin(w, 'Log in with Deriv');
    const live = w.activeCurrentAccounts();
    const liveIds = live.map((a) => a.account_id);
    const demo = live.find((a) => a.account_type === 'demo')!;
    const real = live.find((a) => a.account_type === 'real' && a.currency === 'USD')!;
    expect(w.harness.controller.state().activeAccountId).toBe(demo.account_id);

    // From here on, nothing the trader sees or main publishes may change but the figures.
    const from = w.harness.states.length;
    const pagesBefore = w.loginPagesSeen;
    await watchLooks(page);
    await w.screenshot('current-fault-1a-online-before-expiry');

    // (a) Expired NOW at the server, unknown to the app (its token had an hour left): every access
    // token issued so far is refused. The next account list meets a 401, refreshes once and carries
    // on. A figure only an account list can bring (the real USD account has no socket) proves a list
    // went through with a token minted after the expiry. Tokens issued from now on live 10 s.
    await w.currentFault('limits', { accessTokenTtlSec: 10 });
    const minted = accessTokensMinted(w);
    const refreshed = refreshes(w).ok;
    const listsBefore = w.sandbox.newApiLog().accountLists.length;
    expect(Number((await (await w.currentFault('expire-tokens')).json()).expired)).toBeGreaterThan(0);
    await w.currentFault('balance', { account_id: real.account_id, balance: 4321.5 });
    await w.harness.waitFor(
      (s) => s.accounts.some((a) => a.accountId === real.account_id && a.balance === '4321.5'),
      30_000,
    );
    expect(refreshes(w).ok, 'a refresh grant after the expiry').toBeGreaterThan(refreshed);
    expect(accessTokensMinted(w), 'a new access token minted').toBeGreaterThan(minted);
    const lists = w.sandbox
      .newApiLog()
      .accountLists.slice(listsBefore)
      .map((l) => l.status);
    expect(
      lists.filter((x) => x === 401),
      'one account list refused with the expired token',
    ).toEqual([401]);
    expect(lists[lists.indexOf(401) + 1], 'the next list, with the refreshed token').toBe(200);
    await row(page, real.account_id).getByText(money(4321.5, 'USD')).waitFor();

    // (b) Expiry ahead: the renewed token lives 10 s and is renewed before it lapses, twice over,
    // without a single account list meeting an expired token.
    const atRenewal = refreshes(w).ok;
    const listsAtRenewal = w.sandbox.newApiLog().accountLists.length;
    await eventually(() => refreshes(w).ok >= atRenewal + 2, 'two refreshes ahead of expiry', 60_000);
    expect(
      w.sandbox
        .newApiLog()
        .accountLists.slice(listsAtRenewal)
        .filter((l) => l.status !== 200),
      'no account list refused',
    ).toEqual([]);
    await w.currentFault('limits', { accessTokenTtlSec: 3600 });
    expect(refreshes(w).refused, 'no refresh refused').toBe(0);
    // The active account's socket never stopped: its pushes still arrive.
    await w.currentFault('balance', { account_id: demo.account_id, balance: 9876.25 });
    await row(page, demo.account_id).getByText(money(9876.25, 'USD')).waitFor();
    await w.bridge.settled();
    await w.screenshot('current-fault-1b-online-after-refreshes');

    // No interruption, in main: every state published meanwhile online, the same accounts, all
    // live with a balance, no login, no warning or error notice.
    const during = w.harness.states.slice(from);
    expect(during.length).toBeGreaterThan(0);
    for (const [i, s] of during.entries()) {
      const where = `state #${from + i}`;
      expect(s.connection.status, where).toBe('online');
      expect(s.login.status, where).toBe('idle');
      expect(allLive(liveIds)(s), `${where}: every active account live`).toBe(true);
      expect(
        s.accounts.some((a) => a.needsLogin),
        where,
      ).toBe(false);
      expect(
        s.notices.filter((n) => n.level !== 'info'),
        where,
      ).toEqual([]);
    }
    // … and on screen: the only look the page ever had is "Online", no needs-login, no login panel.
    expect(await seenLooks(page)).toEqual(['Connection: Online | needs-login:0 | login-panel:0 | notices:0']);
    expect(w.loginPagesSeen, 'no login page opened').toBe(pagesBefore);

    // The rotated refresh token was sealed again: a restart comes back without a login.
    await w.restart();
    await w.harness.waitFor(allLive(liveIds), 30_000);
    await connection(page, 'Online').waitFor();
    expect(w.loginPagesSeen, 'no login page after the restart').toBe(pagesBefore);
    expect(refreshes(w).refused, 'the stored refresh token was the latest').toBe(0);
    await w.screenshot('current-fault-1c-restarted-without-login');
    await expectCleanJourney(w);
  });

  it('2: one of two logins revoked → "log in again" for its accounts only → logged in again, all fine', async () => {
    const world = await suite.start(FAST_LISTS);
    const w = world;
    const { page } = w;
    // Login 1: Bob's personal access token; login 2: Alice through OAuth, added beside Bob's.
    const { bobsId, alices, everyone } = await patThenOauth(w);
    // The details are the active account's own login: Alice's accounts, not Bob's.
    const alicesListed = w.currentUser.accounts.map((a) => a.account_id).join(', ');
    await expect.poll(async () => (await accountsInDetails(page)).join(', ')).toBe(alicesListed);
    await w.screenshot('current-fault-2a-two-logins-online');
    const from = w.harness.states.length;

    // Alice's grant is revoked at Deriv (the newest access token names it; its refresh token dies
    // with it). Her open socket stays open, as at Deriv: the app finds out at its next account list.
    const aliceToken = w.sandbox
      .secrets()
      .filter((s) => s.kind === 'access_token')
      .at(-1)!.value;
    await w.currentFault('revoke', { token: aliceToken });
    const refused = await w.harness.waitFor(
      (s) => alices.every((id) => s.accounts.some((a) => a.accountId === id && a.needsLogin)),
      30_000,
    );
    expect(refused.accounts.find((a) => a.accountId === bobsId)).toMatchObject({ needsLogin: false, authorized: true });
    expect(refreshes(w).refused, 'the refresh after the 401 was refused').toBeGreaterThanOrEqual(1);
    // The grant cannot be renewed: "session expired", named on her accounts only.
    for (const a of refused.accounts.filter((x) => alices.includes(x.accountId)))
      expect(a.needsLoginReason).toBe('session_expired');
    // Her whole login expired: said once, on its group, with one "Log in again"; each of its rows
    // says it is not live; Bob's group says nothing; the header is online but not green.
    const group = groupOf(page, alices[0]!);
    await group
      .locator('.login-group__head .tag--warning')
      .filter({ hasText: /^Session expired$/ })
      .waitFor();
    expect(await group.getByRole('button', { name: /^Log in again/ }).count()).toBe(1);
    expect(await group.getByText(/^Your Deriv session expired/).count()).toBe(1);
    for (const id of alices)
      await row(page, id)
        .locator('.tag--stale')
        .filter({ hasText: /^Not live$/ })
        .waitFor();
    await page.getByRole('button', { name: '1 login needs attention' }).waitFor();
    expect(await page.locator('.connection--online.connection--attention').count()).toBe(1);
    expect(await groupOf(page, bobsId).locator('.tag--warning, .tag--stale').count()).toBe(0);
    // Alice's demo account is still the one shown: its details are still her login's, not Bob's.
    expect(refused.activeAccountId).toBe(alices[0]);
    await expect.poll(async () => (await accountsInDetails(page)).join(', ')).toBe(alicesListed);
    await rowOk(page, bobsId).waitFor();

    // Bob's login keeps working: his balance updates still arrive.
    await w.currentFault('balance', { account_id: bobsId, balance: 1234.5 });
    await w.harness.waitFor((s) => s.accounts.some((a) => a.accountId === bobsId && a.balance === '1234.5'), 30_000);
    await row(page, bobsId).getByText(money(1234.5, 'USD')).waitFor();
    await w.screenshot('current-fault-2b-revoked-login-needs-login-other-live');
    // Bob's account never needed a login, in any state published since both were online.
    for (const s of w.harness.states.slice(from))
      expect(s.accounts.find((a) => a.accountId === bobsId)?.needsLogin).toBe(false);

    // "Log in again" on her login's group, one click: all fine.
    const pagesBefore = w.loginPagesSeen;
    w.nextLogin = { action: 'approve' };
    await loginAgain(page, alices[0]!).click();
    const after = await w.harness.waitFor(allLive(everyone), 30_000);
    expect(w.loginPagesSeen).toBe(pagesBefore + 1);
    expect(after.accounts.some((a) => a.needsLogin)).toBe(false);
    expect(after.activeAccountId).toBe(alices[0]);
    await page.locator('.login-group--attention').first().waitFor({ state: 'detached' });
    for (const id of everyone) await rowOk(page, id).waitFor();
    await w.currentFault('balance', { account_id: alices[0]!, balance: 777.25 });
    await row(page, alices[0]!).getByText(money(777.25, 'USD')).waitFor();
    await connection(page, 'Online').waitFor();
    await w.screenshot('current-fault-2c-logged-in-again');
    await expectCleanJourney(w);
  });

  it('3: the OTP endpoint fails after the sockets drop → reconnecting with the next retry → online again, no login', async () => {
    const world = await suite.start({ api: 'current' });
    const w = world;
    const { page } = w;
    const before = await oauthLogin(w, 'Log in with Deriv');
    const ids = before.accounts.map((a) => a.accountId);
    const active = before.activeAccountId!;
    const pagesBefore = w.loginPagesSeen;
    const from = w.harness.states.length;
    const otpsBefore = w.sandbox.newApiLog().otpRequests.length;
    const socketsBefore = w.currentCounts().socketsOpened;
    await watchLooks(page);

    await w.currentFault('otp-fail', { on: true });
    await w.currentFault('drop');
    // Retrying, visibly, with the next retry's time: the accounts stay, none needs a login.
    const retrying = await w.harness.waitFor(
      (s) => s.connection.status === 'reconnecting' && s.connection.attempt >= 2,
      30_000,
    );
    if (retrying.connection.status !== 'reconnecting') throw new Error('unreachable');
    expect(retrying.connection.nextRetryAt).toBeGreaterThan(0);
    expect(retrying.connection.lastError).toEqual(expect.any(String));
    expect(retrying.accounts.map((a) => a.accountId)).toEqual(ids);
    expect(retrying.accounts.some((a) => a.needsLogin)).toBe(false);
    await connection(page, 'Reconnecting').waitFor();
    await page
      .getByTestId('countdown')
      .filter({ hasText: /^Reconnecting in \d+ s \(attempt \d+\)$/ })
      .waitFor();
    await w.screenshot('current-fault-3a-otp-failing-reconnecting');
    const failed = w.sandbox.newApiLog().otpRequests.slice(otpsBefore);
    expect(failed.filter((o) => o.status === 500).length, 'OTP requests answered 500').toBeGreaterThanOrEqual(1);
    expect(failed.every((o) => o.status === 500 && o.accountId === active)).toBe(true);

    // The endpoint works again: back online by itself, same accounts, no login.
    await w.currentFault('otp-fail', { on: false });
    const back = await w.harness.waitFor(allLive(w.activeCurrentAccounts().map((a) => a.account_id)), 60_000);
    expect(back.accounts.map((a) => a.accountId)).toEqual(ids);
    expect(back.activeAccountId).toBe(active);
    await connection(page, 'Online').waitFor();
    expect(w.sandbox.newApiLog().otpRequests.at(-1)).toEqual({ accountId: active, status: 200 });
    expect(w.currentCounts().socketsOpened).toBe(socketsBefore + 1);
    expect(w.loginPagesSeen, 'no login page opened').toBe(pagesBefore);
    for (const s of w.harness.states.slice(from)) {
      expect(s.login.status).toBe('idle');
      expect(s.accounts.map((a) => a.accountId)).toEqual(ids);
      expect(s.accounts.some((a) => a.needsLogin)).toBe(false);
    }
    // Live again: a push on the new socket arrives.
    await w.currentFault('balance', { account_id: active, balance: 5555.5 });
    await row(page, active).getByText(money(5555.5, 'USD')).waitFor();
    // On screen: reconnecting, then online again; never a "Needs login" nor a login panel. (This
    // also shows that the watcher journey 1 relies on sees a change when there is one.)
    const looks = await seenLooks(page);
    expect(looks[0]).toBe('Connection: Online | needs-login:0 | login-panel:0 | notices:0');
    expect(looks.some((l) => l.startsWith('Connection: Reconnecting |'))).toBe(true);
    expect(looks.at(-1)).toBe('Connection: Online | needs-login:0 | login-panel:0 | notices:0');
    expect(looks.filter((l) => !/needs-login:0 \| login-panel:0 \|/.test(l))).toEqual([]);
    await w.screenshot('current-fault-3b-online-again');
    await expectCleanJourney(w);
  });

  it('4: a PAT revoked → "log in again" on its account only → a wrong PAT refused in the form, which stays → a new PAT → all fine', async () => {
    const world = await suite.start(FAST_LISTS);
    const w = world;
    const { page } = w;
    const api = w.sandbox.newApi;
    const { bob, bobsId, alices, everyone } = await patThenOauth(w);

    // Bob deletes his PAT on Deriv's site: the next account list with it is refused.
    await w.currentFault('revoke', { token: bob.pat });
    const refused = await w.harness.waitFor(
      (s) => s.accounts.some((a) => a.accountId === bobsId && a.needsLogin),
      30_000,
    );
    for (const id of alices)
      expect(refused.accounts.find((a) => a.accountId === id)).toMatchObject({ needsLogin: false, authorized: true });
    await groupOf(page, bobsId).locator('.login-group__head .tag--warning').waitFor();
    await w.screenshot('current-fault-4a-pat-revoked');

    // "Log in again" on a personal token's login: a PAT form (no login window), the app id the PAT was made for.
    const pagesBefore = w.loginPagesSeen;
    await loginAgain(page, bobsId).click();
    const form = page.getByRole('region', { name: `Sign in again for ${bobsId} with a personal token` });
    await expect.poll(() => form.getByLabel('App ID the token was made for').inputValue()).toBe(api.appId);
    // A wrong token: refused, said so, and the form is there again to try another.
    await form.getByLabel('Personal token', { exact: true }).fill(`pat_${'0'.repeat(64)}`);
    await form.getByRole('button', { name: 'Sign in with the token' }).click();
    await page
      .locator('[role=alert][data-error-code="invalid_token"]')
      .getByText(/^Deriv did not accept this personal token/)
      .waitFor();
    await form.getByLabel('Personal token', { exact: true }).waitFor();
    expect(await form.getByLabel('Personal token', { exact: true }).inputValue()).toBe('');
    await w.screenshot('current-fault-4b-wrong-pat-refused');
    // The new PAT Bob made: his account back, the form gone, Alice's never touched.
    await form.getByLabel('Personal token', { exact: true }).fill(w.sandbox.mintNewApiPat(bob.email));
    await form.getByRole('button', { name: 'Sign in with the token' }).click();
    const after = await w.harness.waitFor(allLive(everyone), 30_000);
    expect(after.accounts.some((a) => a.needsLogin)).toBe(false);
    await form.waitFor({ state: 'detached' });
    await page.locator('.login-group--attention').first().waitFor({ state: 'detached' });
    for (const id of everyone) await rowOk(page, id).waitFor();
    expect(w.loginPagesSeen).toBe(pagesBefore);
    await w.screenshot('current-fault-4c-new-pat');
    await expectCleanJourney(w);
  });
});
