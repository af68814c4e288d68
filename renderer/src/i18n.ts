/**
 * English and French strings. A plain typed dictionary rather than an i18n library: the app has
 * two languages and a few dozen strings, and the bundle budget is small. `fr` is typed against
 * `en`, so a missing or extra key is a compile error.
 */
import type { CommandError, Language, LoginErrorCode, Notice, NoticeCode, NoticeParams } from '../../main/ipc/contract';
import { apiTokenTexts } from './i18n-api-tokens';
import { browserTexts } from './i18n-browser';
import { currentTexts } from './i18n-current';
import { dashboardTexts } from './i18n-dashboard';
import { demoTexts } from './i18n-demo';
import { detailTexts } from './i18n-details';
import { failureTexts } from './i18n-failures';
import { migrationTexts } from './i18n-migration';
import { preferenceTexts } from './i18n-preferences';
import { reasonTexts } from './i18n-reasons';
import { stateTexts } from './i18n-states';
import { typeset } from './i18n-typography';

/** The login failures worded from their parameters (`i18n-browser.ts`); every other has one text. */
export type PlainLoginErrorCode = Exclude<LoginErrorCode, 'provider_refuses_window' | 'browser_unavailable'>;

/** One text per notice code, from its parameters: a code without a text fails to compile. */
export type NoticeTexts = { [K in NoticeCode]: (params: NoticeParams[K]) => string };

