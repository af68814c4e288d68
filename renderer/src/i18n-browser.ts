/**
 * The words of a sign-in in the trader's own browser: an identity provider that refused the app's
 * window (named), the way on in the browser, the wait for it, and why it is not offered. Spread
 * into `i18n.ts`'s dictionaries; `fr` is typed against `en`, so a missing text fails to compile.
 */
import type { BrowserUnavailableReason, IdentityProvider } from '../../main/ipc/contract';

/** The provider's name, the same in every language: its code capitalised (Google, Facebook, Apple). */
const named = (p: IdentityProvider) => p[0]!.toUpperCase() + p.slice(1);

const en = {
  providerRefuses: (p: IdentityProvider) =>
    `${named(p)} does not allow signing in inside apps, so the app stopped its page.`,
  browserContinue: 'Continue in your browser',
  browserWaiting: 'Waiting for you to finish in your browser…',
  browserUnavailable: {
    implicit_flow:
      'The legacy login puts your tokens in the web address, which a browser keeps in its history: it runs in the app’s window only.',
    redirect_not_loopback:
      'Signing in in your browser needs a redirect URL on this computer (http://127.0.0.1/…) for your app ID.',
  } satisfies Record<BrowserUnavailableReason, string>,
};

const fr: typeof en = {
  providerRefuses: (p) =>
    `${named(p)} n’autorise pas la connexion dans les applications ; l’application a arrêté sa page.`,
  browserContinue: 'Continuer dans votre navigateur',
  browserWaiting: 'En attente de la fin de la connexion dans votre navigateur…',
  browserUnavailable: {
    implicit_flow:
      'L’ancienne connexion met vos jetons dans l’adresse web, que le navigateur garde dans son historique : elle ne se fait que dans la fenêtre de l’application.',
    redirect_not_loopback:
      'La connexion dans votre navigateur demande une URL de redirection sur cet ordinateur (http://127.0.0.1/…) pour votre ID d’application.',
  },
};

export const browserTexts = { en, fr };
