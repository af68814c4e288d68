/**
 * The legacy accounts' move on the dashboard: where each legacy loginid went ("CR… → ROT… (USD)",
 * "—" when Deriv lists no account), retiring the legacy login after one confirmation (the command
 * sent once, the card gone with the legacy accounts), "being moved" and "did not finish" with
 * nothing to retire, in English and French, and the refusal worded when main says it is not complete.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { migrationState } from '../support/migration-states';
import { withLanguage } from '../support/sample-state';
import { listedIds } from './account-list-queries';
import { renderApp } from './render-app';

const card = () => screen.getByRole('region', { name: /^(Legacy accounts|Anciens comptes)$/ });

describe('the legacy migration card', () => {
  it('lists where each legacy loginid went and retires the legacy login after one confirmation', async () => {
    const state = migrationState('complete');
    const { desktop, user } = await renderApp(state);
    const items = within(card())
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      'CR799393 → ROT90004 (USD)',
      'CR799394 → ROT90005 (BTC)',
      'VRTC1859315 → DOT90006 (USD)',
      'MF100200 → —',
    ]);
    await user.click(within(card()).getByRole('button', { name: 'Remove the legacy login from this computer' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove the legacy login from this computer' });
    expect(within(dialog).getByText('Your accounts on Deriv’s new platform stay.')).toBeTruthy();
    expect(desktop.argsOf('retireLegacyLogin')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Remove the legacy login from this computer' }));
    expect(desktop.argsOf('retireLegacyLogin')).toEqual([undefined]);
    expect(screen.queryByRole('region', { name: 'Legacy accounts' })).toBeNull();
    // The current login's accounts stay, real before demo.
    expect(listedIds()).toEqual(['ROT90004', 'ROT90005', 'ROT90007', 'DOT90006']);
  });

  it('pending and failed: said in the trader’s words (EN, FR), nothing to retire', async () => {
    const words = {
      pending: [
        'Your accounts are being moved to Deriv’s new platform.',
        'Vos comptes sont en cours de transfert vers la nouvelle plateforme de Deriv.',
      ],
      failed: [
        'The move did not finish; contact Deriv support.',
        'Le transfert n’a pas abouti\u202F; contactez le support Deriv.',
      ],
    } as const;
    for (const status of ['pending', 'failed'] as const) {
      for (const [i, language] of (['en', 'fr'] as const).entries()) {
        const { unmount } = await renderApp(withLanguage(migrationState(status), language));
        expect(within(card()).getByRole('status').textContent).toBe(words[status][i]);
        expect(within(card()).queryByRole('button')).toBeNull();
        expect(within(card()).queryByRole('listitem')).toBeNull();
        unmount();
      }
    }
  });

  it('nothing is shown without a migration to tell', async () => {
    await renderApp({ ...migrationState('complete'), migration: null });
    expect(screen.queryByRole('region', { name: 'Legacy accounts' })).toBeNull();
  });
});
