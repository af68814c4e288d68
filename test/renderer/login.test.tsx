import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { LoginErrorCode, LoginErrorInfo } from '../../main/ipc/contract';
import { fixtures, withLanguage, withSettings } from '../support/sample-state';
import { renderApp } from './render-app';

const ERROR_TEXT: Record<LoginErrorCode, { en: string; fr: string }> = {
  cancelled: {
    en: 'You cancelled the login; nothing was saved.',
    fr: 'Vous avez annulé la connexion ; rien n’a été enregistré.',
  },
  timeout: {
    en: 'The login took too long and was stopped: try again.',
    fr: 'La connexion a pris trop de temps et a été arrêtée : réessayez.',
  },
  provider_error: { en: 'Deriv refused the login.', fr: 'Deriv a refusé la connexion.' },
  network_error: {
    en: 'The login page could not be reached: check your connection and try again.',
    fr: 'La page de connexion est injoignable : vérifiez votre connexion et réessayez.',
  },
  blocked_navigation: {
    en: 'The login page tried to leave for another site, so the login was stopped: check the return address in Settings.',
    fr: 'La page de connexion a voulu partir vers un autre site, la connexion a donc été arrêtée : vérifiez l’adresse de retour dans les Paramètres.',
  },
  window_failed: {
    en: 'The login window could not be opened: check the return address in Settings.',
    fr: 'La fenêtre de connexion n’a pas pu s’ouvrir : vérifiez l’adresse de retour dans les Paramètres.',
  },
  state_mismatch: {
    en: 'The answer from the login page did not match this request, so it was ignored for your safety.',
    fr: 'La réponse de la page de connexion ne correspondait pas à cette demande ; elle a été ignorée pour votre sécurité.',
  },
  no_accounts: { en: 'Deriv has no accounts for this login.', fr: 'Deriv n’a aucun compte pour cette connexion.' },
  invalid_token: {
    en: 'Deriv did not accept the login tokens it returned.',
    fr: 'Deriv n’a pas accepté les jetons de connexion qu’il a renvoyés.',
  },
  malformed: {
    en: 'The answer from the login page could not be understood.',
    fr: 'La réponse de la page de connexion est incompréhensible.',
  },
  authorize_failed: {
    en: 'Logged in, but the accounts could not be authorized.',
    fr: 'Connecté, mais les comptes n’ont pas pu être autorisés.',
  },
  not_configured: {
    en: 'Choose demo mode or Deriv in Settings first.',
    fr: 'Choisissez d’abord le mode démo ou Deriv dans les Paramètres.',
  },
  legacy_retired: {
    en: 'Deriv’s legacy login is no longer available: switch to Deriv’s current API to log in.',
    fr: 'L’ancienne connexion de Deriv n’est plus disponible : passez à l’API actuelle de Deriv pour vous connecter.',
  },
  missing_app_id: {
    en: 'A personal token needs the app ID it was made for: enter it and try again.',
    fr: 'Un jeton personnel a besoin de l’ID de l’application pour laquelle il a été créé : saisissez-le et réessayez.',
  },
  scope_missing: {
    en: 'This token does not allow trading, which the app needs: make one that does on Deriv’s site.',
    fr: 'Ce jeton n’autorise pas la négociation, dont l’application a besoin : créez-en un qui l’autorise sur le site de Deriv.',
  },
  rate_limited: {
    en: 'Deriv is receiving too many requests with this login: wait a minute and try again.',
    fr: 'Deriv reçoit trop de requêtes pour cette connexion : attendez une minute et réessayez.',
  },
  too_many_accounts: {
    en: 'This login would open more accounts than one Deriv connection can hold: log out of some accounts first (nothing was changed).',
    fr: 'Cette connexion ouvrirait plus de comptes qu’une connexion Deriv ne peut en gérer : déconnectez d’abord certains comptes (rien n’a été modifié).',
  },
  unknown_client: {
    en: 'Deriv’s login page refused this app ID or return address: check both in Settings, exactly as registered.',
    fr: 'La page de connexion de Deriv a refusé cet ID d’application ou cette adresse de retour : vérifiez-les dans les Paramètres, tels qu’enregistrés.',
  },
  wrong_api: {
    en: 'Personal tokens work with Deriv’s current API only: choose it in Settings, or log in with Deriv.',
    fr: 'Les jetons personnels ne servent qu’à l’API actuelle de Deriv : choisissez-la dans les Paramètres, ou connectez-vous avec Deriv.',
  },
  provider_refuses_window: {
    en: 'Google does not allow signing in inside apps.',
    fr: 'Google refuse la connexion dans les applications.',
  },
  browser_unavailable: {
    en: 'It needs a redirect URL back to the app (127.0.0.1, app link or bounce page).',
    fr: 'Il faut une URL de redirection vers l’application (127.0.0.1, lien d’application ou page relais).',
  },
};

