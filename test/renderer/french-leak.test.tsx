/**
 * French by code only: the French screens carry no English. Each screen a trader can reach is
 * rendered in French (first run, the login panel in each state, every login and API-token
 * failure, the dashboard with its details, Settings with Advanced open, every notice and refused
 * command, the confirmations), and its text (with accessible names, titles and placeholders) is
 * searched for every phrase of the English dictionary, for main's English sentences, and for the
 * server's own codes (`binary`, `virtual`, `trade` …) said as words.
 *
 * Allowed: phrases English and French share at the same key (proper nouns: "Deriv", "English", "OK",
 * "OpenID Connect (PKCE)"), and text inside `<code>` and `<pre>`: identifiers shown as such (an
 * account id, the server's field names and values in Technical details, its answer as sent).
 * The detector is proven able to fail: a planted English phrase is reported, on its own and in a
 * rendered French screen.
 */
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { defaultLoginMessage } from '../../main/core/auth/login-failure';
import {
  API_TOKEN_ERROR_CODES,
  COMMAND_ERROR_CODES,
  type CommandError,
  LOGIN_ERROR_CODES,
  type LoginErrorInfo,
  type Notice,
} from '../../main/core/model';
import type { AppState } from '../../main/ipc/contract';
import { messagesFor } from '../../renderer/src/i18n';
import { currentWithDetails, withCurrentDetails } from '../support/current-details';
import { currentLoggedIn, currentStates } from '../support/current-states';
import { migrationState } from '../support/migration-states';
import { fixtures, twoLogins, withLanguage } from '../support/sample-state';
import { renderApp } from './render-app';

const en = messagesFor('en');
const fr = messagesFor('fr');

/** Stands for any argument of a text function: a string, a number, a list, an object of them. */
const HOLE = '\u0000';
const hole: unknown = new Proxy(function placeholder() {}, {
  get: (_target, key) =>
    key === Symbol.toPrimitive ? () => HOLE : key === 'length' ? 1 : key === Symbol.iterator ? undefined : hole,
  apply: () => hole,
});

/** Every text of a dictionary by key path, a function's text cut at its arguments. */
function fragments(value: unknown, path: string, out: Map<string, string[]>): Map<string, string[]> {
  if (typeof value === 'string') out.set(path, [value]);
  else if (typeof value === 'function') {
    const text = String((value as (...args: unknown[]) => unknown)(hole, hole));
    out.set(path, text.split(HOLE));
  } else if (typeof value === 'object' && value !== null)
    for (const [key, child] of Object.entries(value)) fragments(child, `${path}.${key}`, out);
  return out;
}

const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;

/**
 * The English phrases a French screen must not show: each English text (or fixed part of one) of
 * at least three letters that the French dictionary does not have at the same key.
 */
function englishPhrases(): string[] {
  const english = fragments(en, 't', new Map());
  const french = fragments(fr, 't', new Map());
  const phrases = new Set<string>();
  for (const [path, parts] of english) {
    const same = new Set((french.get(path) ?? []).map((p) => p.trim()));
    for (const part of parts.map((p) => p.trim()))
      if (letters(part) >= 3 && !same.has(part) && part !== 'undefined') phrases.add(part);
  }
  return [...phrases];
}

/** Main's English sentences (its log's words) and the server's codes, which only `<code>` may show. */
const MAIN_SENTENCES = [
  ...LOGIN_ERROR_CODES.map((code) => defaultLoginMessage(code)),
  'state did not match',
  'Deriv refused token',
  'Unknown command',
  'Commands are accepted only from',
  'There is no account',
];
const SERVER_CODES = [
  'binary',
  'virtual',
  'svg',
  'maltainvest',
  'trading',
  'trade',
  'read',
  'payments',
  'admin',
  'account_manage',
  'application_read',
  'active',
  'inactive',
  'oauth',
  'api_token',
  'authorize',
  'scope',
];
const FORBIDDEN = [...englishPhrases(), ...MAIN_SENTENCES, ...SERVER_CODES];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A phrase as a whole: not a piece of a longer word ("admin" is not in "administration"). */
const asWhole = (phrase: string) => new RegExp(`(?<![\\p{L}\\p{N}_])${escape(phrase)}(?![\\p{L}\\p{N}_])`, 'u');

/** The phrases of `forbidden` that `text` contains. */
function englishIn(text: string, forbidden: readonly string[] = FORBIDDEN): string[] {
  return forbidden.filter((phrase) => asWhole(phrase).test(text));
}

