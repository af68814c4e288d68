import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { fixtures, withLanguage } from '../support/sample-state';
import { renderApp } from './render-app';

const row = (accountId: string) => {
  const el = document.querySelector(`tr[data-account-id="${accountId}"]`);
  if (!(el instanceof HTMLElement)) throw new Error(`no row for ${accountId}`);
  return el;
};
const cells = (accountId: string) =>
  Array.from(row(accountId).querySelectorAll('th, td')).map((c) => (c.textContent ?? '').replace(/\s/g, ' '));

describe('accounts list', () => {
  it('shows every account with login id, real/demo, currency, landing company, status and formatted balance', async () => {
    await renderApp(fixtures.loggedIn());
    expect(cells('CR799393')).toEqual(['CR799393RealLegacy APIActive', 'USD', 'Deriv (SVG) LLC', 'OK', '$10,234.50']);
    expect(cells('CR799394')).toEqual(['CR799394RealLegacy API', 'BTC', 'Deriv (SVG) LLC', 'OK', 'BTC 0.01234567']);
    expect(cells('VRTC1859315')).toEqual(['VRTC1859315DemoLegacy API', 'USD', '—', 'OK', '$10,000.00']);
    expect(cells('MF100200')).toEqual([
      'MF100200RealLegacy API',
      'EUR',
      'Deriv Investments (Europe) Limited',
      'Disabled',
      '—',
    ]);
    expect(row('CR799393').getAttribute('aria-current')).toBe('true');
    expect(row('CR799394').getAttribute('aria-current')).toBeNull();
  });

  it('shows current-API accounts beside legacy ones, each labelled with its API, in the table and the switcher', async () => {
    const state = fixtures.loggedIn();
    state.accounts.push(
      {
        accountId: 'DOT10000001',
        api: 'current',
        source: 'oauth',
        scopes: null,
        currency: 'USD',
        isVirtual: true,
        isDisabled: false,
        landingCompanyName: null,
        accountType: 'demo',
        balance: '10000',
        authorized: true,
        needsLogin: false,
        needsLoginReason: null,
        missingScope: null,
        appId: null,
        loginId: 'login-1',
        sessionEnd: null,
      },
      {
        accountId: 'ROT20000002',
        api: 'current',
        source: 'oauth',
        scopes: null,
        currency: 'BTC',
        isVirtual: false,
        isDisabled: false,
        landingCompanyName: null,
        accountType: 'real',
        balance: '0.5',
        authorized: true,
        needsLogin: false,
        needsLoginReason: null,
        missingScope: null,
        appId: null,
        loginId: 'login-1',
        sessionEnd: null,
      },
    );
    await renderApp(state);
    expect(cells('DOT10000001')).toEqual(['DOT10000001DemoCurrent API', 'USD', '—', 'OK', '$10,000.00']);
    expect(cells('ROT20000002')).toEqual(['ROT20000002RealCurrent API', 'BTC', '—', 'OK', 'BTC 0.50000000']);
    const listbox = screen.getByRole('listbox', { name: 'Switch account' });
    expect(within(listbox).getByRole('option', { name: /ROT20000002/ }).textContent).toContain('Current API');
    expect(within(listbox).getByRole('option', { name: /CR799393/ }).textContent).toContain('Legacy API');
  });

  it('says an account is not checked yet until Deriv has accepted its token', async () => {
    const state = fixtures.loggedIn();
    state.connection = { status: 'connecting' };
    state.accounts = state.accounts.map((a) => ({ ...a, authorized: false, balance: null }));
    await renderApp(state);
    expect(cells('CR799393')[3]).toBe('Not checked yet');
    expect(cells('MF100200')[3]).toBe('Disabled');
  });

  it('formats balances per currency in French', async () => {
    await renderApp(withLanguage(fixtures.loggedIn(), 'fr'));
    // Intl's French uses narrow no-break spaces, normalised to plain ones by `cells`.
    expect(cells('CR799393')[4]).toBe('10 234,50 $US');
    expect(cells('CR799394')[4]).toBe('0,01234567 BTC');
    expect(cells('CR799393')[0]).toBe('CR799393RéelAncienne APIActif');
  });

  it('updates a live balance pushed by main', async () => {
    const { desktop } = await renderApp(fixtures.loggedIn());
    const next = desktop.state();
    next.accounts[0]!.balance = '9999.99';
    const { act } = await import('@testing-library/react');
    act(() => desktop.push(next));
    expect(cells('CR799393')[4]).toBe('$9,999.99');
  });

  it('offers "log in again" for an account whose token was refused, with its reason', async () => {
    const { desktop, user } = await renderApp(fixtures.degraded());
    expect(within(row('CR799394')).getByText('Needs login')).toBeTruthy();
    expect(screen.getByText('CR799394: Deriv refused the saved login for this account.')).toBeTruthy();
    expect(within(row('CR799393')).queryByRole('button')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Log in again for CR799394' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth', reloginFor: 'CR799394' }]);
    expect(await screen.findByText('Logging in again for CR799394.')).toBeTruthy();
  });

  it('"Add another login" starts a new login', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.click(screen.getByRole('button', { name: 'Add another login' }));
    expect(desktop.argsOf('signIn')).toEqual([{ api: 'legacy', method: 'oauth' }]);
    expect(await screen.findByText('Waiting for you to log in…')).toBeTruthy();
  });
});

