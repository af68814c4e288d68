/**
 * The built renderer in real Chromium: every main screen at 800×600, light and dark, English and
 * French, saved as screenshots under test-results/screens/, and axe-core run on each with zero
 * violations allowed. The page is served with the app's production CSP, so a style or script the
 * policy would block shows up here as a console error and fails the test.
 *
 * `window.desktop` is the fake DesktopApi injected before the page's scripts run; the page sees
 * exactly the fixture AppState.
 */
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { contentSecurityPolicy } from '../../main/core/shell/security-policy';
import { mimeTypeFor, resolveStaticPath } from '../../main/core/shell/static-files';
import type { AppState, Language, Theme } from '../../main/ipc/contract';
import { browserTestsUnavailable, launchChromium } from '../support/chromium';
import { currentWithDetails } from '../support/current-details';
import { currentStates } from '../support/current-states';
import { fakeDesktopInitScript } from '../support/fake-desktop-api';
import { migrationState } from '../support/migration-states';
import { ensureRendererBuilt, rendererOut } from '../support/renderer-build';
import { fixtures, twoLogins, withLanguage, withSettings } from '../support/sample-state';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screensDir = join(repoRoot, 'test-results/screens');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_URL = '/__test__/axe.min.js';

function serveRenderer(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    // Chromium asks for a favicon the app does not have; a 404 would read as a page error.
    if (url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = url === AXE_URL ? axePath : resolveStaticPath(rendererOut, `http://renderer${url}`, 'renderer');
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': mimeTypeFor(file), 'content-security-policy': contentSecurityPolicy() });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** A screen's one step: pressing the button of that name in the screen's language. */
const press =
  (name: Record<Language, string>) =>
  (page: Page, language: Language): Promise<void> =>
    page.getByRole('button', { name: name[language] }).click();

interface Screen {
  name: string;
  state: () => AppState;
  /** Steps after the page shows the state, e.g. opening a dialog. */
  prepare?: (page: Page, language: Language) => Promise<void>;
  /** Text that proves the screen rendered what it should. */
  expect: Record<Language, string>;
}

const SCREENS: Screen[] = [
  { name: 'first-run', state: fixtures.unconfigured, expect: { en: 'Use demo mode', fr: 'Utiliser le mode démo' } },
  {
    name: 'login-demo',
    state: fixtures.demoLoggedOut,
    expect: { en: 'Log in with Deriv', fr: 'Se connecter avec Deriv' },
  },
  {
    // Demo mode on the current API: the demo users, and the demo tokens of both APIs by API.
    name: 'login-demo-current',
    state: fixtures.demoCurrentLoggedOut,
    expect: { en: 'Sign in with this personal token', fr: 'Se connecter avec ce jeton personnel' },
  },
  {
    name: 'login-waiting',
    state: () => ({
      ...fixtures.derivLoggedOut(),
      login: { status: 'waiting', method: 'oauth', flow: 'legacy', startedAt: Date.now(), reloginFor: null },
    }),
    expect: { en: 'Waiting for you to log in…', fr: 'En attente de votre connexion…' },
  },
  {
    // Issue 25: the login page waits in the trader's own browser.
    name: 'login-waiting-browser',
    state: () => ({
      ...fixtures.derivLoggedOut(),
      login: { status: 'waiting', method: 'browser', flow: 'oidc', startedAt: Date.now(), reloginFor: null },
    }),
    expect: { en: 'Waiting for you to finish in your browser…', fr: 'Terminez dans votre navigateur…' },
  },
  {
    // Google refused the login window: the way on in the browser.
    name: 'login-provider-refused',
    state: () => ({
      ...fixtures.derivLoggedOut(),
      login: {
        status: 'failed',
        method: 'oauth',
        error: { code: 'provider_refuses_window', params: { provider: 'google', browser: 'offered' } },
        reloginFor: null,
      },
    }),
    expect: { en: 'Continue in your browser', fr: 'Continuer dans votre navigateur' },
  },
  {
    // Settings: "Log in: in my browser" on the current API, the redirect URLs to register, and the
    // registered one checked (an https page that is not the bounce page cannot bring the browser back).
    name: 'settings-login-in-browser',
    state: () => {
      const state = fixtures.loggedIn();
      return {
        ...state,
        ...withSettings(state, {
          api: 'current',
          clientId: '41234',
          clientRedirectUrl: 'https://example.com/redirect',
          clientLoginPlace: 'browser',
        }),
      };
    },
    prepare: press({ en: 'Settings', fr: 'Paramètres' }),
    expect: {
      en: 'It needs a redirect URL back to the app (127.0.0.1, app link or bounce page).',
      fr: 'Il faut une URL de redirection vers l’application (127.0.0.1, lien d’application ou page relais).',
    },
  },
  {
    // The legacy redirect never runs in the browser: the choice is off, and the screen says why.
    name: 'settings-legacy-implicit',
    state: fixtures.loggedIn,
    prepare: press({ en: 'Settings', fr: 'Paramètres' }),
    expect: {
      en: 'Not for the legacy login: your browser would keep its tokens.',
      fr: 'Pas pour l’ancienne connexion : le navigateur garderait ses jetons.',
    },
  },
  {
    name: 'login-failed',
    state: () => ({
      ...fixtures.derivLoggedOut(),
      login: { status: 'failed', method: 'oauth', error: { code: 'state_mismatch', params: {} }, reloginFor: null },
    }),
    expect: { en: 'Login did not complete', fr: 'La connexion n’a pas abouti' },
  },
  {
    name: 'api-token-refused',
    state: () => ({
      ...fixtures.derivLoggedOut(),
      login: {
        status: 'failed',
        method: 'api_token',
        error: { code: 'invalid_token', params: { position: 2 } },
        reloginFor: null,
      },
    }),
    expect: {
      en: 'Sign-in with API tokens did not complete',
      fr: 'La connexion par jetons API n’a pas abouti',
    },
  },
  {
    // Said where the balance would be, and only when there is none.
    name: 'accounts-api-token-without-read',
    state: () => {
      const state = fixtures.loggedIn();
      Object.assign(state.accounts[0]!, { source: 'api_token', scopes: ['trade'], balance: null });
      return state;
    },
    expect: {
      en: 'This API token does not allow “read”, so its balance cannot be shown: make one that does.',
      fr: 'Ce jeton API n’autorise pas «\u202Flecture\u202F», son solde ne peut donc pas s’afficher\u202F: créez-en un qui l’autorise.',
    },
  },
  { name: 'accounts', state: fixtures.loggedIn, expect: { en: 'Mme Alice Martin', fr: 'Mme Alice Martin' } },
  {
    name: 'accounts-degraded',
    state: () => {
      const state = fixtures.degraded();
      state.connection = {
        status: 'reconnecting',
        attempt: 2,
        nextRetryAt: Date.now() + 30_000,
        lastError: 'socket closed',
      };
      return state;
    },
    expect: { en: 'Your logins are not saved', fr: 'Vos connexions ne sont pas enregistrées' },
  },
  {
    name: 'accounts-demo-offline',
    state: () => ({ ...fixtures.demoLoggedIn(), connection: { status: 'offline', reason: 'connection_closed' } }),
    expect: { en: 'Retry now', fr: 'Réessayer maintenant' },
  },
  // Not live (issue 16): the connection names the case, balances and details say since when.
  {
    name: 'accounts-checking',
    state: () => ({
      ...fixtures.loggedIn(),
      connection: { status: 'checking', since: Date.now() - 600_000, lastHeardAt: Date.now() - 3_000 },
    }),
    expect: { en: 'Checking the connection…', fr: 'Vérification de la connexion…' },
  },
  {
    name: 'accounts-no-network',
    state: () => ({
      ...fixtures.loggedIn(),
      connection: { status: 'no_network', since: Date.now() - 20_000, lastLiveAt: Date.now() - 95_000 },
    }),
    expect: { en: 'Waiting for the network to come back', fr: 'En attente du retour du réseau' },
  },
  {
    name: 'accounts-reconnecting-stale',
    state: () => ({
      ...fixtures.loggedIn(),
      connection: {
        status: 'reconnecting',
        attempt: 3,
        nextRetryAt: Date.now() + 8_000,
        lastError: 'no answer to a liveness probe',
        lastLiveAt: Date.now() - 42_000,
      },
    }),
    expect: { en: 'Not live.', fr: 'Pas à jour.' },
  },
  {
    // A notice is a code with parameters, worded by the renderer: in French for a French user.
    name: 'notice-token-decrypt-failed',
    state: () => {
      const state = fixtures.loggedIn();
      const btc = state.accounts[1];
      if (btc)
        Object.assign(btc, { needsLogin: true, needsLoginReason: 'decrypt_failed', authorized: false, balance: null });
      state.notices = [
        { id: 'n1', level: 'warning', code: 'token_decrypt_failed', params: { accounts: ['CR799394'] } },
      ];
      return state;
    },
    expect: {
      en: 'The saved login for CR799394 could not be unlocked (the system keyring may have changed): log in again.',
      fr: 'La connexion enregistrée pour CR799394 n’a pas pu être déverrouillée (le trousseau du système a peut-être changé) : reconnectez-vous.',
    },
  },
  // Deriv's current API (issue 15): the states a trader must see.
  {
    name: 'current-signing-in-pat',
    state: currentStates.patChecking,
    expect: { en: 'Checking your personal token…', fr: 'Vérification de votre jeton personnel…' },
  },
  {
    name: 'current-refreshing',
    state: currentStates.refreshing,
    expect: { en: 'Renewing your session…', fr: 'Renouvellement de votre session…' },
  },
  {
    name: 'current-reconnecting',
    state: () => currentStates.reconnecting(Date.now() + 30_000),
    expect: { en: 'Reconnecting', fr: 'Reconnexion' },
  },
  {
    name: 'current-rate-limited',
    state: () => currentStates.rateLimited(Date.now() + 42_000),
    expect: { en: 'Rate limited', fr: 'Trop de requêtes' },
  },
  {
    name: 'current-session-expired-scope-missing',
    state: currentStates.needsLogin,
    expect: { en: 'Permission missing: trading', fr: 'Autorisation manquante\u202F: négociation' },
  },
  {
    name: 'current-pat-relogin',
    state: currentStates.needsLogin,
    prepare: (page, language) =>
      page
        .getByRole('button', {
          name: language === 'fr' ? 'Se reconnecter\u202f: Jeton personnel' : 'Log in again: Personal token',
        })
        .click(),
    expect: {
      en: 'Sign in again for VRTC1859315 with a personal token',
      fr: 'Se reconnecter pour VRTC1859315 avec un jeton personnel',
    },
  },
  {
    name: 'current-details-add-pat',
    state: currentWithDetails,
    prepare: async (page, language) => {
      await page.getByRole('button', { name: language === 'fr' ? 'Ajouter une connexion' : 'Add login' }).click();
      await page.getByRole('button', { name: language === 'fr' ? 'Jeton personnel' : 'Personal token' }).click();
      await page.getByText(language === 'fr' ? 'Détails techniques' : 'Technical details', { exact: true }).click();
    },
    expect: {
      en: 'Sign in with a personal access token',
      fr: 'Se connecter avec un jeton d’accès personnel',
    },
  },
  // Issue 24: the dashboard read at a glance.
  {
    // Two logins, one expired: its problem and its "Log in again" once, on its group; the header not green.
    name: 'two-logins-one-expired',
    state: () => twoLogins(true),
    expect: { en: '1 login needs attention', fr: '1 connexion à revoir' },
  },
  {
    name: 'offline-stale',
    state: () => ({
      ...fixtures.loggedIn(),
      connection: { status: 'offline', reason: 'connection_closed', lastLiveAt: Date.now() - 95_000 },
    }),
    expect: { en: 'Not live.', fr: 'Pas à jour.' },
  },
  {
    // The active account first, with the totals per currency (real and demo apart); eight accounts at 800×600.
    name: 'active-strip-totals-8-accounts',
    state: () => twoLogins(false),
    expect: { en: 'Copy', fr: 'Copier' },
  },
  {
    name: 'add-login-menu-legacy',
    state: fixtures.loggedIn,
    prepare: press({ en: 'Add login', fr: 'Ajouter une connexion' }),
    expect: { en: 'API token', fr: 'Jeton API' },
  },
  {
    name: 'add-login-menu-current',
    state: () => twoLogins(false),
    prepare: press({ en: 'Add login', fr: 'Ajouter une connexion' }),
    expect: { en: 'Personal token', fr: 'Jeton personnel' },
  },
  {
    name: 'settings',
    state: fixtures.loggedIn,
    prepare: press({ en: 'Settings', fr: 'Paramètres' }),
    expect: { en: 'Save settings', fr: 'Enregistrer les paramètres' },
  },
  {
    // The Display section (issue 24): nicknames, an order, disabled accounts hidden.
    name: 'settings-display',
    state: displayState,
    prepare: async (page, language) => {
      await page.getByRole('button', { name: language === 'fr' ? 'Paramètres' : 'Settings' }).click();
      await page.getByRole('region', { name: language === 'fr' ? 'Affichage' : 'Display' }).scrollIntoViewIfNeeded();
    },
    expect: { en: 'Names and order of accounts', fr: 'Noms et ordre des comptes' },
  },
  {
    // The server addresses and the login method, folded under Advanced, opened.
    name: 'settings-advanced',
    state: fixtures.loggedIn,
    prepare: async (page, language) => {
      await page.getByRole('button', { name: language === 'fr' ? 'Paramètres' : 'Settings' }).click();
      await page.getByText(language === 'fr' ? 'Avancé' : 'Advanced', { exact: true }).click();
    },
    expect: { en: 'OIDC issuer', fr: 'Émetteur OIDC' },
  },
  {
    name: 'confirm-logout-all',
    state: fixtures.loggedIn,
    prepare: (page, language) =>
      page
        .getByRole('button', {
          name: language === 'fr' ? 'Se déconnecter de tous les comptes' : 'Log out of all accounts',
        })
        .click(),
    expect: { en: 'Log out of all accounts?', fr: 'Se déconnecter de tous les comptes\u202F?' },
  },
  {
    // The legacy accounts held here, where each went on Deriv's new platform, and retiring their login.
    name: 'migration-complete',
    state: () => migrationState('complete'),
    expect: {
      en: 'Remove the legacy login from this computer',
      fr: 'Retirer l’ancienne connexion de cet ordinateur',
    },
  },
  {
    name: 'migration-pending',
    state: () => migrationState('pending'),
    expect: {
      en: 'Your accounts are being moved to Deriv’s new platform.',
      fr: 'Vos comptes sont en cours de transfert vers la nouvelle plateforme de Deriv.',
    },
  },
  {
    name: 'migration-failed',
    state: () => migrationState('failed'),
    expect: {
      en: 'The move did not finish; contact Deriv support.',
      fr: 'Le transfert n’a pas abouti\u202F; contactez le support Deriv.',
    },
  },
  {
    name: 'confirm-logout-login',
    state: currentStates.refreshing,
    prepare: (page, language) =>
      page
        .getByRole('button', {
          name:
            language === 'fr'
              ? 'Se déconnecter de cette connexion\u202f: Connexion Deriv'
              : 'Log out of this login: Deriv login',
        })
        .click(),
    expect: { en: 'Log out of this login?', fr: 'Se déconnecter de cette connexion\u202F?' },
  },
  {
    // Dropping a personal token's login: two clicks, the dialog saying what happens at Deriv.
    name: 'confirm-remove-pat-login',
    state: () => twoLogins(false),
    prepare: (page, language) =>
      page
        .getByRole('button', {
          name:
            language === 'fr'
              ? 'Retirer de cet ordinateur\u202f: Jeton personnel · app 41234'
              : 'Remove from this computer: Personal token · app 41234',
        })
        .click(),
    expect: { en: 'Remove from this computer?', fr: 'Retirer de cet ordinateur\u202F?' },
  },
];

/** Logged in, with the trader's preferences: nicknames, an order, disabled accounts hidden, and `theme`. */
function displayState(theme: Theme = 'system'): AppState {
  const state = fixtures.loggedIn();
  state.preferences = {
    theme,
    hideZeroBalances: false,
    hideDisabled: true,
    nicknames: { CR799393: 'Main', VRTC1859315: 'Practice' },
    order: ['VRTC1859315', 'CR799393'],
  };
  return state;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

describe.skipIf(browserTestsUnavailable())('renderer screens in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    await ensureRendererBuilt();
    mkdirSync(screensDir, { recursive: true });
    [browser, server] = await Promise.all([launchChromium(), serveRenderer()]);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  it('switches accounts from the keyboard in the real browser, with a visible focus ring', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    try {
      await page.addInitScript(fakeDesktopInitScript(fixtures.loggedIn()));
      await page.goto(`${origin}/index.html`);
      const first = page.locator('button.acct[data-account-id="CR799393"]');
      await first.waitFor();
      // Focus order: the header's language select and Settings button, the strip's Copy, then the
      // list's Add login and its login's actions, then the rows.
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          if (el?.tagName === 'SELECT') return 'SELECT';
          return el?.getAttribute('data-account-id') ?? el?.getAttribute('aria-label') ?? el?.textContent ?? null;
        });
      const order: (string | null)[] = [];
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Tab');
        order.push(await focused());
      }
      expect(order).toEqual([
        'SELECT',
        'Settings',
        'Copy CR799393',
        'Add login',
        'Remove from this computer: Deriv login',
        'CR799393',
      ]);
      expect(await first.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');

      // Rows as listed: real before demo, so the disabled MF100200 comes before VRTC1859315.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe('MF100200');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+2');
      const calls = await page.evaluate(
        () => (window as unknown as { __desktopCalls: { command: string; args: unknown }[] }).__desktopCalls,
      );
      expect(calls.filter((c) => c.command === 'switchAccount').map((c) => c.args)).toEqual([
        { accountId: 'VRTC1859315' },
        { accountId: 'CR799394' },
      ]);
    } finally {
      await context.close();
    }
  });

  it("the trader's theme wins over the computer's: Display in light and dark, EN and FR, axe 0", async () => {
    const backgrounds = { light: 'rgb(244, 245, 247)', dark: 'rgb(18, 20, 23)' };
    for (const language of ['en', 'fr'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        // The computer says the other one: the preference decides.
        const colorScheme = theme === 'dark' ? 'light' : 'dark';
        const context = await browser.newContext({ viewport: { width: 800, height: 600 }, colorScheme });
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        page.on('pageerror', (e) => problems.push(e.message));
        try {
          await page.addInitScript(fakeDesktopInitScript(withLanguage(displayState(theme), language)));
          await page.goto(`${origin}/index.html`);
          await page.getByRole('button', { name: language === 'fr' ? 'Paramètres' : 'Settings' }).click();
          const display = page.getByRole('region', { name: language === 'fr' ? 'Affichage' : 'Display' });
          await display.scrollIntoViewIfNeeded();
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
          expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(backgrounds[theme]);
          const select = display.getByRole('combobox', { name: language === 'fr' ? 'Thème' : 'Theme' });
          expect(await select.inputValue()).toBe(theme);
          await display.screenshot({ path: join(screensDir, `settings-display-section-${language}-${theme}.png`) });

          await page.addScriptTag({ url: AXE_URL });
          const violations = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
            return (await axe.run()).violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
          });
          expect(violations, `${language} ${theme}`).toEqual([]);
          expect(problems, `${language} ${theme}`).toEqual([]);
        } finally {
          await context.close();
        }
      }
    }
  });

  it('eight accounts in two logins fit at 800×600: every row on screen, one line each', async () => {
    for (const language of ['en', 'fr'] as const) {
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      const page = await context.newPage();
      try {
        await page.addInitScript(fakeDesktopInitScript(withLanguage(twoLogins(false), language)));
        await page.goto(`${origin}/index.html`);
        const rows = page.locator('button.acct');
        await rows.first().waitFor();
        const boxes = await rows.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
        expect(boxes).toHaveLength(8);
        for (const box of boxes) {
          expect(box.bottom, language).toBeLessThanOrEqual(600);
          expect(box.height, language).toBeLessThan(36);
        }
        // The header stays on one line in French too.
        const header = await page.getByRole('banner').evaluate((el) => el.getBoundingClientRect().height);
        expect(header, language).toBeLessThan(50);
      } finally {
        await context.close();
      }
    }
  });

  for (const screen of SCREENS) {
    it(`${screen.name}: renders, light/dark × EN/FR, with no axe violations and no CSP errors`, async () => {
      for (const language of ['en', 'fr'] as const) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const context = await browser.newContext({ viewport: { width: 800, height: 600 }, colorScheme });
          const page = await context.newPage();
          const problems: string[] = [];
          page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
          page.on('pageerror', (e) => problems.push(e.message));
          try {
            await page.addInitScript(fakeDesktopInitScript(withLanguage(screen.state(), language)));
            await page.goto(`${origin}/index.html`);
            await page.getByRole('banner').waitFor();
            await screen.prepare?.(page, language);
            await page.getByText(screen.expect[language], { exact: true }).first().waitFor();
            expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
            // The dark theme really applies (the CSS reached the page through the CSP).
            const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
            expect(background).toBe(colorScheme === 'dark' ? 'rgb(18, 20, 23)' : 'rgb(244, 245, 247)');

            await page.screenshot({
              path: join(screensDir, `${screen.name}-${language}-${colorScheme}.png`),
              fullPage: true,
            });

            await page.addScriptTag({ url: AXE_URL });
            const violations = await page.evaluate(async () => {
              const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
              const result = await axe.run();
              return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => n.target),
              }));
            });
            expect(violations, `${screen.name} ${language} ${colorScheme}`).toEqual([]);
            expect(problems, `${screen.name} ${language} ${colorScheme}`).toEqual([]);
          } finally {
            await context.close();
          }
        }
      }
    });
  }
});
