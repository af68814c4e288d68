/**
 * The dashboard's words: logins as groups (their label, status and actions), the active-account
 * strip and its totals, the "Add login" menu, and the header's summary of what needs attention.
 * Spread into `en`/`fr` by `i18n.ts`; `fr` is typed against `en`.
 */

const en = {
  // A login's label: how it was made, never any part of its secret.
  loginLabels: { oauth: 'Deriv login', pat: 'Personal token', api_token: 'API token' },
  /** A personal token is used with its app only: the app id tells two of them apart. */
  patLoginLabel: (appId: string) => `Personal token · app ${appId}`,
  /** Pasted legacy API tokens: named by the account they open first. */
  apiTokenLoginLabel: (accountId: string) => `API token · ${accountId}`,
  /** Accounts no saved login opens any more (`loginId === null`). */
  noLoginLabel: 'Needs a new login',
  noLoginText: 'No saved login opens these accounts any more. Log in again to use them.',
  /** A group's button named with its login ("Log in again: Deriv login"): several groups, several such buttons. */
  forLogin: (action: string, label: string) => `${action}: ${label}`,
  removeLogin: 'Remove from this computer',
  // What a removal does at Deriv, where nothing is revoked there.
  patRemoveNote: 'The personal token stays valid at Deriv: revoke it there if you no longer use it.',
  legacyRemoveNote: 'Nothing is sent to Deriv: the login stays valid there until it expires.',
  notLiveTag: 'Not live',
  lastUpdateUnknown: 'Last update unknown.',
  attention: (n: number) => (n === 1 ? '1 login needs attention' : `${n} logins need attention`),
  activeTitle: 'Active account',
  copyId: (accountId: string) => `Copy ${accountId}`,
  copy: 'Copy',
  copied: 'Copied',
  updated: (ago: string) => `Updated ${ago}`,
  totalsTitle: 'Totals',
  addLoginMenu: 'Add login',
  addPatTitle: 'Sign in with a personal access token',
  listHint: 'Click an account to switch to it, or Ctrl+1…9.',
};

const fr: typeof en = {
  loginLabels: { oauth: 'Connexion Deriv', pat: 'Jeton personnel', api_token: 'Jeton API' },
  patLoginLabel: (appId) => `Jeton personnel · app ${appId}`,
  apiTokenLoginLabel: (accountId) => `Jeton API · ${accountId}`,
  noLoginLabel: 'Nouvelle connexion requise',
  noLoginText: 'Aucune connexion enregistrée n’ouvre plus ces comptes. Reconnectez-vous pour les utiliser.',
  forLogin: (action, label) => `${action}\u202f: ${label}`,
  removeLogin: 'Retirer de cet ordinateur',
  patRemoveNote: 'Le jeton personnel reste valide chez Deriv\u202f: révoquez-le là-bas si vous ne l’utilisez plus.',
  legacyRemoveNote: 'Rien n’est envoyé à Deriv\u202f: la connexion y reste valide jusqu’à son expiration.',
  notLiveTag: 'Pas à jour',
  lastUpdateUnknown: 'Dernière mise à jour inconnue.',
  attention: (n) => (n === 1 ? '1 connexion à revoir' : `${n} connexions à revoir`),
  activeTitle: 'Compte actif',
  copyId: (accountId) => `Copier ${accountId}`,
  copy: 'Copier',
  copied: 'Copié',
  updated: (ago) => `Mis à jour ${ago}`,
  totalsTitle: 'Totaux',
  addLoginMenu: 'Ajouter une connexion',
  addPatTitle: 'Se connecter avec un jeton d’accès personnel',
  listHint: 'Cliquez sur un compte pour y passer, ou Ctrl+1…9.',
};

export const dashboardTexts = { en, fr };
