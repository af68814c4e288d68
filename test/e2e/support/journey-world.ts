/**
 * One journey's world: a fresh sandbox, a real core on a temp store folder (the app harness), the
 * built renderer in its own Chromium context wired to that core, and a Chromium login window that
 * plays whatever the journey scripted for the next login, on the legacy login page or on the
 * current API's (`/auth/…`), whichever the window was sent to.
 *
 * A world on Deriv's current API (`api: 'current'`) is in Deriv mode with the sandbox's own
 * current-API endpoints, client id and redirect URL (loopback http passes the address rule), set
 * through the same commands the first-run and Settings screens send.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { SchemeCallbacks } from '../../../main/core/auth/login';
import { AUTH_PREFIX } from '../../../sandbox/current-api/auth-server';
import type { NewApiUser } from '../../../sandbox/current-api/index';
import { ACCOUNTS_PATH } from '../../../sandbox/current-api/rest';
import { type SandboxHandle, startSandbox } from '../../../sandbox/index';
import type { SandboxUser } from '../../../sandbox/types';
import { allTokens, type Harness, type HarnessOptions, startHarness } from '../../support/app-harness';
import { ChromiumAuthWindow } from '../../support/chromium-auth-window';
import { ChromiumSystemBrowser } from '../../support/chromium-system-browser';
import { knownSecrets, type Leak, type LeakSources, scanForLeaks, type Secret } from '../../support/leak-scan';
import { sealedAccounts } from '../../support/store-file';
import { removeDir } from '../../support/temp-dir';
import { CoreBridge } from './core-bridge';
import { type RendererServer, repoRoot } from './renderer-server';
import { fillLoginForm, submitLoginForm } from './screen';

export const screenshotsDir = join(repoRoot, 'test-results/e2e');

/**
 * What the user does on the provider's login page at the next login. `google`: "Continue with
 * Google" (the window's guard is expected to stop it).
 */
export type LoginScript =
  | { action: 'approve' | 'deny'; tamperState?: boolean }
  | { action: 'close' }
  | { action: 'google' };

/**
 * What the trader does in their own browser at the next sign-in there: approve or deny on Deriv's
 * page, once `until` resolves (so a journey can look at the wait first), nothing at all, or close the tab.
 */
export type BrowserScript = { action: 'approve' | 'deny' | 'nothing' | 'close'; until?: Promise<void> };

export interface WorldOptions {
  defaultMode?: 'demo' | 'unconfigured';
  /** Which Deriv API the app speaks; 'current' puts it in Deriv mode on the sandbox's current API. */
  api?: 'legacy' | 'current';
  /** The current-API session's options (e.g. `{ timing: { listRefreshMs } }`), for every core of the journey. */
  currentApi?: HarnessOptions['currentApi'];
  /** How often every core of the journey asks the legacy migration again (the app's default is 30 s). */
  migrationTiming?: { pollMs: number; retryMs: number };
  /** The host name the sandbox's "Continue with Google" names (see sandbox/identity-provider.ts). */
  identityProviderHost?: string;
  /**
   * The redirect URL the sandbox's current API registers its client with, and the app is set up
   * with (default: the sandbox's loopback one): the app's scheme, or the bounce page's address.
   */
  currentRedirectUrl?: string;
  /** A login's whole time in this journey's cores (see HarnessOptions). */
  loginTimeoutMs?: number;
}

/** The current API's faults (`POST /__sandbox/current/<name>`, see sandbox/current-api/control.ts). */
export type CurrentFault =
  | 'drop'
  | 'revoke'
  | 'expire-tokens'
  | 'otp-fail'
  | 'balance'
  | 'limits'
  | 'migration'
  | 'shapes';

/** What the sandbox's current API saw so far, counted (never timed). */
export interface CurrentApiCounts {
  /** OTPs the OTP endpoint issued (each is registered as a secret where it is minted). */
  otpsIssued: number;
  /** WebSocket upgrades the current API accepted (101): one per socket opened. */
  socketsOpened: number;
  /** Account-list calls (`GET /trading/v1/options/accounts`). */
  accountLists: number;
  /** Token-endpoint calls (code exchange, refresh). */
  tokenCalls: number;
}

