import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { fixtures, withLanguage, withSettings } from '../support/sample-state';
import { renderApp } from './render-app';

describe('first run', () => {
  it('offers demo mode on the current API by default and sends chooseMode({mode: demo, api: current})', async () => {
    const { desktop, user } = await renderApp(fixtures.unconfigured());
    expect(screen.getByRole('heading', { name: 'Welcome' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Settings' })).toBeNull();
    expect((screen.getByRole('radio', { name: 'Deriv (current API)' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Use demo mode' }));
    expect(desktop.argsOf('chooseMode')).toEqual([{ mode: 'demo', api: 'current' }]);
    // Main answered with demo mode: the badge and the login screen with demo users appear.
    expect(await screen.findByTestId('demo-badge')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Log in with Deriv' })).toBeTruthy();
  });

  it('validates app_id and redirect URL before choosing Deriv', async () => {
    const { desktop, user } = await renderApp(fixtures.unconfigured());
    await user.click(screen.getByRole('button', { name: 'Use Deriv' }));
    expect(desktop.argsOf('chooseMode')).toEqual([]);
    const appId = screen.getByLabelText('App number');
    expect(appId.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('A whole number, e.g. 12345.')).toBeTruthy();
    expect(screen.getByText('Enter a full https:// address (http:// only on this computer).')).toBeTruthy();

    await user.type(appId, '12345');
    await user.type(screen.getByLabelText('Return address'), 'https://example.com/redirect');
    await user.click(screen.getByRole('button', { name: 'Use Deriv' }));
    expect(desktop.argsOf('chooseMode')).toEqual([
      { mode: 'deriv', appId: '12345', redirectUrl: 'https://example.com/redirect' },
    ]);
    expect(screen.queryByTestId('demo-badge')).toBeNull();
  });

  it('opens Deriv app registration in the system browser', async () => {
    const { desktop, user } = await renderApp(fixtures.unconfigured());
    await user.click(screen.getByRole('link', { name: 'Register an application on Deriv' }));
    expect(desktop.argsOf('openExternal')).toEqual([{ url: 'https://api.deriv.com/dashboard' }]);
  });

  it('is in French when the settings say fr', async () => {
    const state = fixtures.unconfigured();
    state.settings.language = 'fr';
    await renderApp(state);
    expect(screen.getByRole('heading', { name: 'Bienvenue' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Utiliser le mode démo' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
  });

  it('switches language from the header', async () => {
    const { desktop, user } = await renderApp(fixtures.unconfigured());
    await user.selectOptions(screen.getByLabelText('Language'), 'fr');
    expect(desktop.argsOf('saveSettings')).toEqual([{ api: 'legacy', language: 'fr' }]);
    expect(await screen.findByRole('heading', { name: 'Bienvenue' })).toBeTruthy();
  });
});

describe('first run: one recommended path', () => {
  it('puts logging in with Deriv first, as the one primary button; demo and the legacy API are secondary', async () => {
    await renderApp(fixtures.unconfigured());
    const primary = Array.from(document.querySelectorAll('button.button--primary')).map((b) => b.textContent);
    expect(primary).toEqual(['Continue with Deriv']);
    const recommended = screen.getByRole('heading', { name: 'Log in with Deriv Recommended' });
    // The recommended card comes before the other ways.
    const others = screen.getByRole('heading', { name: 'Other ways' });
    expect(recommended.compareDocumentPosition(others) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Use demo mode' }).className).toBe('button');
    // The legacy API is folded: its form is inside a closed details element.
    const legacy = screen.getByLabelText('App number').closest('details') as HTMLDetailsElement;
    expect(legacy.open).toBe(false);
    expect(legacy.querySelector('summary')?.textContent).toBe('Deriv’s legacy API (being retired)');
  });

  it('names the fields in trader words, the OAuth terms folded beneath', async () => {
    await renderApp(withLanguage(fixtures.unconfigured(), 'fr'));
    const card = screen.getByRole('heading', { name: /^Se connecter avec Deriv/ }).closest('section') as HTMLElement;
    expect(within(card).getByLabelText('ID d’application')).toBeTruthy();
    expect(within(card).getByLabelText('Adresse de retour (API actuelle)')).toBeTruthy();
    const fold = within(card).getByText('Termes techniques', { selector: 'summary' }).closest('details')!;
    expect(fold.open).toBe(false);
    expect(fold.textContent).toContain('client_id');
    expect(fold.textContent).toContain('redirect_uri');
    // The OAuth words are in the fold only.
    expect(card.textContent!.replace(fold.textContent!, '')).not.toMatch(/OAuth|client_id|redirect/);
  });
});

describe("first run: Deriv's current API", () => {
  it('takes the registered app (app id + redirect URL) and chooses the current API', async () => {
    const { desktop, user } = await renderApp(fixtures.unconfigured());
    const card = screen.getByRole('heading', { name: /^Log in with Deriv/ }).closest('section') as HTMLElement;
    await user.type(within(card).getByLabelText('App ID'), 'my-app');
    await user.click(within(card).getByRole('button', { name: 'Continue with Deriv' }));
    expect(desktop.argsOf('chooseMode')).toEqual([]);
    expect(within(card).getByText('Enter a full https:// address (http:// only on this computer).')).toBeTruthy();
    await user.type(within(card).getByLabelText('Return address (current API)'), 'https://my.app/callback');
    await user.click(within(card).getByRole('button', { name: 'Continue with Deriv' }));
    expect(desktop.argsOf('chooseMode')).toEqual([
      { mode: 'deriv', api: 'current', clientId: 'my-app', clientRedirectUrl: 'https://my.app/callback' },
    ]);
  });

  it('lets a PAT user go on with neither', async () => {
    const { desktop, user } = await renderApp(fixtures.unconfigured());
    await user.click(screen.getByRole('button', { name: 'Continue with Deriv' }));
    expect(desktop.argsOf('chooseMode')).toEqual([
      { mode: 'deriv', api: 'current', clientId: '', clientRedirectUrl: '' },
    ]);
  });
});

describe('settings', () => {
  it('shows every endpoint setting and saves only what changed', async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect((screen.getByLabelText('WebSocket server') as HTMLInputElement).value).toBe(
      'wss://ws.derivws.com/websockets/v3',
    );
    expect((screen.getByLabelText('OAuth URL') as HTMLInputElement).value).toBe(
      'https://oauth.deriv.com/oauth2/authorize',
    );
    expect((screen.getByLabelText('OIDC issuer') as HTMLInputElement).value).toBe('https://oauth.deriv.com');
    expect((screen.getByLabelText('App number') as HTMLInputElement).value).toBe('12345');
    expect((screen.getByLabelText('Return address') as HTMLInputElement).value).toBe('https://example.com/redirect');

    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(desktop.argsOf('saveSettings')).toEqual([]);
    expect(screen.getByText('Nothing changed.')).toBeTruthy();

    const ws = screen.getByLabelText('WebSocket server');
    await user.clear(ws);
    await user.type(ws, 'wss://green.derivws.com/websockets/v3');
    await user.selectOptions(screen.getByLabelText('Login flow'), 'oidc');
    const form = screen.getByRole('button', { name: 'Save settings' }).closest('form') as HTMLFormElement;
    await user.selectOptions(within(form).getByLabelText('Language'), 'fr');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(desktop.argsOf('saveSettings')).toEqual([
      { api: 'legacy', wsUrl: 'wss://green.derivws.com/websockets/v3', flow: 'oidc', language: 'fr' },
    ]);
    expect(await screen.findByText('Paramètres enregistrés.')).toBeTruthy();
  });

  it('folds the server addresses and the login method under Advanced, opened by itself when one is wrong', async () => {
    const { user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const advanced = screen.getByText('Advanced', { selector: 'summary' }).closest('details') as HTMLDetailsElement;
    expect(advanced.open).toBe(false);
    for (const label of ['WebSocket server', 'OAuth URL', 'OIDC issuer', 'Login flow'])
      expect(advanced.contains(screen.getByLabelText(label)), label).toBe(true);
    for (const label of ['App number', 'Return address'])
      expect(advanced.contains(screen.getByLabelText(label)), label).toBe(false);
    const ws = screen.getByLabelText('WebSocket server');
    await user.clear(ws);
    await user.type(ws, 'https://not-a-socket.example');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(advanced.open).toBe(true);
  });

  it('refuses a WebSocket URL that is not ws:// or wss://', async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const ws = screen.getByLabelText('WebSocket server');
    await user.clear(ws);
    await user.type(ws, 'https://not-a-socket.example');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(desktop.argsOf('saveSettings')).toEqual([]);
    expect(ws.getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses clear-text server addresses on another machine, as main does, and says why', async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const ws = screen.getByLabelText('WebSocket server');
    await user.clear(ws);
    await user.type(ws, 'ws://ws.example.com/websockets/v3');
    const issuer = screen.getByLabelText('OIDC issuer');
    await user.clear(issuer);
    await user.type(issuer, 'http://oauth.example.com');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(desktop.argsOf('saveSettings')).toEqual([]);
    expect(screen.getByText('Enter a wss:// address (ws:// only for a server on this computer).')).toBeTruthy();
    expect(screen.getByText('Enter an https:// address (http:// only for a server on this computer).')).toBeTruthy();

    await user.clear(ws);
    await user.type(ws, 'ws://127.0.0.1:8080/websockets/v3');
    await user.clear(issuer);
    await user.type(issuer, 'https://oauth.example.com');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(desktop.argsOf('saveSettings')).toEqual([
      { api: 'legacy', wsUrl: 'ws://127.0.0.1:8080/websockets/v3', issuer: 'https://oauth.example.com' },
    ]);
  });

  it("chooses Deriv's current API and edits its endpoints (client id, redirect URL, authorization server, REST), saving only what changed", async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect((screen.getByLabelText('Deriv API') as HTMLSelectElement).value).toBe('legacy');
    expect(screen.queryByLabelText('REST API')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Deriv API'), 'current');
    // The legacy fields give way to the current API's.
    expect(screen.queryByLabelText('WebSocket server')).toBeNull();
    expect((screen.getByLabelText('Authorization server') as HTMLInputElement).value).toBe('https://auth.deriv.com');
    expect((screen.getByLabelText('REST API') as HTMLInputElement).value).toBe('https://api.derivws.com');
    await user.type(screen.getByLabelText('App ID'), 'my-app.1');
    await user.type(screen.getByLabelText('Return address (current API)'), 'https://my.app/callback');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(desktop.argsOf('saveSettings')).toEqual([
      { api: 'current', clientId: 'my-app.1', clientRedirectUrl: 'https://my.app/callback' },
    ]);
  });

  it("switching the API shows the other API's remembered values; a save sends only the chosen API's fields", async () => {
    const state = fixtures.derivLoggedOut();
    Object.assign(state, withSettings(state, { clientId: 'remembered-app', restUrl: 'https://rest.example.com' }));
    const { desktop, user } = await renderApp(state);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const ws = screen.getByLabelText('WebSocket server');
    await user.clear(ws);
    await user.type(ws, 'wss://edited.example.com/websockets/v3');
    await user.selectOptions(screen.getByLabelText('Deriv API'), 'current');
    expect((screen.getByLabelText('App ID') as HTMLInputElement).value).toBe('remembered-app');
    expect((screen.getByLabelText('REST API') as HTMLInputElement).value).toBe('https://rest.example.com');
    await user.selectOptions(screen.getByLabelText('Deriv API'), 'legacy');
    expect((screen.getByLabelText('App number') as HTMLInputElement).value).toBe('12345');
    expect((screen.getByLabelText('WebSocket server') as HTMLInputElement).value).toBe(
      'wss://edited.example.com/websockets/v3',
    );
    await user.selectOptions(screen.getByLabelText('Deriv API'), 'current');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    // The legacy edit is not the current API's: it stays out of the patch.
    expect(desktop.argsOf('saveSettings')).toEqual([{ api: 'current' }]);
  });

  it('refuses current-API addresses and app ids main would refuse, and says why', async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.selectOptions(screen.getByLabelText('Deriv API'), 'current');
    const rest = screen.getByLabelText('REST API');
    await user.clear(rest);
    await user.type(rest, 'http://api.example.com');
    const clientId = screen.getByLabelText('App ID');
    await user.type(clientId, 'my app');
    const redirect = screen.getByLabelText('Return address (current API)');
    await user.type(redirect, 'deriv-desktop://callback');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(desktop.argsOf('saveSettings')).toEqual([]);
    for (const field of [rest, clientId, redirect]) expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Letters, digits, “.”, “_” or “-” (up to 64), as Deriv shows it.')).toBeTruthy();
  });

  it('names the API choice in French', async () => {
    const { user } = await renderApp(withLanguage(fixtures.derivLoggedOut(), 'fr'));
    await user.click(screen.getByRole('button', { name: 'Paramètres' }));
    const select = screen.getByLabelText('API Deriv');
    expect(within(select).getByRole('option', { name: 'Deriv (API actuelle)' })).toBeTruthy();
    expect(within(select).getByRole('option', { name: 'Deriv, ancienne API (en cours de retrait)' })).toBeTruthy();
  });

  it('switches mode to demo and back to Deriv', async () => {
    const { desktop, user } = await renderApp(fixtures.derivLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByText('Current mode: Deriv')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Deriv, legacy API' }));
    await user.click(screen.getByRole('button', { name: 'Switch to demo mode' }));
    expect(desktop.argsOf('chooseMode')).toEqual([{ mode: 'demo', api: 'legacy' }]);
    expect(await screen.findByText('Current mode: Demo')).toBeTruthy();
    expect(screen.getByTestId('demo-badge')).toBeTruthy();

    const appId = screen.getByLabelText('App number');
    await user.clear(appId);
    await user.type(appId, '999');
    const url = screen.getByLabelText('Return address');
    await user.clear(url);
    await user.type(url, 'https://my.app/cb');
    await user.click(screen.getByRole('button', { name: 'Switch to Deriv with this app number' }));
    expect(desktop.argsOf('chooseMode')[1]).toEqual({ mode: 'deriv', appId: '999', redirectUrl: 'https://my.app/cb' });
  });

  it('switches from demo to Deriv’s current API with the client id and redirect URL typed, or none (PAT)', async () => {
    const { desktop, user } = await renderApp(fixtures.demoCurrentLoggedOut());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.queryByRole('button', { name: 'Switch to Deriv with this app number' })).toBeNull();
    const clientId = screen.getByLabelText(/^App ID/, { selector: 'input' });
    const redirect = screen.getByLabelText(/^Return address/, { selector: 'input' });
    await user.clear(clientId);
    await user.type(clientId, '41234');
    await user.clear(redirect);
    await user.type(redirect, 'ftp://wrong');
    const button = screen.getByRole('button', { name: 'Switch to Deriv (current API)' });
    // A client id needs a redirect URL the login window can intercept.
    expect(button.matches(':disabled')).toBe(true);
    // A PAT user registers nothing: both empty will do.
    await user.clear(clientId);
    await user.clear(redirect);
    expect(button.matches(':disabled')).toBe(false);
    await user.type(clientId, '41234');
    await user.type(redirect, 'https://my.app/callback');
    await user.click(button);
    expect(desktop.argsOf('chooseMode')).toEqual([
      { mode: 'deriv', api: 'current', clientId: '41234', clientRedirectUrl: 'https://my.app/callback' },
    ]);
    expect(await screen.findByText('Current mode: Deriv')).toBeTruthy();
  });

  it('goes back to the main screen', async () => {
    const { user } = await renderApp(fixtures.loggedIn());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.queryByRole('region', { name: 'Accounts' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('region', { name: 'Accounts' })).toBeTruthy();
  });
});
