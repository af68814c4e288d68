/**
 * The user's journeys, end to end: the built renderer in real Chromium (served with the production
 * CSP), wired through exactly the DesktopApi contract (the preload's `buildDesktopApi`, the real
 * dispatcher) to a real core (vault on a temp folder, Deriv session over real sockets, login flows)
 * against the sandbox, with the login window played by a second Chromium context.
 *
 * Every journey ends by scanning the page's DOM, every payload that crossed the DesktopApi
 * boundary and every snapshot the core published for any token string.
 */
import { describe, expect, it } from 'vitest';

import { COMMAND_NAMES } from '../../main/ipc/contract';
import { browserTestsUnavailable } from '../support/chromium';
import { expectNoLeaks } from '../support/leak-scan';
import {
  activeRow,
  addLogin,
  connection,
  detail,
  details,
  eventually,
  expectCleanJourney,
  groupOf,
  journeySuite,
  loginAgain,
  money,
  option,
  row,
  rowOk,
  rows,
} from './support/journey-suite';
import type { JourneyWorld } from './support/journey-world';
import {
  accountsInDetails,
  chooseDemoMode,
  expectAccountsOnline,
  expectActive,
  logOutOfAll,
  openTechnicalDetails,
  tableAccountIds,
} from './support/screen';

describe.skipIf(browserTestsUnavailable())('user journeys in Chromium against a real core and the sandbox', () => {
  const suite = journeySuite();

  /**
   * Every enabled account authorized in the core (the table's "OK" alone would not prove it: it
   * only means "not refused") and shown as OK with a balance in the page.
   */
  async function expectAllAuthorized(w: JourneyWorld): Promise<void> {
    const count = w.enabledAccounts().length;
    await w.harness.waitFor(
      (s) =>
        s.connection.status === 'online' &&
        s.accounts.length === count &&
        s.accounts.every((a) => a.authorized && !a.needsLogin && a.balance !== null),
    );
    await expectAccountsOnline(
      w.page,
      w.enabledAccounts().map((a) => a.loginid),
    );
  }

  /** Clicks the login button and waits until every enabled account is authorized and has a balance. */
  async function logInFromLoginScreen(w: JourneyWorld): Promise<void> {
    w.nextLogin = { action: 'approve' };
    await w.page.getByRole('button', { name: 'Log in with Deriv' }).click();
    await expectAllAuthorized(w);
  }

  it('0: the page reaches the core only through the DesktopApi contract, validated, from the app’s own origin', async () => {
    const world = await suite.start();
    const { page, sandbox } = world;
    type Probe = Record<string, (args?: unknown) => Promise<unknown>>;
    const keys = await page.evaluate(() => Object.keys((window as unknown as { desktop: object }).desktop).sort());
    expect(keys).toEqual([...COMMAND_NAMES, 'onState'].sort());
    const bad = await page.evaluate(() =>
      (window as unknown as { desktop: Probe }).desktop.switchAccount!({ accountId: 42 }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const unknown = await page.evaluate(() =>
      (window as unknown as { __desktopInvoke: (c: string, a: unknown) => Promise<unknown> }).__desktopInvoke(
        'desktop:command:eval',
        'x',
      ),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_command' } });

    // The same window navigated to another origin keeps the binding, but the dispatcher refuses it.
    await page.goto(`${sandbox.httpUrl}/redirect`);
    const foreign = await page.evaluate(() => (window as unknown as { desktop: Probe }).desktop.getState!());
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(world.bridge.rejected.map((r) => r.error.code)).toEqual([
      'invalid_argument',
      'unknown_command',
      'forbidden_sender',
    ]);
    expect(world.harness.controller.state().accounts).toEqual([]);
    // The refused calls carried no secret either (the users' tokens are known from the start).
    expectNoLeaks(await world.leakSources(), world.secrets(), 1);
  });

  it('1: first run → demo mode → legacy login → every account and its details → live balance', async () => {
    const world = await suite.start({ defaultMode: 'unconfigured' });
    const { page } = world;
    // The demo serves both APIs (the current one by default): this journey is the legacy API's.
    await chooseDemoMode(page, 'legacy');
    // The demo users are shown on the login screen.
    await page.getByText(world.user.email, { exact: true }).first().waitFor();

    await logInFromLoginScreen(world);
    const enabled = world.enabledAccounts();
    const disabled = world.user.accounts.filter((a) => a.is_disabled === 1);
    expect(await tableAccountIds(page)).toEqual(enabled.map((a) => a.loginid));
    for (const a of disabled) expect(await row(page, a.loginid).count()).toBe(0);
    expect(await rows(page).count()).toBe(enabled.length);

    // The first account is active, and the authorize details describe the user and it.
    const first = enabled[0]!;
    await row(page, first.loginid).and(page.locator('[aria-current="true"]')).waitFor();
    const details = page.getByRole('region', { name: /Account details/ });
    await details.getByRole('heading', { name: `Account details · ${first.loginid}` }).waitFor();
    await details.getByText(world.user.email, { exact: true }).waitFor();
    // The answer the details were read from (under Technical details) lists every account of the login.
    const listed = await accountsInDetails(page);
    for (const a of world.user.accounts) expect(listed).toContain(a.loginid);
    expect(
      await row(page, enabled.find((a) => a.is_virtual === 1)!.loginid)
        .getByText('Demo', { exact: true })
        .count(),
    ).toBe(1);

    // A balance change on the server reaches the table, the switcher and the details, live.
    await world.fault('balance', { loginid: first.loginid, balance: 4321.5 });
    await row(page, first.loginid).getByText(money(4321.5, 'USD'), { exact: true }).waitFor();
    await activeRow(page).getByText(money(4321.5, 'USD')).waitFor();
    await details.locator('dd', { hasText: money(4321.5, 'USD') }).waitFor();

    await world.screenshot('1-accounts-after-login');
    await expectCleanJourney(world);
  });
  it('2: OpenID Connect chosen in Settings → the same accounts', async () => {
    const world = await suite.start();
    const { page, sandbox } = world;
    await page.getByRole('button', { name: 'Settings' }).click();
    // The login method is among the Advanced settings, folded.
    await page.getByText('Advanced', { exact: true }).click();
    await page.getByLabel('Login flow').selectOption('oidc');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();

    await logInFromLoginScreen(world);
    expect(world.harness.controller.state().settingsByApi.legacy.flow).toBe('oidc');
    expect(
      await page
        .locator('button.acct[data-account-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account-id'))),
    ).toEqual(world.enabledAccounts().map((a) => a.loginid));
    // It really was OIDC: a code exchange, then the legacy-token call, then fresh tokens authorized.
    const paths = sandbox.httpHits().map((h) => h.path);
    expect(paths).toContain('/oauth2/token');
    expect(paths).toContain('/oauth2/legacy/tokens');
    const own = new Set(sandbox.users.flatMap((u) => u.accounts.map((a) => a.token)));
    const sent = sandbox
      .received()
      .flatMap(({ request }) => [request.authorize, ...(Array.isArray(request.tokens) ? request.tokens : [])]);
    const authorized = [...new Set(sent)].filter((t) => typeof t === 'string' && t !== 'MULTI' && !own.has(t));
    expect(authorized.length).toBe(world.enabledAccounts().length);
    // The scan knows the OIDC secrets too: the code and the access token the core received.
    const kinds = new Set(world.secrets().map((s) => s.kind));
    expect(kinds).toContain('oidc_code');
    expect(kinds).toContain('access_token');
    await details(page).getByText(world.user.email, { exact: true }).waitFor();

    await world.screenshot('2-accounts-after-oidc-login');
    await expectCleanJourney(world);
  });

  it('3: switching by click and by Ctrl+digit → details and balance follow, no new authorize', async () => {
    const world = await suite.start();
    const { page, sandbox } = world;
    await logInFromLoginScreen(world);
    const [, second, third] = world.enabledAccounts();
    const authorizes = () => sandbox.received().filter((m) => 'authorize' in m.request);
    const before = authorizes().length;
    const connections = new Set(sandbox.received().map((m) => m.connectionId));

    await option(page, second!.loginid).click();
    await details(page)
      .getByRole('heading', { name: `Account details · ${second!.loginid}` })
      .waitFor();
    await row(page, second!.loginid).and(page.locator('[aria-current="true"]')).waitFor();
    expect(await row(page, second!.loginid).getAttribute('aria-current')).toBe('true');
    expect(await detail(page, 'Balance').innerText()).toBe(
      await row(page, second!.loginid).locator('.acct__balance').innerText(),
    );
    expect(await detail(page, 'Currency').innerText()).toBe(second!.currency);

    await page.keyboard.press('Control+3');
    await details(page)
      .getByRole('heading', { name: `Account details · ${third!.loginid}` })
      .waitFor();
    expect(await row(page, third!.loginid).getAttribute('aria-current')).toBe('true');
    expect(await detail(page, 'Type').innerText()).toBe(third!.is_virtual ? 'Demo' : 'Real');
    expect(await detail(page, 'Balance').innerText()).toBe(
      await row(page, third!.loginid).locator('.acct__balance').innerText(),
    );
    // The balance shown follows the active account live.
    await world.fault('balance', { loginid: third!.loginid, balance: 777.25 });
    await detail(page, 'Balance').getByText(money(777.25, 'USD'), { exact: true }).waitFor();
    await world.screenshot('3-switched-by-shortcut');

    expect(authorizes().length).toBe(before);
    expect(new Set(sandbox.received().map((m) => m.connectionId))).toEqual(connections);
    expect(world.harness.controller.state().activeAccountId).toBe(third!.loginid);
    await expectCleanJourney(world);
  });

  it('3b: two quick Ctrl+digits land on the second one pressed, even when it is the account main still calls active', async () => {
    const world = await suite.start();
    const { page } = world;
    await logInFromLoginScreen(world);
    const [first, second, third] = world.enabledAccounts();
    const switches = () =>
      world.bridge.crossings
        .filter((c) => c.direction === 'to-core' && c.channel.endsWith(':switchAccount'))
        .map((c) => (c.payload as { accountId: string }).accountId);

    // Both presses in one task: main's snapshot of the first cannot have arrived before the second.
    await page.evaluate(() => {
      for (const key of ['2', '1'])
        window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, cancelable: true }));
    });
    await world.harness.waitFor((s) => s.activeAccountId === first!.loginid && switches().length === 2);
    expect(switches()).toEqual([second!.loginid, first!.loginid]);
    await expectActive(page, first!.loginid);

    // The same with the keyboard, one press right after the other.
    await page.keyboard.press('Control+3');
    await page.keyboard.press('Control+2');
    await world.harness.waitFor((s) => s.activeAccountId === second!.loginid && switches().length === 4);
    expect(switches().slice(2)).toEqual([third!.loginid, second!.loginid]);
    await expectActive(page, second!.loginid);
    await world.bridge.settled();
    expect(await row(page, second!.loginid).getAttribute('aria-current')).toBe('true');
    await expectCleanJourney(world);
  });

  it('4: every socket dropped → reconnecting → online again, still authorized, each subscription once per connection', async () => {
    const world = await suite.start();
    const { page, sandbox } = world;
    await logInFromLoginScreen(world);
    const since = sandbox.received().length;
    const firstConnection = Math.max(...sandbox.received().map((m) => m.connectionId));

    // A drop the session recovers from by itself.
    const statesBefore = world.harness.states.length;
    await world.fault('drop');
    await world.harness.waitFor(
      (s) =>
        world.harness.states.length > statesBefore &&
        s.connection.status === 'online' &&
        s.accounts.every((a) => a.authorized),
    );
    await connection(page, 'Online').waitFor();
    await world.bridge.settled();
    const pushed = world.bridge.crossings
      .filter((c) => c.channel === 'desktop:state')
      .map((c) => (c.payload as { connection: { status: string } }).connection.status);
    expect(pushed).toContain('reconnecting');

    // A drop while the server refuses new sockets: the status stays on reconnecting with a countdown.
    await world.fault('refuse', { on: true });
    await world.fault('drop');
    await connection(page, 'Reconnecting').waitFor();
    await page.getByTestId('countdown').waitFor();
    await world.screenshot('4-reconnecting');
    // Retry now reaches the core (while still refused: once the server accepts sockets the session's
    // own backoff wins the race against the click, and the button goes away).
    // force: the live countdown beside it keeps the button from ever being "stable".
    await page.getByRole('button', { name: 'Retry now' }).click({ force: true });
    await world.bridge.settled();
    expect(
      world.bridge.crossings.filter(
        (c) => c.channel === 'desktop:command:retryConnection' && c.direction === 'to-page',
      ),
    ).toEqual([expect.objectContaining({ payload: expect.objectContaining({ ok: true }) })]);
    await world.fault('refuse', { on: false });
    await connection(page, 'Online').waitFor({ timeout: 40_000 });

    // Still authorized: every account OK, balances live again.
    await expectAllAuthorized(world);
    const first = world.enabledAccounts()[0]!;
    await world.fault('balance', { loginid: first.loginid, balance: 1234.5 });
    await row(page, first.loginid).getByText(money(1234.5, 'USD'), { exact: true }).waitFor();

    const after = sandbox
      .received()
      .slice(since)
      .filter((m) => m.connectionId !== firstConnection);
    const byConnection = new Map<number, Record<string, unknown>[]>();
    for (const m of after) byConnection.set(m.connectionId, [...(byConnection.get(m.connectionId) ?? []), m.request]);
    expect(byConnection.size).toBeGreaterThanOrEqual(2);
    for (const [id, requests] of byConnection) {
      expect(requests.filter((r) => 'authorize' in r).length, `authorize on connection ${id}`).toBe(1);
      expect(
        requests.filter((r) => 'balance' in r && r.subscribe === 1).length,
        `balance subscriptions on connection ${id}`,
      ).toBe(1);
    }
    await expectCleanJourney(world);
  });

  it('5: one token revoked → that account asks for a new login, the others keep working → log in again → all fine', async () => {
    const world = await suite.start();
    const { page } = world;
    await logInFromLoginScreen(world);
    const [first, victim, third] = world.enabledAccounts();

    await world.fault('revoke', { loginid: victim!.loginid });
    await world.fault('drop');
    await row(page, victim!.loginid).getByText('Needs login', { exact: true }).waitFor();
    await connection(page, 'Online').waitFor();
    // One account of the login: said on its row and, once, on its login's group, with one "Log in again".
    await groupOf(page, victim!.loginid)
      .getByText(`${victim!.loginid}: Deriv refused the saved login for this account.`)
      .waitFor();
    expect(
      await groupOf(page, victim!.loginid)
        .getByRole('button', { name: /^Log in again/ })
        .count(),
    ).toBe(1);
    for (const a of [first!, third!]) {
      expect(await rowOk(page, a.loginid).count()).toBe(1);
    }
    const degraded = world.harness.controller.state().accounts;
    expect(degraded.filter((a) => a.accountId !== victim!.loginid).every((a) => a.authorized && !a.needsLogin)).toBe(
      true,
    );
    expect(degraded.find((a) => a.accountId === victim!.loginid)).toMatchObject({
      authorized: false,
      needsLogin: true,
      needsLoginReason: 'token_refused',
    });
    // The others keep working: a balance change still arrives.
    await world.fault('balance', { loginid: third!.loginid, balance: 55.5 });
    await row(page, third!.loginid).getByText(money(55.5, 'USD'), { exact: true }).waitFor();
    await world.screenshot('5-needs-login');

    // The sandbox's legacy login hands back the same tokens: lift the revocation, as a provider
    // would hand out a fresh token.
    await world.fault('reset');
    world.nextLogin = { action: 'approve' };
    await loginAgain(page, victim!.loginid).click();
    await rowOk(page, victim!.loginid).waitFor();
    await expectAllAuthorized(world);
    expect(await page.getByText('Needs login', { exact: true }).count()).toBe(0);
    await details(page)
      .getByRole('heading', { name: `Account details · ${victim!.loginid}` })
      .waitFor();
    await detail(page, 'Balance').filter({ hasNotText: /^—$/ }).waitFor();
    const state = world.harness.controller.state();
    expect(state.accounts.every((a) => a.authorized && !a.needsLogin)).toBe(true);
    await world.screenshot('5-after-login-again');
    await expectCleanJourney(world);
  });

  it('6: denied, window closed, wrong state injected → each said once (a denial as calmly as a cancel), nothing stored', async () => {
    const world = await suite.start();
    const { page } = world;
    const w = world;
    const expectNothingStored = async () => {
      expect(w.storedAccounts()).toEqual([]);
      expect(w.storeLeaks()).toEqual([]);
      expect(w.harness.controller.state().accounts).toEqual([]);
      expect(await page.locator('button.acct[data-account-id]').count()).toBe(0);
    };
    const failure = (code: string) => page.getByRole('alert').and(page.locator(`[data-error-code="${code}"]`));

    w.nextLogin = { action: 'deny' };
    await page.getByRole('button', { name: 'Log in with Deriv' }).click();
    // Deny is the trader's choice: said once, calmly, as the current API says it (no red Retry).
    const denied = page.getByRole('status').and(page.locator('[data-error-code="provider_error"]'));
    await denied.getByText('You cancelled the login; nothing was saved.', { exact: true }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByText(/Deriv refused/).count()).toBe(0);
    await w.screenshot('6-denied');
    await expectNothingStored();

    w.nextLogin = { action: 'close' };
    await denied.getByRole('button', { name: 'Log in with Deriv' }).click();
    // Closing the window is the user's choice: a calm status, not a failure.
    await page
      .getByRole('status')
      .and(page.locator('[data-error-code="cancelled"]'))
      .getByText('You cancelled the login; nothing was saved.')
      .waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await expectNothingStored();

    w.nextLogin = { action: 'approve', tamperState: true };
    await page.getByRole('button', { name: 'Log in with Deriv' }).click();
    await failure('state_mismatch')
      .getByText('The answer from the login page did not match this request, so it was ignored for your safety.')
      .waitFor();
    await w.screenshot('6-state-mismatch');
    await expectNothingStored();
    expect(w.loginPagesSeen).toBe(3);
    // None of these logins got as far as using a token.
    expect(w.sandbox.received().filter((m) => 'authorize' in m.request)).toEqual([]);

    await expectCleanJourney(w);
  });

  it('6: the server refusing connections → the status says so, no token is stored until a server accepts it', async () => {
    const world = await suite.start();
    const { page } = world;
    const w = world;
    // The login page (HTTP) still loads, but the API refuses every socket.
    await w.fault('refuse', { on: true });
    w.nextLogin = { action: 'approve' };
    await page.getByRole('button', { name: 'Log in with Deriv' }).click();
    const loginFailed = page.getByRole('alert').filter({ hasText: 'Login did not complete' });
    await connection(page, 'Reconnecting').or(connection(page, 'Offline')).or(loginFailed).first().waitFor();
    await w.bridge.settled();
    await w.screenshot('6-server-refusing');
    // No server has accepted these tokens yet: they must not be written to disk.
    expect(w.storedAccounts(), 'accounts written to the store while the server refused every socket').toEqual([]);
    expect(w.storeLeaks()).toEqual([]);
    // The login itself is over (not stuck on "Checking your accounts…"); the connection tells the rest.
    await w.harness.waitFor((s) => s.login.status !== 'waiting');
    expect(await page.getByText('Checking your accounts…').count()).toBe(0);
    expect(w.harness.controller.state().accounts.every((a) => !a.authorized)).toBe(true);
    expect(w.storedAccounts()).toEqual([]);

    // Once the server accepts sockets again the accounts are authorized, and only then saved.
    await w.fault('refuse', { on: false });
    await connection(page, 'Online').waitFor({ timeout: 40_000 });
    await expectAllAuthorized(w);
    await eventually(
      () => w.storedAccounts().filter((a) => a.sealedToken !== null).length === w.enabledAccounts().length,
      'every account saved',
    );
    expect(w.storeLeaks()).toEqual([]);
    await expectCleanJourney(w);
  });

  it('7: restart on the same store → accounts restored, last active account selected', async () => {
    const world = await suite.start();
    const { page } = world;
    await logInFromLoginScreen(world);
    const target = world.enabledAccounts()[2]!;
    await option(page, target.loginid).click();
    await details(page)
      .getByRole('heading', { name: `Account details · ${target.loginid}` })
      .waitFor();
    // Tokens are on disk, sealed (never in clear).
    expect(world.storedAccounts().map((a) => a.loginid)).toEqual(world.enabledAccounts().map((a) => a.loginid));
    expect(world.storedAccounts().every((a) => a.sealedToken !== null)).toBe(true);
    expect(world.storeLeaks()).toEqual([]);

    await world.restart();
    await expectAllAuthorized(world);
    await expectActive(page, target.loginid);
    expect(await row(page, target.loginid).getAttribute('aria-current')).toBe('true');
    // No login window was needed.
    expect(world.loginPagesSeen).toBe(1);
    await world.screenshot('7-restored-after-restart');
    await expectCleanJourney(world);
  });

  it('8: log out of all accounts (confirmed) → no token in the store, login window data cleared', async () => {
    const world = await suite.start();
    const { page, sandbox } = world;
    await logInFromLoginScreen(world);
    expect(world.storedAccounts().some((a) => a.sealedToken !== null)).toBe(true);
    const cleared = world.harness.shell.loginDataCleared;

    await logOutOfAll(page, () => world.screenshot('8-confirm-logout-all'));
    await connection(page, 'Not connected').waitFor();
    expect(await page.locator('button.acct[data-account-id]').count()).toBe(0);
    expect(world.storedAccounts()).toEqual([]);
    expect(world.storeLeaks()).toEqual([]);
    expect(world.harness.shell.loginDataCleared).toBeGreaterThan(cleared);
    expect(sandbox.received().some((m) => 'logout' in m.request)).toBe(true);
    await world.screenshot('8-logged-out');
    await expectCleanJourney(world);
  });

  it('9: sign in with two API tokens → switch → restart, still signed in → a wrong token is explained and changes nothing', async () => {
    const world = await suite.start();
    const { page, sandbox } = world;
    const [usd, btc] = world.user.apiTokens;
    const fields = page.getByLabel(/^API token \d+$/);
    await fields.first().fill(usd!.token);
    await page.getByRole('button', { name: 'Add another token' }).click();
    await fields.nth(1).fill(btc!.token);
    expect(await fields.first().getAttribute('type')).toBe('password');
    await world.screenshot('9-api-tokens-pasted');
    await page.getByRole('button', { name: 'Sign in with API tokens' }).click();

    const ids = [usd!.loginid, btc!.loginid];
    await world.harness.waitFor(
      (s) =>
        s.connection.status === 'online' &&
        s.accounts.length === 2 &&
        s.accounts.every((a) => a.authorized && a.source === 'api_token' && a.balance !== null) &&
        s.persistence.tokensPersisted,
    );
    for (const id of ids) await rowOk(page, id).waitFor();
    await detail(page, 'Signed in with').getByText('API token').waitFor();
    await openTechnicalDetails(page);
    await detail(page, 'scopes').getByText(usd!.scopes.join(', ')).waitFor();
    expect(world.loginPagesSeen).toBe(0);
    await world.screenshot('9-api-tokens-signed-in');

    const authorizes = sandbox.received().filter((m) => 'authorize' in m.request).length;
    await option(page, btc!.loginid).click();
    await details(page)
      .getByRole('heading', { name: `Account details · ${btc!.loginid}` })
      .waitFor();
    await openTechnicalDetails(page);
    await detail(page, 'scopes').getByText(btc!.scopes.join(', ')).waitFor();
    expect(sandbox.received().filter((m) => 'authorize' in m.request).length).toBe(authorizes);

    await world.restart();
    await world.harness.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.length === 2 && s.accounts.every((a) => a.authorized),
    );
    await details(page)
      .getByRole('heading', { name: `Account details · ${btc!.loginid}` })
      .waitFor();
    expect(await row(page, btc!.loginid).getAttribute('aria-current')).toBe('true');
    expect(world.storedAccounts().map((a) => a.loginid)).toEqual(ids);
    await world.screenshot('9-api-tokens-after-restart');

    // A wrong token: the error, in words; nothing stored, nothing signed in changed.
    const store = world.storeText();
    const before = world.harness.controller.state().accounts;
    await addLogin(page, 'API token');
    await fields.first().fill('NoSuchToken1234');
    await page.getByRole('button', { name: 'Sign in with API tokens' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in with API tokens did not complete' });
    await alert.getByText('Token 1: Deriv does not know this token, or it was deleted:', { exact: false }).waitFor();
    expect(world.harness.controller.state().accounts).toEqual(before);
    expect(world.storeText()).toBe(store);
    await connection(page, 'Online').waitFor();
    await world.screenshot('9-api-token-refused');
    expect(page.url()).not.toContain(usd!.token);
    await expectCleanJourney(world);
  });

  it('10: the legacy login page retired (sent to the home page) → the login ends at once, offering the switch to the current API, which switches after a confirmation', async () => {
    const world = await suite.start();
    const { page, sandbox } = world;
    const redirectPath = new URL(sandbox.redirectUrl).pathname;
    const retired = (await (await world.fault('retire-legacy', { on: true })).json()) as { home: string };
    expect(new URL(retired.home).origin).not.toBe(new URL(sandbox.oauthUrl).origin);

    await page.getByRole('button', { name: 'Log in with Deriv' }).click();
    const failure = page.getByRole('alert').and(page.locator('[data-error-code="legacy_retired"]'));
    await failure
      .getByText('Deriv’s legacy login is no longer available: switch to Deriv’s current API to log in.')
      .waitFor();
    // No Retry: it would run the retired login again.
    expect(await failure.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await world.screenshot('10-legacy-retired');
    // The window was stopped where the login page sent it: no login page, no redirect, nothing held.
    expect(world.authWindow.blocked).toEqual([retired.home]);
    expect(world.loginPagesSeen).toBe(0);
    expect(sandbox.httpHits().filter((h) => h.path === redirectPath)).toEqual([]);
    expect(world.harness.controller.state().accounts).toEqual([]);
    expect(world.storedAccounts()).toEqual([]);

    // The action does what it says, after a confirmation: the settings speak the current API.
    await failure.getByRole('button', { name: 'Switch to Deriv’s current API' }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch to Deriv’s current API?' });
    await dialog.getByRole('button', { name: 'Switch to Deriv’s current API' }).click();
    await world.harness.waitFor((s) => s.settings.api === 'current');
    // Its failure is over: the login panel offers Deriv's current login, with nothing left of the retired one.
    await page.getByRole('button', { name: 'Log in with Deriv' }).waitFor();
    await page.getByRole('alert').waitFor({ state: 'detached' });
    expect(world.harness.controller.state().accounts).toEqual([]);
    await expectCleanJourney(world);
  });
});
