/**
 * "Log in: in this app's window / in my browser" (issue 25) in Settings and on the first-run
 * screen: per API, saved at once (main remembers it), with the redirect URLs a browser sign-in can
 * come back through and a check of the registered one; the legacy redirect is never offered in
 * the browser, and the screen says why.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { fixtures, withLanguage, withSettings } from '../support/sample-state';
import { renderApp } from './render-app';

function currentApp(patch: Parameters<typeof withSettings>[1] = {}) {
  const state = fixtures.loggedIn();
  return { ...state, ...withSettings(state, { api: 'current', clientId: '41234', ...patch }) };
}

async function openSettings(user: Awaited<ReturnType<typeof renderApp>>['user'], name = 'Settings') {
  await user.click(screen.getByRole('button', { name }));
  return screen.getByRole('group', { name: name === 'Settings' ? 'Log in' : 'Se connecter' });
}

describe('where "Log in" shows Deriv’s page', () => {
  it('Settings: the window by default; "in my browser" is saved for this API at once, then lists the redirect URLs to register', async () => {
    const { desktop, user } = await renderApp(currentApp({ clientRedirectUrl: 'http://127.0.0.1/callback' }));
    const place = await openSettings(user);
    expect((within(place).getByRole('radio', { name: 'in this app’s window' }) as HTMLInputElement).checked).toBe(true);
    expect(within(place).queryByText('com.derivdesktop.login:/callback')).toBeNull();

    await user.click(within(place).getByRole('radio', { name: 'in my browser' }));
    expect(desktop.argsOf('saveSettings')).toEqual([{ api: 'current', clientLoginPlace: 'browser' }]);
    expect((await within(place).findByRole('radio', { name: 'in my browser' })).matches(':checked')).toBe(true);
    for (const url of [
      'http://127.0.0.1/callback',
      'com.derivdesktop.login:/callback',
      'https://…/desktop-login-bounce.html',
    ]) {
      expect(within(place).getByText(url)).toBeTruthy();
    }
    // The registered loopback redirect fits: no complaint.
    expect(within(place).queryByRole('alert')).toBeNull();
  });

  it('checks the registered redirect against the choice: an https page cannot bring the browser back; the app’s scheme cannot serve the window', async () => {
    const browser = await renderApp(
      currentApp({ clientRedirectUrl: 'https://example.com/redirect', clientLoginPlace: 'browser' }),
    );
    let place = await openSettings(browser.user);
    expect(within(place).getByRole('alert').textContent).toBe(
      'It needs a redirect URL back to the app (127.0.0.1, app link or bounce page).',
    );
    browser.unmount();

    const window = await renderApp(currentApp({ clientRedirectUrl: 'com.derivdesktop.login:/callback' }));
    place = await openSettings(window.user);
    expect(within(place).getByRole('alert').textContent).toBe('The window needs an https:// redirect URL.');
  });

  it('the legacy redirect: "in my browser" is off and the screen says why (FR)', async () => {
    const { desktop, user } = await renderApp(withLanguage(fixtures.loggedIn(), 'fr'));
    const place = await openSettings(user, 'Paramètres');
    const browser = within(place).getByRole('radio', { name: 'dans mon navigateur' }) as HTMLInputElement;
    expect(browser.disabled).toBe(true);
    expect(within(place).getByText('Pas pour l’ancienne connexion : le navigateur garderait ses jetons.')).toBeTruthy();
    await user.click(browser);
    expect(desktop.argsOf('saveSettings')).toEqual([]);
  });

  it('first run: each API’s card has the choice; the legacy OIDC flow may choose the browser', async () => {
    const state = fixtures.unconfigured();
    const { desktop, user } = await renderApp({ ...state, ...withSettings(state, { flow: 'oidc' }) });
    const groups = screen.getAllByRole('group', { name: 'Log in' });
    expect(groups).toHaveLength(2);
    for (const group of groups) {
      await user.click(within(group).getByRole('radio', { name: 'in my browser' }));
    }
    expect(desktop.argsOf('saveSettings')).toEqual([
      { api: 'current', clientLoginPlace: 'browser' },
      { api: 'legacy', loginPlace: 'browser' },
    ]);
  });
});
