/**
 * Both login flows end to end: the core's runLogin, the sandbox over real HTTP, the login page in
 * real Chromium (ChromiumAuthWindow). After every case the sandbox must have seen no request to the
 * redirect path: the tokens never leave the machine.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { type AuthWindow, type LoginOutcome, runLogin } from '../../main/core/auth/login';
import { revokeLegacyTokens } from '../../main/core/auth/oidc-flow';
import type { LegacySettings, LoginFlow } from '../../main/ipc/contract';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { browserTestsUnavailable, launchChromium } from '../support/chromium';
import { ChromiumAuthWindow } from '../support/chromium-auth-window';

const FLOWS: LoginFlow[] = ['legacy', 'oidc'];

describe.skipIf(browserTestsUnavailable())('login against the sandbox in real Chromium', () => {
  let browser: Browser;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const settingsFor = (s: SandboxHandle, flow: LoginFlow, patch: Partial<LegacySettings> = {}): LegacySettings => ({
    appId: s.appId,
    wsUrl: s.wsUrl,
    oauthUrl: s.oauthUrl,
    redirectUrl: s.redirectUrl,
    issuer: s.issuer,
    flow,
    api: 'legacy',
    language: 'en',
    ...patch,
  });

  const user = () => sandbox.users.find((u) => u.accounts.length > 1) ?? sandbox.users[0]!;
  const expectedAccounts = () =>
    user()
      .accounts.filter((a) => a.is_disabled === 0)
      .map((a) => ({ accountId: a.loginid, currency: a.currency }));

  const fillAndClick = (button: 'approve' | 'deny', before?: (page: Page) => Promise<void>) => async (page: Page) => {
    await page.locator('input[name=email]').fill(user().email);
    await page.locator('input[name=password]').fill(user().password);
    await before?.(page);
    await page.locator(`button[name=action][value=${button}]`).click();
  };

  const redirectPath = () => new URL(sandbox.redirectUrl).pathname;
  const expectNoRedirectHit = (s: SandboxHandle = sandbox) => {
    const path = new URL(s.redirectUrl).pathname;
    expect(s.httpHits().filter((h) => h.path === path || h.path === `${path}/`)).toEqual([]);
  };
  const expectFailure = (outcome: LoginOutcome, code: string) => {
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe(code);
    expect(outcome.error.message.length).toBeGreaterThan(10);
    for (const account of user().accounts) expect(outcome.error.message).not.toContain(account.token);
  };

  describe.each(FLOWS)('%s flow', (flow) => {
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, seed: 7 });
    });
    afterAll(async () => {
      await sandbox?.close();
    });
    afterEach(() => expectNoRedirectHit());

    it('approve → every enabled account of the user, with usable tokens', async () => {
      const window = new ChromiumAuthWindow({ browser, onPage: fillAndClick('approve') });
      const outcome = await runLogin({ settings: settingsFor(sandbox, flow), window });
      expect(outcome.ok, JSON.stringify(outcome.ok ? null : outcome.error)).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.flow).toBe(flow);
      expect(outcome.accounts.map(({ accountId, currency }) => ({ accountId, currency }))).toEqual(expectedAccounts());
      if (flow === 'legacy') {
        // The legacy redirect carries tokens minted for this login, as Deriv does.
        const minted = new Set(sandbox.secrets().map((s) => s.value));
        for (const a of outcome.accounts) expect(minted.has(a.token)).toBe(true);
        expect(outcome.oidcAccessToken).toBeUndefined();
      } else {
        expect(outcome.oidcAccessToken).toBeTruthy();
        for (const a of outcome.accounts) expect(a.token).toMatch(/^[\w-]{1,128}$/);
        // Logout: the legacy tokens are revoked with the access token; a second revoke is refused.
        await revokeLegacyTokens({ issuer: sandbox.issuer, accessToken: outcome.oidcAccessToken! });
        await expect(
          revokeLegacyTokens({ issuer: sandbox.issuer, accessToken: outcome.oidcAccessToken! }),
        ).rejects.toMatchObject({
          code: 'provider_error',
        });
      }
      // The request to the redirect URL was stopped in the browser, not merely ignored.
      expect(window.intercepted).toHaveLength(1);
      expect(new URL(window.intercepted[0]!).pathname).toBe(redirectPath());
      expect(window.lastPage?.isClosed()).toBe(true);
    });

    it('a script on the login page firing a forged redirect (image, fetch) with this attempt’s state is stopped and ignored', async () => {
      // The sandbox's page CSP would block the forged requests before they are sent; a provider
      // page is not ours to trust, so model one that lets them out. The forgery carries the real
      // state (the worst case: the page saw the authorize URL), and for the OIDC flow a code.
      const context = await browser.newContext({ bypassCSP: true });
      let state = '';
      const inner = new ChromiumAuthWindow({
        context,
        onPage: fillAndClick('approve', async (page) => {
          const query =
            flow === 'legacy'
              ? `acct1=CR666&token1=forged-token&cur1=USD&state=${encodeURIComponent(state)}`
              : `code=forged-code-CR666&state=${encodeURIComponent(state)}`;
          const forged = `${sandbox.redirectUrl}?${query}`;
          // Waits until both requests have been stopped (an error), not for a fixed time.
          await page.evaluate(async (url) => {
            await Promise.all([
              new Promise((settle) => {
                const image = new Image();
                image.onerror = settle;
                image.onload = settle;
                image.src = url;
              }),
              fetch(url).catch(() => undefined),
            ]);
          }, forged);
        }),
      });
      const window: AuthWindow = {
        open: (url, redirectUrl, signal) => {
          state = new URL(url).searchParams.get('state') ?? '';
          return inner.open(url, redirectUrl, signal);
        },
      };
      const outcome = await runLogin({ settings: settingsFor(sandbox, flow), window });
      expect(state).not.toBe('');
      expect(outcome.ok && outcome.accounts.map((a) => a.accountId)).toEqual(
        expectedAccounts().map((a) => a.accountId),
      );
      expect(inner.intercepted).toHaveLength(1);
      expect(inner.intercepted[0]).not.toContain('CR666');
      await context.close();
    });

    it('deny → provider_error that says the user declined', async () => {
      const window = new ChromiumAuthWindow({ browser, onPage: fillAndClick('deny') });
      const outcome = await runLogin({ settings: settingsFor(sandbox, flow), window });
      expectFailure(outcome, 'provider_error');
      if (!outcome.ok) expect(outcome.error.message).toContain('access_denied');
      expect(window.intercepted).toHaveLength(1);
    });

    it('closing the login window → cancelled', async () => {
      const window = new ChromiumAuthWindow({ browser, onPage: async (page) => void (await page.close()) });
      expectFailure(await runLogin({ settings: settingsFor(sandbox, flow), window }), 'cancelled');
      expect(window.intercepted).toEqual([]);
    });

    it('a redirect whose state is not this attempt’s → state_mismatch, nothing exchanged', async () => {
      let window: AuthWindow;
      if (flow === 'legacy') {
        // The provider page sends back a different state (its hidden field is tampered with).
        window = new ChromiumAuthWindow({
          browser,
          onPage: fillAndClick('approve', async (page) => {
            await page.locator('input[name=state]').evaluate((el) => {
              (el as HTMLInputElement).value = 'tampered';
            });
          }),
        });
      } else {
        // oidc-provider keeps the state server-side, so the redirect is tampered with on its way back.
        const inner = new ChromiumAuthWindow({ browser, onPage: fillAndClick('approve') });
        window = {
          open: async (url, redirectUrl, signal) => {
            const caught = new URL(await inner.open(url, redirectUrl, signal));
            caught.searchParams.set('state', 'tampered');
            return caught.href;
          },
        };
      }
      const tokenCallsBefore = sandbox.httpHits().filter((h) => h.path === '/oauth2/token').length;
      expectFailure(await runLogin({ settings: settingsFor(sandbox, flow), window }), 'state_mismatch');
      expect(sandbox.httpHits().filter((h) => h.path === '/oauth2/token').length).toBe(tokenCallsBefore);
    });

    it('unknown app_id → the provider answers with an error page: the login ends at once with unknown_client', async () => {
      // Nobody closes the window and the timeout is far away: only the refusal rule ends this login.
      const idle = new ChromiumAuthWindow({ browser });
      const outcome = await runLogin({
        settings: settingsFor(sandbox, flow, { appId: 'no-such-app-42' }),
        window: idle,
        timeoutMs: 600_000,
      });
      expectFailure(outcome, 'unknown_client');
      await idle.whenClosed();
      expect(idle.lastPage?.isClosed()).toBe(true);
    });

    it('a wrong password first (the form answered 401 on the login path) does not end the login; the right one logs in', async () => {
      let tries = 0;
      const window = new ChromiumAuthWindow({
        browser,
        onPage: async (page) => {
          await page.locator('input[name=email]').fill(user().email);
          await page.locator('input[name=password]').fill('not-the-password');
          await page.locator('button[name=action][value=approve]').click();
          await page.getByText('Wrong email or password.').waitFor();
          tries += 1;
          await fillAndClick('approve')(page);
        },
      });
      const outcome = await runLogin({ settings: settingsFor(sandbox, flow), window, timeoutMs: 60_000 });
      expect(outcome.ok ? null : outcome.error).toBeNull();
      expect(tries).toBe(1);
      await window.whenClosed();
    });

    it('cancelling through the signal → cancelled, window closed', async () => {
      const controller = new AbortController();
      const window = new ChromiumAuthWindow({
        browser,
        onPage: async () => {
          controller.abort();
        },
      });
      expectFailure(
        await runLogin({ settings: settingsFor(sandbox, flow), window, signal: controller.signal }),
        'cancelled',
      );
      await window.whenClosed();
      expect(window.lastPage?.isClosed()).toBe(true);
    });
  });

  it('control: without the interception the redirect does reach the sandbox (so the no-hit assertions can fail)', async () => {
    const s = await startSandbox({ port: 0, seed: 7 });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${s.oauthUrl}?app_id=${s.appId}&l=EN&brand=deriv&state=x`);
      sandbox = s;
      await fillAndClick('approve')(page);
      await page.waitForURL((u) => u.pathname === new URL(s.redirectUrl).pathname);
      await context.close();
      expect(s.httpHits().some((h) => h.path === new URL(s.redirectUrl).pathname)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it.each(FLOWS)('%s flow: sandbox down → network_error', async (flow) => {
    const down = await startSandbox({ port: 0, seed: 7 });
    const settings = settingsFor(down, flow);
    await down.close();
    const window = new ChromiumAuthWindow({ browser });
    const outcome = await runLogin({ settings, window });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('network_error');
    expectNoRedirectHit(down);
  });
});
