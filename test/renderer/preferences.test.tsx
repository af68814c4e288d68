/**
 * The trader's preferences in the renderer: `arrange` (which accounts a list shows, in what order)
 * and `nicknameOf`, pure; Settings' Display section against the fake DesktopApi (what it sends,
 * what it shows once main answers, labels and keyboard); the theme on <html>.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { DEFAULT_PREFERENCES, type Preferences } from '../../main/core/model';
import { arrange, isZeroBalance, nicknameOf } from '../../renderer/src/preferences';
import { fixtures, withLanguage } from '../support/sample-state';
import { renderApp } from './render-app';

const prefs = (patch: Partial<Preferences> = {}): Preferences => ({ ...DEFAULT_PREFERENCES, ...patch });
const account = (accountId: string, balance: string | null = '10', isDisabled = false) => ({
  accountId,
  balance,
  isDisabled,
});
const ids = (list: { accountId: string }[]) => list.map((a) => a.accountId);

describe('arrange', () => {
  const accounts = [
    account('CR1', '0.00'),
    account('CR2', '0.00000001'),
    account('VRTC3', '10000'),
    account('MF4', null, true),
    account('CR5', '0'),
    account('CR6', '-0.0'),
    account('CR7', null),
  ];

  it('shows every account, as they came, by default', () => {
    expect(ids(arrange(accounts, prefs(), null))).toEqual(ids(accounts));
  });

  it('hides a zero balance read as exact decimal text: any zeros, never a tiny amount nor an unknown one', () => {
    expect(['0', '0.00', '-0.0', '000.000'].map(isZeroBalance)).toEqual([true, true, true, true]);
    expect(['0.00000001', '10', '-0.01', '100', null].map(isZeroBalance)).toEqual([false, false, false, false, false]);
    expect(ids(arrange(accounts, prefs({ hideZeroBalances: true }), null))).toEqual(['CR2', 'VRTC3', 'MF4', 'CR7']);
  });

  it('hides disabled accounts, and both at once', () => {
    expect(ids(arrange(accounts, prefs({ hideDisabled: true }), null))).toEqual(
      ids(accounts).filter((id) => id !== 'MF4'),
    );
    expect(ids(arrange(accounts, prefs({ hideDisabled: true, hideZeroBalances: true }), null))).toEqual([
      'CR2',
      'VRTC3',
      'CR7',
    ]);
  });

  it('never hides the active account', () => {
    const both = prefs({ hideDisabled: true, hideZeroBalances: true });
    expect(ids(arrange(accounts, both, 'CR1'))).toEqual(['CR1', 'CR2', 'VRTC3', 'CR7']);
    expect(ids(arrange(accounts, both, 'MF4'))).toEqual(['CR2', 'VRTC3', 'MF4', 'CR7']);
  });

  it("follows the trader's order; accounts it does not name come after, as they came; ids of accounts gone are ignored", () => {
    const order = ['CR7', 'GONE1', 'VRTC3', 'CR1'];
    expect(ids(arrange(accounts, prefs({ order }), null))).toEqual(['CR7', 'VRTC3', 'CR1', 'CR2', 'MF4', 'CR5', 'CR6']);
    // Hidden ones leave the order without disturbing it.
    expect(ids(arrange(accounts, prefs({ order, hideZeroBalances: true }), null))).toEqual([
      'CR7',
      'VRTC3',
      'CR2',
      'MF4',
    ]);
    // The input is not changed.
    expect(ids(accounts)[0]).toBe('CR1');
  });

  it('a nickname is an own entry: an id such as "constructor" has none unless given one', () => {
    expect(nicknameOf(prefs(), 'constructor')).toBeNull();
    expect(nicknameOf(prefs({ nicknames: { constructor: 'Main' } }), 'constructor')).toBe('Main');
    expect(nicknameOf(prefs({ nicknames: { CR1: 'Main' } }), 'CR2')).toBeNull();
  });
});

async function openDisplay(state = fixtures.loggedIn()) {
  const app = await renderApp(state);
  const fr = state.settings.language === 'fr';
  await app.user.click(screen.getByRole('button', { name: fr ? 'Paramètres' : 'Settings' }));
  const display = screen.getByRole('region', { name: fr ? 'Affichage' : 'Display' });
  return { ...app, display };
}

describe("Settings' Display section", () => {
  it('changes the theme on <html> once main answers; system follows the computer', async () => {
    const { desktop, user, display } = await openDisplay();
    expect(document.documentElement.dataset.theme).toBe('system');
    const theme = within(display).getByLabelText('Theme');
    expect((theme as HTMLSelectElement).value).toBe('system');
    await user.selectOptions(theme, 'Dark');
    expect(desktop.argsOf('savePreferences')).toEqual([{ theme: 'dark' }]);
    expect(document.documentElement.dataset.theme).toBe('dark');
    await user.selectOptions(theme, 'Light');
    expect(document.documentElement.dataset.theme).toBe('light');
    // A theme main publishes (another window, a restart) applies too.
    desktop.push({ ...desktop.state(), preferences: prefs({ theme: 'dark' }) });
    await screen.findByDisplayValue('Dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('hides zero-balance and disabled accounts from the keyboard, each a labelled checkbox', async () => {
    const { desktop, user, display } = await openDisplay();
    const zero = within(display).getByRole('checkbox', { name: 'Hide accounts with a zero balance' });
    const disabled = within(display).getByRole('checkbox', { name: 'Hide disabled accounts' });
    expect(within(display).getByText('The active account is always shown.')).toBeTruthy();
    zero.focus();
    await user.keyboard(' ');
    await user.tab();
    expect(document.activeElement).toBe(disabled);
    await user.keyboard(' ');
    expect(desktop.argsOf('savePreferences')).toEqual([{ hideZeroBalances: true }, { hideDisabled: true }]);
    expect((zero as HTMLInputElement).checked).toBe(true);
    expect((disabled as HTMLInputElement).checked).toBe(true);
  });

  it('names an account: sent when Enter is pressed or the field is left, trimmed; unchanged sends nothing; empty removes it', async () => {
    const { desktop, user, display } = await openDisplay();
    const field = within(display).getByRole('textbox', { name: 'Name for CR799393' });
    expect(field.getAttribute('maxLength')).toBe('40');
    expect(within(display).getByText('A name is saved when you leave its field.').id).toBe(
      field.getAttribute('aria-describedby'),
    );
    await user.click(field);
    await user.keyboard('  Main account {Enter}');
    expect(desktop.argsOf('savePreferences')).toEqual([{ nicknames: { CR799393: 'Main account' } }]);
    expect(document.activeElement).toBe(field);
    // Leaving the field unchanged sends nothing.
    await user.tab();
    expect(desktop.argsOf('savePreferences')).toHaveLength(1);
    expect((field as HTMLInputElement).value).toBe('Main account');
    // Another account, by leaving its field.
    await user.type(within(display).getByRole('textbox', { name: 'Name for VRTC1859315' }), 'Practice');
    await user.tab();
    await user.clear(field);
    await user.tab();
    expect(desktop.argsOf('savePreferences').slice(1)).toEqual([
      { nicknames: { VRTC1859315: 'Practice' } },
      { nicknames: { CR799393: '' } },
    ]);
    expect(desktop.state().preferences.nicknames).toEqual({ VRTC1859315: 'Practice' });
  });

  it('moves accounts up and down; the moved account keeps the focus; the ends cannot go further', async () => {
    const { desktop, user, display } = await openDisplay();
    const rows = () =>
      within(display)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.split(' ·')[0]);
    expect(rows()).toEqual(['CR799393', 'CR799394', 'VRTC1859315', 'MF100200']);
    expect(within(display).getByRole('button', { name: 'Move CR799393 up' })).toHaveProperty('disabled', true);
    expect(within(display).getByRole('button', { name: 'Move MF100200 down' })).toHaveProperty('disabled', true);

    await user.click(within(display).getByRole('button', { name: 'Move CR799393 down' }));
    expect(desktop.argsOf('savePreferences')).toEqual([{ order: ['CR799394', 'CR799393', 'VRTC1859315', 'MF100200'] }]);
    expect(rows()).toEqual(['CR799394', 'CR799393', 'VRTC1859315', 'MF100200']);
    expect(document.activeElement).toBe(within(display).getByRole('button', { name: 'Move CR799393 down' }));
    // From the keyboard, down twice: at the bottom, the focus moves to its other button.
    await user.keyboard('{Enter}');
    await user.keyboard('{Enter}');
    expect(rows()).toEqual(['CR799394', 'VRTC1859315', 'MF100200', 'CR799393']);
    expect(document.activeElement).toBe(within(display).getByRole('button', { name: 'Move CR799393 up' }));
    // New accounts (not in the order) follow the ordered ones.
    const state = desktop.state();
    const added = { ...state.accounts[0]!, accountId: 'CR1000001' };
    desktop.push({ ...state, accounts: [added, ...state.accounts] });
    await within(display).findByRole('textbox', { name: 'Name for CR1000001' });
    expect(rows()).toEqual(['CR799394', 'VRTC1859315', 'MF100200', 'CR799393', 'CR1000001']);
  });

  it('is in French for a French trader', async () => {
    const { display } = await openDisplay(withLanguage(fixtures.loggedIn(), 'fr'));
    expect(within(display).getByLabelText('Thème')).toBeTruthy();
    expect(within(display).getByRole('option', { name: 'Comme cet ordinateur' })).toBeTruthy();
    expect(within(display).getByRole('checkbox', { name: 'Masquer les comptes dont le solde est nul' })).toBeTruthy();
    expect(within(display).getByRole('checkbox', { name: 'Masquer les comptes désactivés' })).toBeTruthy();
    expect(within(display).getByRole('textbox', { name: 'Nom de CR799393' })).toBeTruthy();
    expect(within(display).getByRole('button', { name: 'Descendre CR799393' })).toBeTruthy();
    expect(within(display).getByRole('group', { name: 'Noms et ordre des comptes' })).toBeTruthy();
  });

  it('without accounts, only the look', async () => {
    const { display } = await openDisplay(fixtures.derivLoggedOut());
    expect(within(display).getByLabelText('Theme')).toBeTruthy();
    expect(within(display).queryByRole('list')).toBeNull();
  });
});
