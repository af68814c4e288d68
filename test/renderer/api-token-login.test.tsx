import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { ApiTokenErrorCode, AppState } from '../../main/ipc/contract';
import { fixtures, withLanguage, withLogins } from '../support/sample-state';
import { renderApp } from './render-app';

const TOKEN_A = 'AbCdEf123456789';
const TOKEN_B = 'ZyXwVu987654321';

const ERRORS: Record<ApiTokenErrorCode, { en: string; fr: string }> = {
  not_configured: {
    en: 'Choose demo mode or Deriv in Settings first.',
    fr: 'Choisissez d’abord le mode démo ou Deriv dans les Paramètres.',
  },
  no_tokens: { en: 'Paste at least one API token.', fr: 'Collez au moins un jeton API.' },
  malformed: {
    en: 'This is not a Deriv API token (letters, digits, “_” and “-” only).',
    fr: 'Ce n’est pas un jeton API Deriv (lettres, chiffres, « _ » et « - » seulement).',
  },
  invalid_token: {
    en: 'Deriv does not know this token, or it was deleted: check it on Deriv’s API token page.',
    fr: 'Deriv ne connaît pas ce jeton, ou il a été supprimé : vérifiez-le sur la page des jetons API de Deriv.',
  },
  disabled_account: {
    en: 'Deriv says the account of this token is disabled.',
    fr: 'Deriv indique que le compte de ce jeton est désactivé.',
  },
  already_signed_in: {
    en: 'This account is already signed in with this token, or two tokens open the same account.',
    fr: 'Ce compte est déjà connecté avec ce jeton, ou deux jetons ouvrent le même compte.',
  },
  other_user: {
    en: 'This token belongs to another Deriv user: log out first to use it.',
    fr: 'Ce jeton appartient à un autre utilisateur Deriv : déconnectez-vous d’abord pour l’utiliser.',
  },
  too_many_accounts: {
    en: 'That is more accounts than one connection to Deriv can hold (26): log out of some first.',
    fr: 'Cela fait plus de comptes qu’une connexion à Deriv ne peut en tenir (26) : déconnectez-en d’abord quelques-uns.',
  },
  network_error: {
    en: 'Deriv could not be reached: check your connection and try again.',
    fr: 'Deriv est injoignable : vérifiez votre connexion et réessayez.',
  },
  refused: { en: 'Deriv refused the token.', fr: 'Deriv a refusé le jeton.' },
  wrong_api: {
    en: 'API tokens are for Deriv’s legacy API only: log in with Deriv, or with a personal token.',
    fr: 'Les jetons API ne servent qu’à l’ancienne API de Deriv : connectez-vous avec Deriv, ou avec un jeton personnel.',
  },
};

const tokenFields = () => screen.getAllByLabelText(/^API token \d+$/) as HTMLInputElement[];

describe('sign-in with API tokens', () => {
  it('is beside "Log in with Deriv": password fields, sent to main as typed, emptied at once, never shown back', async () => {
    const { desktop, user, container } = await renderApp(fixtures.derivLoggedOut());
    expect(screen.getByRole('button', { name: 'Log in with Deriv' })).toBeTruthy();
    const [field] = tokenFields();
    expect(field!.type).toBe('password');
    expect(field!.autocomplete).toBe('off');
    await user.type(field!, TOKEN_A);
    await user.click(screen.getByRole('button', { name: 'Add another token' }));
    await user.type(tokenFields()[1]!, TOKEN_B);
    await user.click(screen.getByRole('button', { name: 'Sign in with API tokens' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'api_token', tokens: `${TOKEN_A} ${TOKEN_B}` }]);
    expect(tokenFields().map((f) => f.value)).toEqual(['']);
    expect(container.innerHTML).not.toContain(TOKEN_A);
    expect(await screen.findByText('Checking the tokens with Deriv…')).toBeTruthy();
    // Never in a URL: the app stays on its own page.
    expect(window.location.href).not.toContain(TOKEN_A);
  });

  it('a paste of several tokens fills one field per token', async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    const [field] = tokenFields();
    fireEvent.paste(field!, { clipboardData: { getData: () => `${TOKEN_A}\n${TOKEN_B}, ${TOKEN_A.toLowerCase()}` } });
    expect(tokenFields()).toHaveLength(3);
    await user.click(screen.getByRole('button', { name: 'Sign in with API tokens' }));
    expect(desktop.argsOf('signIn')).toEqual([
      { api: 'legacy', method: 'api_token', tokens: `${TOKEN_A} ${TOKEN_B} ${TOKEN_A.toLowerCase()}` },
    ]);
  });

  it('links to Deriv’s API token page in the system browser', async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('link', { name: 'Make an API token on Deriv' }));
    expect(desktop.argsOf('openExternal')).toEqual([{ url: 'https://app.deriv.com/account/api-token' }]);
  });

  for (const code of Object.keys(ERRORS) as ApiTokenErrorCode[]) {
    it(`explains ${code} in English and French, with the token’s position, and says nothing changed`, async () => {
      const state: AppState = fixtures.derivLoggedOut();
      state.login = {
        status: 'failed',
        method: 'api_token',
        error: { code, params: { position: 2 } },
        reloginFor: null,
      };
      const { unmount } = await renderApp(state);
      const alert = screen.getByRole('alert');
      expect(alert.getAttribute('data-error-code')).toBe(code);
      expect(within(alert).getByText(`Token 2: ${ERRORS[code].en}`)).toBeTruthy();
      expect(
        within(alert).getByText('Nothing was saved and the accounts already signed in are unchanged.'),
      ).toBeTruthy();
      unmount();
      await renderApp(withLanguage(state, 'fr'));
      expect(within(screen.getByRole('alert')).getByText(`Jeton 2 : ${ERRORS[code].fr}`)).toBeTruthy();
    });
  }
});