/**
 * Deriv mode on the sandbox's current API, as a trader would set it up: "Deriv" (the current API)
 * with the registered client id and redirect URL, then the endpoints under Settings.
 */
async function useCurrentApi(harness: Harness, sandbox: SandboxHandle): Promise<void> {
  const api = sandbox.newApi;
  const commands = harness.controller.handlers();
  await commands.chooseMode({
    mode: 'deriv',
    api: 'current',
    clientId: api.clientId,
    clientRedirectUrl: api.redirectUrl,
  });
  const state = await commands.saveSettings({ api: 'current', authServerUrl: api.issuer, restUrl: api.restUrl });
  if (state.mode !== 'deriv' || state.settings.api !== 'current' || state.settings.restUrl !== api.restUrl)
    throw new Error(`the app did not take the current API's settings: ${JSON.stringify(state.settings)}`);
}

export class JourneyWorld {
  /** Set by the journey before it starts a login; read when the login page has loaded. */
  nextLogin: LoginScript = { action: 'approve' };
  /**
   * The OS, given a link in the app's scheme the browser was redirected to: a journey hands it to
   * the app the way Windows/Linux (`second-instance`) or macOS (`open-url`) would; dropped otherwise.
   */
  onAppLink: (url: string) => void = () => undefined;
  /** Set by the journey before a sign-in in the browser; read when the browser's page has loaded. */
  nextBrowserLogin: BrowserScript = { action: 'approve' };
  /** How many login pages the window opened (either API). */
  loginPagesSeen = 0;
  /** The login pages' paths, in order (`/oauth2/authorize` legacy, `/auth/interaction/…` current). */
  readonly loginPaths: string[] = [];
  /** Every core this journey ran (a restart starts another): all of them are scanned for leaks. */
  readonly harnesses: Harness[];
  private constructor(
    readonly sandbox: SandboxHandle,
    public harness: Harness,
    readonly bridge: CoreBridge,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly authWindow: ChromiumAuthWindow,
    /** The trader's own browser: a Chromium context of its own per page the app opens there. */
    readonly systemBrowser: ChromiumSystemBrowser,
    /** Where the app takes links in its own scheme (main/index.ts feeds it from the OS). */
    readonly schemeCallbacks: SchemeCallbacks,
    readonly user: SandboxUser,
    private readonly options: WorldOptions,
  ) {
    this.harnesses = [harness];
  }

  static async start(browser: Browser, server: RendererServer, options: WorldOptions = {}): Promise<JourneyWorld> {
    const sandbox = await startSandbox({
      port: 0,
      seed: 7,
      ...(options.identityProviderHost ? { identityProviderHost: options.identityProviderHost } : {}),
      ...(options.currentRedirectUrl ? { currentApi: { redirectUrl: options.currentRedirectUrl } } : {}),
    });
    const user = sandbox.users.find((u) => u.email.startsWith('alice')) ?? sandbox.users[0]!;
    let world: JourneyWorld | null = null;
    const authWindow = new ChromiumAuthWindow({
      browser,
      onPage: async (page) => {
        if (!world) throw new Error('login page opened before the journey was ready');
        world.loginPagesSeen += 1;
        await world.playLogin(page);
      },
    });
    const systemBrowser = new ChromiumSystemBrowser(
      browser,
      async (page) => {
        if (!world) throw new Error('the browser opened before the journey was ready');
        await world.playBrowserLogin(page);
      },
      (url) => world?.onAppLink(url),
    );
    const schemeCallbacks = new SchemeCallbacks();
    const harness = await startHarness({
      sandbox,
      window: authWindow,
      browser: systemBrowser,
      callbacks: schemeCallbacks,
      ...(options.loginTimeoutMs ? { loginTimeoutMs: options.loginTimeoutMs } : {}),
      defaultMode: options.defaultMode ?? 'demo',
      ...(options.currentApi ? { currentApi: options.currentApi } : {}),
      ...(options.migrationTiming ? { overrides: { migrationTiming: options.migrationTiming } } : {}),
    });
    if (options.api === 'current') await useCurrentApi(harness, sandbox);
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const bridge = await CoreBridge.install(page, server.origin);
    bridge.attach(harness);
    world = new JourneyWorld(
      sandbox,
      harness,
      bridge,
      context,
      page,
      authWindow,
      systemBrowser,
      schemeCallbacks,
      user,
      options,
    );
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    world.pageProblems = problems;
    await page.goto(server.url);
    await world.waitForApp();
    return world;
  }

