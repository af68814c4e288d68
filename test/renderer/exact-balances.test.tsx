/**
 * Balances on screen are the exact decimal text main publishes (issue 26, item 2): formatted with
 * the currency's own decimals by `Intl.NumberFormat` reading the string as a decimal, never through
 * a double. The figures come from the core's own reading of a number and of a string.
 */
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { amountOf } from '../../main/core/model';
import type { AppState } from '../../main/ipc/contract';
import { formatBalance } from '../../renderer/src/format';
import { fixtures, withLanguage } from '../support/sample-state';
import { balanceOf, plain } from './account-list-queries';
import { renderApp } from './render-app';

const format = (...args: Parameters<typeof formatBalance>) => plain(formatBalance(...args));

/** The logged-in fixture with CR799393 (USD) and CR799394 (BTC) holding these balances. */
function withBalances(usd: string | null, btc: string | null, state: AppState = fixtures.loggedIn()): AppState {
  state.accounts = state.accounts.map((a) =>
    a.accountId === 'CR799393' ? { ...a, balance: usd } : a.accountId === 'CR799394' ? { ...a, balance: btc } : a,
  );
  return state;
}

describe('exact balances on screen', () => {
  it('formatBalance: "1234567.89" is 1,234,567.89 USD; "0.00012345" BTC keeps all eight decimals; digits no double holds are kept', () => {
    expect(format('1234567.89', 'USD', 'en')).toBe('$1,234,567.89');
    expect(format('1234567.89', 'USD', 'fr')).toBe('1 234 567,89 $US');
    expect(format('0.00012345', 'BTC', 'en')).toBe('BTC 0.00012345');
    expect(format('0.00012345', 'BTC', 'fr')).toBe('0,00012345 BTC');
    // 17 significant digits: as a double this would read 12,345,678,901,234,568.
    expect(format('12345678901234567.89', 'USD', 'en')).toBe('$12,345,678,901,234,567.89');
    expect(format('0.1', 'USD', 'en')).toBe('$0.10');
    // The currency's decimals decide; Intl rounds the decimal itself (half away from zero), not a double.
    expect(format('1.005', 'USD', 'en')).toBe('$1.01');
    expect(format('10000.00', 'USDT', 'en')).toBe('10,000.00 USDT');
    // Anything but plain decimal text is shown as it came (Intl would also read these as numbers).
    expect(format('0x10', 'USD', 'en')).toBe('0x10 USD');
    expect(format(' 1e3 ', 'USD', 'en')).toBe(' 1e3  USD');
  });

  it('1234567.89 as a number and "1234567.89" as a string, read by the core, show the same: $1,234,567.89', async () => {
    const fromNumber = amountOf(1234567.89);
    const fromString = amountOf('1234567.89');
    expect(fromNumber).toBe('1234567.89');
    expect(fromString).toBe('1234567.89');
    for (const usd of [fromNumber, fromString]) {
      await renderApp(withBalances(usd, amountOf('0.00012345')));
      expect(balanceOf('CR799393')).toBe('$1,234,567.89');
      expect(balanceOf('CR799394')).toBe('BTC 0.00012345');
      // The active account's strip shows the same figure, large.
      expect(plain(screen.getByTestId('active-balance').textContent)).toBe('$1,234,567.89');
      (await import('@testing-library/react')).cleanup();
    }
  });

  it('in French, and a pushed update keeps its digits', async () => {
    const { desktop } = await renderApp(withLanguage(withBalances('1234567.89', '0.00012345'), 'fr'));
    expect(balanceOf('CR799393')).toBe('1 234 567,89 $US');
    expect(balanceOf('CR799394')).toBe('0,00012345 BTC');
    const next = desktop.state();
    next.accounts = withBalances('98765432109876543.21', '0.00000001', next).accounts;
    act(() => desktop.push(next));
    expect(balanceOf('CR799393')).toBe('98 765 432 109 876 543,21 $US');
    expect(balanceOf('CR799394')).toBe('0,00000001 BTC');
  });
});