const en = {
  ...apiTokenTexts.en,
  ...browserTexts.en,
  ...demoTexts.en,
  ...reasonTexts.en,
  ...stateTexts.en,
  ...currentTexts.en,
  ...failureTexts.en,
  ...migrationTexts.en,
  ...preferenceTexts.en,
  ...detailTexts.en,
  ...dashboardTexts.en,
  appTitle: 'Deriv Desktop Login',
  demoBadge: 'Demo mode',
  demoBadgeTitle: 'Demo mode: a local sandbox, no real money',
  language: 'Language',
  languageNames: { en: 'English', fr: 'Français' },
  settings: 'Settings',
  back: 'Back',
  cancel: 'Cancel',
  retry: 'Retry',
  dismiss: 'Dismiss',
  commandFailed: (message: string) => `That did not work: ${message}`,

  // Connection status
  connectionLabel: 'Connection',
  connection: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    online: 'Online',
    checking: 'Checking the connection…',
    reconnecting: 'Reconnecting',
    no_network: 'No network',
    rate_limited: 'Rate limited',
    offline: 'Offline',
  },
  noNetworkDetail: 'Waiting for the network to come back',
  notLive: 'Not live.',
  lastLiveAt: (time: string) => `Balances and details as of ${time}; they update once the connection is back.`,
  reconnectingIn: (seconds: number) => `Reconnecting in ${seconds} s`,
  reconnectAttempt: (attempt: number) => `attempt ${attempt}`,
  retryNow: 'Retry now',

  // First run
  firstRunTitle: 'Welcome',
  firstRunIntro: 'Log in with your Deriv account; you can change how later, in Settings.',
  recommended: 'Recommended',
  otherWays: 'Other ways',
  demoChoiceTitle: 'Demo mode',
  demoChoiceText: 'A local sandbox with demo users: nothing leaves this computer.',
  useDemo: 'Use demo mode',
  derivChoiceTitle: 'Deriv’s legacy API (being retired)',
  currentChoiceTitle: 'Log in with Deriv',
  currentChoiceText: 'Your real and demo accounts, through Deriv’s current API.',
  useCurrentApi: 'Continue with Deriv',
  appId: 'App number',
  appIdHint: 'The number Deriv gave the app you registered.',
  redirectUrl: 'Return address',
  redirectUrlHint: 'Exactly as registered for your app on Deriv.',
  technicalTerms: 'Technical terms',
  technicalTermsText: 'App ID: the OAuth client_id; return address: its redirect_uri.',
  registerApp: 'Register an application on Deriv',
  useDeriv: 'Use Deriv',
  invalidAppId: 'A whole number, e.g. 12345.',
  invalidUrl: 'Enter a full https:// address (http:// only on this computer).',
  invalidServerUrl: 'Enter an https:// address (http:// only for a server on this computer).',
  invalidSocketUrl: 'Enter a wss:// address (ws:// only for a server on this computer).',

  // Settings
  settingsTitle: 'Settings',
  wsUrl: 'WebSocket server',
  oauthUrl: 'OAuth URL',
  issuer: 'OIDC issuer',
  flow: 'Login flow',
  advanced: 'Advanced',
  flowNames: { legacy: 'Legacy redirect', oidc: 'OpenID Connect (PKCE)' },
  apiLabel: 'Deriv API',
  apiNames: { current: 'Deriv (current API)', legacy: 'Deriv, legacy API (being retired)' },
  apiHint: 'Changing it logs you out.',
  currentApiTitle: 'Current API',
  legacyApiTitle: 'Legacy API',
  clientId: 'App ID',
  clientIdHint: 'Your app’s, from Deriv; empty to sign in with a personal token.',
  clientRedirectUrl: 'Return address (current API)',
  authServerUrl: 'Authorization server',
  restUrl: 'REST API',
  invalidClientId: 'Letters, digits, “.”, “_” or “-” (up to 64), as Deriv shows it.',
  save: 'Save settings',
  saved: 'Settings saved.',
  noChanges: 'Nothing changed.',
  modeTitle: 'Mode',
  currentMode: (mode: string) => `Current mode: ${mode}`,
  modeNames: { unconfigured: 'not chosen', demo: 'Demo', deriv: 'Deriv' },
  switchToDemo: 'Switch to demo mode',
  switchToDeriv: 'Switch to Deriv with this app number',
  dangerTitle: 'Reset',

  // Login
  loginTitle: 'Log in',
  loginIntro: 'Log in on Deriv’s own page; this app then sees all your accounts.',
  loginButton: 'Log in with Deriv',
  waitingTitle: 'Waiting for you to log in…',
  waitingText: 'Finish logging in in the Deriv window that just opened.',
  waitingRelogin: (accountId: string) => `Logging in again for ${accountId}.`,
  loginFailedTitle: 'Login did not complete',
  loginErrors: {
    cancelled: 'You cancelled the login; nothing was saved.',
    timeout: 'The login took too long and was stopped: try again.',
    provider_error: 'Deriv refused the login.',
    network_error: 'The login page could not be reached: check your connection and try again.',
    blocked_navigation:
      'The login page tried to leave for another site, so the login was stopped: check the return address in Settings.',
    window_failed: 'The login window could not be opened: check the return address in Settings.',
    state_mismatch: 'The answer from the login page did not match this request, so it was ignored for your safety.',
    no_accounts: 'Deriv has no accounts for this login.',
    invalid_token: 'Deriv did not accept the login tokens it returned.',
    malformed: 'The answer from the login page could not be understood.',
    authorize_failed: 'Logged in, but the accounts could not be authorized.',
    not_configured: 'Choose demo mode or Deriv in Settings first.',
    legacy_retired: 'Deriv’s legacy login is no longer available: switch to Deriv’s current API to log in.',
    missing_app_id: 'A personal token needs the app ID it was made for: enter it and try again.',
    scope_missing: 'This token does not allow trading, which the app needs: make one that does on Deriv’s site.',
    rate_limited: 'Deriv is receiving too many requests with this login: wait a minute and try again.',
    too_many_accounts:
      'This login would open more accounts than one Deriv connection can hold: log out of some accounts first (nothing was changed).',
    unknown_client:
      'Deriv’s login page refused this app ID or return address: check both in Settings, exactly as registered.',
    wrong_api: 'Personal tokens work with Deriv’s current API only: choose it in Settings, or log in with Deriv.',
  } satisfies Record<PlainLoginErrorCode, string>,
  /** Beside a failure: the identifier the provider answered with (an OAuth error code such as `access_denied`). */
  errorDetail: 'Details:',
  /** A login stopped because the server settings changed meanwhile (not the trader's cancel). */
  loginStoppedBySettings: 'The server settings changed during the login, so it was stopped: log in again.',
  /** A login for the other API than the settings now speak (they changed as it was sent). */
  loginOtherApi: 'The app now speaks the other Deriv API, so nothing was signed in: log in again.',
  patTitle: 'Or sign in with a personal token',
  patLabel: 'Personal token',
  patAppId: 'App ID the token was made for',
  patWhere: 'Where to make a personal token (opens in your browser)',
  patSubmit: 'Sign in with the token',
  patMissing: 'Paste your personal token.',
  patAppIdMissing: 'Enter the app ID the token was made for (letters, digits, “.”, “_” or “-”).',
  demoUsersTitle: 'Demo users',
  demoUsersIntro: 'Use one of these on the sandbox login page:',
  email: 'Email',
  password: 'Password',

  // Accounts
  accountsTitle: 'Accounts',
  loginIdLabel: 'Login ID',
  currency: 'Currency',
  type: 'Type',
  real: 'Real',
  demo: 'Demo',
  apiTags: { current: 'Current API', legacy: 'Legacy API' },
  landingCompany: 'Landing company',
  status: 'Status',
  balance: 'Balance',
  disabled: 'Disabled',
  needsLogin: 'Needs login',
  needsLoginReasons: {
    token_refused: 'Deriv refused the saved login for this account.',
    decrypt_failed: 'The saved login for this account could not be read.',
    session_expired: 'Your Deriv session expired: log in again to use this account.',
    scope_missing: 'This login lacks a permission the app needs.',
    destination_changed: 'The server addresses changed since this login was saved, so it was not used: log in again.',
    renewal_lost: 'Session expired because the renewal’s answer was lost.',
  },
  ok: 'OK',
  notChecked: 'Not checked yet',
  noBalance: '—',
  loginAgain: 'Log in again',

  screenErrorTitle: 'This screen could not be shown',
  screenErrorText: 'Something the server sent could not be shown; your accounts and logins are unaffected.',
  screenErrorRetry: 'Try again',

  // Persistence
  persistenceTitle: 'Your logins are not saved',
  persistenceText: (backend: string) =>
    `No keyring to encrypt your logins (${backend}): they are kept only until the app closes.`,
  allowPlaintext: 'Store them unencrypted',
  plaintextOnTitle: 'Logins saved without encryption',
  plaintextOnText: 'You allowed storing logins unencrypted on this computer.',
  stopPlaintext: 'Stop storing them',

  // Notices
  noticesTitle: 'Notices',
  notices: {
    store_corrupt: ({ asidePath }) => `The saved accounts file was damaged and moved to ${asidePath}: log in again.`,
    store_newer_version: ({ asidePath, version }) =>
      `The saved accounts file comes from a newer app (format ${version ?? '?'}): it was moved to ${asidePath}.`,
    store_copy_kept: ({ path }) => `Could not delete ${path}; delete it yourself.`,
    store_unavailable: ({ path }) =>
      `The accounts file ${path} cannot be used; your accounts and settings will not be saved this session.`,
    store_write_failed: ({ path }) =>
      `Saving to ${path || 'the accounts file'} failed; recent changes may be lost when the app closes.`,
    token_decrypt_failed: ({ accounts }) =>
      `The saved login for ${accounts.join(', ')} could not be unlocked (the system keyring may have changed): log in again.`,
    token_encrypt_failed: ({ accounts }) =>
      `The login for ${accounts.join(', ')} could not be encrypted; it works until the app closes but is not saved.`,
    saved_addresses_changed: ({ accounts }) =>
      `The server addresses changed since the login for ${accounts.join(', ')} was saved, so the app did not use it: check Settings, then log in again.`,
    settings_refused: ({ fields }) =>
      `The saved server settings (${fields.map((f) => reasonTexts.en.settingsFields[f]).join(', ')}) are not valid or not encrypted (https/wss): choose a server in Settings; your logins are kept.`,
    mode_changed: () => 'You were logged out: the app now talks to another server.',
    endpoint_changed: () => 'You were logged out because the server settings changed: log in again.',
    settings_not_saved: () => 'The settings could not be saved; they apply until the app closes.',
    bad_endpoint: () => 'The server address is not usable: fix it in Settings (Advanced).',
    session_start_failed: ({ reason }) =>
      reason === 'all_credentials_refused'
        ? 'Deriv refused every saved login: log in again.'
        : `The accounts could not be opened (${reasonTexts.en.failureReasons[reason]}).`,
    login_not_saved: () => 'Your login could not be saved for next time.',
    api_token_missing_scope: ({ account, scope }) => `${account}: ${apiTokenTexts.en.missingScope(scope)}`,
  } satisfies NoticeTexts,

  // Session actions
  sessionTitle: 'Session',
  // A confirmation's title is its button's words asked (`Log out of all accounts?`).
  question: '?',
  logoutAll: 'Log out of all accounts',
  forget: 'Forget everything',
  // One account, or the accounts of one login (listed).
  confirmLogoutThisText: (accountIds: string) =>
    `Logged out here, saved login removed: ${accountIds}. Your other accounts stay.`,
  logoutLogin: 'Log out of this login',
  // What logging out of a current-API OAuth login does at Deriv (AccountView.sessionEnd).
  sessionEnds: {
    revoked: 'Deriv is asked to end the session.',
    at_expiry: 'Deriv may keep the session valid until it expires.',
  },
  confirmLogoutAllText: 'All accounts are logged out and saved logins removed.',
  confirmForgetTitle: 'Forget everything?',
  confirmForgetText:
    'All accounts, saved logins and settings will be removed from this computer and the app will start as new.',
};

