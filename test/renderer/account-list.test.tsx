/**
 * The dashboard's one list of accounts (issue 24): grouped by the login that opens them, one line
 * per account with its status only when not OK, real before demo; a row is a button that switches
 * (click, Enter, arrow keys between rows, Ctrl/Cmd+digit in the listed order); a login's problem
 * said once on its group with one "Log in again"; the header's summary of what needs attention;
 * the active account first, with its exact totals per currency; the "Add login" menu.
 */
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { AccountView } from '../../main/ipc/contract';
import { relativeAgo } from '../../renderer/src/components/ActiveStrip';
import { account, fixtures, twoLogins, withLanguage, withLogins } from '../support/sample-state';
import { balanceOf, listedIds, loginGroup, plain, queryRow, row, statusOf } from './account-list-queries';
import { renderApp } from './render-app';

/** A current-API account of login `login-1`, live, $10,000 (the shared fixture factory's defaults otherwise). */
const current = (change: Partial<AccountView> & Pick<AccountView, 'accountId'>): AccountView =>
  account({ loginId: 'login-1', balance: '10000', balanceAt: null, ...change });

describe('accounts list', () => {
  it('one line per account: id, real/demo, status only when not OK, formatted balance; real before demo; active marked', async () => {
    await renderApp(fixtures.loggedIn());
    expect(listedIds()).toEqual(['CR799393', 'CR799394', 'MF100200', 'VRTC1859315']);
    expect(plain(row('CR799393').textContent)).toBe('CR799393Real$10,234.50Ctrl+1');
    expect(plain(row('CR799394').textContent)).toBe('CR799394RealBTC 0.01234567Ctrl+2');
    expect(plain(row('MF100200').textContent)).toBe('MF100200RealDisabledEUR —Ctrl+3');
    expect(plain(row('VRTC1859315').textContent)).toBe('VRTC1859315Demo$10,000.00Ctrl+4');
    expect(row('CR799393').getAttribute('aria-current')).toBe('true');
    expect(row('CR799394').getAttribute('aria-current')).toBeNull();
    expect(row('MF100200').getAttribute('aria-disabled')).toBe('true');
    // No "OK" on every row, no landing company column, no API tag while every login speaks one API.
    expect(within(screen.getByRole('region', { name: 'Accounts' })).queryByText('OK')).toBeNull();
    expect(document.querySelector('.tag--api')).toBeNull();
    // The rows sit under their login's heading.
    expect(within(loginGroup('Deriv login')).getAllByRole('listitem')).toHaveLength(4);
  });

  it("the trader's preferences: their order over real-before-demo, their names, hidden disabled accounts (never the active one)", async () => {
    const state = fixtures.loggedIn();
    state.preferences = {
      ...state.preferences,
      order: ['VRTC1859315', 'CR799394'],
      nicknames: { CR799394: 'Savings' },
      hideDisabled: true,
    };
    const { user } = await renderApp(state);
    expect(listedIds()).toEqual(['VRTC1859315', 'CR799394', 'CR799393']);
    expect(plain(row('CR799394').textContent)).toBe('CR799394RealSavingsBTC 0.01234567Ctrl+2');
    // Ctrl+digit follows the list as shown.
    await user.keyboard('{Control>}1{/Control}');
    expect(row('VRTC1859315').getAttribute('aria-current')).toBe('true');
  });

  it('with both APIs listed, each login says which it speaks', async () => {
    const state = fixtures.loggedIn();
    state.accounts.push(
      current({ accountId: 'DOT10000001', isVirtual: true }),
      current({ accountId: 'ROT20000002', currency: 'BTC', balance: '0.5' }),
    );
    await renderApp(withLogins(state));
    expect(balanceOf('ROT20000002')).toBe('BTC 0.50000000');
    // Two Deriv logins: told apart by their first account.
    const groups = screen.getAllByRole('region', { name: /^Deriv login · (CR799393|ROT20000002)$/ });
    expect(groups.map((g) => g.querySelector('.tag--api')?.textContent)).toEqual(['Legacy API', 'Current API']);
    expect(
      within(groups[1]!)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.slice(0, 11)),
    ).toEqual(['ROT20000002', 'DOT10000001']);
  });

  it('says an account is not checked yet until Deriv has accepted its token', async () => {
    const state = fixtures.loggedIn();
    state.connection = { status: 'online', since: 0 };
    state.accounts = state.accounts.map((a) => ({ ...a, authorized: false, balance: null }));
    await renderApp(state);
    expect(statusOf('CR799393')).toEqual(['Not checked yet']);
    expect(statusOf('MF100200')).toEqual(['Disabled']);
  });

  it('formats balances per currency in French', async () => {
    await renderApp(withLanguage(fixtures.loggedIn(), 'fr'));
    expect(balanceOf('CR799393')).toBe('10 234,50 $US');
    expect(balanceOf('CR799394')).toBe('0,01234567 BTC');
    expect(plain(row('CR799393').textContent)).toBe('CR799393Réel10 234,50 $USCtrl+1');
  });

  it('updates a live balance pushed by main, in its row and the strip (highlighted as it changes)', async () => {
    const { desktop } = await renderApp(fixtures.loggedIn());
    const strip = () => screen.getByTestId('active-balance');
    expect(strip().className).not.toContain('changed');
    const next = desktop.state();
    next.accounts[0]!.balance = '9999.99';
    act(() => desktop.push(next));
    expect(balanceOf('CR799393')).toBe('$9,999.99');
    expect(strip().textContent).toBe('$9,999.99');
    expect(strip().className).toContain('strip__balance--changed');
    // Another account made active is not a change of figure.
    act(() => desktop.push({ ...desktop.state(), activeAccountId: 'VRTC1859315' }));
    expect(strip().className).not.toContain('changed');
  });

  it('an account-level problem: its row says why, its login offers one "Log in again"', async () => {
    const { desktop, user } = await renderApp(fixtures.degraded());
    expect(statusOf('CR799394')).toEqual(['Needs login']);
    const group = loginGroup('Deriv login');
    expect(within(group).getByText('CR799394: Deriv refused the saved login for this account.')).toBeTruthy();
    expect(within(group).getAllByRole('button', { name: /Log in again/ })).toHaveLength(1);
    await user.click(within(group).getByRole('button', { name: 'Log in again: Deriv login' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth', reloginFor: 'CR799394' }]);
    expect(await screen.findByText('Logging in again for CR799394.')).toBeTruthy();
  });

  it('a whole login expired: said once on its group, one action, rows "Not live", the header not green', async () => {
    const { desktop, user } = await renderApp(twoLogins(true));
    const group = loginGroup('Deriv login');
    // One sentence, one tag, one "Log in again" for the login; none per row; nothing for the disabled one.
    expect(within(group).getAllByText(/^Your Deriv session expired/)).toHaveLength(1);
    expect(within(group).getAllByText('Session expired')).toHaveLength(1);
    expect(within(group).getAllByRole('button', { name: /Log in again/ })).toHaveLength(1);
    expect(statusOf('CR900001')).toEqual(['Not live']);
    expect(statusOf('VRTC900003')).toEqual(['Not live']);
    expect(statusOf('MF900004')).toEqual(['Disabled']);
    // The personal token's login is fine: nothing to say, nothing to do but remove it.
    const pat = loginGroup('Personal token · app 41234');
    expect(within(pat).queryByRole('button', { name: /Log in again/ })).toBeNull();
    expect(statusOf('CR900011')).toEqual([]);
    // Online, but not green: the header says what needs attention and takes focus there.
    const status = screen.getByRole('status', { name: 'Connection: Online' });
    expect(status.closest('.connection')?.className).toContain('connection--attention');
    await user.click(screen.getByRole('button', { name: '1 login needs attention' }));
    await act(() => new Promise((done) => requestAnimationFrame(done)));
    expect(document.activeElement).toBe(group);
    await user.click(within(group).getByRole('button', { name: 'Log in again: Deriv login' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'current', method: 'oauth', reloginFor: 'CR900001' }]);
  });

  it('accounts no saved login opens: a group of their own that says they need a new login', async () => {
    const state = fixtures.loggedIn();
    Object.assign(state.accounts[1]!, { loginId: null, needsLogin: true, needsLoginReason: 'token_refused' });
    const { desktop, user } = await renderApp(withLogins(state));
    const group = loginGroup('Needs a new login');
    expect(
      within(group).getByText('No saved login opens these accounts any more. Log in again to use them.'),
    ).toBeTruthy();
    expect(within(group).queryByRole('button', { name: /Remove/ })).toBeNull();
    await user.click(within(group).getByRole('button', { name: 'Log in again: Needs a new login' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth', reloginFor: 'CR799394' }]);
    expect(screen.getByRole('button', { name: '1 login needs attention' })).toBeTruthy();
  });
});

describe('switching', () => {
  it('switches on click; the disabled account and the active one do nothing', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.click(row('MF100200'));
    await user.click(row('CR799393'));
    expect(desktop.argsOf('switchAccount')).toEqual([]);
    await user.click(row('VRTC1859315'));
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'VRTC1859315' }]);
    expect(row('VRTC1859315').getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('heading', { name: /Account details · VRTC1859315/ })).toBeTruthy();
    expect(screen.getByTestId('active-id').textContent).toBe('VRTC1859315');
  });

  it('moves between rows with the arrow keys (Home/End too) and switches with Enter', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    row('CR799393').focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(row('CR799394'));
    expect(desktop.argsOf('switchAccount')).toEqual([]);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(row('VRTC1859315'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(row('VRTC1859315'));
    await user.keyboard('{ArrowUp}{Enter}');
    // MF100200 is disabled: Enter on it does nothing.
    expect(desktop.argsOf('switchAccount')).toEqual([]);
    await user.keyboard('{Home}{ArrowDown}{Enter}');
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'CR799394' }]);
  });

  it('switches with Ctrl+N and Cmd+N, in the order listed', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.keyboard('{Control>}4{/Control}');
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'VRTC1859315' }]);
    await user.keyboard('{Meta>}2{/Meta}');
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'VRTC1859315' }, { accountId: 'CR799394' }]);
    expect(row('CR799394').getAttribute('aria-current')).toBe('true');
    // No 9th account, the disabled 3rd, and a plain digit do nothing.
    await user.keyboard('{Control>}9{/Control}{Control>}3{/Control}1');
    expect(desktop.argsOf('switchAccount')).toHaveLength(2);
  });

  it('ignores shortcuts while a confirmation is open', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.click(screen.getByRole('button', { name: 'Log out of all accounts' }));
    await user.keyboard('{Control>}4{/Control}');
    expect(desktop.argsOf('switchAccount')).toEqual([]);
  });

  it('shows an error from main when switching fails, and the active account stays', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    desktop.failNext('switchAccount', { code: 'unknown_account', params: { accountId: 'VRTC1859315' } });
    await user.click(row('VRTC1859315'));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'That did not work: there is no account VRTC1859315 in this session.',
    );
    expect(row('CR799393').getAttribute('aria-current')).toBe('true');
  });
});

