/**
 * The strings of demo mode's API choice and its credentials, in English and French, spread into
 * `i18n.ts`'s dictionaries (kept apart so the feature's words sit together). `fr` is typed against `en`.
 */
import type { DerivApi } from '../../main/ipc/contract';
import { detailTexts, scopeName } from './i18n-details';

const en = {
  demoApiLegend: 'The demo uses',
  demoApiNames: { current: 'Deriv (current API)', legacy: 'Deriv, legacy API' } satisfies Record<DerivApi, string>,
  demoApiHints: {
    current: 'Deriv’s login page and personal tokens, as on Deriv today.',
    legacy: 'Login with an app number, and API tokens.',
  } satisfies Record<DerivApi, string>,
  demoApiInUse: (api: string) => `The demo uses ${api}.`,
  demoCredentialsTitle: 'Demo tokens',
  demoCredentialsIntro: 'Or sign in at once with one of the demo’s tokens:',
  demoCredentialKinds: { pat: 'Personal token', api_token: 'API token' },
  /** What the token may do, in words (`read, trading`). */
  demoScopes: (scopes: readonly string[]) =>
    detailTexts.en.permissions(scopes.map((s) => scopeName(detailTexts.en.scopeNames, s)).join(', ')),
  signInWithDemoPat: 'Sign in with this personal token',
  signInWithDemoApiToken: 'Sign in with this API token',
  /** The accessible name of a sign-in button: its visible text first, then whose credential it is. */
  demoSignInLabel: (action: string, who: string) => `${action}: ${who}`,
  demoOtherApi: (api: string) => `These work once the demo uses ${api}.`,
  switchDemoApi: (api: string) => `Switch the demo to ${api}`,
  confirmSwitchDemoApiTitle: (api: string) => `Switch the demo to ${api}?`,
  confirmSwitchDemoApiText: 'This logs you out of the demo accounts; sign in again on the other API.',
};

const fr: typeof en = {
  demoApiLegend: 'La démo utilise',
  demoApiNames: { current: 'Deriv (API actuelle)', legacy: 'Deriv, ancienne API' },
  demoApiHints: {
    current: 'La page de connexion de Deriv et les jetons personnels, comme sur Deriv aujourd’hui.',
    legacy: 'Connexion par numéro d’application, et jetons API.',
  },
  demoApiInUse: (api) => `La démo utilise ${api}.`,
  demoCredentialsTitle: 'Jetons de démonstration',
  demoCredentialsIntro: 'Ou connectez-vous directement avec l’un des jetons de la démo :',
  demoCredentialKinds: { pat: 'Jeton personnel', api_token: 'Jeton API' },
  demoScopes: (scopes) =>
    detailTexts.fr.permissions(scopes.map((s) => scopeName(detailTexts.fr.scopeNames, s)).join(', ')),
  signInWithDemoPat: 'Se connecter avec ce jeton personnel',
  signInWithDemoApiToken: 'Se connecter avec ce jeton API',
  demoSignInLabel: (action, who) => `${action} : ${who}`,
  demoOtherApi: (api) => `Ils fonctionnent quand la démo utilise ${api}.`,
  switchDemoApi: (api) => `Passer la démo sur ${api}`,
  confirmSwitchDemoApiTitle: (api) => `Passer la démo sur ${api} ?`,
  confirmSwitchDemoApiText: 'Cela vous déconnecte des comptes de démonstration ; reconnectez-vous sur l’autre API.',
};

export const demoTexts = { en, fr };
