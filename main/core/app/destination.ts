/**
 * Where tokens would go. Tokens belong to the server (and app id) that issued them: any change of
 * mode or of these settings sends them somewhere else, so the controller logs the held accounts out
 * first. This is the one rule, used by every command that changes mode or settings.
 */
import type { Credential } from '../backend/port';
import type { GrantDestination } from '../grant';
import { type AppMode, ENDPOINT_KEYS, type EndpointSettings } from '../model';

/**
 * Settings that decide where the credentials are sent (API, socket, REST base, app or client id) or
 * which server issued them (login pages, authorization server): the model's `ENDPOINT_KEYS`.
 */
export const DESTINATION_KEYS = ENDPOINT_KEYS;

export interface Destination {
  mode: AppMode;
  settings: EndpointSettings;
}

export function tokensWouldMove(before: Destination, after: Destination): boolean {
  return before.mode !== after.mode || DESTINATION_KEYS.some((k) => before.settings[k] !== after.settings[k]);
}

/**
 * Where a grant's secret may be sent, from the settings in force when it is made: the app or client
 * id it was issued to and the addresses that carry it (legacy: the socket; current: the REST base,
 * and for OAuth the authorization server that renews it).
 */
export function grantDestination(settings: EndpointSettings, credential: Credential): GrantDestination {
  switch (credential.kind) {
    case 'tokens':
      return { appId: settings.appId, urls: [settings.wsUrl] };
    case 'pat':
      return { appId: credential.appId, urls: [settings.restUrl] };
    case 'oauth':
      return { appId: settings.clientId, urls: [settings.restUrl, settings.authServerUrl] };
  }
}
