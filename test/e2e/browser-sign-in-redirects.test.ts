/**
 * Signing in in the trader's browser (issue 25), the other ways back, end to end in Chromium
 * against the sandbox: a redirect in the app's own scheme (RFC 8252 §7.1) handed to the app by the
 * OS, as a second instance's `argv` (Windows, Linux) or `open-url` (macOS), through the Electron
 * adapter (main/electron/app-scheme.ts) on the Electron fake; the HTTPS bounce page, hosted by a
 * test server as a publisher would, forwarding to the loopback port named in `state`; and a tab
 * closed in the browser, ended by Cancel or by the timeout with nothing left behind. Leak scan in
 * each (codes, verifiers, tokens: the sandbox records each); screenshots EN/FR in test-results/e2e.
 */
import { connect } from 'node:net';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { APP_SCHEME } from '../../main/core/model';
import { listenForAppScheme } from '../../main/electron/app-scheme';
import type { AppState } from '../../main/ipc/contract';
import { type BounceHost, startBounceHost } from '../support/bounce-host';
import { browserTestsUnavailable } from '../support/chromium';
import { app, resetElectronFake } from '../support/electron-fake';
import { connection, expectCleanJourney, journeySuite } from './support/journey-suite';
import { type JourneyWorld, screenshotsDir } from './support/journey-world';

const APP_LINK = `${APP_SCHEME}:/callback`;
const BOUNCE_HOST = 'bounce.test';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The query of the one authorization request the app opened in the browser. */
function openedRequest(w: JourneyWorld): URLSearchParams {
  expect(w.systemBrowser.opened).toHaveLength(1);
  return new URL(w.systemBrowser.opened[0]!).searchParams;
}

/** Every account listed, online, the active one authorized with a balance. */
function signedIn(w: JourneyWorld) {
  const listed = w.currentUser.accounts;
  return w.harness.waitFor(
    (s: AppState) =>
      s.connection.status === 'online' &&
      s.accounts.length === listed.length &&
      s.accounts.some((a) => a.accountId === s.activeAccountId && a.authorized && a.balance !== null),
    30_000,
  );
}

/**
 * main/index.ts's wiring of the app's scheme, on the Electron fake: the adapter listens (from
 * module load), the core's SchemeCallbacks takes what it delivers, `second-instance` hands it argv.
 */
function wireAppScheme(w: JourneyWorld): void {
  const links = listenForAppScheme();
  app.on('second-instance', (_event, argv: string[]) => links.fromArgv(argv));
  links.deliverTo((url) => void w.schemeCallbacks.deliver(url));
}

const EN = { settings: 'Settings', browser: 'in my browser', back: 'Back', login: 'Log in with Deriv' };
const FR = { settings: 'Paramètres', browser: 'dans mon navigateur', back: 'Retour', login: 'Se connecter avec Deriv' };

/**
 * Starts a sign-in in the browser the way the trader does: Settings, "Log in: in my browser" (saved
 * at once, remembered), back, then "Log in with Deriv". `shot`: a screenshot of the choice.
 */
async function startInBrowser(w: JourneyWorld, words: typeof EN, shot?: string): Promise<void> {
  await w.page.getByRole('button', { name: words.settings }).click();
  // The radio shows what main saved: it is checked once the save came back.
  const radio = w.page.getByRole('radio', { name: words.browser });
  await radio.click();
  await w.harness.waitFor((s) => s.settings.api === 'current' && s.settings.clientLoginPlace === 'browser');
  await expect.poll(() => radio.isChecked()).toBe(true);
  if (shot) await w.screenshot(shot);
  await w.page.getByRole('button', { name: words.back }).click();
  await w.page.getByRole('button', { name: words.login }).click();
}

