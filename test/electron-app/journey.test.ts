/**
 * The app as a trader runs it: the built app (`out/`) in the real Electron binary, its own demo
 * sandbox started in its main process, the real login window, the real `safeStorage` and the real
 * security locks. The Chromium journeys (test/e2e/) prove the same screens with the core beside the
 * page and a fake of `electron`; these answer what only Electron can: that the login window's
 * redirect interception, the sealed store across a restart, the window and navigation locks, the
 * preload's isolation, the IPC sender check and the CSP hold in Electron itself.
 *
 * Runs wherever an Electron binary exists (test/support/electron-app.ts); REQUIRE_ELECTRON=1 makes
 * its absence a failure. The screens are read with the Chromium journeys' helpers (test/e2e/support/screen.ts).
 *
 * @see https://playwright.dev/docs/api/class-electron
 * @see https://playwright.dev/docs/api/class-electronapplication
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_SEED } from '../../main/demo';
import { COMMAND_NAMES } from '../../main/ipc/contract';
import { makeDemoUsers } from '../../sandbox/users';
import { eventually } from '../e2e/support/journey-suite';
import {
  chooseDemoMode,
  detail,
  expectAccountsOnline,
  expectActive,
  fillLoginForm,
  logOutOfAll,
  row,
  submitLoginForm,
  tableAccountIds,
} from '../e2e/support/screen';
import { electronTestsUnavailable, ensureAppBuilt, launchApp, type LaunchedApp } from '../support/electron-app';
import { expectNoLeaks, type Secret } from '../support/leak-scan';
import { makeTempDir, removeDir } from '../support/temp-dir';

/** The demo's users are the sandbox's for the demo's fixed seed (main/demo.ts): the same in the app and here. */
const alice = makeDemoUsers(DEMO_SEED).find((u) => u.email.startsWith('alice'))!;
const enabled = alice.accounts.filter((a) => a.is_disabled === 0);
const tokens: Secret[] = alice.accounts.map((a) => ({ kind: 'legacy_token', value: a.token }));

interface StoredAccount {
  loginid: string;
  sealedToken: string | null;
}

