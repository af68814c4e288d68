/**
 * Failures cross IPC as `{ code, params }` and the renderer words them: every refused command's
 * code in English and French (a code without a text fails `tsc`, through `CommandErrorTexts`), and
 * a failure rendered in French carries no English sentence from main (main's details stay in its
 * log; its sentences are gathered here from main's own tables so a new one is checked too).
 */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { defaultLoginMessage } from '../../main/core/auth/login-failure';
import {
  API_TOKEN_ERROR_CODES,
  COMMAND_ERROR_CODES,
  type CommandError,
  LOGIN_ERROR_CODES,
  type LoginErrorInfo,
} from '../../main/core/model';
import { commandErrorText, messagesFor } from '../../renderer/src/i18n';
import { fixtures, withLanguage } from '../support/sample-state';
import { row } from './account-list-queries';
import { renderApp } from './render-app';

/** One refusal of each code, with the parameters main would send. */
const SAMPLES: { [K in CommandError['code']]: Extract<CommandError, { code: K }> } = {
  invalid_argument: { code: 'invalid_argument', params: { command: 'switchAccount', fields: ['accountId'] } },
  forbidden_sender: { code: 'forbidden_sender', params: {} },
  unknown_command: { code: 'unknown_command', params: { command: 'eval' } },
  unknown_account: { code: 'unknown_account', params: { accountId: 'VRTC1859315' } },
  link_not_allowed: { code: 'link_not_allowed', params: {} },
  demo_not_running: { code: 'demo_not_running', params: {} },
  demo_unknown_credential: { code: 'demo_unknown_credential', params: {} },
  demo_other_api: { code: 'demo_other_api', params: { api: 'current' } },
  migration_not_complete: { code: 'migration_not_complete', params: {} },
  not_confirmed: { code: 'not_confirmed', params: { question: 'foreign_address' } },
  failed: { code: 'failed', params: {} },
};

/** Main's English sentences for failures (its log's words): none may reach a French screen. */
const MAIN_SENTENCES = [
  ...LOGIN_ERROR_CODES.map((code) => defaultLoginMessage(code)),
  'Unknown command',
  'Commands are accepted only from',
  'Invalid argument for',
  'There is no account',
  'That link is not on the list',
  'Demo credentials can be used in demo mode only',
];

/** The parameters main sends with the codes that carry some (the others carry none). */
const LOGIN_PARAMS: Partial<Record<LoginErrorInfo['code'], object>> = {
  provider_refuses_window: { provider: 'google', browser: 'implicit_flow' },
  browser_unavailable: { reason: 'no_browser_redirect' },
};

const en = messagesFor('en');
const fr = messagesFor('fr');

describe('a refused command, worded from its code', () => {
  it('has a text in each language for every code, with its parameters, and the two differ', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...COMMAND_ERROR_CODES].sort());
    for (const error of Object.values(SAMPLES)) {
      const [inEnglish, inFrench] = [commandErrorText(en, error), commandErrorText(fr, error)];
      expect(inEnglish.length, error.code).toBeGreaterThan(10);
      expect(inFrench.length, error.code).toBeGreaterThan(10);
      expect(inFrench, error.code).not.toBe(inEnglish);
    }
    expect(commandErrorText(fr, SAMPLES.unknown_account)).toContain('VRTC1859315');
    expect(commandErrorText(en, SAMPLES.invalid_argument)).toContain('accountId');
    // Whichever question main asked (a server outside Deriv, tokens unencrypted), a no is worded.
    const plaintext = { code: 'not_confirmed', params: { question: 'plaintext_storage' } } as const;
    expect(commandErrorText(fr, plaintext)).toMatch(/confirmé/);
    expect(commandErrorText(en, plaintext)).toMatch(/confirmed/);
  });

  it.each(Object.values(SAMPLES))('shows $code in French on screen, in French words only', async (error) => {
    const { desktop, user } = await renderApp(withLanguage(fixtures.loggedIn(), 'fr'));
    desktop.failNext('switchAccount', error);
    await user.click(row('VRTC1859315'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`Cela n’a pas fonctionné\u202F: ${commandErrorText(fr, error)}`);
    expect(alert.querySelector('[data-error-code]')?.getAttribute('data-error-code')).toBe(error.code);
    for (const sentence of MAIN_SENTENCES) expect(alert.textContent).not.toContain(sentence);
  });
});