describe('the active account first', () => {
  it('its id (copied in one click), real or demo, its login, a large balance and when it was updated', async () => {
    const state = fixtures.loggedIn();
    // Main says when the figure arrived: a few seconds ago.
    for (const a of state.accounts) a.balanceAt = Date.now() - 4_000;
    const { user } = await renderApp(state);
    const strip = screen.getByRole('region', { name: 'Active account' });
    expect(screen.getByTestId('active-id').textContent).toBe('CR799393');
    expect(within(strip).getByText('Real', { selector: '.tag' })).toBeTruthy();
    expect(within(strip).getByText('Deriv login')).toBeTruthy();
    expect(screen.getByTestId('active-balance').textContent).toBe('$10,234.50');
    expect(within(strip).getByText(/^Updated (now|\d+ seconds? ago)$/)).toBeTruthy();
    await user.click(within(strip).getByRole('button', { name: 'Copy CR799393' }));
    expect(await navigator.clipboard.readText()).toBe('CR799393');
    expect(within(strip).getByRole('button', { name: 'Copy CR799393' }).textContent).toBe('Copied');
  });

  it('says how long ago in the unit that reads best', () => {
    expect([0, 4, 59, 60, 3599, 3600, 86_399, 86_400, 200_000].map((s) => relativeAgo(s, 'en'))).toEqual([
      'now',
      '4 seconds ago',
      '59 seconds ago',
      '1 minute ago',
      '59 minutes ago',
      '1 hour ago',
      '23 hours ago',
      'yesterday',
      '2 days ago',
    ]);
    expect(relativeAgo(7200, 'fr')).toBe('il y a 2 heures');
  });

  it('totals per currency, real and demo apart, summed exactly; disabled accounts left out', async () => {
    const state = twoLogins();
    // 0.1 + 0.2 is 0.3 here, not a double's 0.30000000000000004.
    Object.assign(state.accounts[5]!, { currency: 'USD', balance: '0.1' });
    Object.assign(state.accounts.find((a) => a.accountId === 'MF900004')!, { balance: '5' });
    await renderApp(state);
    const totals = screen.getByRole('region', { name: 'Active account' }).querySelector('dl')!;
    expect(Array.from(totals.querySelectorAll('div'), (d) => plain(d.textContent))).toEqual([
      'Real$1,237,068.49 · BTC 0.12345678',
      'Demo$20,000.00 · €5,000.10',
    ]);
    const exact = twoLogins();
    exact.accounts = exact.accounts.slice(4, 6).map((a, i) => ({ ...a, currency: 'USD', balance: ['0.1', '0.2'][i]! }));
    await renderApp(withLogins(exact));
    expect(screen.getAllByText('$0.30').length).toBeGreaterThan(0);
  });

  it('a figure that is not live says so: an expired login, or a connection down', async () => {
    const { unmount } = await renderApp(twoLogins(true));
    expect(screen.getByTestId('active-balance').textContent).toBe('USD —');
    expect(within(screen.getByRole('region', { name: 'Active account' })).getByTestId('stale-note').textContent).toBe(
      'Not live. Session expired',
    );
    unmount();
    await renderApp({ ...fixtures.loggedIn(), connection: { status: 'offline', reason: 'closed' } });
    expect(within(screen.getByRole('region', { name: 'Active account' })).getByTestId('stale-note').textContent).toBe(
      'Not live. Last update unknown.',
    );
    // Every row says so too.
    expect(statusOf('CR799393')).toEqual(['Not live']);
  });
});

