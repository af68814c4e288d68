/**
 * The trader's own browser, played by Chromium: a real implementation of the core's SystemBrowser
 * port (what `shell.openExternal` is in the app). Each `openExternal` opens the URL in a fresh
 * context of its own (not the login window's: the browser shares nothing with the app), and
 * resolves once the page is asked for, as `shell.openExternal` resolves once the OS handed the URL
 * on, never with the page's outcome. `onPage` then acts in it like the trader.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { SystemBrowser } from '../../main/core/auth/front-channel';

export class ChromiumSystemBrowser implements SystemBrowser {
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
  ) {}

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
    const context = await this.browser.newContext();
    this.contexts.push(context);
    const page = await context.newPage();
    this.pages.push(page);
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