/** What a trader reads or hears of the page: its text outside code and pre, and its labels. */
function screenText(root: HTMLElement = document.body): string {
  const parts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.currentNode as Node | null; node; node = walker.nextNode()) {
    if (node instanceof Element) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = node.getAttribute(name);
        if (value) parts.push(value);
      }
    } else if (!node.parentElement?.closest('code, pre')) parts.push(node.textContent ?? '');
  }
  return parts.join('\n');
}

/** French spacing: a narrow no-break space before ; : ! ? % », after «; never a plain one. */
function spacingFaults(text: string): string[] {
  return [...text.matchAll(/.{0,20}(?:[ \u00A0][;:!?%»]|«[ \u00A0]).{0,10}/gu)].map((m) => m[0]);
}

async function expectFrench(
  state: AppState,
  open?: (user: Awaited<ReturnType<typeof renderApp>>['user']) => Promise<void>,
) {
  const view = await renderApp(withLanguage(state, 'fr'));
  await open?.(view.user);
  const text = screenText();
  expect(englishIn(text)).toEqual([]);
  expect(spacingFaults(text)).toEqual([]);
  view.unmount();
}

const loginFailed = (error: LoginErrorInfo, method: 'oauth' | 'pat' = 'oauth'): AppState => ({
  ...fixtures.derivLoggedOut(),
  login: { status: 'failed', method, error, reloginFor: null },
});

const NOTICES: Notice[] = [
  { id: '1', level: 'warning', code: 'store_corrupt', params: { asidePath: '/tmp/accounts.json.bad' } },
  { id: '2', level: 'warning', code: 'store_newer_version', params: { asidePath: '/tmp/a.json.new', version: 9 } },
  { id: '3', level: 'warning', code: 'store_copy_kept', params: { path: '/tmp/a.json.tmp' } },
  { id: '4', level: 'error', code: 'store_unavailable', params: { path: '/tmp/a.json' } },
  { id: '5', level: 'error', code: 'store_write_failed', params: { path: '' } },
  { id: '6', level: 'warning', code: 'token_decrypt_failed', params: { accounts: ['CR1', 'CR2'] } },
  { id: '7', level: 'warning', code: 'token_encrypt_failed', params: { accounts: ['CR1'] } },
  { id: '8', level: 'warning', code: 'saved_addresses_changed', params: { accounts: ['CR1'] } },
  { id: '9', level: 'error', code: 'settings_refused', params: { fields: ['wsUrl', 'clientRedirectUrl'] } },
  { id: '10', level: 'info', code: 'mode_changed', params: {} },
  { id: '11', level: 'info', code: 'endpoint_changed', params: {} },
  { id: '12', level: 'warning', code: 'settings_not_saved', params: {} },
  { id: '13', level: 'error', code: 'bad_endpoint', params: {} },
  { id: '14', level: 'error', code: 'session_start_failed', params: { reason: 'timeout' } },
  { id: '15', level: 'error', code: 'session_start_failed', params: { reason: 'all_credentials_refused' } },
  { id: '16', level: 'warning', code: 'login_not_saved', params: {} },
  { id: '17', level: 'warning', code: 'api_token_missing_scope', params: { account: 'CR1', scope: 'read' } },
];

const COMMAND_ERRORS: CommandError[] = [
  { code: 'invalid_argument', params: { command: 'switchAccount', fields: ['accountId'] } },
  { code: 'forbidden_sender', params: {} },
  { code: 'unknown_command', params: { command: 'eval' } },
  { code: 'unknown_account', params: { accountId: 'VRTC1859315' } },
  { code: 'link_not_allowed', params: {} },
  { code: 'demo_not_running', params: {} },
  { code: 'demo_unknown_credential', params: {} },
  { code: 'demo_other_api', params: { api: 'current' } },
  { code: 'migration_not_complete', params: {} },
  { code: 'not_confirmed', params: { question: 'foreign_address' } },
  { code: 'failed', params: {} },
];

