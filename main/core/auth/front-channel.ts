/**
 * Where a code flow's authorization request is shown and how its redirect comes back: the login
 * window (the registered redirect URL, intercepted there), or the trader's own browser (RFC 8252),
 * its redirect back on a one-shot loopback listener (§7.3). Both code flows (the current API's
 * OAuth 2.0 + PKCE and the legacy OIDC + PKCE) go through here; everything after the redirect
 * (the `state` check, the code exchange) is theirs and the same either way. The legacy implicit
 * redirect never runs in the browser: it carries the tokens in the address, which the browser
 * would keep in its history (RFC 8252 §8.2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
import type { BrowserUnavailableReason, Language, Settings } from '../model';
import type { AuthWindow } from './auth-window';
import { failureFromSignal, LoginFailure } from './login-failure';
import { listenOnLoopback, LOOPBACK_HOST } from './loopback';

/** The port through which the core opens a page in the trader's browser (`shell.openExternal`). */
export interface SystemBrowser {
  openExternal(url: string): Promise<void>;
}

export type FrontChannel =
  | { kind: 'window'; window: AuthWindow }
  /** `language`: the words of the loopback page the browser lands on. */
  | { kind: 'browser'; browser: SystemBrowser; language: Language };

/**
 * The path of the loopback redirect: the registered redirect URL's own, when it is a loopback
 * one (`http://127.0.0.1[:port]/path`: the authorization server then accepts any port, §7.3);
 * null when it is not, and the browser's redirect could not come back to the app.
 */
export function loopbackRedirectPath(registered: string): string | null {
  if (!URL.canParse(registered)) return null;
  const url = new URL(registered);
  if (url.protocol !== 'http:' || url.hostname !== LOOPBACK_HOST || url.username || url.password) return null;
  return url.pathname;
}

/**
 * Whether these settings can sign in in the browser (offered beside a window the provider
 * refused), or why not: the legacy redirect never does, and the registered redirect must be loopback.
 */
export function browserSignIn(settings: Settings): 'offered' | BrowserUnavailableReason {
  if (settings.api === 'legacy' && settings.flow === 'legacy') return 'implicit_flow';
  const registered = settings.api === 'legacy' ? settings.redirectUrl : settings.clientRedirectUrl;
  return loopbackRedirectPath(registered) === null ? 'redirect_not_loopback' : 'offered';
}

/** The `browser_unavailable` failure for a registered redirect URL the browser cannot come back to. */
export function requireLoopbackRedirect(registered: string): string {
  const path = loopbackRedirectPath(registered);
  if (path === null) {
    throw new LoginFailure(
      'browser_unavailable',
      'Signing in in the browser needs a redirect URL on this computer (http://127.0.0.1/…) registered for the app ID.',
      null,
      { browserReason: 'redirect_not_loopback' },
    );
  }
  return path;
}

/**
 * Shows the authorization request built for `redirectUri` and resolves with the redirect it got
 * back, and the `redirectUri` it was sent with (the token request must repeat it exactly).
 */
export async function authorize(
  front: FrontChannel,
  opts: {
    registeredRedirect: string;
    state: string;
    signal: AbortSignal;
    authorizationUrl: (redirectUri: string) => string;
  },
): Promise<{ redirected: string; redirectUri: string }> {
  const { registeredRedirect, signal } = opts;
  if (front.kind === 'window') {
    const redirected = await front.window.open(opts.authorizationUrl(registeredRedirect), registeredRedirect, signal);
    return { redirected, redirectUri: registeredRedirect };
  }
  const path = requireLoopbackRedirect(registeredRedirect);
  const listener = await listenOnLoopback({ path, state: opts.state, language: front.language, signal });
  try {
    try {
      await front.browser.openExternal(opts.authorizationUrl(listener.redirectUrl));
    } catch {
      if (signal.aborted) throw failureFromSignal(signal);
      throw new LoginFailure('window_failed', 'The app could not open your browser. Try again.');
    }
    return { redirected: await listener.callback, redirectUri: listener.redirectUrl };
  } finally {
    await listener.close();
  }
}
