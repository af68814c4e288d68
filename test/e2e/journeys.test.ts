/**
 * The user's journeys, end to end: the built renderer in real Chromium (served with the production
 * CSP), wired through exactly the DesktopApi contract (the preload's `buildDesktopApi`, the real
 * dispatcher) to a real core (vault on a temp folder, Deriv session over real sockets, login flows)
 * against the sandbox, with the login window played by a second Chromium context.
 *
 * Every journey ends by scanning the page's DOM, every payload that crossed the DesktopApi
 * boundary and every snapshot the core published for any token string.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findLeakedTokens } from '../support/app-harness';
import { browserTestsUnavailable, launchChromium } from '../support/chromium';
import { JourneyWorld } from './support/journey-world';
import { ensureRendererBuilt, serveRenderer, type RendererServer } from './support/renderer-server';

const usd = (amount: number) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);

const connection = (page: Page, word: 'Online' | 'Reconnecting' | 'Offline' | 'Not connected' | 'Connecting…') =>
  page.getByRole('status', { name: `Connection: ${word}` });

const row = (page: Page, loginid: string) => page.locator(`tr[data-loginid="${loginid}"]`);
const switcher = (page: Page) => page.getByRole('listbox', { name: 'Switch account' });

describe.skipIf(browserTestsUnavailable())('user journeys in Chromium against a real core and the sandbox', () => {
  let browser: Browser;
  let server: RendererServer;
  let world: JourneyWorld | null = null;

  beforeAll(async () => {
    await ensureRendererBuilt();
    [browser, server] = await Promise.all([launchChromium(), serveRenderer()]);
  }, 180_000);

  afterEach(async () => {
    await world?.close();
    world = null;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** No token in the DOM, in anything that crossed the DesktopApi, or in any published snapshot. */
  async function expectNoTokenLeaks(w: JourneyWorld): Promise<void> {
    await w.bridge.settled();
    const tokens = w.knownTokens();
    expect(tokens.length).toBeGreaterThan(0);
    expect(findLeakedTokens(await w.domText(), tokens), 'tokens in the DOM').toEqual([]);
    expect(findLeakedTokens(w.bridge.crossings, tokens), 'tokens across the DesktopApi').toEqual([]);
    expect(findLeakedTokens(w.harness.states, tokens), 'tokens in published state').toEqual([]);
    expect(w.bridge.rejected, 'commands the dispatcher refused').toEqual([]);
    expect(w.pageProblems, 'console errors or uncaught exceptions in the app page').toEqual([]);
  }

  /** Clicks the login button and waits until every enabled account is authorized and has a balance. */
  async function logInFromLoginScreen(w: JourneyWorld): Promise<void> {
    w.nextLogin = { action: 'approve' };
    await w.page.getByRole('button', { name: 'Log in with Deriv' }).click();
    await connection(w.page, 'Online').waitFor();
    for (const a of w.enabledAccounts()) {
      await row(w.page, a.loginid).getByRole('cell').last().filter({ hasNotText: /^—$/ }).waitFor();
    }
  }

  it('1: first run → demo mode → legacy login → every account and its details → live balance', async () => {
    world = await JourneyWorld.start(browser, server, { defaultMode: 'unconfigured' });
    const { page } = world;
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await page.getByRole('button', { name: 'Use demo mode' }).click();
    await page.getByTestId('demo-badge').waitFor();
    // The demo users are shown on the login screen.
    await page.getByText(world.user.email, { exact: true }).first().waitFor();

    await logInFromLoginScreen(world);
    const enabled = world.enabledAccounts();
    const disabled = world.user.accounts.filter((a) => a.is_disabled === 1);
    expect(await page.locator('tr[data-loginid]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-loginid')))).toEqual(
      enabled.map((a) => a.loginid),
    );
    for (const a of disabled) expect(await row(page, a.loginid).count()).toBe(0);
    expect(await switcher(page).getByRole('option').count()).toBe(enabled.length);

    // The first account is active, and the authorize details describe the user and it.
    const first = enabled[0]!;
    await row(page, first.loginid).and(page.locator('[aria-current="true"]')).waitFor();
    const details = page.getByRole('region', { name: /Account details/ });
    await details.getByRole('heading', { name: `Account details · ${first.loginid}` }).waitFor();
    await details.getByText(world.user.email, { exact: true }).waitFor();
    const listed = await details.locator('dt', { hasText: 'Accounts in this login' }).locator('xpath=following-sibling::dd').innerText();
    for (const a of world.user.accounts) expect(listed).toContain(a.loginid);
    expect(await row(page, enabled.find((a) => a.is_virtual === 1)!.loginid).getByText('Demo', { exact: true }).count()).toBe(1);

    // A balance change on the server reaches the table, the switcher and the details, live.
    await world.fault('balance', { loginid: first.loginid, balance: 4321.5 });
    await row(page, first.loginid).getByText(usd(4321.5), { exact: true }).waitFor();
    await switcher(page).getByRole('option', { selected: true }).getByText(usd(4321.5)).waitFor();
    await details.locator('dd', { hasText: usd(4321.5) }).waitFor();

    await world.screenshot('1-accounts-after-login');
    await expectNoTokenLeaks(world);
  });
});
