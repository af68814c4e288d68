/**
 * The strings of the API-token sign-in, in English and French, spread into `i18n.ts`'s
 * dictionaries (kept apart so the feature's words sit together). `fr` is typed against `en`.
 */
import type { ApiTokenErrorCode } from '../../main/ipc/contract';
import { detailTexts, scopeName } from './i18n-details';

const en = {
  tokenLoginTitle: 'Or sign in with API tokens',
  tokenLoginIntro: 'Paste API tokens made in your Deriv settings: each opens one account.',
  tokenField: (n: number) => `API token ${n}`,
  tokenAddField: 'Add another token',
  tokenSubmit: 'Sign in with API tokens',
  tokenChecking: 'Checking the tokens with Deriv…',
  tokenWhere: 'Make an API token on Deriv',
  tokenFailedTitle: 'Sign-in with API tokens did not complete',
  tokenNothingChanged: 'Nothing was saved and the accounts already signed in are unchanged.',
  tokenPosition: (n: number) => `Token ${n}: `,
  tokenErrors: {
    not_configured: 'Choose demo mode or Deriv in Settings first.',
    no_tokens: 'Paste at least one API token.',
    malformed: 'This is not a Deriv API token (letters, digits, “_” and “-” only).',
    invalid_token: 'Deriv does not know this token, or it was deleted: check it on Deriv’s API token page.',
    disabled_account: 'Deriv says the account of this token is disabled.',
    already_signed_in: 'This account is already signed in with this token, or two tokens open the same account.',
    other_user: 'This token belongs to another Deriv user: log out first to use it.',
    too_many_accounts: 'That is more accounts than one connection to Deriv can hold (26): log out of some first.',
    network_error: 'Deriv could not be reached: check your connection and try again.',
    refused: 'Deriv refused the token.',
    wrong_api: 'API tokens are for Deriv’s legacy API only: log in with Deriv, or with a personal token.',
  } satisfies Record<ApiTokenErrorCode, string>,
  sourceNames: { oauth: 'Deriv login', api_token: 'API token' },
  signedInWith: 'Signed in with',
  missingScope: (scope: string) =>
    `This API token does not allow “${scopeName(detailTexts.en.scopeNames, scope)}”, so its balance cannot be shown: make one that does.`,
  apiTokenLogoutNote: 'An API token stays valid at Deriv: delete it on Deriv’s API token page if you no longer use it.',
};

const fr: typeof en = {
  tokenLoginTitle: 'Ou connectez-vous avec des jetons API',
  tokenLoginIntro: 'Collez des jetons API créés dans vos paramètres Deriv : chacun ouvre un compte.',
  tokenField: (n) => `Jeton API ${n}`,
  tokenAddField: 'Ajouter un autre jeton',
  tokenSubmit: 'Se connecter avec des jetons API',
  tokenChecking: 'Vérification des jetons auprès de Deriv…',
  tokenWhere: 'Créer un jeton API chez Deriv',
  tokenFailedTitle: 'La connexion par jetons API n’a pas abouti',
  tokenNothingChanged: 'Rien n’a été enregistré et les comptes déjà connectés sont inchangés.',
  tokenPosition: (n) => `Jeton ${n} : `,
  tokenErrors: {
    not_configured: 'Choisissez d’abord le mode démo ou Deriv dans les Paramètres.',
    no_tokens: 'Collez au moins un jeton API.',
    malformed: 'Ce n’est pas un jeton API Deriv (lettres, chiffres, « _ » et « - » seulement).',
    invalid_token:
      'Deriv ne connaît pas ce jeton, ou il a été supprimé : vérifiez-le sur la page des jetons API de Deriv.',
    disabled_account: 'Deriv indique que le compte de ce jeton est désactivé.',
    already_signed_in: 'Ce compte est déjà connecté avec ce jeton, ou deux jetons ouvrent le même compte.',
    other_user: 'Ce jeton appartient à un autre utilisateur Deriv : déconnectez-vous d’abord pour l’utiliser.',
    too_many_accounts:
      'Cela fait plus de comptes qu’une connexion à Deriv ne peut en tenir (26) : déconnectez-en d’abord quelques-uns.',
    network_error: 'Deriv est injoignable : vérifiez votre connexion et réessayez.',
    refused: 'Deriv a refusé le jeton.',
    wrong_api:
      'Les jetons API ne servent qu’à l’ancienne API de Deriv : connectez-vous avec Deriv, ou avec un jeton personnel.',
  },
  sourceNames: { oauth: 'Connexion Deriv', api_token: 'Jeton API' },
  signedInWith: 'Connecté par',
  missingScope: (scope) =>
    `Ce jeton API n’autorise pas « ${scopeName(detailTexts.fr.scopeNames, scope)} », son solde ne peut donc pas s’afficher : créez-en un qui l’autorise.`,
  apiTokenLogoutNote:
    'Un jeton API reste valide chez Deriv : supprimez-le sur la page des jetons API de Deriv si vous ne l’utilisez plus.',
};

export const apiTokenTexts = { en, fr };