function storedAccounts(userData: string): StoredAccount[] {
  const file = join(userData, 'accounts.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { accounts?: StoredAccount[] }).accounts ?? [];
}

/** A loopback server that counts what reaches it: a refused navigation or fetch never does. */
async function probeServer(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>probe</title>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    hits,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

describe.skipIf(electronTestsUnavailable())('the built app in real Electron', () => {
  let launched: LaunchedApp | null = null;
  const dirs: string[] = [];

  beforeAll(() => ensureAppBuilt(), 300_000);

  afterEach(async () => {
    // `close()` quits the app the way a user does (before-quit shuts the core down).
    await launched?.app.close().catch(() => undefined);
    launched = null;
  });

  afterAll(() => dirs.forEach(removeDir));

  async function launch(userData: string): Promise<LaunchedApp> {
    launched = await launchApp(userData);
    return launched;
  }

  /**
   * The login window the next login opens, as a Playwright page: electronApplication's 'window' event,
   * "issued for every window that is created and loaded in Electron".
   */
  function nextWindow(app: ElectronApplication): Promise<Page> {
    return app.waitForEvent('window', { timeout: 30_000 });
  }

  it('first run → demo → login in the real login window → accounts → Ctrl+digit → restart on the sealed store → log out', async () => {
    const userData = makeTempDir('electron-journey-');
    dirs.push(userData);
    let { app, window: page, problems } = await launch(userData);

    await chooseDemoMode(page, 'legacy');
    await page.getByText(alice.email, { exact: true }).first().waitFor();

    // The real login window: a second BrowserWindow on the demo's login page. Approving ends in a
    // redirect to the registered redirect URL, which the window intercepts (main/electron/auth-window.ts)
    // and closes itself: the accounts appear without the redirect page ever loading.
    const loginWindow = nextWindow(app);
    await page.getByRole('button', { name: 'Log in with Deriv' }).click();
    const login = await loginWindow;
    // The window exists before its first page has loaded: wait for the login page itself.
    await login.waitForURL((url) => url.pathname === '/oauth2/authorize');
    const loginClosed = login.waitForEvent('close');
    await fillLoginForm(login, alice);
    await submitLoginForm(login, 'approve');
    await loginClosed;

    await expectAccountsOnline(
      page,
      enabled.map((a) => a.loginid),
    );
    expect(await tableAccountIds(page)).toEqual(enabled.map((a) => a.loginid));
    // electronApplication.windows(): "all the opened windows" — the login window is gone.
    expect(app.windows()).toHaveLength(1);

    // Ctrl+3 (Cmd+3 on macOS) makes the third account active.
    const third = enabled[2]!;
    await page.keyboard.press('ControlOrMeta+3');
    await expectActive(page, third.loginid);
    expect(await row(page, third.loginid).getAttribute('aria-current')).toBe('true');
    expect(await detail(page, 'Currency').innerText()).toBe(third.currency);

    // Sealed by the real safeStorage (electronApplication.evaluate runs in the main process, handed
    // the `electron` module, and waits for a returned promise). On Linux without a keyring its backend is `basic_text`
    // (obfuscation only): the app then keeps tokens off disk until the trader agrees, as a trader would here.
    const storage = await app.evaluate(async ({ safeStorage }) => ({
      available: await safeStorage.isAsyncEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os',
    }));
    expect(storage.available).toBe(true);
    if (storage.backend === 'basic_text') {
      // Main then asks in a native message box (the page cannot answer it): the trader's yes is
      // given in the main process, as Playwright's Electron guide does for dialogs.
      await app.evaluate(({ dialog }) => {
        const asked: string[] = [];
        (globalThis as { askedQuestions?: string[] }).askedQuestions = asked;
        dialog.showMessageBox = (async (...args: unknown[]) => {
          asked.push((args.at(-1) as { message: string }).message);
          return { response: 1, checkboxChecked: false };
        }) as typeof dialog.showMessageBox;
      });
      await page.getByRole('heading', { name: 'Your logins are not saved' }).waitFor();
      await page.getByRole('button', { name: 'Store them unencrypted' }).click();
      const asked = () => app.evaluate(() => (globalThis as { askedQuestions?: string[] }).askedQuestions ?? []);
      await expect.poll(asked, { timeout: 10_000 }).toEqual(['Save your Deriv tokens on disk without encryption?']);
    }
    await eventually(
      () => storedAccounts(userData).filter((a) => a.sealedToken !== null).length === enabled.length,
      'every account sealed in accounts.json',
    );
    // The sealed token is what safeStorage made of the token: it opens back to it in this app.
    const sealed = storedAccounts(userData).find((a) => a.loginid === third.loginid)!.sealedToken!;
    const opened = await app.evaluate(
      async ({ safeStorage }, base64) => (await safeStorage.decryptStringAsync(Buffer.from(base64, 'base64'))).result,
      sealed,
    );
    expect(opened).toBe(third.token);
    expectNoLeaks({ dom: await page.content() }, tokens, 1);
    expect(problems, 'console errors or uncaught exceptions in the app page').toEqual([]);

    // A restart: the app quits (before-quit shuts the core down) and starts again on the same folder.
    await app.close();
    // Every file of the user-data folder (the store, Chromium's profile), read once the app has
    // let go of them (Windows locks some while it runs).
    expectNoLeaks({ dirs: [userData] }, tokens, 1);
    ({ app, window: page, problems } = await launch(userData));
    await expectAccountsOnline(
      page,
      enabled.map((a) => a.loginid),
    );
    await expectActive(page, third.loginid);
    // Restored from the store: no login window was needed.
    expect(app.windows()).toHaveLength(1);

    await logOutOfAll(page);
    expect(await page.locator('button.acct[data-account-id]').count()).toBe(0);
    await eventually(() => storedAccounts(userData).length === 0, 'no account left in accounts.json');
    expectNoLeaks({ dom: await page.content() }, tokens, 1);
    expect(problems, 'console errors or uncaught exceptions in the app page').toEqual([]);
    await app.close();
    expectNoLeaks({ dirs: [userData] }, tokens, 1);
  });

  it('locks that only Electron can prove: no Node in the page, no new window, no navigation away, CSP, IPC from a sub-frame refused', async () => {
    const userData = makeTempDir('electron-locks-');
    dirs.push(userData);
    const { app, window: page } = await launch(userData);
    const probe = await probeServer();
    try {
      // The preload's isolation: the page sees the DesktopApi and nothing of Node or Electron.
      const globals = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return {
          require: typeof w.require,
          process: typeof w.process,
          module: typeof w.module,
          Buffer: typeof w.Buffer,
          desktop: Object.keys(w.desktop as object).sort(),
        };
      });
      expect(globals).toEqual({
        require: 'undefined',
        process: 'undefined',
        module: 'undefined',
        Buffer: 'undefined',
        desktop: [...COMMAND_NAMES, 'onState'].sort(),
      });

      // window.open is denied (setWindowOpenHandler → deny): the page gets null, no window opens.
      expect(await page.evaluate((url) => window.open(url) === null, probe.url)).toBe(true);
      expect(app.windows()).toHaveLength(1);

      // Navigation away is cancelled in will-navigate; Electron then reports the load stopped, on
      // the page it never left (electron/electron spec/api-browser-window-spec.ts "will-navigate
      // event › can be prevented"). Listen first (electronApplication.browserWindow), navigate, wait.
      const appUrl = page.url();
      const browserWindow = await app.browserWindow(page);
      await browserWindow.evaluate((win) => {
        const contents = win.webContents;
        (globalThis as unknown as { navigationSettled: Promise<string> }).navigationSettled = new Promise((resolve) =>
          contents.once('will-navigate', () => contents.once('did-stop-loading', () => resolve(contents.getURL()))),
        );
      });
      await page.evaluate((url) => {
        location.href = url;
      }, probe.url);
      const urlAfter = await app.evaluate(
        () => (globalThis as unknown as { navigationSettled: Promise<string> }).navigationSettled,
      );
      expect(urlAfter).toBe(appUrl);
      expect(page.url()).toBe(appUrl);

      // The CSP of app:// answers: an injected inline script, a frame and a fetch are each refused.
      const violations = await page.evaluate(async (url) => {
        const seen: string[] = [];
        const wait = (count: number) =>
          new Promise<void>((resolve) => {
            const check = () => seen.length >= count && resolve();
            document.addEventListener('securitypolicyviolation', (e) => (seen.push(e.effectiveDirective), check()));
            check();
          });
        const all = wait(3);
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
        const frame = document.createElement('iframe');
        frame.src = url;
        document.body.append(frame);
        const fetched = await fetch(url).then(
          () => 'answered',
          () => 'refused',
        );
        await all;
        frame.remove();
        return { seen: seen.sort(), fetched, inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan };
      }, probe.url);
      expect(violations).toEqual({
        seen: ['connect-src', 'frame-src', 'script-src-elem'],
        fetched: 'refused',
        inlineRan: undefined,
      });
      expect(probe.hits, 'requests that reached the probe server').toEqual([]);

      // IPC from a sub-frame: a window of the test's own, on the app's origin in a partition of its
      // own (no CSP there, so it may have a frame), with the app's preload in every frame. The same
      // command is answered for its top frame and refused for its sub-frame (event.senderFrame.parent).
      const preload = join(import.meta.dirname, '../../out/preload/preload.cjs');
      // The only window opened from here on (window.open above opened none).
      const probeWindow = app.waitForEvent('window');
      await app.evaluate(async ({ BrowserWindow, session }, preloadPath) => {
        const ses = session.fromPartition('ipc-subframe-probe');
        ses.protocol.handle('app', (request) => {
          const body = request.url.endsWith('/top.html')
            ? '<!doctype html><title>top</title><iframe src="app://renderer/frame.html"></iframe>'
            : '<!doctype html><title>frame</title>';
          return new Response(body, { headers: { 'content-type': 'text/html' } });
        });
        const win = new BrowserWindow({
          show: false,
          webPreferences: {
            session: ses,
            preload: preloadPath,
            sandbox: true,
            contextIsolation: true,
            nodeIntegrationInSubFrames: true,
          },
        });
        await win.loadURL('app://renderer/top.html');
      }, preload);
      const top = await probeWindow;
      await top.waitForURL('app://renderer/top.html');
      const sub = await subFrame(top);
      type Answer = { ok: boolean; error?: { code: string } };
      const ask = () => (window as unknown as { desktop: { getState(): Promise<Answer> } }).desktop.getState();
      expect((await top.mainFrame().evaluate(ask)).ok).toBe(true);
      expect(await sub.evaluate(ask)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    } finally {
      await probe.close();
    }
  });
});

/** The one sub-frame of a page, once its preload has exposed the DesktopApi. */
async function subFrame(page: Page) {
  const frame = page.frames().find((f) => f !== page.mainFrame()) ?? (await page.waitForEvent('frameattached'));
  await frame.waitForLoadState();
  await frame.waitForFunction(() => 'desktop' in window);
  return frame;
}
