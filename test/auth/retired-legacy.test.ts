/**
 * Deriv has been reported to redirect retired legacy endpoints to its home page. When the legacy
 * login page sends the login window somewhere that is neither a login page (its own origin) nor
 * the redirect URL, the login ends at once with `legacy_retired` (a message pointing to the current
 * API) instead of leaving the trader on a web page until the timeout. Real Chromium, real HTTP: a
 * stand-in "home page" on another origin, reached by a server redirect or by the page itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type LoginOutcome, runLogin } from '../../main/core/auth/login';
import type { LegacySettings } from '../../main/core/model';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { browserTestsUnavailable, launchChromium } from '../support/chromium';
import { ChromiumAuthWindow } from '../support/chromium-auth-window';

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe.skipIf(browserTestsUnavailable())('the retired legacy login, in real Chromium', () => {
  let browser: Browser;
  let sandbox: SandboxHandle;
  let home: { server: Server; origin: string; hits: string[] };
  let retired: { server: Server; origin: string };

  beforeAll(async () => {
    browser = await launchChromium();
    sandbox = await startSandbox({ port: 0, seed: 15 });
    const hits: string[] = [];
    const homeServer = await listen((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Deriv home</h1>');
    });
    home = { ...homeServer, hits };
    // A retired authorize endpoint: it answers every request with a redirect to the home page.
    retired = await listen((_req, res) => res.writeHead(302, { location: `${home.origin}/` }).end());
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    home?.server.close();
    retired?.server.close();
  });

  const settings = (oauthUrl: string): LegacySettings => ({
    api: 'legacy',
    appId: sandbox.appId,
    wsUrl: sandbox.wsUrl,
    oauthUrl,
    redirectUrl: sandbox.redirectUrl,
    issuer: sandbox.issuer,
    flow: 'legacy',
    language: 'en',
  });

  const expectRetired = (outcome: LoginOutcome) => {
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('legacy_retired');
    expect(outcome.error.message).toContain('current API');
  };

  it('the authorize endpoint redirects to the home page: the login ends at once with legacy_retired', async () => {
    const window = new ChromiumAuthWindow({ browser });
    // A long timeout: only the navigation can end this login quickly.
    const outcome = await runLogin({
      settings: settings(`${retired.origin}/oauth2/authorize`),
      window,
      timeoutMs: 120_000,
    });
    expectRetired(outcome);
    expect(window.blocked).toEqual([`${home.origin}/`]);
    await window.whenClosed();
  });

  it("the legacy login page itself navigates to another site: legacy_retired; the sandbox's redirect path is never hit", async () => {
    const window = new ChromiumAuthWindow({
      browser,
      onPage: async (page) => {
        await page.evaluate((target) => {
          globalThis.location.href = target;
        }, `${home.origin}/welcome`);
      },
    });
    const outcome = await runLogin({ settings: settings(sandbox.oauthUrl), window, timeoutMs: 120_000 });
    expectRetired(outcome);
    expect(window.blocked).toEqual([`${home.origin}/welcome`]);
    const redirectPath = new URL(sandbox.redirectUrl).pathname;
    expect(sandbox.httpHits().filter((h) => h.path === redirectPath)).toEqual([]);
    await window.whenClosed();
  });

  it('navigating within the login page’s own origin is not a retirement: the normal login still works', async () => {
    const user = sandbox.users[0]!;
    const window = new ChromiumAuthWindow({
      browser,
      onPage: async (page) => {
        await page.locator('input[name=email]').fill(user.email);
        await page.locator('input[name=password]').fill(user.password);
        await page.locator('button[name=action][value=approve]').click();
      },
    });
    const outcome = await runLogin({ settings: settings(sandbox.oauthUrl), window, timeoutMs: 120_000 });
    expect(outcome.ok).toBe(true);
    expect(window.blocked).toEqual([]);
    await window.whenClosed();
  });
});
