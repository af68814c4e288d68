/**
 * The words of Deriv's current API on the dashboard: the account details as its account list
 * gives them, and adding accounts the way that API signs in (OAuth or a personal access token).
 * Spread into `i18n.ts`'s dictionaries; `fr` is typed against `en`, so a missing text fails to compile.
 */
const en = {
  /** The current API's name for an account's id (its `account_id`). */
  accountId: 'Account ID',
  /** The account list's `group`. */
  accountGroup: 'Group',
  /** The account list's `status`, as the server said it. */
  accountStatus: 'Account status',
  accountStatuses: { active: 'Active', inactive: 'Inactive' },
  /** How a current-API account signed in (`source`: an OAuth login, or a PAT). */
  currentSourceNames: { oauth: 'Deriv login', api_token: 'Personal access token' },
  /** The app id a PAT was made for (a PAT is used with it). */
  patAppIdLabel: 'App ID',
  /** The dashboard's card to add accounts on the current API. */
  currentAddAccounts: 'Add accounts',
  currentAddIntro:
    'Log in with Deriv again, or sign in with a personal access token: the accounts it opens join these.',
  /** Settings: leave demo mode (or re-register) for Deriv's current API with the client id above. */
  switchToDerivCurrent: 'Switch to Deriv (current API)',
};

const fr: typeof en = {
  accountId: 'ID du compte',
  accountGroup: 'Groupe',
  accountStatus: 'État du compte',
  accountStatuses: { active: 'Actif', inactive: 'Inactif' },
  currentSourceNames: { oauth: 'Connexion Deriv', api_token: 'Jeton d’accès personnel' },
  patAppIdLabel: 'ID d’application',
  currentAddAccounts: 'Ajouter des comptes',
  currentAddIntro:
    'Reconnectez-vous avec Deriv, ou connectez-vous avec un jeton d’accès personnel : les comptes ouverts s’ajoutent à ceux-ci.',
  switchToDerivCurrent: 'Passer à Deriv (API actuelle)',
};

export const currentTexts = { en, fr };
