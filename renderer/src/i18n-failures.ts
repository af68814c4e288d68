/**
 * The words for a command main refused (`CommandError`: a code and its parameters, never a
 * sentence from main), in English and French. Spread into `i18n.ts`'s dictionaries; the table is
 * typed against the model's codes, so a code without a text fails to compile.
 */
import type { CommandErrorCode, CommandErrorParams, DerivApi } from '../../main/ipc/contract';

export type CommandErrorTexts = { [K in CommandErrorCode]: (params: CommandErrorParams[K]) => string };

const API_NAMES_EN: Record<DerivApi, string> = { current: 'Deriv’s current API', legacy: 'Deriv’s legacy API' };
const API_NAMES_FR: Record<DerivApi, string> = {
  current: 'l’API actuelle de Deriv',
  legacy: 'l’ancienne API de Deriv',
};

const en = {
  commandErrors: {
    invalid_argument: ({ fields }) =>
      fields.length > 0
        ? `the app sent a request it may not send (${fields.join(', ')}).`
        : 'the app sent a request it may not send.',
    forbidden_sender: () => 'the request did not come from the app’s own window.',
    unknown_command: () => 'the app sent a request it does not know.',
    unknown_account: ({ accountId }) => `there is no account ${accountId} in this session.`,
    link_not_allowed: () => 'that link is not on the list of pages the app may open.',
    demo_not_running: () => 'demo tokens can be used in demo mode only.',
    demo_unknown_credential: () => 'that demo token is not in the list any more.',
    demo_other_api: ({ api }) => `that demo token is for ${API_NAMES_EN[api]}: switch the demo to it first.`,
    migration_not_complete: () => 'the move to Deriv’s new platform has not finished: the legacy login stays.',
    // Either question (a server outside Deriv, tokens unencrypted): the user's no left all as it was.
    not_confirmed: () => 'not confirmed: nothing changed.',
    failed: () => 'something went wrong in the app: try again.',
  } satisfies CommandErrorTexts,
  /** The retired legacy login's action: the settings' own API switch, asked first (it logs out). */
  switchToCurrentApi: 'Switch to Deriv’s current API',
  switchToCurrentApiText:
    'The app then logs in through Deriv’s current API; accounts held here through the legacy API are logged out.',
};

const fr: typeof en = {
  commandErrors: {
    invalid_argument: ({ fields }) =>
      fields.length > 0
        ? `l’application a envoyé une requête non permise (${fields.join(', ')}).`
        : 'l’application a envoyé une requête non permise.',
    forbidden_sender: () => 'la requête ne venait pas de la fenêtre de l’application.',
    unknown_command: () => 'l’application a envoyé une requête inconnue.',
    unknown_account: ({ accountId }) => `il n’y a pas de compte ${accountId} dans cette session.`,
    link_not_allowed: () => 'ce lien ne fait pas partie des pages que l’application peut ouvrir.',
    demo_not_running: () => 'les jetons de démonstration ne servent qu’en mode démo.',
    demo_unknown_credential: () => 'ce jeton de démonstration n’est plus dans la liste.',
    demo_other_api: ({ api }) =>
      `ce jeton de démonstration sert à ${API_NAMES_FR[api]} : passez d’abord la démo sur elle.`,
    migration_not_complete: () =>
      'le transfert vers la nouvelle plateforme de Deriv n’est pas terminé : l’ancienne connexion reste.',
    not_confirmed: () => 'non confirmé : rien n’a changé.',
    failed: () => 'un problème est survenu dans l’application : réessayez.',
  },
  switchToCurrentApi: 'Passer à l’API actuelle de Deriv',
  switchToCurrentApiText:
    'L’application se connecte alors par l’API actuelle de Deriv ; les comptes tenus ici par l’ancienne API sont déconnectés.',
};

export const failureTexts = { en, fr };
