/**
 * Demo mode's login screen and API choice: the demo tokens of both APIs grouped by API, signed in
 * with by id only; the other API's tokens offer a switch that asks first (it logs out); English and
 * French.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { DEMO_CREDENTIALS, fixtures, withLanguage } from '../support/sample-state';
import { renderApp } from './render-app';

describe('the demo login panel', () => {
  it('lists the tokens of both APIs by API; the chosen API’s sign in by id', async () => {
    const { desktop, user } = await renderApp(fixtures.demoCurrentLoggedOut());
    const tokens = screen.getByRole('region', { name: 'Demo tokens' });
    expect(within(tokens).getByText('The demo uses Deriv (current API).')).toBeTruthy();
    const current = within(tokens).getByRole('region', { name: 'Deriv (current API)' });
    const legacy = within(tokens).getByRole('region', { name: 'Deriv, legacy API' });
    // The chosen API first.
    expect(current.compareDocumentPosition(legacy) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(current).getAllByRole('listitem')).toHaveLength(2);
    expect(within(legacy).getAllByRole('listitem')).toHaveLength(1);
    expect(within(legacy).getByText('CR799393')).toBeTruthy();
    expect(within(legacy).getByText('Permissions: read, trading')).toBeTruthy();
    // The other API's tokens are folded (they need a switch first); the chosen API's are not.
    expect(legacy.querySelector('details')?.open).toBe(false);
    expect(current.querySelector('details')).toBeNull();
    // Only the chosen API's tokens have a sign-in button.
    expect(within(legacy).queryByRole('button', { name: /Sign in with this API token/ })).toBeNull();

    await user.click(
      within(current).getByRole('button', { name: 'Sign in with this personal token: multi@example.com' }),
    );
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'demo', id: 'current-pat-2' }]);
    // Main answered: the PAT is being checked (no login window), and that can be cancelled.
    expect(desktop.state().login).toMatchObject({ status: 'waiting', method: 'pat' });
    expect(await screen.findByText('Checking your personal token…')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    // Meanwhile the other sign-ins, and the switch to the other API (it would cancel this one), wait.
    for (const button of within(current).getAllByRole('button', { name: /^Sign in with this personal token/ }))
      expect(button.matches(':disabled')).toBe(true);
    expect(
      within(legacy).getByRole('button', { name: 'Switch the demo to Deriv, legacy API' }).matches(':disabled'),
    ).toBe(true);
    // The demo users are listed as before.
    expect(within(screen.getByRole('region', { name: 'Demo users' })).getByText('demo-pass-1')).toBeTruthy();
  });

  it('switches the demo to the other API only after confirming (it logs out)', async () => {
    const { desktop, user } = await renderApp(fixtures.demoCurrentLoggedOut());
    const legacy = screen.getByRole('region', { name: 'Deriv, legacy API' });
    expect(within(legacy).getByText('These work once the demo uses Deriv, legacy API.')).toBeTruthy();
    await user.click(within(legacy).getByRole('button', { name: 'Switch the demo to Deriv, legacy API' }));
    const dialog = screen.getByRole('dialog', { name: 'Switch the demo to Deriv, legacy API?' });
    expect(within(dialog).getByText(/logs you out/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(desktop.argsOf('chooseMode')).toEqual([]);

    await user.click(within(legacy).getByRole('button', { name: 'Switch the demo to Deriv, legacy API' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Switch the demo to Deriv, legacy API' }),
    );
    expect(desktop.argsOf('chooseMode')).toEqual([{ mode: 'demo', api: 'legacy' }]);
    // Now the legacy API's token signs in, by id.
    const token = await screen.findByRole('button', {
      name: 'Sign in with this API token: trader@example.com (CR799393)',
    });
    await user.click(token);
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'demo', id: 'legacy-api-token-1' }]);
  });

  it('is in French', async () => {
    await renderApp(withLanguage(fixtures.demoCurrentLoggedOut(), 'fr'));
    const tokens = screen.getByRole('region', { name: 'Jetons de démonstration' });
    expect(within(tokens).getByText('La démo utilise Deriv (API actuelle).')).toBeTruthy();
    expect(
      within(tokens).getByRole('button', { name: 'Se connecter avec ce jeton personnel\u202F: trader@example.com' }),
    ).toBeTruthy();
    expect(within(tokens).getByRole('button', { name: 'Passer la démo sur Deriv, ancienne API' })).toBeTruthy();
  });

  it('shows emails, accounts and scopes, nothing else of a credential', async () => {
    // A field the renderer does not know (as a newer main might add) is not shown either.
    const state = fixtures.demoCurrentLoggedOut();
    const canary = 'pat_canary_not_for_the_screen';
    state.demo!.credentials = state.demo!.credentials.map((c) => Object.assign({ ...c }, { token: canary }));
    const { container } = await renderApp(state);
    expect(container.textContent).toContain('multi@example.com');
    expect(container.textContent).not.toContain(canary);
    // The ids are for main, not shown; the one password field is the PAT form's, empty.
    for (const c of DEMO_CREDENTIALS) expect(container.textContent).not.toContain(c.id);
    const secretFields = [...container.querySelectorAll<HTMLInputElement>('input[type="password"]')];
    expect(secretFields.map((f) => [f.labels?.[0]?.textContent, f.value])).toEqual([['Personal token', '']]);
  });
});

describe('choosing the demo’s API', () => {
  it('first run: the legacy API can be picked for the demo', async () => {
    const { desktop, user } = await renderApp(fixtures.unconfigured());
    const choice = screen.getByRole('group', { name: 'The demo uses' });
    await user.click(within(choice).getByRole('radio', { name: 'Deriv, legacy API' }));
    await user.click(screen.getByRole('button', { name: 'Use demo mode' }));
    expect(desktop.argsOf('chooseMode')).toEqual([{ mode: 'demo', api: 'legacy' }]);
  });

  it('Settings in demo mode: names the demo’s API and switches after confirming', async () => {
    const { desktop, user } = await renderApp(fixtures.demoLoggedIn());
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByText('The demo uses Deriv, legacy API.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Switch the demo to Deriv (current API)' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Switch the demo to Deriv (current API)' }),
    );
    expect(desktop.argsOf('chooseMode')).toEqual([{ mode: 'demo', api: 'current' }]);
  });
});
