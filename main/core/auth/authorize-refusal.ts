/**
 * How a login window tells, at once, that the authorization server refused the app itself.
 *
 * RFC 6749 §4.1.2.1: when the `client_id` is unknown or the `redirect_uri` does not match the one
 * registered, the server "SHOULD inform the resource owner of the error and MUST NOT automatically
 * redirect the user-agent" to the redirect URI. So no callback ever comes: without this rule the
 * login would sit on an error page until its timeout. Two shapes of that page are recognised:
 *
 * - the authorization endpoint itself answers with an HTTP error status (oidc-provider, which the
 *   sandbox runs, renders its error page there with 400);
 * - the server redirects the window to an error page of its own origin whose query names a client
 *   error (Ory Hydra's `/oauth2/fallbacks/error?error=invalid_client…` and similar).
 *
 * Windows apply it to the opening navigation only (the URL the window was opened on and the server
 * redirects that followed), never to a page the user's own action loads: a provider may answer its
 * login form on the same path with 401 for a wrong password (the sandbox's legacy page does). A login
 * page answered with 200, and the redirect URL, are never a refusal.
 *
 * A server that is down or busy (5xx, 429) has not refused the app: the login still ends at once
 * (no login page is coming), saying the service is unavailable, not that the app id is wrong.
 */
import { LoginFailure } from './login-failure';

/** OAuth error codes that say the app (client id or redirect URL) is what is wrong, not the user. */
const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'invalid_redirect_uri']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const trimSlash = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** The server could not serve the login page now (down, overloaded, or asking to slow down). */
const unavailable = (status: number): boolean => status >= 500 || status === 429;

/**
 * How the main frame's load of `pageUrl` (answered with `httpStatus`) ends a login opened on
 * `authorizeUrl`: `unknown_client` when the authorization server refused the app, `provider_error`
 * when it could not serve the page; null when it is not the authorization server's error page.
 */
export function authorizePageFailure(pageUrl: string, httpStatus: number, authorizeUrl: string): LoginFailure | null {
  const page = parse(pageUrl);
  const authorize = parse(authorizeUrl);
  if (!page || !authorize || page.origin === 'null' || page.origin !== authorize.origin) return null;
  if (trimSlash(page.pathname) === trimSlash(authorize.pathname) && httpStatus >= 400) {
    if (!unavailable(httpStatus)) return new LoginFailure('unknown_client');
    return new LoginFailure(
      'provider_error',
      `Deriv's login page is unavailable right now (HTTP ${httpStatus}). Try again in a few minutes.`,
    );
  }
  return CLIENT_ERRORS.has(page.searchParams.get('error') ?? '') ? new LoginFailure('unknown_client') : null;
}