describe('"Add login"', () => {
  it('legacy API: Deriv login opens the login window; API token opens its form', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const menu = screen.getByRole('button', { name: 'Add login' });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    await user.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    expect(screen.queryByRole('button', { name: 'Personal token' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'API token' }));
    expect(screen.getByLabelText('API token 1')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByLabelText('API token 1')).toBeNull();
    await user.click(menu);
    await user.click(screen.getByRole('button', { name: 'Deriv login' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
    expect(await screen.findByText('Waiting for you to log in…')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Add login' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('current API: Deriv login or a personal token, in French too', async () => {
    const { user, unmount } = await renderApp(twoLogins());
    await user.click(screen.getByRole('button', { name: 'Add login' }));
    expect(screen.queryByRole('button', { name: 'API token' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Personal token' }));
    const form = screen.getByRole('region', { name: 'Sign in with a personal access token' });
    expect(document.activeElement).toBe(within(form).getByRole('heading'));
    unmount();
    const fr = await renderApp(withLanguage(twoLogins(), 'fr'));
    await fr.user.click(screen.getByRole('button', { name: 'Ajouter une connexion' }));
    expect(screen.getByRole('button', { name: 'Connexion Deriv' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Jeton personnel' })).toBeTruthy();
  });

  it('closes on Escape (focus back on it) and when the focus goes elsewhere', async () => {
    const { user } = await renderApp(fixtures.loggedIn());
    const menu = screen.getByRole('button', { name: 'Add login' });
    await user.click(menu);
    await user.keyboard('{Escape}');
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('button', { name: 'Deriv login' })).toBeNull();
    expect(document.activeElement).toBe(menu);
    await user.click(menu);
    expect(screen.getByRole('button', { name: 'Deriv login' })).toBeTruthy();
    await user.click(document.body);
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    // Tabbing from the toggle into its choices keeps it open.
    await user.click(menu);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Deriv login' }));
    expect(menu.getAttribute('aria-expanded')).toBe('true');
  });

  it('the demo mode badge is not a demo account’s tag', async () => {
    await renderApp(fixtures.demoLoggedIn());
    expect(screen.getByTestId('demo-badge').className).toBe('badge badge--demo');
    expect(queryRow('VRTC1859315')?.querySelector('.tag--demo')?.textContent).toBe('Demo');
    expect(screen.getByTestId('demo-badge').textContent).not.toBe('Demo');
  });
});