describe('the French-leak detector', () => {
  it('knows the English dictionary: hundreds of phrases, proper nouns shared by both languages left out', () => {
    expect(FORBIDDEN.length).toBeGreaterThan(300);
    for (const phrase of [en.loginButton, en.retry, en.technicalDetails, en.loginErrors.timeout, 'scope'])
      expect(FORBIDDEN).toContain(phrase);
    for (const shared of ['Deriv', 'English', 'Français', 'OpenID Connect (PKCE)', 'Deriv Desktop Login'])
      expect(FORBIDDEN).not.toContain(shared);
  });

  it('reports a planted English phrase, and not a French word that contains it', () => {
    expect(englishIn(`Solde\u202F: 10,00\u00A0€ — ${en.loginButton}`)).toContain('Log in with Deriv');
    expect(englishIn('Détails\u202F: state did not match')).toContain('state did not match');
    expect(englishIn('Autorisations\u202F: read, trade')).toEqual(expect.arrayContaining(['read', 'trade']));
    expect(englishIn('Type de compte\u202F: binary')).toContain('binary');
    expect(englishIn('Autorisations\u202F: administration, lecture')).toEqual([]);
  });

  it('reports English planted in a rendered French screen, in its text and in an accessible name', async () => {
    const { unmount } = await renderApp(withLanguage(fixtures.loggedIn(), 'fr'));
    expect(englishIn(screenText())).toEqual([]);
    const planted = document.createElement('p');
    planted.textContent = `${fr.balance}\u202F: ${en.notLive}`;
    const button = document.createElement('button');
    button.setAttribute('aria-label', en.logoutAll);
    act(() => {
      document.querySelector('main')!.append(planted, button);
    });
    expect(englishIn(screenText())).toEqual(expect.arrayContaining([en.notLive, en.logoutAll]));
    // Inside <code>, an identifier: not reported.
    planted.remove();
    button.remove();
    const code = document.createElement('code');
    code.textContent = 'binary';
    act(() => {
      document.querySelector('main')!.append(code);
    });
    expect(englishIn(screenText())).toEqual([]);
    unmount();
  });

  it('reports a plain space before a colon in French', () => {
    expect(spacingFaults('Détails : server_error')).toHaveLength(1);
    expect(spacingFaults('Détails\u202F: server_error, https://x.example, 10:30')).toEqual([]);
  });
});

