/**
 * Signing in in the trader's own browser (RFC 8252), end to end against the sandbox: the core's
 * runCurrentLogin / runLogin with the SystemBrowser port played by a Chromium context of its own,
 * the redirect back on the real loopback listener, the code exchanged by the same code-flow steps
 * as in the login window. The legacy implicit redirect is refused before anything opens; cancel and
 * the 5-minute timeout (on a manual clock) leave no listener behind.
 */
import { connect } from 'node:net';

import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { AuthWindow } from '../../main/core/auth/auth-window';
import { runCurrentLogin, runLogin } from '../../main/core/auth/login';
import type { CurrentSettings, LegacySettings } from '../../main/core/model';
import { AUTH_PREFIX } from '../../sandbox/current-api/auth-server';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { browserTestsUnavailable, launchChromium } from '../support/chromium';
import { ChromiumSystemBrowser } from '../support/chromium-system-browser';
import { FakeClock } from '../support/fake-clock';

/** The login window must not be used by a sign-in in the browser. */
const NO_WINDOW: AuthWindow = {
  open: () => Promise.reject(new Error('the login window was opened for a sign-in in the browser')),
};

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The loopback redirect the authorization request named, and its port. */
function redirectOf(opened: string): URL {
  return new URL(new URL(opened).searchParams.get('redirect_uri')!);
}

