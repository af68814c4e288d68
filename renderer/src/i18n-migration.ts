/**
 * The words of the move from Deriv's legacy platform to its current one (`AppState.migration`).
 * Spread into `i18n.ts`'s dictionaries; `fr` is typed against `en`, so a missing text fails to compile.
 */
const en = {
  migrationTitle: 'Legacy accounts',
  migrationPending: 'Your accounts are being moved to Deriv’s new platform.',
  migrationFailed: 'The move did not finish; contact Deriv support.',
  retireLegacy: 'Remove the legacy login from this computer',
  retireLegacyText: 'Your accounts on Deriv’s new platform stay.',
};

const fr: typeof en = {
  migrationTitle: 'Anciens comptes',
  migrationPending: 'Vos comptes sont en cours de transfert vers la nouvelle plateforme de Deriv.',
  migrationFailed: 'Le transfert n’a pas abouti ; contactez le support Deriv.',
  retireLegacy: 'Retirer l’ancienne connexion de cet ordinateur',
  retireLegacyText: 'Vos comptes sur la nouvelle plateforme de Deriv restent.',
};

export const migrationTexts = { en, fr };