describe('switcher', () => {
  const options = () => screen.getAllByRole('option');
  const selected = () =>
    options()
      .filter((o) => o.getAttribute('aria-selected') === 'true')
      .map((o) => o.id);

  it('is a listbox of options with the active one selected and the disabled one marked', async () => {
    await renderApp(fixtures.loggedIn());
    const listbox = screen.getByRole('listbox', { name: 'Switch account' });
    expect(within(listbox).getAllByRole('option')).toHaveLength(4);
    expect(selected()).toEqual(['switch-CR799393']);
    expect(screen.getByRole('option', { name: /MF100200/ }).getAttribute('aria-disabled')).toBe('true');
  });

  it('switches on click', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.click(screen.getByRole('option', { name: /VRTC1859315/ }));
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'VRTC1859315' }]);
    expect(selected()).toEqual(['switch-VRTC1859315']);
    expect(row('VRTC1859315').getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('heading', { name: /Account details · VRTC1859315/ })).toBeTruthy();
  });

  it('moves with the arrow keys and switches with Enter', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const listbox = screen.getByRole('listbox');
    listbox.focus();
    expect(listbox.getAttribute('aria-activedescendant')).toBe('switch-CR799393');
    await user.keyboard('{ArrowDown}');
    expect(listbox.getAttribute('aria-activedescendant')).toBe('switch-CR799394');
    expect(desktop.argsOf('switchAccount')).toEqual([]);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(listbox.getAttribute('aria-activedescendant')).toBe('switch-MF100200');
    await user.keyboard('{ArrowUp}{Enter}');
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'VRTC1859315' }]);
    expect(selected()).toEqual(['switch-VRTC1859315']);
    await user.keyboard('{Home}');
    expect(listbox.getAttribute('aria-activedescendant')).toBe('switch-CR799393');
    await user.keyboard('{End}{Enter}');
    // The disabled account cannot become active.
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'VRTC1859315' }]);
  });

  it('switches with Ctrl+N and Cmd+N', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.keyboard('{Control>}3{/Control}');
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'VRTC1859315' }]);
    await user.keyboard('{Meta>}2{/Meta}');
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'VRTC1859315' }, { accountId: 'CR799394' }]);
    expect(selected()).toEqual(['switch-CR799394']);
    // No 9th account, the disabled 4th, and a plain digit do nothing.
    await user.keyboard('{Control>}9{/Control}{Control>}4{/Control}1');
    expect(desktop.argsOf('switchAccount')).toHaveLength(2);
  });

  it('ignores shortcuts while a confirmation is open', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.click(screen.getByRole('button', { name: 'Log out of all accounts' }));
    await user.keyboard('{Control>}3{/Control}');
    expect(desktop.argsOf('switchAccount')).toEqual([]);
  });

  it('shows an error from main when switching fails', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    desktop.failNext('switchAccount', { code: 'unknown_account', params: { accountId: 'VRTC1859315' } });
    await user.click(screen.getByRole('option', { name: /VRTC1859315/ }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'That did not work: there is no account VRTC1859315 in this session.',
    );
    expect(selected()).toEqual(['switch-CR799393']);
  });
});
