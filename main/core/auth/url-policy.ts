/**
 * The decisions the login window makes about URLs, kept pure so they are unit-tested once and
 * shared by every AuthWindow implementation. URLs are compared parsed (origin + path), never as
 * string prefixes: `https://app.example/redirect.evil.com` must not pass for `https://app.example/redirect`.
 */
import { EMBEDDED_LOGIN_REFUSERS, type IdentityProvider, isRegistrableRedirectUrl, isSecureOrLoopback } from '../model';
import { LoginFailure } from './login-failure';

/**
 * The address rules, checked again at the moment the login window opens (whatever path the
 * settings came by): the page over https (http only on this computer), a redirect URL that may be
 * registered (one the window can intercept, or the app's own scheme for the browser: the window
 * refuses that one in `front-channel.ts`). Throws `not_configured` naming the setting to fix.
 */
export function requireSafeLoginUrls(pageUrl: string, redirectUrl: string, pageName: string): void {
  if (!isSecureOrLoopback(pageUrl, 'http')) {
    throw new LoginFailure(
      'not_configured',
      `The ${pageName} must be an https:// address (http:// only on this computer). Check the settings and try again.`,
    );
  }
  if (!isRegistrableRedirectUrl(redirectUrl)) {
    throw new LoginFailure(
      'not_configured',
      'The redirect URL in the settings must be an https:// address (http:// only on this computer, or the app’s own scheme), as registered for the app ID. Fix it in the settings and try again.',
    );
  }
}

function parse(url: string | URL): URL | null {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Path without a trailing slash, so `/redirect` and `/redirect/` (the seed's own form) are the same target. */
function normalPath(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

/** Whether `candidate` is a request to the registered redirect URL (same origin and path; query ignored). */
export function isRedirectTarget(candidate: string | URL, redirectUrl: string | URL): boolean {
  const c = parse(candidate);
  const r = parse(redirectUrl);
  if (!c || !r) return false;
  return c.origin !== 'null' && c.origin === r.origin && normalPath(c.pathname) === normalPath(r.pathname);
}

/**
 * Whether the login window may navigate its main frame to `candidate`: only within the provider's
 * origin (the page first opened), or to the redirect URL (which is then intercepted).
 */
export function isNavigationAllowed(
  candidate: string | URL,
  providerUrl: string | URL,
  redirectUrl: string | URL,
): boolean {
  if (isRedirectTarget(candidate, redirectUrl)) return true;
  const c = parse(candidate);
  const p = parse(providerUrl);
  if (!c || !p) return false;
  return c.origin !== 'null' && c.origin === p.origin;
}

/**
 * `webRequest` URL patterns that cover the redirect URL (with and without its trailing slash, any
 * query). Patterns carry no port: match patterns either ignore it or reject it, so the listener
 * re-checks every hit with `isRedirectTarget` and the patterns only narrow what reaches it.
 */
export function redirectFilterPatterns(redirectUrl: string): string[] {
  const url = new URL(redirectUrl);
  const path = normalPath(url.pathname);
  const base = `${url.protocol}//${url.hostname}${path}`;
  return path === '/' ? [`${base}*`] : [base, `${base}?*`, `${base}/`, `${base}/?*`];
}

/**
 * The identity provider `candidate` would take the login window to, when it is one that refuses
 * embedded browsers (the model's one list, matched on the exact host name, any scheme or port);
 * null for anything else. The window stops such a navigation before it loads.
 */
export function embeddedLoginRefuser(candidate: string | URL): IdentityProvider | null {
  const url = parse(candidate);
  if (!url) return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return Object.hasOwn(EMBEDDED_LOGIN_REFUSERS, host)
    ? EMBEDDED_LOGIN_REFUSERS[host as keyof typeof EMBEDDED_LOGIN_REFUSERS]
    : null;
}
