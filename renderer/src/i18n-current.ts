/**
 * The words of Deriv's current API on the dashboard: the account details as its account list
 * gives them.
 * Spread into `i18n.ts`'s dictionaries; `fr` is typed against `en`, so a missing text fails to compile.
 */
const en = {
  /** The current API's name for an account's id (its `account_id`). */
  accountId: 'Account ID',
  /** The account list's `status` when it is not `active` (an active account's status is the app's). */
  accountStatuses: { active: 'Active', inactive: 'Inactive' },
  /** How a current-API account signed in (`source`: an OAuth login, or a personal access token). */
  currentSourceNames: { oauth: 'Deriv login', api_token: 'Personal token' },
  /** Settings: leave demo mode (or re-register) for Deriv's current API with the client id above. */
  switchToDerivCurrent: 'Switch to Deriv (current API)',
};

const fr: typeof en = {
  accountId: 'ID du compte',
  accountStatuses: { active: 'Actif', inactive: 'Inactif' },
  currentSourceNames: { oauth: 'Connexion Deriv', api_token: 'Jeton personnel' },
  switchToDerivCurrent: 'Passer à Deriv (API actuelle)',
};

export const currentTexts = { en, fr };
