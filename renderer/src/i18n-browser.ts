/**
 * The words of a sign-in in the trader's own browser: an identity provider that refused the app's
 * window (named), the way on in the browser, the wait for it, and why it is not offered. Spread
 * into `i18n.ts`'s dictionaries; `fr` is typed against `en`, so a missing text fails to compile.
 */
import type { BrowserUnavailableReason, IdentityProvider, LoginPlace } from '../../main/ipc/contract';

/** The provider's name, the same in every language: its code capitalised (Google, Facebook, Apple). */
const named = (p: IdentityProvider) => p[0]!.toUpperCase() + p.slice(1);

const en = {
  providerRefuses: (p: IdentityProvider) => `${named(p)} does not allow signing in inside apps.`,
  browserContinue: 'Continue in your browser',
  browserWaiting: 'Waiting for you to finish in your browser…',
  browserUnavailable: {
    implicit_flow: 'Not for the legacy login: your browser would keep its tokens.',
    no_browser_redirect: 'It needs a redirect URL back to the app (127.0.0.1, app link or bounce page).',
  } satisfies Record<BrowserUnavailableReason, string>,
  placeLegend: 'Log in',
  placeNames: { window: 'in this app’s window', browser: 'in my browser' } satisfies Record<LoginPlace, string>,
  placeRegister: 'Register one of these redirect URLs:',
  placeWindowMisfit: 'The window needs an https:// redirect URL.',
};

const fr: typeof en = {
  providerRefuses: (p) => `${named(p)} refuse la connexion dans les applications.`,
  browserContinue: 'Continuer dans votre navigateur',
  browserWaiting: 'Terminez dans votre navigateur…',
  browserUnavailable: {
    implicit_flow: 'Pas pour l’ancienne connexion : le navigateur garderait ses jetons.',
    no_browser_redirect:
      'Il faut une URL de redirection vers l’application (127.0.0.1, lien d’application ou page relais).',
  },
  placeLegend: 'Se connecter',
  placeNames: { window: 'dans la fenêtre de l’application', browser: 'dans mon navigateur' },
  placeRegister: 'Enregistrez l’une de ces URL de redirection :',
  placeWindowMisfit: 'La fenêtre exige une URL de redirection https://.',
};

export const browserTexts = { en, fr };
