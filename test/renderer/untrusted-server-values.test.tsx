/**
 * Values from the server are untrusted: whatever JSON arrives in place of an authorize or balance
 * answer, the dashboard renders (no component throws, nothing blanks), and if a view ever does
 * throw, an error screen with the raw JSON replaces only the content, and can be retried.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { factsFromAuthorize } from '../../main/core/legacy-api/account-facts';
import type { AppState } from '../../main/ipc/contract';
import { ErrorBoundary } from '../../renderer/src/components/ErrorBoundary';
import { formatBalance, formatEpochSeconds } from '../../renderer/src/format';
import { messagesFor } from '../../renderer/src/i18n';
import { fixtures } from '../support/sample-state';
import { ACCOUNT_IDS, authorizeAnswer, balanceAnswers } from '../support/server-answers';
import { renderApp } from './render-app';

const en = messagesFor('en');

function stateWith(response: Record<string, unknown>, balances: (string | null)[], currencies: string[]): AppState {
  const state = fixtures.loggedIn();
  state.details = {
    api: 'legacy',
    primaryAccountId: 'CR799393',
    facts: factsFromAuthorize(response, 'CR799393'),
    raw: response,
    receivedAt: 0,
  };
  state.accounts = ACCOUNT_IDS.map((accountId, i) => ({
    ...state.accounts[0]!,
    accountId,
    currency: currencies[i]!,
    balance: balances[i] ?? null,
  }));
  state.activeAccountId = ACCOUNT_IDS[0];
  return state;
}

describe('formatting server values', () => {
  it('out-of-range fractional_digits, huge epoch seconds and null local currencies do not throw', () => {
    expect(formatBalance('10', 'USD', 'en', { USD: { fractional_digits: 101 } })).toBe('$10.00');
    expect(formatBalance('10', 'USD', 'en', { USD: { fractional_digits: -1 } })).toBe('$10.00');
    expect(formatBalance('10', 'USD', 'en', { USD: null } as never)).toBe('$10.00');
    expect(formatEpochSeconds(1e20, 'en')).toBe('100000000000000000000');
  });
});

describe('the dashboard over untrusted authorize and balance answers', () => {
  it('a null entry in local_currencies and a huge created_at still render the details', async () => {
    const state = fixtures.loggedIn();
    const response = state.details!.raw as Record<string, unknown>;
    response.local_currencies = { USD: null, EUR: { fractional_digits: 500 } };
    (response.account_list as Array<Record<string, unknown>>)[0]!.created_at = 1e20;
    await renderApp(state);
    expect(screen.queryByText(en.screenErrorTitle)).toBeNull();
    expect(screen.getByRole('heading', { name: new RegExp(en.detailsTitle) })).toBeTruthy();
  });

  it('whatever JSON arrives, no component throws and the screen is not blank', async () => {
    await fc.assert(
      fc.asyncProperty(authorizeAnswer, balanceAnswers, async (response, { balances, currencies }) => {
        cleanup();
        await renderApp(stateWith(response, balances, currencies));
        expect(screen.queryByText(en.screenErrorTitle)).toBeNull();
        expect(screen.getByRole('heading', { name: new RegExp(en.detailsTitle) })).toBeTruthy();
        expect(screen.getByLabelText(en.rawJson.legacy)).toBeTruthy();
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('the error boundary', () => {
  function Boom({ fail }: { fail: { now: boolean } }) {
    if (fail.now) throw new Error('a view could not render');
    return <p>content is back</p>;
  }

  it('shows a recoverable error screen with the raw JSON, and renders again on retry', async () => {
    const fail = { now: true };
    const original = console.error;
    console.error = () => undefined; // React reports the caught error; expected here
    try {
      render(
        <ErrorBoundary t={en} raw={{ loginid: 'CR1', weird: [1, 2] }} api="legacy">
          <Boom fail={fail} />
        </ErrorBoundary>,
      );
      const alert = screen.getByRole('alert');
      expect(within(alert).getByText(en.screenErrorTitle)).toBeTruthy();
      expect(within(alert).getByLabelText(en.rawJson.legacy).textContent).toContain('"weird"');
      fail.now = false;
      await userEvent.setup().click(within(alert).getByRole('button', { name: en.screenErrorRetry }));
      expect(screen.getByText('content is back')).toBeTruthy();
    } finally {
      console.error = original;
    }
  });
});
