/**
 * Where tokens would go. Tokens belong to the server (and app id) that issued them: any change of
 * mode or of these settings sends them somewhere else, so the controller logs the held accounts out
 * first. This is the one rule, used by every command that changes mode or settings.
 */
import type { AppMode, EndpointSettings } from '../model';

/** Settings that decide where the tokens are sent (socket, app id) or which server issued them (login pages). */
export const DESTINATION_KEYS = ['wsUrl', 'appId', 'oauthUrl', 'issuer'] as const;

export interface Destination {
  mode: AppMode;
  settings: EndpointSettings;
}

export function tokensWouldMove(before: Destination, after: Destination): boolean {
  return before.mode !== after.mode || DESTINATION_KEYS.some((k) => before.settings[k] !== after.settings[k]);
}
