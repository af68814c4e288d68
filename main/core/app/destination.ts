/**
 * Where tokens would go. Tokens belong to the server (and app id) that issued them: any change of
 * mode or of these settings sends them somewhere else, so the controller logs the held accounts out
 * first. This is the one rule, used by every command that changes mode or settings.
 */
import type { Credential } from '../backend/port';
import type { GrantDestination } from '../grant';
import { type AppMode, ENDPOINT_KEYS, type Settings, type SettingsRecord } from '../model';

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
 * Where a grant's secret may be sent, from the settings in force when it is made: the app or client
 * id it was issued to and the addresses that carry it (legacy: the socket; current: the REST base,
 * and for OAuth the authorization server that renews it).
 */
export function grantDestination(settings: SettingsRecord, credential: Credential): GrantDestination {
  switch (credential.kind) {
    case 'tokens':
      return { appId: settings.appId, urls: [settings.wsUrl] };
    case 'pat':
      return { appId: credential.appId, urls: [settings.restUrl] };
    case 'oauth':
      return { appId: settings.clientId, urls: [settings.restUrl, settings.authServerUrl] };
  }
}