describe('a failed sign-in in French', () => {
  it("shows the provider's OAuth error code as an identifier, beside the French words (never main's sentence)", async () => {
    const state = withLanguage(fixtures.derivLoggedOut(), 'fr');
    state.login = {
      status: 'failed',
      method: 'oauth',
      error: { code: 'provider_error', params: { error: 'server_error' } },
      reloginFor: null,
    };
    await renderApp(state);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(fr.loginErrors.provider_error);
    expect(alert.textContent).toContain('Détails\u202F: server_error');
    for (const sentence of MAIN_SENTENCES) expect(alert.textContent).not.toContain(sentence);
  });

  it.each(LOGIN_ERROR_CODES.filter((c) => c !== 'cancelled'))(
    'login failure %s: the French words, and no English sentence from main',
    async (code) => {
      const state = withLanguage(fixtures.derivLoggedOut(), 'fr');
      state.login = {
        status: 'failed',
        method: 'oauth',
        error: { code, params: LOGIN_PARAMS[code] ?? {} } as LoginErrorInfo,
        reloginFor: null,
      };
      await renderApp(state);
      const alert = screen.getByRole('alert');
      expect(alert.getAttribute('data-error-code')).toBe(code);
      expect(alert.textContent).not.toContain('undefined');
      for (const sentence of MAIN_SENTENCES) expect(alert.textContent).not.toContain(sentence);
      // Not the English screen's words either, and no "Détails\u202F: <English sentence>".
      expect(alert.textContent).not.toContain(en.loginFailedTitle);
      expect(alert.textContent).not.toContain('Détails');
    },
  );

  it.each(API_TOKEN_ERROR_CODES)(
    'API-token failure %s: the French words and position, nothing from main',
    async (code) => {
      const state = withLanguage(fixtures.derivLoggedOut(), 'fr');
      state.login = {
        status: 'failed',
        method: 'api_token',
        error: { code, params: { position: 3 } },
        reloginFor: null,
      };
      await renderApp(state);
      const alert = screen.getByRole('alert');
      expect(alert.textContent).toContain(`Jeton 3\u202F: ${fr.tokenErrors[code]}`);
      expect(alert.textContent).not.toContain(en.tokenErrors[code]);
      for (const sentence of MAIN_SENTENCES) expect(alert.textContent).not.toContain(sentence);
      expect(alert.textContent).not.toContain('Détails');
    },
  );
});

describe('one sentence for each failure', () => {
  /** A sentence break: an end mark, a space, a capital (not "e.g. 12345" nor "(26)"). */
  const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
  const texts = (t: typeof en) => [
    // The two worded from their parameters (i18n-browser.ts) are listed by parameter.
    ...LOGIN_ERROR_CODES.flatMap((code) =>
      code === 'provider_refuses_window' || code === 'browser_unavailable' ? [] : [t.loginErrors[code]],
    ),
    t.providerRefuses('google'),
    ...Object.values(t.browserUnavailable),
    ...API_TOKEN_ERROR_CODES.map((code) => t.tokenErrors[code]),
    ...Object.values(SAMPLES).map((error) => commandErrorText(t, error)),
    ...Object.values(t.needsLoginReasons),
    t.loginStoppedBySettings,
    t.loginOtherApi,
    t.patRefused,
    t.missingScope('read'),
    t.scopeMissingText('trade'),
    ...Object.values(t.notices).map((text) => (text as (params: unknown) => string)(SAMPLE_NOTICE_PARAMS)),
  ];
  const SAMPLE_NOTICE_PARAMS = {
    asidePath: '/tmp/a.json.bad',
    version: 9,
    path: '/tmp/a.json',
    accounts: ['CR1', 'CR2'],
    fields: ['wsUrl'],
    reason: 'timeout',
    account: 'CR1',
    scope: 'read',
  };

  it.each(['en', 'fr'] as const)(
    'in %s: every login, token and command failure, notice and account state',
    (language) => {
      const t = language === 'en' ? en : fr;
      const all = texts(t);
      expect(all.length).toBeGreaterThan(50);
      for (const text of all) expect(sentences(text), text).toHaveLength(1);
    },
  );

  it('the check can fail: two sentences are found', () => {
    expect(sentences('The login took too long. Try again.')).toHaveLength(2);
    expect(sentences('A whole number, e.g. 12345.')).toHaveLength(1);
  });
});