  /** Waits for the app's header; says why when the page never rendered (a broken build, a CSP block). */
  private async waitForApp(): Promise<void> {
    try {
      await this.page.getByRole('banner').waitFor();
    } catch (error) {
      throw new Error(`The app never rendered its header. Page errors: ${JSON.stringify(this.pageProblems)}`, {
        cause: error,
      });
    }
  }

  /** Console errors and uncaught exceptions of the app page (a CSP violation shows up here). */
  pageProblems: string[] = [];

  private async playLogin(page: Page): Promise<void> {
    const script = this.nextLogin;
    const path = new URL(page.url()).pathname;
    this.loginPaths.push(path);
    if (script.action === 'close') {
      await page.close();
      return;
    }
    if (script.action === 'google') {
      await page.getByRole('link', { name: 'Continue with Google' }).click();
      return;
    }
    // The current API's login page (`/auth/interaction/<uid>`) carries no `state` field: oidc-provider
    // keeps it in its interaction; the user signs in as the current API's view of the same person.
    const current = path.startsWith('/auth/');
    if (current && script.tamperState) throw new Error('the current API’s login page has no state field to tamper');
    await fillLoginForm(page, current ? this.currentUser : this.user);
    if (script.tamperState) {
      await page.locator('input[name=state]').evaluate((el) => {
        (el as HTMLInputElement).value = 'tampered-by-the-test';
      });
    }
    await submitLoginForm(page, script.action);
  }

  /** The trader in their own browser, on the page the app opened there (Deriv's login page). */
  private async playBrowserLogin(page: Page): Promise<void> {
    const script = this.nextBrowserLogin;
    await script.until;
    if (script.action === 'nothing') return;
    if (script.action === 'close') return page.close();
    const current = new URL(page.url()).pathname.startsWith('/auth/');
    await fillLoginForm(page, current ? this.currentUser : this.user);
    await submitLoginForm(page, script.action);
  }

  /** Enabled accounts of the demo user, in the order the provider lists them. */
  enabledAccounts() {
    return this.user.accounts.filter((a) => a.is_disabled === 0);
  }

  /** The current API's view of the journey's user (same email and password, its own accounts and PAT). */
  get currentUser(): NewApiUser {
    const users = this.sandbox.newApi.users;
    return users.find((u) => u.email === this.user.email) ?? users[0]!;
  }

  /** The current-API accounts the account list calls active (the ones that come online). */
  activeCurrentAccounts() {
    return this.currentUser.accounts.filter((a) => a.status === 'active');
  }

  /** One of the current API's faults, e.g. `currentFault('otp-fail', { on: true })`. */
  currentFault(name: CurrentFault, body: unknown = {}): Promise<Response> {
    return this.fault(`current/${name}`, body);
  }

  /** Counts of what the sandbox's current API saw (OTPs, sockets, account lists, token calls). */
  currentCounts(): CurrentApiCounts {
    const hits = this.sandbox.httpHits();
    return {
      otpsIssued: this.sandbox.secrets().filter((s) => s.kind === 'otp').length,
      socketsOpened: this.sandbox.newApiLog().upgrades.filter((u) => u.status === 101).length,
      accountLists: hits.filter((h) => h.method === 'GET' && h.path === ACCOUNTS_PATH).length,
      tokenCalls: hits.filter((h) => h.method === 'POST' && h.path === `${AUTH_PREFIX}/oauth2/token`).length,
    };
  }

