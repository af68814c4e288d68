/**
 * Logging in to Deriv's current API end to end: the core's runCurrentLogin against the sandbox's
 * current API over real HTTP (oidc-provider's /oauth2/auth and /oauth2/token, the REST account
 * list), the login page in real Chromium. The redirect URL is never reached (the window stops it),
 * the code is exchanged at once, and no error or outcome message carries a secret the sandbox minted.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { AuthWindow } from '../../main/core/auth/auth-window';
import { loginFailureOf, runCurrentOAuthFlow } from '../../main/core/auth/current-flow';
import { type CurrentLoginOutcome, runCurrentLogin } from '../../main/core/auth/login';
import { accountsRequest, processAccountsResponse, WireError } from '../../main/core/current-api/wire';
import type { CurrentSettings } from '../../main/core/model';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { browserTestsUnavailable, launchChromium } from '../support/chromium';
import { ChromiumAuthWindow } from '../support/chromium-auth-window';
import { currentFault } from '../support/current-fault';

describe.skipIf(browserTestsUnavailable())("login to the current API against the sandbox's current API", () => {
  let browser: Browser;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    browser = await launchChromium();
    sandbox = await startSandbox({ port: 0, seed: 1515 });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  const api = () => sandbox.newApi;
  const alice = () => api().users[0]!;
  const settings = (patch: Partial<CurrentSettings> = {}): CurrentSettings => ({
    api: 'current',
    authServerUrl: api().issuer,
    restUrl: api().restUrl,
    clientId: api().clientId,
    clientRedirectUrl: api().redirectUrl,
    language: 'en',
    ...patch,
  });
  const control = (name: string, body: unknown = {}) => currentFault(sandbox, name, body);
  const user = (action: 'approve' | 'deny') => async (page: Page) => {
    await page.locator('input[name=email]').fill(alice().email);
    await page.locator('input[name=password]').fill(alice().password);
    await page.locator(`button[name=action][value=${action}]`).click();
  };
  /** No outcome, error or message may carry anything the sandbox handed out as a secret. */
  const expectNoSecretIn = (outcome: CurrentLoginOutcome, allowed: string[] = []) => {
    const text = JSON.stringify(outcome.ok ? { accounts: outcome.accounts, raw: outcome.raw } : outcome);
    for (const secret of sandbox.secrets()) {
      if (!allowed.includes(secret.value)) expect(text.includes(secret.value), secret.kind).toBe(false);
    }
  };
  afterEach(() => {
    const path = new URL(api().redirectUrl).pathname;
    expect(sandbox.httpHits().filter((h) => h.path === path)).toEqual([]);
  });

  it('OAuth + PKCE: approve on the login page → an access and a refresh token, and every account of the user', async () => {
    // A lifetime of our choosing, so that the expiry can be checked to the second, not merely "later".
    await control('limits', { accessTokenTtlSec: 1234 });
    const window = new ChromiumAuthWindow({ browser, onPage: user('approve') });
    const before = Date.now();
    const outcome = await runCurrentLogin({ settings: settings(), window, login: { method: 'oauth' } });
    const after = Date.now();
    await control('limits', { accessTokenTtlSec: 3600 });
    expect(outcome.ok, JSON.stringify(outcome.ok ? null : outcome.error)).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.credential.kind).toBe('oauth');
    if (outcome.credential.kind !== 'oauth') return;
    expect(outcome.credential.accessToken.length).toBeGreaterThan(10);
    expect(outcome.credential.refreshToken).not.toBeNull();
    // expires_in (1234 s) counted from the token answer, which came between `before` and `after`.
    expect(outcome.credential.expiresAt).toBeGreaterThanOrEqual(before + 1_234_000);
    expect(outcome.credential.expiresAt).toBeLessThanOrEqual(after + 1_234_000);
    expect(outcome.appId).toBe(api().clientId);
    expect(outcome.accounts.map((a) => [a.account_id, a.account_type, a.currency])).toEqual(
      alice().accounts.map((a) => [a.account_id, a.account_type, a.currency]),
    );
    // The opened URL carried no legacy app_id; the callback was stopped in the window.
    expect(new URL(window.intercepted[0]!).searchParams.get('code')).toBeTruthy();
    expectNoSecretIn(outcome, []);
    await window.whenClosed();
  });

  it('a script on the login page firing a forged redirect (image, fetch) with this attempt’s state is stopped and ignored', async () => {
    // As for the legacy flows (login-sandbox.test.ts): a provider page that lets the requests out,
    // a forgery with the real state and a code of its own; the real login must go through untouched.
    const context = await browser.newContext({ bypassCSP: true });
    let state = '';
    const inner = new ChromiumAuthWindow({
      context,
      onPage: async (page) => {
        await page.locator('input[name=email]').fill(alice().email);
        await page.locator('input[name=password]').fill(alice().password);
        const forged = `${api().redirectUrl}?code=forged-code-CR666&state=${encodeURIComponent(state)}`;
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
        await page.locator('button[name=action][value=approve]').click();
      },
    });
    const window: AuthWindow = {
      open: (url, redirectUrl, signal) => {
        state = new URL(url).searchParams.get('state') ?? '';
        return inner.open(url, redirectUrl, signal);
      },
    };
    const outcome = await runCurrentLogin({ settings: settings(), window, login: { method: 'oauth' } });
    expect(state).not.toBe('');
    expect(outcome.ok ? outcome.accounts.map((a) => a.account_id) : outcome.error).toEqual(
      alice().accounts.map((a) => a.account_id),
    );
    expect(inner.intercepted).toHaveLength(1);
    expect(inner.intercepted[0]).not.toContain('CR666');
    await context.close();
  });

  it('Deny on the login page → a typed "cancelled"', async () => {
    const window = new ChromiumAuthWindow({ browser, onPage: user('deny') });
    const outcome = await runCurrentLogin({ settings: settings(), window, login: { method: 'oauth' } });
    expect(outcome.ok ? null : outcome.error.code).toBe('cancelled');
    await window.whenClosed();
  });

  it('a token without the trade scope → scope_missing (the account list answers 403)', async () => {
    const window = new ChromiumAuthWindow({ browser, onPage: user('approve') });
    const failure = await runCurrentOAuthFlow(settings(), { kind: 'window', window }, AbortSignal.timeout(60_000), {
      scopes: ['account_manage'],
    }).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(failure?.code).toBe('scope_missing');
    await window.whenClosed();
  });

  it('an unknown client id: the authorization server shows an error page and never redirects; the login ends at once with unknown_client, nothing granted', async () => {
    const window = new ChromiumAuthWindow({ browser });
    const codesBefore = sandbox.secrets().filter((s) => s.kind === 'oidc_code').length;
    const outcome = await runCurrentLogin({
      settings: settings({ clientId: 'no-such-app' }),
      window,
      login: { method: 'oauth' },
      // Far longer than the test's own timeout: only the refusal rule can end this login in time.
      timeoutMs: 600_000,
    });
    expect(outcome.ok ? null : outcome.error).toMatchObject({
      code: 'unknown_client',
      message: expect.stringMatching(/app ID.*not registered/),
    });
    expect(window.intercepted).toEqual([]);
    expect(sandbox.secrets().filter((s) => s.kind === 'oidc_code').length).toBe(codesBefore);
    await window.whenClosed();
  });

  it('a redirect URL not registered for the client: the same refusal, at once', async () => {
    const window = new ChromiumAuthWindow({ browser });
    const outcome = await runCurrentLogin({
      settings: settings({ clientRedirectUrl: `${api().redirectUrl}-not-registered` }),
      window,
      login: { method: 'oauth' },
      timeoutMs: 600_000,
    });
    expect(outcome.ok ? null : outcome.error.code).toBe('unknown_client');
    await window.whenClosed();
  });

  describe('PAT sign-in', () => {
    it('a PAT with its app id → the accounts; the PAT is the credential', async () => {
      const outcome = await runCurrentLogin({
        settings: settings(),
        window: new ChromiumAuthWindow({ browser }),
        login: { method: 'pat', token: alice().pat, appId: api().appId },
      });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.credential).toEqual({ kind: 'pat', token: alice().pat, appId: api().appId });
      expect(outcome.accounts.map((a) => a.account_id)).toEqual(alice().accounts.map((a) => a.account_id));
      expectNoSecretIn(outcome);
    });

    it('another app id → invalid_token (not made for this app), nothing secret in the message', async () => {
      const outcome = await runCurrentLogin({
        settings: settings(),
        window: new ChromiumAuthWindow({ browser }),
        login: { method: 'pat', token: alice().pat, appId: '99999' },
      });
      expect(outcome.ok ? null : outcome.error.code).toBe('invalid_token');
      expectNoSecretIn(outcome);
    });

    it('no Deriv-App-ID header: the server says so (app_id_required on the wire) → missing_app_id at the login', async () => {
      const failure = await accountsRequest(
        api().restUrl,
        { kind: 'pat', token: alice().pat, appId: '' },
        { signal: AbortSignal.timeout(10_000) },
      )
        .then((response) => processAccountsResponse(response))
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(failure).toBeInstanceOf(WireError);
      expect((failure as WireError).code).toBe('app_id_required');
      expect(loginFailureOf(failure as WireError, 'pat').code).toBe('missing_app_id');
    });

    it('an unknown PAT → invalid_token; a revoked one too', async () => {
      const unknown = await runCurrentLogin({
        settings: settings(),
        window: new ChromiumAuthWindow({ browser }),
        login: { method: 'pat', token: `pat_${'0'.repeat(64)}`, appId: api().appId },
      });
      expect(unknown.ok ? null : unknown.error.code).toBe('invalid_token');

      const bob = api().users[1]!;
      await control('revoke', { token: bob.pat });
      const revoked = await runCurrentLogin({
        settings: settings(),
        window: new ChromiumAuthWindow({ browser }),
        login: { method: 'pat', token: bob.pat, appId: api().appId },
      });
      expect(revoked.ok ? null : revoked.error.code).toBe('invalid_token');
      expectNoSecretIn(revoked);
    });

    it('over the REST budget → rate_limited, saying when to try again', async () => {
      await control('limits', { restPerUserPerMinute: 1 });
      try {
        const sign = () =>
          runCurrentLogin({
            settings: settings(),
            window: new ChromiumAuthWindow({ browser }),
            login: { method: 'pat', token: api().users[0]!.pat, appId: api().appId },
          });
        const outcomes = [await sign(), await sign()];
        const limited = outcomes.find((o) => !o.ok);
        expect(limited && !limited.ok ? limited.error.code : null).toBe('rate_limited');
        expect(limited && !limited.ok ? limited.error.message : '').toMatch(/try again/i);
      } finally {
        await control('limits', { restPerUserPerMinute: 80 });
      }
    });
  });
});