/** The typed parameters of the codes that carry some (the loop below words each code from them). */
const PARAMS: Partial<Record<LoginErrorCode, object>> = {
  provider_refuses_window: { provider: 'google', browser: 'offered' },
  browser_unavailable: { reason: 'no_browser_redirect' },
};

/** Failures a Retry would meet again: the sentence says what to change, and no button offers a retry. */
const NO_RETRY: readonly LoginErrorCode[] = [
  'blocked_navigation',
  'window_failed',
  'no_accounts',
  'not_configured',
  'missing_app_id',
  'scope_missing',
  'too_many_accounts',
  'unknown_client',
];

describe('login screen', () => {
  it('starts the login and shows the wait with a Cancel that sends cancelLogin', async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Log in with Deriv' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
    expect(await screen.findByText('Waiting for you to log in…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Log in with Deriv' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(desktop.argsOf('cancelLogin')).toEqual([undefined]);
    // Main reports the cancel as an outcome, with its own message and a retry.
    expect(await screen.findByText(ERROR_TEXT.cancelled.en)).toBeTruthy();
  });

  it('words a failure whose code it does not know (a newer main) as the generic one, never blank', async () => {
    const state = fixtures.derivLoggedOut();
    const code = 'a_code_from_a_newer_version' as LoginErrorCode;
    state.login = {
      status: 'failed',
      method: 'oauth',
      error: { code, params: {} } as LoginErrorInfo,
      reloginFor: null,
    };
    await renderApp(state);
    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-error-code')).toBe(code);
    expect(alert.textContent).toContain(ERROR_TEXT.authorize_failed.en);
  });

  it('retries a failed re-login for the same account', async () => {
    const state = fixtures.loggedIn();
    state.login = { status: 'failed', method: 'oauth', error: { code: 'timeout', params: {} }, reloginFor: 'CR799394' };
    const { desktop, user } = await renderApp(state);
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth', reloginFor: 'CR799394' }]);
  });

  it('a cancelled login (Deny on Deriv’s page, or the window closed) is a calm status, not a failure, in English and French', async () => {
    const state = fixtures.derivLoggedOut();
    state.login = {
      status: 'failed',
      method: 'oauth',
      error: { code: 'cancelled', params: { settingsChanged: false } },
      reloginFor: null,
    };
    const { desktop, user, unmount } = await renderApp(state);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText('Login did not complete')).toBeNull();
    const status = screen.getAllByRole('status').find((el) => el.getAttribute('data-error-code') === 'cancelled')!;
    expect(within(status).getByText(ERROR_TEXT.cancelled.en)).toBeTruthy();
    await user.click(within(status).getByRole('button', { name: 'Log in with Deriv' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
    unmount();

    const again = fixtures.loggedIn();
    again.login = {
      status: 'failed',
      method: 'oauth',
      error: { code: 'cancelled', params: { settingsChanged: false } },
      reloginFor: 'CR799394',
    };
    const fr = await renderApp(withLanguage(again, 'fr'));
    expect(screen.queryByRole('alert')).toBeNull();
    const frStatus = screen.getAllByRole('status').find((el) => el.getAttribute('data-error-code') === 'cancelled')!;
    expect(within(frStatus).getByText(ERROR_TEXT.cancelled.fr)).toBeTruthy();
    await fr.user.click(within(frStatus).getByRole('button', { name: 'Se reconnecter' }));
    expect(fr.desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth', reloginFor: 'CR799394' }]);
  });

  it('a login stopped because the settings changed says so, not that the trader cancelled it (EN/FR)', async () => {
    const state = fixtures.derivLoggedOut();
    state.login = {
      status: 'failed',
      method: 'oauth',
      error: { code: 'cancelled', params: { settingsChanged: true } },
      reloginFor: null,
    };
    const { unmount } = await renderApp(state);
    expect(
      screen.getByText('The server settings changed during the login, so it was stopped: log in again.'),
    ).toBeTruthy();
    expect(screen.queryByText(ERROR_TEXT.cancelled.en)).toBeNull();
    unmount();
    await renderApp(withLanguage(state, 'fr'));
    expect(
      screen.getByText(
        'Les paramètres du serveur ont changé pendant la connexion, elle a donc été arrêtée : reconnectez-vous.',
      ),
    ).toBeTruthy();
  });

  it('a sign-in for the API the settings no longer speak: said for what it was (login window or PAT), EN/FR', async () => {
    const state = fixtures.derivLoggedOut();
    state.login = { status: 'failed', method: 'oauth', error: { code: 'wrong_api', params: {} }, reloginFor: null };
    const { desktop, user, unmount } = await renderApp(state);
    const alert = screen.getByRole('alert');
    expect(
      within(alert).getByText('The app now speaks the other Deriv API, so nothing was signed in: log in again.'),
    ).toBeTruthy();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
    unmount();
    const fr = await renderApp(withLanguage(state, 'fr'));
    expect(
      within(screen.getByRole('alert')).getByText(
        'L’application utilise désormais l’autre API de Deriv, rien n’a donc été connecté : reconnectez-vous.',
      ),
    ).toBeTruthy();
    fr.unmount();
    const pat = { ...state, login: { ...state.login, method: 'pat' as const } };
    await renderApp(pat);
    expect(within(screen.getByRole('alert')).getByText(ERROR_TEXT.wrong_api.en)).toBeTruthy();
  });

  // Every failure but the cancel (above), which is not one, the wrong API (worded by method, above)
  // and the retired legacy login (its own action, below), and the window a provider refused (its
  // way out is not a retry, below): one sentence, and Retry only where it can help.
  for (const code of (Object.keys(ERROR_TEXT) as LoginErrorCode[]).filter(
    (c) => c !== 'cancelled' && c !== 'wrong_api' && c !== 'legacy_retired' && c !== 'provider_refuses_window',
  )) {
    const retries = !NO_RETRY.includes(code);
    it(`explains the ${code} failure in one sentence, in English and French, ${retries ? 'and retries' : 'with no Retry'}`, async () => {
      const state = fixtures.derivLoggedOut();
      state.login = {
        status: 'failed',
        method: 'oauth',
        error: { code, params: PARAMS[code] ?? {} } as LoginErrorInfo,
        reloginFor: null,
      };
      const { desktop, user, unmount } = await renderApp(state);
      const alert = screen.getByRole('alert');
      expect(alert.getAttribute('data-error-code')).toBe(code);
      expect(within(alert).getByText(ERROR_TEXT[code].en)).toBeTruthy();
      // One sentence: one full stop, at the end.
      expect(ERROR_TEXT[code].en.replace(/\.$/, '')).not.toMatch(/\. /);
      if (retries) {
        await user.click(within(alert).getByRole('button', { name: 'Retry' }));
        expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
      } else {
        expect(within(alert).queryByRole('button')).toBeNull();
      }
      unmount();

      await renderApp(withLanguage(state, 'fr'));
      const fr = screen.getByRole('alert');
      expect(within(fr).getByText(ERROR_TEXT[code].fr)).toBeTruthy();
      expect(
        within(fr)
          .queryAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual(retries ? ['Réessayer'] : []);
    });
  }

  it('the legacy login retired: one sentence and "Switch to Deriv’s current API", which switches after a confirmation', async () => {
    const state = fixtures.derivLoggedOut();
    state.login = {
      status: 'failed',
      method: 'oauth',
      error: { code: 'legacy_retired', params: {} },
      reloginFor: null,
    };
    const { desktop, user, unmount } = await renderApp(state);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText(ERROR_TEXT.legacy_retired.en)).toBeTruthy();
    // No Retry: it would run the retired login again.
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
    await user.click(within(alert).getByRole('button', { name: 'Switch to Deriv’s current API' }));
    const dialog = screen.getByRole('dialog', { name: 'Switch to Deriv’s current API?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(desktop.argsOf('saveSettings')).toEqual([]);
    await user.click(within(alert).getByRole('button', { name: 'Switch to Deriv’s current API' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Switch to Deriv’s current API' }));
    // The settings' own API switch: the same command Settings sends, nothing new.
    expect(desktop.argsOf('saveSettings')).toEqual([{ api: 'current' }]);
    expect(desktop.argsOf('signIn')).toEqual([]);
    // Once the settings speak the current API, the retired login's failure is over.
    act(() => desktop.push({ ...desktop.state(), ...withSettings(desktop.state(), { api: 'current' }) }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Log in with Deriv' })).toBeTruthy();
    unmount();

    // In demo mode, the demo's own switch.
    const demo = { ...fixtures.demoLoggedOut(), login: state.login };
    const fr = await renderApp(withLanguage(demo, 'fr'));
    const frAlert = screen.getByRole('alert');
    expect(within(frAlert).getByText(ERROR_TEXT.legacy_retired.fr)).toBeTruthy();
    await fr.user.click(within(frAlert).getByRole('button', { name: 'Passer à l’API actuelle de Deriv' }));
    await fr.user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Passer à l’API actuelle de Deriv' }),
    );
    expect(fr.desktop.argsOf('chooseMode')).toEqual([{ mode: 'demo', api: 'current' }]);
  });

  it('Deny on Deriv’s legacy page (access_denied) is said once, calmly, as a cancel on the current API is', async () => {
    const state = fixtures.derivLoggedOut();
    state.login = {
      status: 'failed',
      method: 'oauth',
      error: { code: 'provider_error', params: { error: 'access_denied' } },
      reloginFor: null,
    };
    const { desktop, user } = await renderApp(state);
    expect(screen.queryByRole('alert')).toBeNull();
    const status = screen.getAllByRole('status').find((el) => el.getAttribute('data-error-code') === 'provider_error')!;
    expect(status.textContent).toBe(`${ERROR_TEXT.cancelled.en}Log in with Deriv`);
    expect(document.body.textContent).not.toContain('Deriv refused');
    await user.click(within(status).getByRole('button', { name: 'Log in with Deriv' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
  });

  describe('a provider that refuses the app’s window (Google, Facebook, Apple)', () => {
    it('names it, offers to continue in the browser (sent as a browser sign-in) and, on the current API, a personal token', async () => {
      const state = fixtures.demoCurrentLoggedOut();
      state.login = {
        status: 'failed',
        method: 'oauth',
        error: { code: 'provider_refuses_window', params: { provider: 'google', browser: 'offered' } },
        reloginFor: null,
      };
      const { desktop, user, unmount } = await renderApp(state);
      const alert = screen.getByRole('alert');
      expect(within(alert).getByText(ERROR_TEXT.provider_refuses_window.en)).toBeTruthy();
      expect(screen.getByLabelText('Personal token')).toBeTruthy();
      expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
      await user.click(within(alert).getByRole('button', { name: 'Continue in your browser' }));
      expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'browser' }]);
      // The wait names the browser, with its Cancel.
      expect(await screen.findByText('Waiting for you to finish in your browser…')).toBeTruthy();
      await user.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(desktop.argsOf('cancelLogin')).toEqual([undefined]);
      unmount();

      await renderApp(withLanguage(state, 'fr'));
      const fr = screen.getByRole('alert');
      expect(within(fr).getByText(ERROR_TEXT.provider_refuses_window.fr)).toBeTruthy();
      expect(within(fr).getByRole('button', { name: 'Continuer dans votre navigateur' })).toBeTruthy();
    });

    it('on the legacy redirect login, offers no browser and says why', async () => {
      const state = fixtures.derivLoggedOut();
      state.login = {
        status: 'failed',
        method: 'oauth',
        error: { code: 'provider_refuses_window', params: { provider: 'facebook', browser: 'implicit_flow' } },
        reloginFor: null,
      };
      await renderApp(state);
      const alert = screen.getByRole('alert');
      expect(alert.textContent).toContain('Facebook does not allow signing in inside apps');
      expect(alert.textContent).toContain('your browser would keep its tokens');
      expect(within(alert).queryByRole('button', { name: 'Continue in your browser' })).toBeNull();
      expect(screen.queryByLabelText('Personal token')).toBeNull();
    });
  });

  it('shows the demo credentials in demo mode only', async () => {
    const { unmount } = await renderApp(fixtures.demoLoggedOut());
    const table = screen.getByRole('region', { name: 'Demo users' });
    expect(within(table).getByText('trader@example.com')).toBeTruthy();
    expect(within(table).getByText('demo-pass-1')).toBeTruthy();
    expect(within(table).getByText('multi@example.com')).toBeTruthy();
    expect(screen.getByTestId('demo-badge').textContent).toBe('Demo mode');
    unmount();

    await renderApp(fixtures.derivLoggedOut());
    expect(screen.queryByRole('region', { name: 'Demo users' })).toBeNull();
    expect(screen.queryByTestId('demo-badge')).toBeNull();
  });

  it('names whose login is being redone', async () => {
    const state = fixtures.loggedIn();
    state.login = { status: 'waiting', method: 'oauth', flow: 'oidc', startedAt: 0, reloginFor: 'CR799394' };
    await renderApp(state);
    expect(screen.getByText('Logging in again for CR799394.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Add login' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