describe('French screens carry no English', () => {
  it('first run, with the technical terms open', async () => {
    await expectFrench(fixtures.unconfigured(), async (user) => {
      await user.click(screen.getByText(fr.technicalTerms, { selector: 'summary' }));
    });
  });

  it('the login panel: idle (both APIs), waiting (window, personal token), demo mode (both APIs)', async () => {
    await expectFrench(fixtures.derivLoggedOut());
    await expectFrench(currentStates.patChecking());
    await expectFrench({
      ...fixtures.derivLoggedOut(),
      login: { status: 'waiting', method: 'oauth', flow: 'legacy', startedAt: 0, reloginFor: 'CR799394' },
    });
    await expectFrench(fixtures.demoLoggedOut());
    // Every scope either API names, on a demo token.
    const everyScope = fixtures.demoCurrentLoggedOut();
    everyScope.demo!.credentials[0]!.scopes = ['trade', 'payment', 'account_manage', 'application_read'];
    everyScope.demo!.credentials[2]!.scopes = ['read', 'trade', 'payments', 'admin', 'trading_information'];
    await expectFrench(everyScope);
  });

  it.each(LOGIN_ERROR_CODES)('the login failure %s (and its details code, its confirmation)', async (code) => {
    const params = code === 'cancelled' ? { settingsChanged: false } : code === 'provider_error' ? { error: null } : {};
    await expectFrench(loginFailed({ code, params } as LoginErrorInfo), async (user) => {
      const switchButton = screen.queryByRole('button', { name: fr.switchToCurrentApi });
      if (switchButton) await user.click(switchButton);
    });
    await expectFrench(loginFailed({ code, params } as LoginErrorInfo, 'pat'));
  });

  it('a denial and a provider error with its code, a login stopped by the settings', async () => {
    await expectFrench(loginFailed({ code: 'provider_error', params: { error: 'access_denied' } }));
    await expectFrench(loginFailed({ code: 'provider_error', params: { error: 'server_error' } }));
    await expectFrench(loginFailed({ code: 'cancelled', params: { settingsChanged: true } }));
  });

  it.each(API_TOKEN_ERROR_CODES)('the API-token failure %s', async (code) => {
    await expectFrench({
      ...fixtures.derivLoggedOut(),
      login: { status: 'failed', method: 'api_token', error: { code, params: { position: 2 } }, reloginFor: null },
    });
  });

  it('the dashboard with its details open (legacy API), each account selected in turn', async () => {
    await expectFrench(fixtures.loggedIn(), async (user) => {
      await user.click(screen.getByText(fr.technicalDetails, { selector: 'summary' }));
      for (const id of ['CR799394', 'VRTC1859315']) {
        await user.click(screen.getByRole('button', { name: new RegExp(`^${id}\\b`) }));
        expect(screen.getByRole('region', { name: new RegExp(id) })).toBeTruthy();
        expect(englishIn(screenText())).toEqual([]);
      }
    });
  });

  it('the dashboard on the current API: details of a personal-token account, an inactive one, expired and missing permissions', async () => {
    await expectFrench(currentWithDetails(), async (user) => {
      await user.click(screen.getByText(fr.technicalDetails, { selector: 'summary' }));
      await user.click(screen.getByRole('button', { name: fr.addLoginMenu }));
      await user.click(screen.getByRole('button', { name: fr.loginLabels.pat }));
    });
    // Two logins, one expired: its group, the header's summary, the strip's totals.
    await expectFrench(twoLogins(true));
    await expectFrench(withCurrentDetails(currentLoggedIn(), (i) => (i === 0 ? 'inactive' : 'active')));
    for (const activeAccountId of ['CR799394', 'VRTC1859315']) {
      const state = withCurrentDetails(currentStates.needsLogin());
      await expectFrench({ ...state, activeAccountId });
    }
  });

  it('the dashboard not live, rate limited, renewing; a token without read; the legacy accounts moving', async () => {
    await expectFrench(fixtures.degraded());
    await expectFrench({ ...fixtures.demoLoggedIn(), connection: { status: 'offline', reason: 'connection_closed' } });
    await expectFrench(currentStates.rateLimited());
    await expectFrench(currentStates.refreshing());
    await expectFrench(currentStates.reconnecting());
    const noRead = fixtures.loggedIn();
    Object.assign(noRead.accounts[0]!, { source: 'api_token', scopes: ['trade'], balance: null });
    await expectFrench(noRead);
    for (const status of ['complete', 'pending', 'failed'] as const) await expectFrench(migrationState(status));
  });

  it('a PAT account signed in again', async () => {
    await expectFrench(currentStates.needsLogin(), async (user) => {
      await user.click(screen.getByRole('button', { name: fr.forLogin(fr.loginAgain, fr.loginLabels.pat) }));
    });
  });

  it('Settings with Advanced open, on each API, and its confirmation', async () => {
    for (const state of [fixtures.loggedIn(), currentLoggedIn(), fixtures.demoLoggedIn()])
      await expectFrench(state, async (user) => {
        await user.click(screen.getByRole('button', { name: fr.settings }));
        await user.click(screen.getByText(fr.advanced, { selector: 'summary' }));
        await user.click(screen.getByRole('button', { name: fr.forget }));
      });
  });

  it('every notice', async () => {
    await expectFrench({ ...fixtures.loggedIn(), notices: NOTICES });
  });

  it('the keyring notices (no keyring; storing without encryption)', async () => {
    const state = fixtures.loggedIn();
    state.persistence = { ...state.persistence, encryptionAvailable: false, backend: 'basic_text' };
    await expectFrench(state);
    state.persistence = { ...state.persistence, plaintextConsent: true };
    await expectFrench(state);
  });

  it('every refused command', async () => {
    for (const error of COMMAND_ERRORS) {
      const view = await renderApp(withLanguage(fixtures.loggedIn(), 'fr'));
      view.desktop.failNext('switchAccount', error);
      await view.user.click(screen.getByRole('button', { name: /^VRTC1859315\b/ }));
      await screen.findByRole('alert');
      expect(englishIn(screenText()), error.code).toEqual([]);
      expect(spacingFaults(screenText()), error.code).toEqual([]);
      view.unmount();
    }
    expect(COMMAND_ERRORS.map((e) => e.code).sort()).toEqual([...COMMAND_ERROR_CODES].sort());
  });

  it('the logout confirmations', async () => {
    await expectFrench(currentStates.refreshing(), async (user) => {
      await user.click(screen.getByRole('button', { name: fr.forLogin(fr.logoutLogin, fr.loginLabels.oauth) }));
      const dialog = screen.getByRole('dialog');
      await user.click(within(dialog).getByRole('button', { name: fr.cancel }));
    });
    // A personal token removed from this computer: what stays valid at Deriv, in French.
    await expectFrench(twoLogins(), async (user) => {
      await user.click(screen.getByRole('button', { name: fr.forLogin(fr.removeLogin, fr.patLoginLabel('41234')) }));
      await user.click(screen.getByRole('button', { name: fr.logoutAll }));
    });
  });
});
