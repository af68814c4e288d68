/**
 * The words for the session states a trader must see on Deriv's current API: rate limited (until
 * when), renewing the session, a PAT being checked, an expired session or a missing scope (which
 * one), and signing in again with a PAT. Spread into `i18n.ts`'s dictionaries; `fr` is typed
 * against `en`, so a missing text fails to compile.
 */
import type { NeedsLoginReason } from '../../main/ipc/contract';
import { detailTexts, scopeName } from './i18n-details';

const en = {
  /** Beside the status word while rate limited: when the next attempt goes out (a clock time). */
  rateLimitedUntil: (time: string) => `Deriv asked the app to wait until ${time}; it tries again then.`,
  /** Beside "Online" while a credential is renewed: discreet, nothing is interrupted. */
  refreshingSession: 'Renewing your session…',
  /** The login panel while a personal access token is checked (no window opens). */
  patChecking: 'Checking your personal token…',
  /** A personal access token Deriv refused (401): what may be wrong, and what to do. */
  patRefused:
    'Deriv did not accept this personal token (invalid, expired, revoked, or made for another app): make a new one on Deriv’s site.',
  /** The short label of an account that needs a new login, by reason. */
  needsLoginTags: {
    token_refused: 'Needs login',
    decrypt_failed: 'Needs login',
    session_expired: 'Session expired',
    scope_missing: 'Permission missing',
    destination_changed: 'Needs login',
    renewal_lost: 'Session expired',
  } satisfies Record<NeedsLoginReason, string>,
  scopeMissingTag: (scope: string) => `Permission missing: ${scopeName(detailTexts.en.scopeNames, scope)}`,
  scopeMissingText: (scope: string) =>
    `This login does not allow “${scopeName(detailTexts.en.scopeNames, scope)}”, which the app needs: log in again and allow it.`,
  patReloginTitle: (accountId: string) => `Sign in again for ${accountId} with a personal token`,
};

const fr: typeof en = {
  rateLimitedUntil: (time) => `Deriv a demandé à l’application d’attendre jusqu’à ${time} ; elle réessaiera alors.`,
  refreshingSession: 'Renouvellement de votre session…',
  patChecking: 'Vérification de votre jeton personnel…',
  patRefused:
    'Deriv n’a pas accepté ce jeton personnel (invalide, expiré, révoqué, ou créé pour une autre application) : créez-en un nouveau sur le site de Deriv.',
  needsLoginTags: {
    token_refused: 'Connexion requise',
    decrypt_failed: 'Connexion requise',
    session_expired: 'Session expirée',
    scope_missing: 'Autorisation manquante',
    destination_changed: 'Connexion requise',
    renewal_lost: 'Session expirée',
  },
  scopeMissingTag: (scope) => `Autorisation manquante : ${scopeName(detailTexts.fr.scopeNames, scope)}`,
  scopeMissingText: (scope) =>
    `Cette connexion n’autorise pas « ${scopeName(detailTexts.fr.scopeNames, scope)} », dont l’application a besoin : reconnectez-vous en l’autorisant.`,
  patReloginTitle: (accountId) => `Se reconnecter pour ${accountId} avec un jeton personnel`,
};

export const stateTexts = { en, fr };