describe('API-token accounts once signed in', () => {
  const withApiToken = (scopes: string[]): AppState => {
    const state = fixtures.loggedIn();
    // Its own login: the token pasted for CR799393 beside the Deriv login of the others.
    Object.assign(state.accounts[0]!, { source: 'api_token', scopes, loginId: 'login-token-1' });
    return withLogins(state);
  };

  it('account details show how it was signed in and, under Technical details, the token’s scopes once; no warning with read', async () => {
    await renderApp(withApiToken(['read', 'trade']));
    expect(screen.getByText('Signed in with')).toBeTruthy();
    expect(screen.getByText('API token')).toBeTruthy();
    const scopes = screen.getByText('read, trade');
    expect(scopes.closest('details')?.querySelector('summary')?.textContent).toBe('Technical details');
    // One scopes row: the token's own (not authorize's beside it with other values).
    expect(screen.getAllByText('scopes')).toHaveLength(1);
    expect(document.querySelector('[data-missing-scope]')).toBeNull();
  });

  it('a token without read, with no balance: a warning naming the permission to add, where the balance would be (EN, FR)', async () => {
    const withoutRead = () => {
      const state = withApiToken(['trade']);
      state.accounts[0]!.balance = null;
      return state;
    };
    const { unmount } = await renderApp(withoutRead());
    const note = screen.getByRole('note');
    expect(note.textContent).toBe(
      'This API token does not allow “read”, so its balance cannot be shown: make one that does.',
    );
    expect(note.closest('dd')?.previousElementSibling?.textContent).toBe('Balance');
    unmount();
    await renderApp(withLanguage(withoutRead(), 'fr'));
    expect(screen.getByRole('note').textContent).toContain('Ce jeton API n’autorise pas «\u202Flecture\u202F»');
  });

  it('"balances cannot be shown" never sits above a balance: with one, no such warning', async () => {
    await renderApp(withApiToken(['trade']));
    expect(screen.queryByRole('note')).toBeNull();
    expect(document.body.textContent).not.toContain('cannot be shown');
  });

  it('Cancel closes a failed attempt’s form and its failure; the next attempt shows its own', async () => {
    const failed = (code: ApiTokenErrorCode): AppState['login'] => ({
      status: 'failed',
      method: 'api_token',
      error: { code, params: { position: 1 } },
      reloginFor: null,
    });
    const state = withApiToken(['read']);
    state.login = failed('invalid_token');
    const { desktop, user } = await renderApp(state);
    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-error-code')).toBe('invalid_token');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByLabelText('API token 1')).toBeNull();
    // An unrelated change (a fresh copy, as IPC delivers it) keeps it closed; a new attempt's failure opens it again.
    await act(async () => desktop.push(structuredClone({ ...desktop.state(), notices: [] })));
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => desktop.push(structuredClone({ ...desktop.state(), login: failed('refused') })));
    expect(screen.getByRole('alert').getAttribute('data-error-code')).toBe('refused');
  });

  it('logging out says the token is not deleted at Deriv', async () => {
    const { desktop, user } = await renderApp(withApiToken(['read']));
    await user.click(screen.getByRole('button', { name: 'Log out of all accounts' }));
    const all = screen.getByRole('dialog', { name: 'Log out of all accounts?' });
    expect(within(all).getByText(/stays valid at Deriv/)).toBeTruthy();
    await user.click(within(all).getByRole('button', { name: 'Cancel' }));
    // Removing that login from this computer says the same, and names what goes.
    await user.click(screen.getByRole('button', { name: 'Remove from this computer: API token · CR799393' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove from this computer?' });
    expect(dialog.textContent).toContain(
      'Logged out here, saved login removed: CR799393. Your other accounts stay. An API token stays valid at Deriv',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Remove from this computer' }));
    expect(desktop.argsOf('logout')).toEqual([{ loginId: 'login-token-1' }]);
  });
});
