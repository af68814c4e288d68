/**
 * Switching within the frame of the key press (issue 24): the selection moves in the keydown
 * handler, main's answer confirms or undoes it, a second press made before main's snapshot arrived
 * is not compared with a stale active account; snapshots keep what did not change; and the page
 * paints nothing before main's first state (no "Loading…" frame).
 */
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { App } from '../../renderer/src/App';
import { keepUnchanged } from '../../renderer/src/stable-state';
import { createFakeDesktop } from '../support/fake-desktop-api';
import { fixtures } from '../support/sample-state';
import { row } from './account-list-queries';
import { renderApp } from './render-app';

const activeRow = () =>
  document.querySelector('[aria-current="true"][data-account-id]')?.getAttribute('data-account-id');
const selectedOption = () =>
  Array.from(document.querySelectorAll('[aria-current="true"][data-account-id]'), (e) =>
    e.getAttribute('data-account-id'),
  ).join(' ') || undefined;

describe('switching by Ctrl+digit', () => {
  it('moves the selection at the key press, before main has answered; main’s state then confirms it', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const release = desktop.hold('switchAccount');
    await user.keyboard('{Control>}2{/Control}');
    // Main has not switched yet (its call is held): the screen already shows the second account.
    expect(desktop.state().activeAccountId).toBe('CR799393');
    expect(activeRow()).toBe('CR799394');
    expect(selectedOption()).toBe('CR799394');
    release();
    await waitFor(() => expect(desktop.state().activeAccountId).toBe('CR799394'));
    expect(activeRow()).toBe('CR799394');
  });

  it('a second press before main’s snapshot is sent, not dropped against the stale active account', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const release = desktop.hold('switchAccount');
    await user.keyboard('{Control>}2{/Control}');
    // Back to the first account while main still says it is active: the trader's last press counts.
    await user.keyboard('{Control>}1{/Control}');
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'CR799394' }, { accountId: 'CR799393' }]);
    expect(activeRow()).toBe('CR799393');
    release();
    await waitFor(() => expect(desktop.state().activeAccountId).toBe('CR799393'));
    // Main's snapshot of the first switch arrived on the way: it did not flash back meanwhile.
    expect(activeRow()).toBe('CR799393');
    expect(selectedOption()).toBe('CR799393');
  });

  it('the same account twice in a row is asked for once', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const release = desktop.hold('switchAccount');
    await user.keyboard('{Control>}2{/Control}{Control>}2{/Control}');
    expect(desktop.argsOf('switchAccount')).toEqual([{ accountId: 'CR799394' }]);
    release();
    await waitFor(() => expect(desktop.state().activeAccountId).toBe('CR799394'));
  });

  it('a switch main refuses puts the selection back and shows the refusal', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const release = desktop.hold('switchAccount');
    desktop.failNext('switchAccount', { code: 'unknown_account', params: { accountId: 'CR799394' } });
    await user.keyboard('{Control>}2{/Control}');
    expect(activeRow()).toBe('CR799394');
    release();
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('[data-error-code]')?.getAttribute('data-error-code')).toBe('unknown_account');
    expect(activeRow()).toBe('CR799393');
    expect(selectedOption()).toBe('CR799393');
    expect(desktop.state().activeAccountId).toBe('CR799393');
  });

  it('a click on a row moves at once too, through the same path', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const release = desktop.hold('switchAccount');
    await user.click(row('VRTC1859315'));
    expect(activeRow()).toBe('VRTC1859315');
    release();
    await waitFor(() => expect(desktop.state().activeAccountId).toBe('VRTC1859315'));
  });
});

describe('the first paint', () => {
  it('is main’s state: nothing is painted before it arrives (no “Loading…”)', async () => {
    const desktop = createFakeDesktop(fixtures.loggedIn());
    const release = desktop.hold('getState');
    const { container } = render(<App api={desktop.api} />);
    // Flush React's work: still nothing on the page while main has not answered.
    await new Promise((r) => setTimeout(r, 0));
    expect(container.innerHTML).toBe('');
    release();
    await screen.findByRole('banner');
    expect(activeRow()).toBe('CR799393');
  });
});

describe('keepUnchanged', () => {
  it('keeps the identity of every part equal to the previous one, and takes what changed', () => {
    const prev = fixtures.loggedIn();
    const next = structuredClone(prev);
    next.activeAccountId = 'CR799394';
    next.accounts[2]!.balance = '10001';
    const kept = keepUnchanged(prev, next);
    expect(kept).toEqual(next);
    expect(kept).not.toBe(prev);
    expect(kept.accounts).not.toBe(prev.accounts);
    expect(kept.accounts[0]).toBe(prev.accounts[0]);
    expect(kept.accounts[1]).toBe(prev.accounts[1]);
    expect(kept.accounts[2]).not.toBe(prev.accounts[2]);
    expect(kept.connection).toBe(prev.connection);
    expect(kept.notices).toBe(prev.notices);
    expect(kept.settings).toBe(prev.settings);
    // Nothing changed: the previous state itself.
    expect(keepUnchanged(prev, structuredClone(prev))).toBe(prev);
    // A shorter array, a key gone: not the previous one.
    expect(keepUnchanged([1, 2], [1])).toEqual([1]);
    expect(keepUnchanged<Record<string, number>>({ a: 1, b: 2 }, { a: 1 })).toEqual({ a: 1 });
  });
});
