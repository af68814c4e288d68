/**
 * Where tokens would go. Tokens belong to the server (and app id) that issued them: any change of
 * mode or of these settings sends them somewhere else, so the controller logs the held accounts out
 * first. This is the one rule, used by every command that changes mode or settings.
 */
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
