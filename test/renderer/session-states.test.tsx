/**
 * The current-API states a trader must see, in English and French: rate limited until a clock
 * time (no pointless Retry), the session being renewed (discreet, still Online, nothing stale),
 * reconnecting with its countdown, a session expired and a scope missing (which one) with
 * "Log in again" (the login window for an OAuth account, a PAT form for a PAT account), and a PAT
 * being checked (the form disabled meanwhile).
 */
import { act, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { App } from '../../renderer/src/App';
import { currentStates } from '../support/current-states';
import { createFakeDesktop } from '../support/fake-desktop-api';
import { NOW, withLanguage } from '../support/sample-state';
import { balanceOf, loginGroup, statusOf } from './account-list-queries';
import { renderApp } from './render-app';

const connectionStatus = () => screen.getByRole('status', { name: /^(Connection|Connexion):/ });
const pad = (n: number) => String(n).padStart(2, '0');
/** HH:MM:SS of an instant in local time, worked out without Intl. */
const clock = (at: number) => {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

describe('current-API states on screen', () => {
  afterEach(() => vi.useRealTimers());

  it('rate limited: says until when (HH:MM:SS), offers no Retry now, marks the figures not live', async () => {
    const until = NOW + 42_000;
    const { unmount } = await renderApp(currentStates.rateLimited(until));
    expect(connectionStatus().getAttribute('aria-label')).toBe('Connection: Rate limited');
    expect(screen.getByTestId('rate-limited-until').textContent).toBe(
      `Deriv asked the app to wait until ${clock(until)}; it tries again then.`,
    );
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
    expect(screen.getAllByTestId('stale-note').length).toBeGreaterThan(0);
    unmount();
    await renderApp(withLanguage(currentStates.rateLimited(until), 'fr'));
    expect(connectionStatus().getAttribute('aria-label')).toBe('Connexion: Trop de requêtes');
    expect(screen.getByTestId('rate-limited-until').textContent).toBe(
      `Deriv a demandé à l’application d’attendre jusqu’à ${clock(until)}\u202F; elle réessaiera alors.`,
    );
  });

  it('renewing the session: a discreet note beside Online; balances shown, nothing stale, no alert', async () => {
    const { unmount } = await renderApp(currentStates.refreshing());
    expect(connectionStatus().getAttribute('aria-label')).toBe('Connection: Online');
    expect(screen.getByTestId('refreshing').textContent).toBe('Renewing your session…');
    expect(screen.queryByTestId('stale-note')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(balanceOf('CR799393')).toMatch(/\d/);
    expect(statusOf('CR799393')).toEqual([]);
    unmount();
    // Without a renewal the note is gone.
    const { unmount: u2 } = await renderApp({ ...currentStates.refreshing(), refreshing: false });
    expect(screen.queryByTestId('refreshing')).toBeNull();
    u2();
    await renderApp(withLanguage(currentStates.refreshing(), 'fr'));
    expect(screen.getByTestId('refreshing').textContent).toBe('Renouvellement de votre session…');
  });

  it('reconnecting: counts down to the next try from nextRetryAt', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(NOW);
    const desktop = createFakeDesktop(currentStates.reconnecting(NOW + 12_000));
    render(<App api={desktop.api} />);
    await act(async () => {});
    expect(connectionStatus().getAttribute('aria-label')).toBe('Connection: Reconnecting');
    expect(screen.getByTestId('countdown').textContent).toBe('Reconnecting in 12 s (attempt 2)');
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByTestId('countdown').textContent).toBe('Reconnecting in 7 s (attempt 2)');
  });

  it('session expired and scope missing: named where they are, the others untouched, in English and French', async () => {
    const { unmount } = await renderApp(currentStates.needsLogin());
    // CR799394's login still opens its other accounts: the row says it, with the sentence on its group.
    expect(statusOf('CR799394')).toEqual(['Session expired']);
    expect(statusOf('CR799393')).toEqual([]);
    expect(
      within(loginGroup('Deriv login')).getByText(
        'CR799394: Your Deriv session expired: log in again to use this account.',
      ),
    ).toBeTruthy();
    // The personal token lacking "trading" is its whole login's problem: said once, on the group.
    const pat = loginGroup('Personal token');
    expect(within(pat).getByText('Permission missing: trading')).toBeTruthy();
    expect(
      within(pat).getByText(/^This login does not allow “trading”, which the app needs: log in again/),
    ).toBeTruthy();
    expect(statusOf('VRTC1859315')).toEqual(['Not live']);
    unmount();
    await renderApp(withLanguage(currentStates.needsLogin(), 'fr'));
    expect(statusOf('CR799394')).toEqual(['Session expirée']);
    expect(within(loginGroup('Jeton personnel')).getByText(/^Autorisation manquante\s:\snégociation$/)).toBeTruthy();
  });

  it('"Log in again": the login window for an OAuth account; a PAT form for a PAT account', async () => {
    const { desktop, user } = await renderApp(currentStates.needsLogin());
    await user.click(screen.getByRole('button', { name: 'Log in again: Personal token' }));
    // No login window for a PAT: a PAT form for that account instead.
    expect(desktop.argsOf('signIn').filter((a) => (a as { method: string }).method === 'oauth')).toEqual([]);
    const form = screen.getByRole('region', {
      name: 'Sign in again for VRTC1859315 with a personal token',
    });
    expect(document.activeElement).toBe(within(form).getByRole('heading', { level: 2 }));
    const pat = `pat_${'cd'.repeat(32)}`;
    await user.type(within(form).getByLabelText('Personal token'), pat);
    await user.click(within(form).getByRole('button', { name: 'Sign in with the token' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'pat', token: pat, appId: '41234' }]);
    expect(screen.queryByRole('region', { name: /Sign in again for VRTC1859315/ })).toBeNull();
    expect(document.body.textContent).not.toContain(pat);

    // Once that check ended, the OAuth account's "Log in again" opens the login window.
    act(() => desktop.push({ ...desktop.state(), login: { status: 'idle' } }));
    await user.click(screen.getByRole('button', { name: 'Log in again: Deriv login' }));
    expect(desktop.argsOf('signIn').slice(1)).toEqual([{ api: 'current', method: 'oauth', reloginFor: 'CR799394' }]);
  });

  it('a PAT being checked: says so (no window), and the PAT form is disabled meanwhile', async () => {
    const { unmount } = await renderApp(currentStates.patChecking());
    expect(screen.getByText('Checking your personal token…').getAttribute('role')).toBe('status');
    expect(screen.queryByText('Finish logging in in the Deriv window that just opened.')).toBeNull();
    // Disabled through their fieldset, as a browser disables them.
    expect(screen.getByLabelText('Personal token').matches(':disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Sign in with the token' }).matches(':disabled')).toBe(true);
    unmount();
    await renderApp(withLanguage(currentStates.patChecking(), 'fr'));
    expect(screen.getByText('Vérification de votre jeton personnel…')).toBeTruthy();
  });
});
