/**
 * The dashboard on Deriv's current API: the account details are what its account list reports
 * (and the raw JSON of it), not the legacy API's user rows; "Add accounts" offers that API's own
 * sign-ins (another OAuth login, a PAT) instead of pasted API tokens; a PAT account's "log in
 * again" pre-fills the app id its PAT was made for.
 */
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { AccountView, AppState } from '../../main/ipc/contract';
import { withCurrentDetails } from '../support/current-details';
import { currentLoggedIn, currentStates } from '../support/current-states';
import { fixtures, withLanguage, withLogins } from '../support/sample-state';
import { loginGroup, statusOf } from './account-list-queries';
import { renderApp } from './render-app';

const region = () => screen.getByRole('region', { name: /Account details|Détails du compte/ });
/** The value of the details row labelled `label`, or null when there is no such row. */
function detail(label: string): string | null {
  const term = Array.from(region().querySelectorAll('dt')).find((dt) => dt.textContent === label);
  return term ? (term.nextElementSibling?.textContent ?? '') : null;
}

function activeOf(state: AppState): AccountView {
  return state.accounts.find((a) => a.accountId === state.activeAccountId)!;
}

describe("account details on Deriv's current API", () => {
  it('show what the account list reports, each fact once, the codes folded, without the legacy user rows', async () => {
    const state = withCurrentDetails(currentLoggedIn());
    // The current API names no landing company (the fixture's accounts come from the legacy one).
    for (const a of state.accounts) a.landingCompanyName = null;
    const active = activeOf(state);
    await renderApp(state);
    expect(detail('Account ID')).toBe(active.accountId);
    expect(detail('Signed in with')).toBe('Deriv login');
    expect(detail('Currency')).toBe(active.currency);
    expect(detail('Type')).toBe(active.isVirtual ? 'Demo' : 'Real');
    expect(detail('Status')).toBe('OK');
    // "Type Demo / Account type demo / Group demo", "Account status Active / Status OK": said once.
    for (const doubled of ['Account type', 'Group', 'Account status', 'Accounts in this login'])
      expect(detail(doubled), doubled).toBeNull();
    // The legacy API's rows, which this API does not report, are not shown as dashes; nor an empty
    // landing company.
    for (const legacy of ['Name', 'Email', 'Country', 'Preferred language', 'Login ID', 'Landing company'])
      expect(detail(legacy), legacy).toBeNull();
    // The account list's own codes, under Technical details.
    const fold = within(region()).getByText('Technical details', { selector: 'summary' }).closest('details')!;
    expect(fold.contains(within(fold).getByText('account_type'))).toBe(true);
    expect(detail('account_type')).toBe(active.isVirtual ? 'demo' : 'real');
    expect(detail('group')).toBe(active.isVirtual ? 'demo' : 'row');
    expect(detail('status')).toBe('active');
    // An OAuth account has no app id row (that is a PAT's).
    expect(detail('app_id')).toBeNull();
    const raw = within(region()).getByLabelText('Deriv’s account list as sent (JSON)');
    expect(fold.contains(raw)).toBe(true);
    expect(JSON.parse(raw.textContent ?? '')).toEqual(state.details!.raw);
  });

  it('in French, with a PAT account: how it signed in, its app id among the codes, the server’s status worded', async () => {
    const state = withCurrentDetails(currentLoggedIn(), (i) => (i === 0 ? 'inactive' : 'active'));
    state.activeAccountId = state.details!.primaryAccountId;
    const first = activeOf(state);
    Object.assign(first, { source: 'api_token', appId: '7001' });
    await renderApp(withLanguage(state, 'fr'));
    expect(detail('ID du compte')).toBe(first.accountId);
    expect(detail('Connecté par')).toBe('Jeton personnel');
    expect(detail('app_id')).toBe('7001');
    expect(detail('group')).toBe(first.isVirtual ? 'demo' : 'row');
    // One status: the server's inactive, in French.
    expect(detail('État')).toBe('Inactif');
    expect(detail('Nom')).toBeNull();
    expect(within(region()).getByLabelText('Liste des comptes de Deriv telle que reçue (JSON)')).toBeTruthy();
  });

  it('name an account that needs a login as its row does: session expired, or the missing permission', async () => {
    for (const [accountId, en, fr] of [
      ['CR799394', 'Session expired', 'Session expirée'],
      ['VRTC1859315', 'Permission missing: trading', 'Autorisation manquante\u202F: négociation'],
    ] as const) {
      const state = withCurrentDetails(currentStates.needsLogin());
      state.activeAccountId = accountId;
      const { unmount } = await renderApp(state);
      expect(detail('Status')).toBe(en);
      // CR799394 alone in its login: its row says it. VRTC1859315's personal token is all its login
      // gives: said once, on that login's group (its row says "Not live").
      if (accountId === 'CR799394') expect(statusOf(accountId)).toEqual([en]);
      else expect(within(loginGroup('Personal token')).getByText(en)).toBeTruthy();
      unmount();
      const { unmount: unmountFr } = await renderApp(withLanguage(state, 'fr'));
      expect(detail('État')).toBe(fr);
      unmountFr();
    }
  });

  it('a status the app has no word for is shown as the server said it, as code, even an inherited property name', async () => {
    const state = withCurrentDetails(currentLoggedIn(), () => 'toString');
    state.activeAccountId = state.details!.primaryAccountId;
    await renderApp(state);
    expect(detail('Status')).toBe('toString');
    expect(detail('status')).toBe('toString');
  });

  it('the legacy API keeps its authorize rows', async () => {
    await renderApp(fixtures.loggedIn());
    expect(detail('Name')).not.toBeNull();
    expect(detail('Account ID')).not.toBeNull();
    expect(detail('broker')).not.toBeNull();
    expect(detail('group')).toBeNull();
  });
});