  fault(path: string, body: unknown = {}): Promise<Response> {
    return fetch(`${this.sandbox.httpUrl}/__sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((res) => {
      if (!res.ok) throw new Error(`sandbox fault ${path} answered ${res.status}`);
      return res;
    });
  }

  /**
   * Every token this journey could leak: the users' own (legacy) tokens, and every token the core
   * ever sent to the sandbox (the OIDC flow mints fresh ones).
   */
  knownTokens(): string[] {
    const sent = this.sandbox.received().flatMap(({ request }) => {
      const out: string[] = [];
      if (typeof request.authorize === 'string' && request.authorize !== 'MULTI') out.push(request.authorize);
      if (Array.isArray(request.tokens)) out.push(...request.tokens.filter((t): t is string => typeof t === 'string'));
      return out;
    });
    return [...new Set([...allTokens(this.sandbox), ...sent])];
  }

  /** Every secret the sandbox minted and every one this journey's cores received or sent. */
  secrets(): Secret[] {
    return knownSecrets(
      this.sandbox,
      this.harnesses.flatMap((h) => h.received),
    );
  }

  /** Everything the leak scan reads: the DOM, the DesktopApi's payloads, states, logs and files of every core. */
  async leakSources(): Promise<LeakSources> {
    await this.bridge.settled();
    return {
      dom: await this.domText(),
      // Every crossing, both ways: the bridge recorded the pasted API tokens or PAT without the secret.
      payloads: [...this.bridge.crossings, ...this.harnesses.flatMap((h) => h.payloads)],
      states: this.harnesses.flatMap((h) => [...h.states, h.controller.state()]),
      logs: this.harnesses.flatMap((h) => h.logs),
      dirs: [...new Set(this.harnesses.map((h) => h.dir))],
    };
  }

  /** The leaks in the store file as it is now. */
  storeLeaks(): Leak[] {
    return scanForLeaks({ logs: [this.storeText()] }, this.secrets());
  }

  /** The page's whole DOM plus every form control's live value (not in the serialised HTML). */
  async domText(): Promise<string> {
    const html = await this.page.content();
    const values = await this.page.evaluate(() =>
      Array.from(document.querySelectorAll('input, textarea, select'), (el) => (el as HTMLInputElement).value),
    );
    return `${html}\n${values.join('\n')}`;
  }

  storeText(): string {
    return existsSync(this.harness.storePath) ? readFileSync(this.harness.storePath, 'utf8') : '';
  }

  /**
   * The accounts in the store file as written, each with the sealed token its login holds for it
   * (null when none), [] when there is none.
   */
  storedAccounts(): { loginid: string; sealedToken: string | null }[] {
    const text = this.storeText();
    if (!text) return [];
    return sealedAccounts(JSON.parse(text) as Record<string, unknown>).map((a) => ({
      loginid: a.accountId,
      sealedToken: a.sealedToken,
    }));
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotsDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
  }

  /** A restart: this core shuts down, a new one opens the same store folder, the window reloads. */
  async restart(): Promise<void> {
    this.bridge.detach();
    await this.harness.close();
    this.harness = await startHarness({
      sandbox: this.sandbox,
      window: this.authWindow,
      browser: this.systemBrowser,
      callbacks: this.schemeCallbacks,
      ...(this.options.loginTimeoutMs ? { loginTimeoutMs: this.options.loginTimeoutMs } : {}),
      dir: this.harness.dir,
      defaultMode: this.options.defaultMode ?? 'demo',
      ...(this.options.currentApi ? { currentApi: this.options.currentApi } : {}),
      ...(this.options.migrationTiming ? { overrides: { migrationTiming: this.options.migrationTiming } } : {}),
    });
    this.harnesses.push(this.harness);
    this.bridge.attach(this.harness);
    await this.page.reload();
    await this.waitForApp();
  }

  async close(): Promise<void> {
    this.bridge.detach();
    await this.context.close().catch(() => undefined);
    await this.harness.close().catch(() => undefined);
    await this.authWindow.whenClosed();
    await this.systemBrowser.close();
    await this.sandbox.close();
    removeDir(this.harness.dir);
  }
}
