/**
 * A second, real implementation of the core's AuthWindow port: a page in Debian's Chromium driven by
 * playwright-core. Used by the login integration tests and by the end-to-end journeys.
 *
 * The redirect is intercepted with the DevTools protocol's Fetch domain rather than
 * `context.route`/`page.route`: Playwright's routes are not called for the hops of a server
 * redirect (its documented limit, and measured here: a form POST answered with 302 to the redirect
 * URL reached the server), and a provider's Approve button ends exactly in such a redirect. Fetch
 * pauses every request matching the redirect pattern, redirect hops included, before it leaves the
 * browser; the decision is the core's `isRedirectTarget` (origin + path), the pattern only narrows.
 * Do not also add Playwright routes to a context you pass in: both use the Fetch domain.
 *
 * Like the Electron window, a main-frame navigation to anything but the login page's origin or the
 * redirect URL ends the login at once with `blocked_navigation`, and an error page where the login
 * page should be (`authorizePageFailure`: the app refused, or the page unavailable) at once.
 *
 * As the Electron window, a request of the page (any frame) to an identity provider that refuses
 * embedded browsers (the model's list) is paused by Fetch and failed before it leaves, and the
 * login ends with `provider_refuses_window`. A popup is closed as soon as Playwright reports it
 * (its first request may have left by then: Fetch is enabled on the page, not on its popups); one
 * aimed at such a provider ends the login the same way. The Electron adapter decides popups
 * before they exist (`setWindowOpenHandler`), tested against the Electron fake.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

import type { AuthWindow } from '../../main/core/auth/auth-window';
import { authorizePageFailure } from '../../main/core/auth/authorize-refusal';
import { failureFromSignal, LoginFailure, providerRefusesWindow } from '../../main/core/auth/login-failure';
import { embeddedLoginRefuser, isNavigationAllowed, isRedirectTarget } from '../../main/core/auth/url-policy';
import { EMBEDDED_LOGIN_REFUSERS } from '../../main/core/model';

export interface ChromiumAuthWindowOptions {
  /** A fresh context is opened in it per login and closed afterwards (like the Electron partition). */
  browser?: Browser;
  /** Or open the login page in this context (left open afterwards). */
  context?: BrowserContext;
  /**
   * Called once the login page has loaded: act in it like a user (fill the form, click Approve or
   * Deny, close the page …). The window keeps waiting for the redirect, a close, a load failure or
   * the signal after it returns. An error it throws before the login has ended fails the login with
   * that error (so a broken test step is not mistaken for an outcome).
   */
  onPage?: (page: Page) => Promise<void>;
}

type Outcome = { ok: true; url: string } | { ok: false; error: Error };

/** Fetch patterns that narrow what reaches the refuser check (any scheme and port of each host). */
const REFUSER_PATTERNS = Object.keys(EMBEDDED_LOGIN_REFUSERS).map((host) => ({
  urlPattern: `*://${host}*`,
  requestStage: 'Request' as const,
}));

/** CDP Fetch `urlPattern` wildcards are `*` and `?`, escaped with a backslash. */
function fetchPattern(redirectUrl: string): string {
  const url = new URL(redirectUrl);
  const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  return `${url.origin}${path}`.replace(/[\\*?]/g, (c) => `\\${c}`) + '*';
}

export class ChromiumAuthWindow implements AuthWindow {
  /** Every URL a login opened this window on (the authorization request, with its query), in order. */
  readonly opened: string[] = [];
  /** Every redirect URL this window intercepted, in order (tokens included: it is the test's record). */
  readonly intercepted: string[] = [];
  /** Main-frame navigations off the login page that ended a login (see `blocked_navigation`). */
  readonly blocked: string[] = [];
  /** Requests to an identity provider that refuses embedded browsers, stopped before they left. */
  readonly refused: string[] = [];
  /** The page of the most recent login, for screenshots or inspection. */
  lastPage: Page | null = null;
  private cleanedUp: Promise<void> = Promise.resolve();

  /**
   * Resolves once the most recent login's page (and its own context) are closed. `runLogin` may
   * answer a cancel or timeout before the window has finished cleaning up; tests await this.
   */
  whenClosed(): Promise<void> {
    return this.cleanedUp;
  }

  constructor(private readonly options: ChromiumAuthWindowOptions) {
    if (!options.browser && !options.context) throw new Error('ChromiumAuthWindow needs a browser or a context');
  }