export type Messages = typeof en;

const fr: Messages = {
  ...apiTokenTexts.fr,
  ...browserTexts.fr,
  ...demoTexts.fr,
  ...reasonTexts.fr,
  ...stateTexts.fr,
  ...currentTexts.fr,
  ...failureTexts.fr,
  ...migrationTexts.fr,
  ...preferenceTexts.fr,
  ...detailTexts.fr,
  ...dashboardTexts.fr,
  appTitle: 'Deriv Desktop Login',
  demoBadge: 'Mode démo',
  demoBadgeTitle: 'Mode démo : un bac à sable local, pas d’argent réel',
  language: 'Langue',
  languageNames: { en: 'English', fr: 'Français' },
  settings: 'Paramètres',
  back: 'Retour',
  cancel: 'Annuler',
  retry: 'Réessayer',
  dismiss: 'Fermer',
  commandFailed: (message) => `Cela n’a pas fonctionné : ${message}`,

  connectionLabel: 'Connexion',
  connection: {
    idle: 'Non connecté',
    connecting: 'Connexion…',
    online: 'En ligne',
    checking: 'Vérification de la connexion…',
    reconnecting: 'Reconnexion',
    no_network: 'Pas de réseau',
    rate_limited: 'Trop de requêtes',
    offline: 'Hors ligne',
  },
  noNetworkDetail: 'En attente du retour du réseau',
  notLive: 'Pas à jour.',
  lastLiveAt: (time) => `Soldes et détails à ${time} ; ils se mettront à jour au retour de la connexion.`,
  reconnectingIn: (seconds) => `Reconnexion dans ${seconds} s`,
  reconnectAttempt: (attempt) => `tentative ${attempt}`,
  retryNow: 'Réessayer maintenant',

  firstRunTitle: 'Bienvenue',
  firstRunIntro: 'Connectez-vous avec votre compte Deriv ; vous pourrez changer de méthode dans les Paramètres.',
  recommended: 'Recommandé',
  otherWays: 'Autres possibilités',
  demoChoiceTitle: 'Mode démo',
  demoChoiceText: 'Un bac à sable local avec des utilisateurs de démonstration : rien ne quitte cet ordinateur.',
  useDemo: 'Utiliser le mode démo',
  derivChoiceTitle: 'Ancienne API de Deriv (en cours de retrait)',
  currentChoiceTitle: 'Se connecter avec Deriv',
  currentChoiceText: 'Vos comptes réels et de démonstration, par l’API actuelle de Deriv.',
  useCurrentApi: 'Continuer avec Deriv',
  appId: 'Numéro d’application',
  appIdHint: 'Le numéro donné par Deriv à l’application que vous avez enregistrée.',
  redirectUrl: 'Adresse de retour',
  redirectUrlHint: 'Exactement comme enregistrée pour votre application chez Deriv.',
  technicalTerms: 'Termes techniques',
  technicalTermsText: 'ID d’application : le client_id OAuth ; adresse de retour : son redirect_uri.',
  registerApp: 'Enregistrer une application chez Deriv',
  useDeriv: 'Utiliser Deriv',
  invalidAppId: 'Un nombre entier, par exemple 12345.',
  invalidUrl: 'Saisissez une adresse complète en https:// (http:// seulement sur cet ordinateur).',
  invalidServerUrl: 'Saisissez une adresse https:// (http:// seulement pour un serveur sur cet ordinateur).',
  invalidSocketUrl: 'Saisissez une adresse wss:// (ws:// seulement pour un serveur sur cet ordinateur).',

  settingsTitle: 'Paramètres',
  wsUrl: 'Serveur WebSocket',
  oauthUrl: 'URL OAuth',
  issuer: 'Émetteur OIDC',
  flow: 'Méthode de connexion',
  advanced: 'Avancé',
  flowNames: { legacy: 'Redirection classique', oidc: 'OpenID Connect (PKCE)' },
  apiLabel: 'API Deriv',
  apiNames: { current: 'Deriv (API actuelle)', legacy: 'Deriv, ancienne API (en cours de retrait)' },
  apiHint: 'En changer vous déconnecte.',
  currentApiTitle: 'API actuelle',
  legacyApiTitle: 'Ancienne API',
  clientId: 'ID d’application',
  clientIdHint: 'Celui de votre application chez Deriv ; vide pour vous connecter avec un jeton personnel.',
  clientRedirectUrl: 'Adresse de retour (API actuelle)',
  authServerUrl: 'Serveur d’autorisation',
  restUrl: 'API REST',
  invalidClientId: 'Lettres, chiffres, « . », « _ » ou « - » (64 au plus), tel que Deriv l’affiche.',
  save: 'Enregistrer les paramètres',
  saved: 'Paramètres enregistrés.',
  noChanges: 'Aucune modification.',
  modeTitle: 'Mode',
  currentMode: (mode) => `Mode actuel : ${mode}`,
  modeNames: { unconfigured: 'non choisi', demo: 'Démo', deriv: 'Deriv' },
  switchToDemo: 'Passer en mode démo',
  switchToDeriv: 'Passer à Deriv avec ce numéro d’application',
  dangerTitle: 'Réinitialiser',

  loginTitle: 'Connexion',
  loginIntro: 'Connectez-vous sur la page de Deriv ; l’application voit ensuite tous vos comptes.',
  loginButton: 'Se connecter avec Deriv',
  waitingTitle: 'En attente de votre connexion…',
  waitingText: 'Terminez la connexion dans la fenêtre Deriv qui vient de s’ouvrir.',
  waitingRelogin: (accountId) => `Nouvelle connexion pour ${accountId}.`,
  loginFailedTitle: 'La connexion n’a pas abouti',
  loginErrors: {
    cancelled: 'Vous avez annulé la connexion ; rien n’a été enregistré.',
    timeout: 'La connexion a pris trop de temps et a été arrêtée : réessayez.',
    provider_error: 'Deriv a refusé la connexion.',
    network_error: 'La page de connexion est injoignable : vérifiez votre connexion et réessayez.',
    blocked_navigation:
      'La page de connexion a voulu partir vers un autre site, la connexion a donc été arrêtée : vérifiez l’adresse de retour dans les Paramètres.',
    window_failed: 'La fenêtre de connexion n’a pas pu s’ouvrir : vérifiez l’adresse de retour dans les Paramètres.',
    state_mismatch:
      'La réponse de la page de connexion ne correspondait pas à cette demande ; elle a été ignorée pour votre sécurité.',
    no_accounts: 'Deriv n’a aucun compte pour cette connexion.',
    invalid_token: 'Deriv n’a pas accepté les jetons de connexion qu’il a renvoyés.',
    malformed: 'La réponse de la page de connexion est incompréhensible.',
    authorize_failed: 'Connecté, mais les comptes n’ont pas pu être autorisés.',
    not_configured: 'Choisissez d’abord le mode démo ou Deriv dans les Paramètres.',
    legacy_retired:
      'L’ancienne connexion de Deriv n’est plus disponible : passez à l’API actuelle de Deriv pour vous connecter.',
    missing_app_id:
      'Un jeton personnel a besoin de l’ID de l’application pour laquelle il a été créé : saisissez-le et réessayez.',
    scope_missing:
      'Ce jeton n’autorise pas la négociation, dont l’application a besoin : créez-en un qui l’autorise sur le site de Deriv.',
    rate_limited: 'Deriv reçoit trop de requêtes pour cette connexion : attendez une minute et réessayez.',
    too_many_accounts:
      'Cette connexion ouvrirait plus de comptes qu’une connexion Deriv ne peut en gérer : déconnectez d’abord certains comptes (rien n’a été modifié).',
    unknown_client:
      'La page de connexion de Deriv a refusé cet ID d’application ou cette adresse de retour : vérifiez-les dans les Paramètres, tels qu’enregistrés.',
    wrong_api:
      'Les jetons personnels ne servent qu’à l’API actuelle de Deriv : choisissez-la dans les Paramètres, ou connectez-vous avec Deriv.',
  },
  errorDetail: 'Détails :',
  loginStoppedBySettings:
    'Les paramètres du serveur ont changé pendant la connexion, elle a donc été arrêtée : reconnectez-vous.',
  loginOtherApi: 'L’application utilise désormais l’autre API de Deriv, rien n’a donc été connecté : reconnectez-vous.',
  patTitle: 'Ou connectez-vous avec un jeton personnel',
  patLabel: 'Jeton personnel',
  patAppId: 'ID d’application du jeton',
  patWhere: 'Où créer un jeton personnel (s’ouvre dans votre navigateur)',
  patSubmit: 'Se connecter avec le jeton',
  patMissing: 'Collez votre jeton personnel.',
  patAppIdMissing:
    'Saisissez l’ID d’application pour lequel le jeton a été créé (lettres, chiffres, « . », « _ » ou « - »).',
  demoUsersTitle: 'Utilisateurs de démonstration',
  demoUsersIntro: 'Utilisez l’un d’eux sur la page de connexion du bac à sable :',
  email: 'E-mail',
  password: 'Mot de passe',

  accountsTitle: 'Comptes',
  loginIdLabel: 'Identifiant',
  currency: 'Devise',
  type: 'Type',
  real: 'Réel',
  demo: 'Démo',
  apiTags: { current: 'API actuelle', legacy: 'Ancienne API' },
  landingCompany: 'Société',
  status: 'État',
  balance: 'Solde',
  disabled: 'Désactivé',
  needsLogin: 'Connexion requise',
  needsLoginReasons: {
    token_refused: 'Deriv a refusé la connexion enregistrée pour ce compte.',
    decrypt_failed: 'La connexion enregistrée pour ce compte n’a pas pu être lue.',
    session_expired: 'Votre session Deriv a expiré : reconnectez-vous pour utiliser ce compte.',
    scope_missing: 'Cette connexion n’a pas une autorisation dont l’application a besoin.',
    destination_changed:
      'Les adresses de serveur ont changé depuis l’enregistrement de cette connexion, elle n’a donc pas servi : reconnectez-vous.',
    renewal_lost: 'Session expirée : la réponse du renouvellement s’est perdue.',
  },
  ok: 'OK',
  notChecked: 'Pas encore vérifié',
  noBalance: '—',
  loginAgain: 'Se reconnecter',

  screenErrorTitle: 'Cet écran n’a pas pu s’afficher',
  screenErrorText: 'Une donnée du serveur n’a pas pu s’afficher ; vos comptes et connexions ne sont pas touchés.',
  screenErrorRetry: 'Réessayer',

  persistenceTitle: 'Vos connexions ne sont pas enregistrées',
  persistenceText: (backend) =>
    `Pas de trousseau pour chiffrer vos connexions (${backend}) : elles sont gardées jusqu’à la fermeture de l’application.`,
  allowPlaintext: 'Les enregistrer sans chiffrement',
  plaintextOnTitle: 'Connexions enregistrées sans chiffrement',
  plaintextOnText: 'Vous avez accepté d’enregistrer vos connexions sans chiffrement sur cet ordinateur.',
  stopPlaintext: 'Ne plus les enregistrer',

  noticesTitle: 'Avis',
  notices: {
    store_corrupt: ({ asidePath }) =>
      `Le fichier des comptes était endommagé et a été déplacé vers ${asidePath} : reconnectez-vous.`,
    store_newer_version: ({ asidePath, version }) =>
      `Le fichier des comptes vient d’une application plus récente (format ${version ?? '?'}) : il a été déplacé vers ${asidePath}.`,
    store_copy_kept: ({ path }) => `Impossible de supprimer ${path} ; supprimez-le vous-même.`,
    store_unavailable: ({ path }) =>
      `Le fichier des comptes ${path} est inutilisable ; vos comptes et paramètres ne seront pas enregistrés pendant cette session.`,
    store_write_failed: ({ path }) =>
      `L’enregistrement dans ${path || 'le fichier des comptes'} a échoué ; les dernières modifications pourraient être perdues à la fermeture.`,
    token_decrypt_failed: ({ accounts }) =>
      `La connexion enregistrée pour ${accounts.join(', ')} n’a pas pu être déverrouillée (le trousseau du système a peut-être changé) : reconnectez-vous.`,
    token_encrypt_failed: ({ accounts }) =>
      `La connexion pour ${accounts.join(', ')} n’a pas pu être chiffrée ; elle fonctionne jusqu’à la fermeture de l’application mais n’est pas enregistrée.`,
    saved_addresses_changed: ({ accounts }) =>
      `Les adresses de serveur ont changé depuis l’enregistrement de la connexion de ${accounts.join(', ')}, l’application ne l’a donc pas utilisée : vérifiez les Paramètres, puis reconnectez-vous.`,
    settings_refused: ({ fields }) =>
      `Les paramètres de serveur enregistrés (${fields.map((f) => reasonTexts.fr.settingsFields[f]).join(', ')}) sont invalides ou non chiffrés (https/wss) : choisissez un serveur dans les Paramètres ; vos connexions sont gardées.`,
    mode_changed: () => 'Vous avez été déconnecté : l’application parle désormais à un autre serveur.',
    endpoint_changed: () => 'Vous avez été déconnecté car les paramètres du serveur ont changé : reconnectez-vous.',
    settings_not_saved: () =>
      'Les paramètres n’ont pas pu être enregistrés ; ils s’appliquent jusqu’à la fermeture de l’application.',
    bad_endpoint: () => 'L’adresse du serveur est inutilisable : corrigez-la dans les Paramètres (Avancé).',
    session_start_failed: ({ reason }) =>
      reason === 'all_credentials_refused'
        ? 'Deriv a refusé toutes les connexions enregistrées : reconnectez-vous.'
        : `Les comptes n’ont pas pu être ouverts (${reasonTexts.fr.failureReasons[reason]}).`,
    login_not_saved: () => 'Votre connexion n’a pas pu être enregistrée pour la prochaine fois.',
    api_token_missing_scope: ({ account, scope }) => `${account} : ${apiTokenTexts.fr.missingScope(scope)}`,
  },

  sessionTitle: 'Session',
  question: ' ?',
  logoutAll: 'Se déconnecter de tous les comptes',
  forget: 'Tout oublier',
  confirmLogoutThisText: (accountIds) =>
    `Déconnexion ici, connexion enregistrée supprimée : ${accountIds}. Vos autres comptes restent.`,
  logoutLogin: 'Se déconnecter de cette connexion',
  sessionEnds: {
    revoked: 'Deriv est prié de fermer la session.',
    at_expiry: 'Deriv peut garder la session jusqu’à son expiration.',
  },
  confirmLogoutAllText: 'Tous les comptes sont déconnectés et les connexions enregistrées supprimées.',
  confirmForgetTitle: 'Tout oublier ?',
  confirmForgetText:
    'Tous les comptes, connexions enregistrées et paramètres seront supprimés de cet ordinateur et l’application repartira de zéro.',
};

export const MESSAGES: Record<Language, Messages> = { en, fr: typeset(fr) };

export function messagesFor(language: Language | undefined): Messages {
  return (language && MESSAGES[language]) || en;
}

/** The text of a refused command in the given messages' language (never a sentence from main). */
export function commandErrorText(t: Messages, error: CommandError): string {
  // As for notices: the code picks the text and its parameter type together.
  const text = t.commandErrors[error.code] as (params: CommandError['params']) => string;
  return text(error.params);
}

/** The text of a notice in the given messages' language. */
export function noticeText(t: Messages, notice: Notice): string {
  // The code picks the text and its parameter type together; TypeScript cannot correlate the two.
  const text = t.notices[notice.code] as (params: Notice['params']) => string;
  return text(notice.params);
}
