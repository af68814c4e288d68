/**
 * The words of a sign-in in the trader's own browser: an identity provider that refused the app's
 * window (named), the way on in the browser, the wait for it, and why it is not offered. Spread
 * into `i18n.ts`'s dictionaries; `fr` is typed against `en`, so a missing text fails to compile.
 */
import type { BrowserUnavailableReason, IdentityProvider } from '../../main/ipc/contract';

/** Proper names, the same in every language. */
const PROVIDERS: Record<IdentityProvider, string> = { google: 'Google', facebook: 'Facebook', apple: 'Apple' };

const en = {
  providerRefuses: (p: IdentityProvider) =>
    `${PROVIDERS[p]} does not allow signing in inside apps, so the app stopped its page. Nothing from it was kept.`,
  browserContinue: 'Continue in your browser',
  browserOrPat: 'Or sign in with a personal access token.',
  browserWaiting: 'Waiting for you to finish in your browser…',
  browserUnavailable: {
    implicit_flow:
      'The legacy login puts your tokens in the web address, which a browser keeps in its history, so it runs in the app’s window only. The OIDC login (Settings) can run in your browser.',
    redirect_not_loopback:
      'Signing in in your browser needs a redirect URL on this computer (http://127.0.0.1/…) registered for your app ID.',
  } satisfies Record<BrowserUnavailableReason, string>,
};

const fr: typeof en = {
  providerRefuses: (p) =>
    `${PROVIDERS[p]} n’autorise pas la connexion à l’intérieur des applications ; l’application a arrêté sa page. Rien n’en a été gardé.`,
  browserContinue: 'Continuer dans votre navigateur',
  browserOrPat: 'Ou connectez-vous avec un jeton d’accès personnel.',
  browserWaiting: 'En attente de la fin de la connexion dans votre navigateur…',
  browserUnavailable: {
    implicit_flow:
      'L’ancienne connexion met vos jetons dans l’adresse web, que le navigateur garde dans son historique ; elle ne fonctionne que dans la fenêtre de l’application. La connexion OIDC (Paramètres) fonctionne dans votre navigateur.',
    redirect_not_loopback:
      'La connexion dans votre navigateur demande une URL de redirection sur cet ordinateur (http://127.0.0.1/…) enregistrée pour votre ID d’application.',
  },
};

export const browserTexts = { en, fr };
