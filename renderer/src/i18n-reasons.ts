/**
 * The words for codes main sends as reasons: why accounts could not be opened or the connection
 * went offline (a backend's error code), and the names of settings fields. Spread into `i18n.ts`'s
 * dictionaries; each table is typed against its code list, so a code without a text fails to compile.
 */
import type { FailureReason, SettingsField } from '../../main/ipc/contract';

const en = {
  failureReasons: {
    not_connected: 'no connection to Deriv',
    timeout: 'Deriv did not answer in time',
    connection_closed: 'the connection to Deriv closed',
    rate_limited: 'Deriv asked to slow down for a moment',
    closed: 'the connection was closed',
    all_credentials_refused: 'Deriv refused every login',
    too_many_accounts: 'more accounts than one connection can open',
    invalid_accounts: 'the account list is not valid',
    unknown_account: 'an account is not in this session',
    account_needs_login: 'an account needs a new login',
    invalid_request: 'a request the app may not send',
    unknown: 'an unexpected error',
  } satisfies Record<FailureReason, string>,
  settingsFields: {
    mode: 'mode',
    api: 'Deriv API',
    appId: 'app number',
    wsUrl: 'WebSocket server',
    oauthUrl: 'login page',
    redirectUrl: 'return address',
    issuer: 'OIDC issuer',
    flow: 'login method',
    authServerUrl: 'authorization server',
    restUrl: 'REST server',
    clientId: 'app ID',
    clientRedirectUrl: 'return address (current API)',
    language: 'language',
  } satisfies Record<SettingsField, string>,
};

const fr: typeof en = {
  failureReasons: {
    not_connected: 'aucune connexion à Deriv',
    timeout: 'Deriv n’a pas répondu à temps',
    connection_closed: 'la connexion à Deriv s’est fermée',
    rate_limited: 'Deriv a demandé de ralentir un moment',
    closed: 'la connexion a été fermée',
    all_credentials_refused: 'Deriv a refusé toutes les connexions',
    too_many_accounts: 'plus de comptes qu’une connexion ne peut en ouvrir',
    invalid_accounts: 'la liste des comptes n’est pas valide',
    unknown_account: 'un compte ne fait pas partie de cette session',
    account_needs_login: 'un compte doit être reconnecté',
    invalid_request: 'une requête que l’application ne peut pas envoyer',
    unknown: 'une erreur inattendue',
  },
  settingsFields: {
    mode: 'mode',
    api: 'API Deriv',
    appId: 'numéro d’application',
    wsUrl: 'serveur WebSocket',
    oauthUrl: 'page de connexion',
    redirectUrl: 'adresse de retour',
    issuer: 'émetteur OIDC',
    flow: 'méthode de connexion',
    authServerUrl: 'serveur d’autorisation',
    restUrl: 'serveur REST',
    clientId: 'ID d’application',
    clientRedirectUrl: 'adresse de retour (API actuelle)',
    language: 'langue',
  },
};

export const reasonTexts = { en, fr };
