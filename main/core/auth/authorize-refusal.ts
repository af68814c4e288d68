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
 */

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

/**
 * Whether the main frame's load of `pageUrl` (answered with `httpStatus`) is the authorization
 * server refusing the app, for a login opened on `authorizeUrl`.
 */
export function isAuthorizeRefusal(pageUrl: string, httpStatus: number, authorizeUrl: string): boolean {
  const page = parse(pageUrl);
  const authorize = parse(authorizeUrl);
  if (!page || !authorize || page.origin === 'null' || page.origin !== authorize.origin) return false;
  if (trimSlash(page.pathname) === trimSlash(authorize.pathname) && httpStatus >= 400) return true;
  return CLIENT_ERRORS.has(page.searchParams.get('error') ?? '');
}
