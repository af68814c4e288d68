/**
 * Signing in where the login window cannot (issue 25), end to end in Chromium against the sandbox:
 * the login window (a Chromium context) meets "Continue with Google", whose fake identity provider
 * answers at `accounts.google.com` (this file's Chromium resolves that name to 127.0.0.1); the
 * window's guard stops it before it loads; the app says so and offers the trader's browser; the
 * "system browser" (another Chromium context, opened through the SystemBrowser port the app gives
 * `shell.openExternal`) signs in on Deriv's page and the redirect comes back on the loopback
 * listener. Cancel leaves no listener behind. Leak scan in each journey (the suite's, and here);
 * screenshots EN/FR in test-results/e2e.
 */
import { connect } from 'node:net';

import { describe, expect, it } from 'vitest';

import type { AppState } from '../../main/ipc/contract';
import { browserTestsUnavailable } from '../support/chromium';
import { connection, expectCleanJourney, journeySuite } from './support/journey-suite';
import type { JourneyWorld } from './support/journey-world';

const GOOGLE = 'accounts.google.com';

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

/** The loopback port the authorization request opened in the browser named. */
function loopbackPort(opened: string): number {
  const redirect = new URL(new URL(opened).searchParams.get('redirect_uri')!);
  expect(redirect.hostname).toBe('127.0.0.1');
  return Number(redirect.port);
}

describe.skipIf(browserTestsUnavailable())('sign in where the login window cannot (issue 25), in Chromium', () => {
  const suite = journeySuite({ chromiumArgs: [`--host-resolver-rules=MAP ${GOOGLE} 127.0.0.1`] });

  /** "Log in with Deriv", then "Continue with Google" in the login window: the guard's failure shows. */
  async function meetGoogleInTheWindow(w: JourneyWorld, words: { login: string; refused: string }) {
    expect(new URL(w.sandbox.identityProvider.origin).hostname).toBe(GOOGLE);
    w.nextLogin = { action: 'google' };
    await w.page.getByRole('button', { name: words.login }).click();
    const alert = w.page.getByRole('alert');
    await alert.getByText(words.refused).waitFor();
    await w.authWindow.whenClosed();
    // Stopped before it loaded: the provider never saw a request, the window asked for it once.
    expect(w.sandbox.identityProvider.requests()).toEqual([]);
    expect(w.authWindow.refused.map((u) => new URL(u).hostname)).toEqual([GOOGLE]);
    expect(w.harness.controller.state().login).toMatchObject({
      status: 'failed',
      error: { code: 'provider_refuses_window', params: { provider: 'google', browser: 'offered' } },
    });
    return alert;
  }

  it('Google refused in the window → the guard → continue in the browser → approve → accounts (EN)', async () => {
    const w = await suite.start({ api: 'current', identityProviderHost: GOOGLE });
    const alert = await meetGoogleInTheWindow(w, {
      login: 'Log in with Deriv',
      refused: 'Google does not allow signing in inside apps.',
    });
    // On the current API, a personal access token is the other way on (its form under the failure).
    await w.page.getByLabel('Personal token', { exact: true }).waitFor();
    await w.screenshot('browser-sign-in-guard-en');

    // The trader finishes in the browser only once the wait has been seen.
    let finish: () => void = () => undefined;
    w.nextBrowserLogin = { action: 'approve', until: new Promise<void>((resolve) => (finish = resolve)) };
    await alert.getByRole('button', { name: 'Continue in your browser' }).click();
    await w.page.getByText('Waiting for you to finish in your browser…').waitFor();
    await w.page.getByRole('button', { name: 'Cancel' }).waitFor();
    await w.screenshot('browser-sign-in-waiting-en');
    expect(w.systemBrowser.opened).toHaveLength(1);
    const port = loopbackPort(w.systemBrowser.opened[0]!);
    expect(await accepts('127.0.0.1', port)).toBe(true);

    finish();
    const listed = w.currentUser.accounts;
    await w.harness.waitFor(
      (s: AppState) =>
        s.connection.status === 'online' &&
        s.accounts.length === listed.length &&
        s.accounts.some((a) => a.accountId === s.activeAccountId && a.authorized && a.balance !== null),
      30_000,
    );
    await connection(w.page, 'Online').waitFor();
    await w.systemBrowser.pages[0]!.getByText('You can close this tab and return to the app.').waitFor();
    expect(await accepts('127.0.0.1', port)).toBe(false);
    // The login window was opened once (the refused one), never for the browser's sign-in.
    expect(w.authWindow.opened).toHaveLength(1);
    await w.screenshot('browser-sign-in-accounts-en');
    await expectCleanJourney(w);
  });

  it('in French: the guard, the wait in the browser, then Cancel: failed as cancelled, no listener left (FR)', async () => {
    const w = await suite.start({ api: 'current', identityProviderHost: GOOGLE });
    await w.harness.controller.handlers().saveSettings({ api: 'current', language: 'fr' });
    const alert = await meetGoogleInTheWindow(w, {
      login: 'Se connecter avec Deriv',
      refused: 'Google refuse la connexion dans les applications.',
    });
    await w.screenshot('browser-sign-in-guard-fr');

    w.nextBrowserLogin = { action: 'nothing' }; // the trader leaves the tab alone
    await alert.getByRole('button', { name: 'Continuer dans votre navigateur' }).click();
    await w.page.getByText('Terminez dans votre navigateur…').waitFor();
    await w.screenshot('browser-sign-in-waiting-fr');
    await expect.poll(() => w.systemBrowser.opened.length).toBe(1);
    const port = loopbackPort(w.systemBrowser.opened[0]!);
    expect(await accepts('127.0.0.1', port)).toBe(true);

    await w.page.getByRole('button', { name: 'Annuler' }).click();
    await w.harness.waitFor((s) => s.login.status === 'failed' && s.login.error.code === 'cancelled');
    expect(await accepts('127.0.0.1', port)).toBe(false);
    expect(w.harness.controller.state().accounts).toEqual([]);
    expect(w.storedAccounts()).toEqual([]);
    await expectCleanJourney(w);
  });
});
