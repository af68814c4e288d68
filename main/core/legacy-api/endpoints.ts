import { isAppId, isSecureOrLoopback, type Language } from '../model';

/** What the session needs to reach a Deriv WebSocket API (production or the sandbox). */
export interface SessionEndpoint {
  wsUrl: string;
  appId: string;
  language: Language;
}

/**
 * Production Deriv. `1089` is the public demo app id Deriv uses in its own API explorer; a real
 * deployment registers its own app id (and redirect URL) and sets it in the endpoint settings.
 */
export const DEFAULT_ENDPOINT = {
  appId: '1089',
  wsUrl: 'wss://ws.derivws.com/websockets/v3',
  oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
  issuer: 'https://oauth.deriv.com',
  language: 'en',
} as const satisfies { appId: string; wsUrl: string; oauthUrl: string; issuer: string; language: Language };

export class EndpointError extends Error {
  override readonly name = 'EndpointError';
  constructor(
    readonly code: 'invalid_ws_url' | 'invalid_app_id',
    message: string,
  ) {
    super(message);
  }
}

/** `wss://…/websockets/v3?app_id=APP_ID&l=LANG&brand=deriv`, built with the URL parser. */
export function buildSocketUrl(endpoint: SessionEndpoint): string {
  let url: URL;
  try {
    url = new URL(endpoint.wsUrl);
  } catch {
    throw new EndpointError('invalid_ws_url', 'The WebSocket server address is not a valid URL.');
  }
  // Checked again where the socket opens, whatever path the settings came by: tokens never travel
  // in clear text except to this computer (the demo sandbox).
  if (!isSecureOrLoopback(endpoint.wsUrl, 'ws')) {
    throw new EndpointError(
      'invalid_ws_url',
      `The WebSocket server address must use wss: (ws: only on this computer), not ${url.protocol}//${url.host}`,
    );
  }
  if (!isAppId(endpoint.appId)) {
    throw new EndpointError('invalid_app_id', 'The app id must be a number.');
  }
  url.searchParams.set('app_id', endpoint.appId);
  url.searchParams.set('l', endpoint.language.toUpperCase());
  url.searchParams.set('brand', 'deriv');
  return url.toString();
}