describe.skipIf(browserTestsUnavailable())('sign in in the browser: app links, the bounce page, a closed tab', () => {
  let bounce: BounceHost;
  beforeAll(async () => {
    bounce = await startBounceHost(BOUNCE_HOST);
  });
  afterAll(() => bounce?.close());
  const suite = journeySuite({
    chromiumArgs: [`--host-resolver-rules=MAP ${BOUNCE_HOST} 127.0.0.1`, '--ignore-certificate-errors'],
  });

  it('the app link comes back as a second instance’s argv (Windows, Linux) → accounts; a replay changes nothing (EN)', async () => {
    resetElectronFake({ platform: 'linux', ready: true });
    const w = await suite.start({ api: 'current', currentRedirectUrl: APP_LINK });
    wireAppScheme(w);
    const handed: string[][] = [];
    w.onAppLink = (url) => {
      // The OS starts the app again with the link; Chromium adds switches of its own.
      const argv = ['/opt/Deriv Desktop Login/deriv-desktop-login', '--original-process-start-time=13', url];
      handed.push(argv);
      app.fakeSecondInstance(argv);
    };
    let finish: () => void = () => undefined;
    w.nextBrowserLogin = { action: 'approve', until: new Promise<void>((resolve) => (finish = resolve)) };
    await startInBrowser(w, EN, 'browser-place-settings-en');
    await w.page.getByText('Waiting for you to finish in your browser…').waitFor();
    await w.screenshot('browser-app-link-waiting-en');
    await expect.poll(() => w.systemBrowser.opened.length).toBe(1);
    const request = openedRequest(w);
    // RFC 8252 §7.1: the registered link itself, a fresh state and an S256 challenge; no listener.
    expect(request.get('redirect_uri')).toBe(APP_LINK);
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(w.schemeCallbacks.waiting).toBe(true);

    finish();
    await signedIn(w);
    await connection(w.page, 'Online').waitFor();
    expect(handed).toHaveLength(1);
    const link = new URL(w.systemBrowser.appLinks[0]!);
    expect(link.searchParams.get('state')).toBe(request.get('state'));
    expect(w.schemeCallbacks.waiting).toBe(false);
    // The same link opened again (a replay, a second click): no login waits for it.
    expect(w.schemeCallbacks.deliver(link.href)).toBe(false);
    expect(w.authWindow.opened).toEqual([]);
    await w.screenshot('browser-app-link-accounts-en');
    await expectCleanJourney(w);
  });

  it('macOS: the app link comes back by open-url; a forged one first is dropped (FR)', async () => {
    resetElectronFake({ platform: 'darwin', ready: true });
    const w = await suite.start({ api: 'current', currentRedirectUrl: APP_LINK });
    await w.harness.controller.handlers().saveSettings({ api: 'current', language: 'fr' });
    wireAppScheme(w);
    const prevented: boolean[] = [];
    w.onAppLink = (url) => prevented.push(app.fakeOpenUrl(url).defaultPrevented);
    let finish: () => void = () => undefined;
    w.nextBrowserLogin = { action: 'approve', until: new Promise<void>((resolve) => (finish = resolve)) };
    await startInBrowser(w, FR, 'browser-place-settings-fr');
    await w.page.getByText('Terminez dans votre navigateur…').waitFor();
    await expect.poll(() => w.systemBrowser.opened.length).toBe(1);

    // Another program opens a link in the app's scheme with a code of its own: dropped.
    app.fakeOpenUrl(`${APP_LINK}?code=forged-code-000000&state=forged-state-0000000000000`);
    expect(w.schemeCallbacks.waiting).toBe(true);
    expect(w.harness.controller.state().login.status).toBe('waiting');
    await w.screenshot('browser-app-link-waiting-fr');

    finish();
    await signedIn(w);
    expect(prevented).toEqual([true]);
    await w.screenshot('browser-app-link-accounts-fr');
    await expectCleanJourney(w);
  });

  it('the bounce page, hosted over HTTPS, forwards the answer to the loopback port named in state → accounts (EN)', async () => {
    const w = await suite.start({ api: 'current', currentRedirectUrl: bounce.url });
    const before = bounce.requests.length;
    await startInBrowser(w, EN);
    await signedIn(w);
    const request = openedRequest(w);
    // The registered bounce page is the redirect_uri; the state names this attempt's loopback port.
    expect(request.get('redirect_uri')).toBe(bounce.url);
    const port = Number(/\.p(\d+)$/.exec(request.get('state')!)?.[1]);
    expect(port).toBeGreaterThan(0);
    // The browser went through the page once, and landed on the app's listener, which is gone.
    const hits = bounce.requests.slice(before);
    expect(hits).toHaveLength(1);
    expect(new URLSearchParams(hits[0]!.split('?')[1]).get('state')).toBe(request.get('state'));
    const tab = w.systemBrowser.pages[0]!;
    await tab.getByText('You can close this tab and return to the app.').waitFor();
    expect(new URL(tab.url()).host).toBe(`127.0.0.1:${port}`);
    expect(await accepts(port)).toBe(false);
    await w.screenshot('browser-bounce-accounts-en');
    await expectCleanJourney(w);
  });

  it('the bounce page refuses a target that is not loopback or the app’s scheme: it goes nowhere and says so (FR)', async () => {
    const w = await suite.start({ api: 'current', currentRedirectUrl: bounce.url });
    const context = await w.context.browser()!.newContext({ locale: 'fr-FR' });
    try {
      const page: Page = await context.newPage();
      for (const tail of ['.hevil.example', '.p0', '.p65536', '']) {
        const target = `${bounce.url}?code=abc&state=k3J9x0aQ7bV2nM5pR8sT1uW4yZ6cE0fG${encodeURIComponent(tail)}`;
        await page.goto(target);
        await page
          .getByText('Ce lien ne ramène pas à Deriv Desktop Login. Recommencez depuis l’application.')
          .waitFor();
        expect(page.url()).toBe(target);
      }
      await page.screenshot({ path: join(screenshotsDir, 'browser-bounce-refused-fr.png') });
    } finally {
      await context.close();
    }
    await expectCleanJourney(w);
  });

  it('the tab closed in the browser, then Cancel: cancelled, no listener, nothing kept (EN)', async () => {
    const w = await suite.start({ api: 'current' });
    w.nextBrowserLogin = { action: 'close' };
    await startInBrowser(w, EN);
    await expect.poll(() => w.systemBrowser.pages.length).toBe(1);
    await expect.poll(() => w.systemBrowser.pages[0]!.isClosed()).toBe(true);
    const port = Number(new URL(openedRequest(w).get('redirect_uri')!).port);
    // A closed tab tells the app nothing: it still waits, and says how to stop.
    expect(await accepts(port)).toBe(true);
    await w.page.getByText('Waiting for you to finish in your browser…').waitFor();
    await w.page.getByRole('button', { name: 'Cancel' }).click();
    await w.harness.waitFor((s) => s.login.status === 'failed' && s.login.error.code === 'cancelled');
    expect(await accepts(port)).toBe(false);
    expect(w.harness.controller.state().accounts).toEqual([]);
    expect(w.storedAccounts()).toEqual([]);
    await expectCleanJourney(w);
  });

  it('the tab closed in the browser, then the timeout: timed out, no listener, nothing kept (FR)', async () => {
    const w = await suite.start({ api: 'current', loginTimeoutMs: 3_000 });
    await w.harness.controller.handlers().saveSettings({ api: 'current', language: 'fr' });
    w.nextBrowserLogin = { action: 'close' };
    await startInBrowser(w, FR);
    await expect.poll(() => w.systemBrowser.opened.length).toBe(1);
    const port = Number(new URL(openedRequest(w).get('redirect_uri')!).port);
    await w.harness.waitFor((s) => s.login.status === 'failed' && s.login.error.code === 'timeout', 15_000);
    expect(await accepts(port)).toBe(false);
    expect(w.harness.controller.state().accounts).toEqual([]);
    expect(w.storedAccounts()).toEqual([]);
    await w.screenshot('browser-timeout-fr');
    await expectCleanJourney(w);
  });
});
