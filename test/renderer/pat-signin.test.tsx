/**
 * PAT sign-in on Deriv's current API: a password field and the app id it was made for, sent once
 * with signIn({ method: 'pat' }) and cleared at once; a link to where PATs are made opens in the system
 * browser; named errors as you submit; English and French; no form on the legacy API.
 */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { AppState } from '../../main/ipc/contract';
import { fixtures, withLanguage, withSettings } from '../support/sample-state';
import { renderApp } from './render-app';

const PAT = `pat_${'ab'.repeat(32)}`;

function currentApi(state: AppState, clientId = '41234'): AppState {
  return { ...state, ...withSettings(state, { api: 'current', clientId }) };
}

describe('PAT sign-in (current API)', () => {
  it('sends the PAT with its app id once, clears the field, and never shows it back', async () => {
    const { desktop, user } = await renderApp(currentApi(fixtures.derivLoggedOut()));
    const field = screen.getByLabelText('Personal token') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect((screen.getByLabelText('App ID the token was made for') as HTMLInputElement).value).toBe('41234');
    await user.type(field, PAT);
    await user.click(screen.getByRole('button', { name: 'Sign in with the token' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'pat', token: PAT, appId: '41234' }]);
    expect(field.value).toBe('');
    expect(document.body.textContent).not.toContain(PAT);
  });

  it('names what is missing before sending anything', async () => {
    const { desktop, user } = await renderApp(currentApi(fixtures.derivLoggedOut(), ''));
    await user.click(screen.getByRole('button', { name: 'Sign in with the token' }));
    expect(desktop.argsOf('signIn')).toEqual([]);
    expect(screen.getByText('Paste your personal token.')).toBeTruthy();
    expect(
      screen.getByText('Enter the app ID the token was made for (letters, digits, “.”, “_” or “-”).'),
    ).toBeTruthy();
  });

  it('opens where PATs are made in the system browser, not in the app window', async () => {
    const { desktop, user } = await renderApp(currentApi(fixtures.derivLoggedOut()));
    await user.click(screen.getByRole('link', { name: 'Where to make a personal token (opens in your browser)' }));
    expect(desktop.argsOf('openExternal')).toEqual([{ url: 'https://developers.deriv.com' }]);
  });

  it('is in French', async () => {
    await renderApp(withLanguage(currentApi(fixtures.derivLoggedOut()), 'fr'));
    expect(screen.getByLabelText('Jeton personnel')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Se connecter avec le jeton' })).toBeTruthy();
  });

  it('is not offered on the legacy API', async () => {
    await renderApp(fixtures.derivLoggedOut());
    expect(screen.queryByLabelText('Personal token')).toBeNull();
  });
});