describe('adding accounts', () => {
  it('on the current API: another OAuth login or a PAT, and no API-token form', async () => {
    const state = withCurrentDetails(currentLoggedIn());
    const { desktop, user } = await renderApp(state);
    await user.click(screen.getByRole('button', { name: 'Add login' }));
    expect(screen.queryByRole('button', { name: 'API token' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Personal token' }));
    expect(screen.queryByLabelText('API token 1')).toBeNull();
    const form = screen.getByRole('form', { name: 'Sign in with a personal access token' });
    expect((within(form).getByLabelText('App ID the token was made for') as HTMLInputElement).value).toBe('41234');
    const pat = `pat_${'ef'.repeat(32)}`;
    await user.type(within(form).getByLabelText('Personal token'), pat);
    await user.click(within(form).getByRole('button', { name: 'Sign in with the token' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'pat', token: pat, appId: '41234' }]);
    // Sent once and emptied at once; the form waits, disabled, while main checks it.
    const field = within(form).getByLabelText('Personal token') as HTMLInputElement;
    expect(field.value).toBe('');
    expect(field.matches(':disabled')).toBe(true);
    expect(desktop.argsOf('signIn').filter((a) => (a as { method: string }).method === 'api_token')).toEqual([]);
    expect(document.body.textContent).not.toContain(pat);
    // Once that sign-in ended, another OAuth login in the login window.
    act(() => desktop.push({ ...desktop.state(), login: { status: 'idle' } }));
    await user.click(screen.getByRole('button', { name: 'Add login' }));
    await user.click(screen.getByRole('button', { name: 'Deriv login' }));
    expect(desktop.argsOf('signIn').slice(1)).toEqual([{ api: 'current', method: 'oauth' }]);
  });

  it('a login added closes the form it came from', async () => {
    const { desktop, user } = await renderApp(withCurrentDetails(currentLoggedIn()));
    await user.click(screen.getByRole('button', { name: 'Add login' }));
    await user.click(screen.getByRole('button', { name: 'Personal token' }));
    expect(screen.getByRole('form', { name: 'Sign in with a personal access token' })).toBeTruthy();
    const added = desktop.state();
    added.accounts.push({ ...added.accounts[0]!, accountId: 'CR123456', loginId: 'login-pat-9', source: 'api_token' });
    act(() => desktop.push(withLogins(added)));
    expect(screen.queryByRole('form', { name: 'Sign in with a personal access token' })).toBeNull();
  });

  it('after a failed login: no second PAT form, and a refused PAT is not retried in the login window', async () => {
    const state = withCurrentDetails(currentLoggedIn());
    state.login = {
      status: 'failed',
      error: { code: 'timeout', params: {} },
      reloginFor: null,
      method: 'oauth',
    };
    const { desktop, user, unmount } = await renderApp(state);
    expect(screen.queryAllByLabelText('Personal token')).toHaveLength(0);
    const panel = screen.getByRole('alert');
    await user.click(within(panel).getByRole('button', { name: 'Retry' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'oauth' }]);
    unmount();
    // A PAT refused: said in the panel, retried in the one PAT form, never by a Retry that opens the window.
    state.login = {
      status: 'failed',
      error: { code: 'invalid_token', params: {} },
      reloginFor: null,
      method: 'pat',
    };
    const { unmount: unmountPat } = await renderApp(state);
    expect(screen.getAllByLabelText('Personal token')).toHaveLength(1);
    const alert = screen.getByRole('alert');
    expect(within(alert).queryByRole('button')).toBeNull();
    // Said for a PAT, in the trader's language, not as "the login tokens it returned".
    expect(alert.textContent).toContain('Deriv did not accept this personal token (invalid, expired, revoked');
    expect(alert.textContent).not.toContain('login tokens it returned');
    unmountPat();
    await renderApp(withLanguage(state, 'fr'));
    expect(screen.getByRole('alert').textContent).toContain('Deriv n’a pas accepté ce jeton personnel');
  });

  it('logged out, a refused PAT: the PAT form again, and the button beside the error says it opens the login', async () => {
    const state = currentStates.patChecking();
    state.login = {
      status: 'failed',
      error: { code: 'invalid_token', params: {} },
      reloginFor: null,
      method: 'pat',
    };
    const { desktop, user } = await renderApp(state);
    expect(screen.getAllByLabelText('Personal token')).toHaveLength(1);
    expect(within(screen.getByRole('alert')).queryByRole('button', { name: 'Retry' })).toBeNull();
    await user.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Log in with Deriv' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'oauth' }]);
  });

  it('on the legacy API: the API-token form, no PAT', async () => {
    const { user } = await renderApp(fixtures.loggedIn());
    await user.click(screen.getByRole('button', { name: 'Add login' }));
    expect(screen.queryByRole('button', { name: 'Personal token' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'API token' }));
    expect(screen.getByLabelText('API token 1')).toBeTruthy();
    expect(screen.queryByLabelText('Personal token')).toBeNull();
  });
});

describe('"log in again" for a PAT account', () => {
  /** Two personal tokens made for different app ids, each refused: two logins needing a sign-in. */
  function twoPatAccounts(): AppState {
    const state = currentStates.needsLogin();
    const [, a, b] = state.accounts;
    Object.assign(a!, {
      source: 'api_token',
      appId: '7001',
      loginId: 'login-pat-a',
      needsLoginReason: 'token_refused',
    });
    Object.assign(b!, { source: 'api_token', appId: '8002', loginId: 'login-pat-b' });
    return withLogins(state);
  }
  const again = (appId: string) => screen.getByRole('button', { name: `Log in again: Personal token · app ${appId}` });
  const patField = (form: HTMLElement) => within(form).getByLabelText('Personal token') as HTMLInputElement;
  const appIdField = (form: HTMLElement) =>
    within(form).getByLabelText('App ID the token was made for') as HTMLInputElement;
  const reloginForm = (accountId: string) =>
    screen.getByRole('region', { name: `Sign in again for ${accountId} with a personal token` });

  it('another account’s "Log in again" starts afresh: its own app id, no token typed for the first', async () => {
    const state = twoPatAccounts();
    const [, a, b] = state.accounts;
    const { user } = await renderApp(state);
    await user.click(again('7001'));
    await user.type(patField(reloginForm(a!.accountId)), 'pat_half_typed');
    await user.click(again('8002'));
    const form = reloginForm(b!.accountId);
    expect(appIdField(form).value).toBe('8002');
    expect(patField(form).value).toBe('');
  });

  it('a refused PAT is retried in the same form; the form goes once the account is signed in again', async () => {
    const state = twoPatAccounts();
    const [, a] = state.accounts;
    const { desktop, user } = await renderApp(state);
    await user.click(again('7001'));
    await user.type(patField(reloginForm(a!.accountId)), 'pat_wrong_one');
    await user.click(within(reloginForm(a!.accountId)).getByRole('button', { name: 'Sign in with the token' }));
    // Hidden while the token is checked …
    expect(screen.queryByRole('region', { name: /Sign in again for/ })).toBeNull();
    // … back when main refused it, under the error, with the account's app id.
    const refused = desktop.state();
    refused.login = {
      status: 'failed',
      error: { code: 'invalid_token', params: {} },
      reloginFor: null,
      method: 'pat',
    };
    act(() => desktop.push(refused));
    expect(screen.getByRole('alert').getAttribute('data-error-code')).toBe('invalid_token');
    expect(appIdField(reloginForm(a!.accountId)).value).toBe('7001');
    // Signed in again: the account no longer needs a login, and the form is gone for good.
    const fixed = desktop.state();
    fixed.login = { status: 'idle' };
    Object.assign(fixed.accounts.find((x) => x.accountId === a!.accountId)!, {
      needsLogin: false,
      needsLoginReason: null,
    });
    act(() => desktop.push(fixed));
    expect(screen.queryByRole('region', { name: /Sign in again for/ })).toBeNull();
    // Should it need a login again later, the form waits to be asked for.
    act(() => desktop.push(refused));
    expect(screen.queryByRole('region', { name: /Sign in again for/ })).toBeNull();
  });

  it('pre-fills the app id the PAT was made for, not the settings’ client id', async () => {
    const state = currentStates.needsLogin();
    const pat = state.accounts.find((a) => a.source === 'api_token')!;
    pat.appId = '7001';
    const { desktop, user } = await renderApp(withLogins(state));
    await user.click(again('7001'));
    const form = screen.getByRole('region', {
      name: `Sign in again for ${pat.accountId} with a personal token`,
    });
    expect((within(form).getByLabelText('App ID the token was made for') as HTMLInputElement).value).toBe('7001');
    const token = `pat_${'ab'.repeat(32)}`;
    await user.type(within(form).getByLabelText('Personal token'), token);
    await user.click(within(form).getByRole('button', { name: 'Sign in with the token' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'pat', token, appId: '7001' }]);
  });
});
