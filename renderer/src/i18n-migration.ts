/**
 * The words of the move from Deriv's legacy platform to its current one (`AppState.migration`).
 * Spread into `i18n.ts`'s dictionaries; `fr` is typed against `en`, so a missing text fails to compile.
 */
const en = {
  migrationTitle: 'Your legacy accounts',
  migrationPending: 'Your accounts are being moved to Deriv’s new platform.',
  migrationFailed: 'The move did not finish; contact Deriv support.',
  /** A legacy account Deriv lists no new account for. */
  migrationNone: 'no account',
  retireLegacy: 'Remove the legacy login from this computer',
  retireLegacyText:
    'Your legacy accounts and their saved login are removed from this computer. Your accounts on Deriv’s new platform stay.',
};

const fr: typeof en = {
  migrationTitle: 'Vos anciens comptes',
  migrationPending: 'Vos comptes sont en cours de transfert vers la nouvelle plateforme de Deriv.',
  migrationFailed: 'Le transfert n’a pas abouti ; contactez le support Deriv.',
  migrationNone: 'aucun compte',
  retireLegacy: 'Retirer l’ancienne connexion de cet ordinateur',
  retireLegacyText:
    'Vos anciens comptes et leur connexion enregistrée sont retirés de cet ordinateur. Vos comptes sur la nouvelle plateforme de Deriv restent.',
};

export const migrationTexts = { en, fr };
