import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { LoginErrorCode, LoginErrorInfo } from '../../main/ipc/contract';
import { fixtures, withLanguage } from '../support/sample-state';
import { renderApp } from './render-app';

const ERROR_TEXT: Record<LoginErrorCode, { en: string; fr: string }> = {
  cancelled: {
    en: 'You cancelled the login before it finished. Nothing was saved.',
    fr: 'Vous avez annulé la connexion avant la fin. Rien n’a été enregistré.',
  },
  timeout: {
    en: 'The login took too long and was stopped.',
    fr: 'La connexion a pris trop de temps et a été arrêtée.',
  },
  provider_error: {
    en: 'Deriv refused the login (for example, access was denied).',
    fr: 'Deriv a refusé la connexion (par exemple, accès refusé).',
  },
  network_error: {
    en: 'The login page could not be reached. Check your connection.',
    fr: 'La page de connexion est injoignable. Vérifiez votre connexion.',
  },
  blocked_navigation: {
    en: 'The login page tried to leave for another site, so the login was stopped. Check the redirect URL in Settings.',
    fr: 'La page de connexion a voulu partir vers un autre site ; la connexion a été arrêtée. Vérifiez l’URL de redirection dans les paramètres.',
  },
  window_failed: {
    en: 'The login window could not be opened. Check the redirect URL in Settings.',
    fr: 'La fenêtre de connexion n’a pas pu s’ouvrir. Vérifiez l’URL de redirection dans les paramètres.',
  },
  state_mismatch: {
    en: 'The answer from the login page did not match this request, so it was ignored for your safety.',
    fr: 'La réponse de la page de connexion ne correspondait pas à cette demande ; elle a été ignorée pour votre sécurité.',
  },
  no_accounts: { en: 'The login returned no accounts.', fr: 'La connexion n’a renvoyé aucun compte.' },
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
    en: 'Choose demo mode or enter an app_id in Settings first.',
    fr: 'Choisissez d’abord le mode démo ou saisissez un app_id dans les Paramètres.',
  },
  legacy_retired: {
    en: 'Deriv’s legacy login is no longer available. Choose “Deriv” (the current API) in Settings and log in again.',
    fr: 'L’ancienne connexion de Deriv n’est plus disponible. Choisissez « Deriv » (l’API actuelle) dans les Paramètres et reconnectez-vous.',
  },
  missing_app_id: {
    en: 'A personal access token needs the app ID it was made for. Enter the app ID and try again.',
    fr: 'Un jeton d’accès personnel a besoin de l’ID d’application pour lequel il a été créé. Saisissez l’ID d’application et réessayez.',
  },
  scope_missing: {
    en: 'This token does not have the “trade” permission the app needs. Make a token with the trade scope.',
    fr: 'Ce jeton n’a pas la permission « trade » dont l’application a besoin. Créez un jeton avec la portée trade.',
  },
  rate_limited: {
    en: 'Deriv is receiving too many requests with this login. Wait a minute and try again.',
    fr: 'Deriv reçoit trop de requêtes pour cette connexion. Attendez une minute et réessayez.',
  },
  too_many_accounts: {
    en: 'This login would open more accounts than one Deriv connection can hold. Log out of some accounts first; nothing was changed.',
    fr: 'Cette connexion ouvrirait plus de comptes qu’une connexion Deriv ne peut en gérer. Déconnectez d’abord certains comptes ; rien n’a été modifié.',
  },
  unknown_client: {
    en: 'Deriv’s login page refused this app ID or redirect URL. Check both in Settings: they must be exactly as registered.',
    fr: 'La page de connexion de Deriv a refusé cet ID d’application ou cette URL de redirection. Vérifiez-les dans les Paramètres : ils doivent être exactement ceux enregistrés.',
  },
  wrong_api: {
    en: 'Personal access tokens work with Deriv’s current API only. Choose “Deriv” (the current API) in Settings, or log in with Deriv.',
    fr: 'Les jetons d’accès personnels ne servent qu’à l’API actuelle de Deriv. Choisissez « Deriv » (l’API actuelle) dans les Paramètres, ou connectez-vous avec Deriv.',
  },
};

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
      screen.getByText('The server settings changed during the login, so it was stopped. Log in again.'),
    ).toBeTruthy();
    expect(screen.queryByText(ERROR_TEXT.cancelled.en)).toBeNull();
    unmount();
    await renderApp(withLanguage(state, 'fr'));
    expect(
      screen.getByText(
        'Les paramètres du serveur ont changé pendant la connexion ; elle a été arrêtée. Reconnectez-vous.',
      ),
    ).toBeTruthy();
  });

  it('a sign-in for the API the settings no longer speak: said for what it was (login window or PAT), EN/FR', async () => {
    const state = fixtures.derivLoggedOut();
    state.login = { status: 'failed', method: 'oauth', error: { code: 'wrong_api', params: {} }, reloginFor: null };
    const { desktop, user, unmount } = await renderApp(state);
    const alert = screen.getByRole('alert');
    expect(
      within(alert).getByText('The app now speaks the other Deriv API, so nothing was signed in. Log in again.'),
    ).toBeTruthy();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
    unmount();
    const fr = await renderApp(withLanguage(state, 'fr'));
    expect(
      within(screen.getByRole('alert')).getByText(
        'L’application utilise désormais l’autre API de Deriv ; rien n’a été connecté. Reconnectez-vous.',
      ),
    ).toBeTruthy();
    fr.unmount();
    const pat = { ...state, login: { ...state.login, method: 'pat' as const } };
    await renderApp(pat);
    expect(within(screen.getByRole('alert')).getByText(ERROR_TEXT.wrong_api.en)).toBeTruthy();
  });

  // Every failure but the cancel (above), which is not one, and the wrong API (worded by method, above).
  for (const code of (Object.keys(ERROR_TEXT) as LoginErrorCode[]).filter(
    (c) => c !== 'cancelled' && c !== 'wrong_api',
  )) {
    it(`explains the ${code} failure, in English and French, and retries`, async () => {
      const state = fixtures.derivLoggedOut();
      state.login = {
        status: 'failed',
        method: 'oauth',
        error: { code, params: {} } as LoginErrorInfo,
        reloginFor: null,
      };
      const { desktop, user, unmount } = await renderApp(state);
      const alert = screen.getByRole('alert');
      expect(alert.getAttribute('data-error-code')).toBe(code);
      expect(within(alert).getByText(ERROR_TEXT[code].en)).toBeTruthy();
      await user.click(within(alert).getByRole('button', { name: 'Retry' }));
      expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
      unmount();

      await renderApp(withLanguage(state, 'fr'));
      const fr = screen.getByRole('alert');
      expect(within(fr).getByText(ERROR_TEXT[code].fr)).toBeTruthy();
      expect(within(fr).getByRole('button', { name: 'Réessayer' })).toBeTruthy();
    });
  }

  it('shows the demo credentials in demo mode only', async () => {
    const { unmount } = await renderApp(fixtures.demoLoggedOut());
    const table = screen.getByRole('region', { name: 'Demo users' });
    expect(within(table).getByText('trader@example.com')).toBeTruthy();
    expect(within(table).getByText('demo-pass-1')).toBeTruthy();
    expect(within(table).getByText('multi@example.com')).toBeTruthy();
    expect(screen.getByTestId('demo-badge').textContent).toBe('Demo');
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
    expect((screen.getByRole('button', { name: 'Add another login' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
