/**
 * The trader's own browser, played by Chromium: a real implementation of the core's SystemBrowser
 * port (what `shell.openExternal` is in the app). Each `openExternal` opens the URL in a fresh
 * context of its own (not the login window's: the browser shares nothing with the app), and
 * resolves once the page is asked for, as `shell.openExternal` resolves once the OS handed the URL
 * on, never with the page's outcome. `onPage` then acts in it like the trader.
 *
 * A redirect to a link in the app's own scheme (RFC 8252 §7.1) is what a real browser hands to the
 * OS, which starts the app with it: `appLink` plays that OS (a journey emits `second-instance` or
 * `open-url` on the Electron fake with it). Chromium itself cannot open such a link headless.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { SystemBrowser } from '../../main/core/auth/front-channel';
import { APP_SCHEME } from '../../main/core/model';

export class ChromiumSystemBrowser implements SystemBrowser {
  /** Every link in the app's scheme the browser was redirected to (and handed to the OS), in order. */
  readonly appLinks: string[] = [];
  /** Every URL the app opened in the browser, in order. */
  readonly opened: string[] = [];
  /** Every page it opened (left open, as a browser tab is, until `close`). */
  readonly pages: Page[] = [];
  /** What `onPage` threw, if anything (a broken test step is reported, not mistaken for a timeout). */
  readonly problems: unknown[] = [];
  private readonly contexts: BrowserContext[] = [];
  private acting: Promise<void>[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly onPage: (page: Page) => Promise<void> = async () => undefined,
    private readonly appLink: (url: string) => void = () => undefined,
  ) {}

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
    const context = await this.browser.newContext();
    this.contexts.push(context);
    const page = await context.newPage();
    this.pages.push(page);
    page.on('response', (response) => {
      const location = response.headers()['location'];
      if (response.status() < 300 || response.status() > 399 || !location) return;
      const target = new URL(location, response.url()).href;
      if (!target.toLowerCase().startsWith(`${APP_SCHEME}:`)) return;
      this.appLinks.push(target);
      this.appLink(target);
    });
    this.acting.push(
      (async () => {
        await page.goto(url);
        await this.onPage(page);
      })().catch((error: unknown) => {
        if (!page.isClosed()) this.problems.push(error);
      }),
    );
  }

  /** Resolves once every page has done what `onPage` scripted. */
  async settled(): Promise<void> {
    await Promise.all(this.acting);
  }

  async close(): Promise<void> {
    await this.settled();
    await Promise.all(this.contexts.splice(0).map((c) => c.close().catch(() => undefined)));
    this.acting = [];
  }
}
