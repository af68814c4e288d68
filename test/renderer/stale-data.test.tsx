import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { ConnectionState } from '../../main/ipc/contract';
import { fixtures, NOW, withLanguage } from '../support/sample-state';
import { statusOf } from './account-list-queries';
import { renderApp } from './render-app';

const connectionStatus = () => screen.getByRole('status', { name: /^(Connection|Connexion):/ });
const LAST_LIVE = NOW - 95_000;
const time = (language: string) =>
  new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(new Date(LAST_LIVE));

describe('stale data and the connection cases', () => {
  const cases: [ConnectionState, string, string, boolean][] = [
    [
      { status: 'checking', since: NOW - 600_000, lastHeardAt: LAST_LIVE },
      'Checking the connection…',
      'Vérification de la connexion…',
      false,
    ],
    [{ status: 'no_network', since: NOW - 10_000, lastLiveAt: LAST_LIVE }, 'No network', 'Pas de réseau', true],
    [
      {
        status: 'reconnecting',
        attempt: 2,
        nextRetryAt: NOW + 4_000,
        lastError: 'socket closed',
        lastLiveAt: LAST_LIVE,
      },
      'Reconnecting',
      'Reconnexion',
      true,
    ],
    [{ status: 'connecting', lastLiveAt: LAST_LIVE }, 'Connecting…', 'Connexion…', false],
  ];
  for (const [connection, en, fr, retry] of cases) {
    it(`${connection.status}: names the case, and balances and details say they are not live since when (EN, FR)`, async () => {
      const { unmount } = await renderApp({ ...fixtures.loggedIn(), connection });
      expect(connectionStatus().getAttribute('aria-label')).toBe(`Connection: ${en}`);
      expect(screen.queryByRole('button', { name: 'Retry now' }) !== null).toBe(retry);
      const notes = screen.getAllByTestId('stale-note');
      expect(notes).toHaveLength(2); // the active account's strip and the details
      for (const note of notes)
        expect(note.textContent).toBe(
          `Not live. Balances and details as of ${time('en')}; they update once the connection is back.`,
        );
      expect(within(screen.getByRole('region', { name: 'Active account' })).getByTestId('stale-note')).toBeTruthy();
      // Every row carries the same sign, and the figures lean.
      for (const id of ['CR799393', 'CR799394', 'VRTC1859315']) expect(statusOf(id)).toEqual(['Not live']);
      expect(document.querySelector('.dashboard--stale')).not.toBeNull();
      unmount();
      await renderApp(withLanguage({ ...fixtures.loggedIn(), connection }, 'fr'));
      expect(connectionStatus().getAttribute('aria-label')).toBe(`Connexion: ${fr}`);
      expect(screen.getAllByTestId('stale-note')[0]!.textContent).toContain(
        `Pas à jour. Soldes et détails à ${time('fr')}`,
      );
    });
  }

  it('no label while online; "last update unknown" when the figures were never live', async () => {
    const { unmount } = await renderApp(fixtures.loggedIn());
    expect(screen.queryByTestId('stale-note')).toBeNull();
    expect(screen.queryByText('Not live')).toBeNull();
    expect(document.querySelector('.dashboard--stale')).toBeNull();
    unmount();
    await renderApp(
      withLanguage({ ...fixtures.loggedIn(), connection: { status: 'connecting', lastLiveAt: null } }, 'fr'),
    );
    for (const note of screen.getAllByTestId('stale-note'))
      expect(note.textContent).toBe('Pas à jour. Dernière mise à jour inconnue.');
    expect(statusOf('CR799393')).toEqual(['Pas à jour']);
  });

  it('a figure kept from before a restart is not live until the server confirms it: its row and the strip say so, with its time', async () => {
    const state = fixtures.loggedIn();
    // Online, but not yet authorized: the active account shows its last known balance.
    const active = state.accounts.find((a) => a.accountId === state.activeAccountId)!;
    Object.assign(active, { balance: '10234.50', balanceLive: false, balanceAt: LAST_LIVE, authorized: false });
    const { unmount } = await renderApp(state);
    expect(statusOf('CR799393')).toEqual(['Not live']);
    expect(screen.getByTestId('active-balance').textContent).toContain('10,234.50');
    const note = screen.getAllByTestId('stale-note')[0]!;
    expect(note.textContent).toBe(
      `Not live. Balances and details as of ${time('en')}; they update once the connection is back.`,
    );
    unmount();
    // Confirmed live: neither says so any more.
    Object.assign(active, { balanceLive: true, authorized: true });
    await renderApp(state);
    expect(statusOf('CR799393')).toEqual([]);
    expect(screen.queryByTestId('stale-note')).toBeNull();
  });

  it('no network says it waits for the network', async () => {
    await renderApp({
      ...fixtures.loggedIn(),
      connection: { status: 'no_network', since: NOW, lastLiveAt: LAST_LIVE },
    });
    expect(screen.getByText('Waiting for the network to come back')).toBeTruthy();
  });
});