describe.skipIf(browserTestsUnavailable())('sign-in in the system browser against the sandbox', () => {
  let browser: Browser;
  let sandbox: SandboxHandle;
  const browsers: ChromiumSystemBrowser[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    sandbox = await startSandbox({ port: 0, seed: 2525 });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });
  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
    // The registered redirect URL itself (the sandbox's port) is never where the browser lands.
    const path = new URL(sandbox.redirectUrl).pathname;
    expect(sandbox.httpHits().filter((h) => h.path === path)).toEqual([]);
  });

  const systemBrowser = (onPage?: (page: Page) => Promise<void>) => {
    const b = new ChromiumSystemBrowser(browser, onPage);
    browsers.push(b);
    return b;
  };
  const current = (patch: Partial<CurrentSettings> = {}): CurrentSettings => ({
    api: 'current',
    authServerUrl: sandbox.newApi.issuer,
    restUrl: sandbox.newApi.restUrl,
    clientId: sandbox.newApi.clientId,
    clientRedirectUrl: sandbox.newApi.redirectUrl,
    language: 'en',
    ...patch,
  });
  const legacy = (flow: 'legacy' | 'oidc', patch: Partial<LegacySettings> = {}): LegacySettings => ({
    api: 'legacy',
    appId: sandbox.appId,
    wsUrl: sandbox.wsUrl,
    oauthUrl: sandbox.oauthUrl,
    redirectUrl: sandbox.redirectUrl,
    issuer: sandbox.issuer,
    flow,
    language: 'fr',
    ...patch,
  });
  const currentAlice = () => sandbox.newApi.users[0]!;
  const legacyAlice = () => sandbox.users.find((u) => u.accounts.some((a) => a.is_disabled === 0))!;
  const play =
    (who: () => { email: string; password: string }, action: 'approve' | 'deny' = 'approve') =>
    async (page: Page) => {
      await page.locator('input[name=email]').fill(who().email);
      await page.locator('input[name=password]').fill(who().password);
      await page.locator(`button[name=action][value=${action}]`).click();
    };

  it('current API: the authorization page opens in the browser with a loopback redirect on a port of its own; approve → the accounts', async () => {
    const trader = systemBrowser(play(currentAlice));
    const outcome = await runCurrentLogin({
      settings: current(),
      window: NO_WINDOW,
      browser: trader,
      login: { method: 'oauth' },
    });
    expect(outcome.ok, JSON.stringify(outcome.ok ? null : outcome.error)).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.accounts.map((a) => a.account_id)).toEqual(currentAlice().accounts.map((a) => a.account_id));
    expect(trader.opened).toHaveLength(1);
    const request = new URL(trader.opened[0]!);
    const redirect = redirectOf(trader.opened[0]!);
    const registered = new URL(sandbox.newApi.redirectUrl);
    // RFC 8252 §7.3: the registered loopback redirect, on the listener's own port.
    expect(redirect.hostname).toBe('127.0.0.1');
    expect(redirect.pathname).toBe(registered.pathname);
    expect(redirect.port).not.toBe(registered.port);
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('state')).toBeTruthy();
    // The browser landed on the app's small page, and the listener is gone.
    const page = trader.pages[0]!;
    await expect
      .poll(() => page.locator('body').textContent())
      .toContain('You can close this tab and return to the app.');
    expect(await accepts('127.0.0.1', Number(redirect.port))).toBe(false);
    expect(trader.problems).toEqual([]);
  });

  it('every attempt has a fresh state, S256 challenge and port', async () => {
    const trader = systemBrowser(play(currentAlice));
    for (let i = 0; i < 2; i++) {
      const outcome = await runCurrentLogin({
        settings: current(),
        window: NO_WINDOW,
        browser: trader,
        login: { method: 'oauth' },
      });
      expect(outcome.ok).toBe(true);
    }
    const [a, b] = trader.opened.map((u) => new URL(u));
    for (const name of ['state', 'code_challenge', 'redirect_uri']) {
      expect(a!.searchParams.get(name), name).not.toBe(b!.searchParams.get(name));
    }
  });

  it('Deny in the browser → cancelled (the answer carries this attempt’s state)', async () => {
    const trader = systemBrowser(play(currentAlice, 'deny'));
    const outcome = await runCurrentLogin({
      settings: current(),
      window: NO_WINDOW,
      browser: trader,
      login: { method: 'oauth' },
    });
    expect(outcome.ok ? null : outcome.error.code).toBe('cancelled');
  });

  it('legacy OIDC: approve in the browser → the accounts, the page in French', async () => {
    const trader = systemBrowser(play(legacyAlice));
    const outcome = await runLogin({ settings: legacy('oidc'), window: NO_WINDOW, browser: trader });
    expect(outcome.ok, JSON.stringify(outcome.ok ? null : outcome.error)).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.flow).toBe('oidc');
    expect(outcome.accounts.length).toBeGreaterThan(0);
    expect(redirectOf(trader.opened[0]!).hostname).toBe('127.0.0.1');
    await expect
      .poll(() => trader.pages[0]!.locator('body').textContent())
      .toContain('Vous pouvez fermer cet onglet et revenir à l’application.');
  });

  it('the legacy implicit redirect is refused in the browser, saying why; nothing opens', async () => {
    const trader = systemBrowser();
    const outcome = await runLogin({ settings: legacy('legacy'), window: NO_WINDOW, browser: trader });
    expect(outcome.ok ? null : outcome.error).toMatchObject({
      code: 'browser_unavailable',
      browserReason: 'implicit_flow',
    });
    expect(trader.opened).toEqual([]);
  });

  it('a registered redirect that is not loopback cannot come back from the browser: refused, nothing opens', async () => {
    const trader = systemBrowser();
    const outcome = await runCurrentLogin({
      settings: current({ clientRedirectUrl: 'https://app.example.com/callback' }),
      window: NO_WINDOW,
      browser: trader,
      login: { method: 'oauth' },
    });
    expect(outcome.ok ? null : outcome.error).toMatchObject({
      code: 'browser_unavailable',
      browserReason: 'no_browser_redirect',
    });
    expect(trader.opened).toEqual([]);
  });

  it('Cancel while the browser is open → cancelled, and the listener is gone: the approve lands nowhere', async () => {
    let approve: () => void = () => undefined;
    const approved = new Promise<void>((resolve) => (approve = resolve));
    const trader = systemBrowser(async (page) => {
      await approved;
      await play(currentAlice)(page).catch(() => undefined);
    });
    const controller = new AbortController();
    const running = runCurrentLogin({
      settings: current(),
      window: NO_WINDOW,
      browser: trader,
      login: { method: 'oauth' },
      signal: controller.signal,
    });
    await expect.poll(() => trader.opened.length).toBe(1);
    const port = Number(redirectOf(trader.opened[0]!).port);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    controller.abort();
    const outcome = await running;
    expect(outcome.ok ? null : outcome.error.code).toBe('cancelled');
    expect(await accepts('127.0.0.1', port)).toBe(false);
    // The trader approves afterwards: the code is minted, but nothing is there to take it.
    const tokenCalls = () => sandbox.httpHits().filter((h) => h.path === `${AUTH_PREFIX}/oauth2/token`).length;
    const before = tokenCalls();
    approve();
    await trader.settled();
    expect(tokenCalls()).toBe(before);
  });

  it('the 5-minute timeout (a manual clock) ends it the same way: timeout, no listener left', async () => {
    const clock = new FakeClock();
    const trader = systemBrowser(); // the trader never finishes
    const running = runCurrentLogin({
      settings: current(),
      window: NO_WINDOW,
      browser: trader,
      login: { method: 'oauth' },
      clock,
    });
    await expect.poll(() => trader.opened.length).toBe(1);
    const port = Number(redirectOf(trader.opened[0]!).port);
    clock.advance(5 * 60_000 - 1);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    clock.advance(1);
    const outcome = await running;
    expect(outcome.ok ? null : outcome.error.code).toBe('timeout');
    expect(await accepts('127.0.0.1', port)).toBe(false);
  });

  it('no browser to open the page → window_failed, and no listener left', async () => {
    const asked: string[] = [];
    const outcome = await runCurrentLogin({
      settings: current(),
      window: NO_WINDOW,
      browser: {
        openExternal: (url) => {
          asked.push(url);
          return Promise.reject(new Error('no application'));
        },
      },
      login: { method: 'oauth' },
    });
    expect(outcome.ok ? null : outcome.error.code).toBe('window_failed');
    expect(asked).toHaveLength(1);
    expect(await accepts('127.0.0.1', Number(redirectOf(asked[0]!).port))).toBe(false);
  });
});
