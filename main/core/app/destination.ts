/**
 * Where tokens would go. Tokens belong to the server (and app id) that issued them: any change of
 * mode or of these settings sends them somewhere else, so the controller logs the held accounts out
 * first. This is the one rule, used by every command that changes mode or settings. And a saved
 * login's secret goes only where it was sealed for: at start, a login whose destination (the
 * model's `secretDestination`) is not the one the settings in force give is not used (`mayGoNow`).
 */
import type { Credential } from '../backend/port';
import { type Grant, type GrantDestination, secretKindOf } from '../grant';
import {
  type AppMode,
  ENDPOINT_KEYS,
  sameDestination,
  secretDestination,
  type SecretKind,
  type Settings,
} from '../model';

/**
 * Settings that decide where the credentials are sent (API, socket, REST base, app or client id) or
 * which server issued them (login pages, authorization server), per API: the model's `ENDPOINT_KEYS`.
 */
export const DESTINATION_KEYS = ENDPOINT_KEYS;

export interface Destination {
  mode: AppMode;
  settings: Settings;
}

export function tokensWouldMove(before: Destination, after: Destination): boolean {
  if (before.mode !== after.mode) return true;
  const [b, a] = [before.settings, after.settings];
  if (b.api === 'legacy' && a.api === 'legacy') return DESTINATION_KEYS.legacy.some((k) => b[k] !== a[k]);
  if (b.api === 'current' && a.api === 'current') return DESTINATION_KEYS.current.some((k) => b[k] !== a[k]);
  return true; // another API: other servers
}

/**
 * Where a new login's secret may be sent, from the destination in force when it is made (the
 * model's rule, `secretDestination`): recorded with the grant and sealed with its secret. Unknown
 * (no addresses: it matches nothing later) if it would go nowhere.
 */
export function grantDestination(where: Destination, credential: Credential): GrantDestination {
  const kind: SecretKind =
    credential.kind === 'tokens'
      ? { api: 'legacy' }
      : credential.kind === 'pat'
        ? { api: 'current', kind: 'pat', appId: credential.appId }
        : { api: 'current', kind: 'oauth' };
  return secretDestination(where.mode, where.settings, kind) ?? { appId: '', urls: [] };
}

/**
 * Whether a saved grant's secret may be sent where the app would send it now: the destination it
 * was sealed for is the one the settings in force give (a demo login: the app's own sandbox).
 */
export function mayGoNow(grant: Pick<Grant, 'api' | 'source' | 'destination'>, where: Destination): boolean {
  const now = secretDestination(where.mode, where.settings, secretKindOf(grant));
  return now !== null && sameDestination(grant.destination, now);
}