  async open(url: string, redirectUrl: string, signal: AbortSignal): Promise<string> {
    if (signal.aborted) throw failureFromSignal(signal);
    this.opened.push(url);
    const ownContext = !this.options.context;
    // As the Electron window: nothing a page starts downloading is saved (the port's contract).
    const context = this.options.context ?? (await this.options.browser!.newContext({ acceptDownloads: false }));
    const page = await context.newPage();
    this.lastPage = page;
    const cdp: CDPSession = await context.newCDPSession(page);
    // Only the page's own navigation counts as the redirect (as in the Electron window): a script
    // on the provider's page firing an image or fetch at the redirect URL must not log anyone in.
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const mainFrameId = frameTree.frame.id;

    let markCleanedUp: () => void = () => undefined;
    this.cleanedUp = new Promise<void>((resolve) => (markCleanedUp = resolve));

    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        void (async () => {
          await cdp.detach().catch(() => undefined);
          await page.close().catch(() => undefined);
          if (ownContext) await context.close().catch(() => undefined);
        })().finally(() => {
          markCleanedUp();
          if (outcome.ok) resolve(outcome.url);
          else reject(outcome.error);
        });
      };
      const onAbort = (): void => finish({ ok: false, error: failureFromSignal(signal) });

      cdp.on('Fetch.requestPaused', (event) => {
        const provider = embeddedLoginRefuser(event.request.url);
        if (provider) {
          this.refused.push(event.request.url);
          cdp
            .send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' })
            .catch(() => undefined);
          const navigates = event.resourceType === 'Document';
          if (navigates) finish({ ok: false, error: providerRefusesWindow(provider) });
          return;
        }
        const isTopDocument = event.resourceType === 'Document' && event.frameId === mainFrameId;
        if (!settled && isTopDocument && isRedirectTarget(event.request.url, redirectUrl)) {
          this.intercepted.push(event.request.url);
          finish({ ok: true, url: event.request.url });
          cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Aborted' }).catch(() => undefined);
          return;
        }
        // Matched the narrow pattern but not the target (e.g. /redirectx), a late duplicate, or a
        // subresource aimed at the redirect (stopped too: it must not reach any server).
        const send =
          settled || isRedirectTarget(event.request.url, redirectUrl)
            ? cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Aborted' })
            : cdp.send('Fetch.continueRequest', { requestId: event.requestId });
        send.catch(() => undefined);
      });
      page.on('close', () => finish({ ok: false, error: new LoginFailure('cancelled') }));
      page.on('popup', (popup) => {
        const provider = embeddedLoginRefuser(popup.url());
        void popup.close().catch(() => undefined);
        if (provider && !settled) finish({ ok: false, error: providerRefusesWindow(provider) });
      });
      // As the Electron window: the login page may navigate within its own origin, or to the
      // redirect URL; anywhere else (a retired endpoint sent to Deriv's home page) ends the login.
      page.on('request', (request) => {
        if (settled || !request.isNavigationRequest() || request.frame() !== page.mainFrame()) return;
        if (embeddedLoginRefuser(request.url())) return; // stopped by Fetch, ended there
        if (!request.redirectedFrom()) navigations += 1;
        if (isNavigationAllowed(request.url(), url, redirectUrl)) return;
        this.blocked.push(request.url());
        finish({ ok: false, error: new LoginFailure('blocked_navigation') });
      });
      // Only the opening navigation (the first main-frame request and its redirects) can be a
      // refusal; a page the user's action loads (a wrong password answered 401) cannot.
      let navigations = 0;
      page.on('response', (response) => {
        const request = response.request();
        if (settled || !request.isNavigationRequest() || request.frame() !== page.mainFrame()) return;
        const failure = navigations <= 1 ? authorizePageFailure(response.url(), response.status(), url) : null;
        if (failure) finish({ ok: false, error: failure });
      });
      page.on('requestfailed', (request) => {
        if (settled || !request.isNavigationRequest() || request.frame() !== page.mainFrame()) return;
        if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
        finish({ ok: false, error: new LoginFailure('network_error') });
      });
      signal.addEventListener('abort', onAbort, { once: true });

      void (async () => {
        await cdp.send('Fetch.enable', {
          patterns: [{ urlPattern: fetchPattern(redirectUrl), requestStage: 'Request' }, ...REFUSER_PATTERNS],
        });
        try {
          await page.goto(url);
        } catch (error) {
          if (settled) return;
          if (page.isClosed()) finish({ ok: false, error: new LoginFailure('cancelled') });
          else if (!String(error).includes('net::ERR_ABORTED'))
            finish({ ok: false, error: new LoginFailure('network_error') });
          return;
        }
        if (settled || !this.options.onPage) return;
        try {
          await this.options.onPage(page);
        } catch (error) {
          if (!settled && !page.isClosed())
            finish({ ok: false, error: error instanceof Error ? error : new Error(String(error)) });
        }
      })().catch((error: unknown) => {
        if (!settled) finish({ ok: false, error: error instanceof Error ? error : new Error(String(error)) });
      });
    });
  }
}
