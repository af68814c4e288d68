/**
 * Where a code flow's authorization request is shown and how its redirect comes back: the login
 * window (the registered redirect URL, intercepted there), or the trader's own browser (RFC 8252),
 * its redirect back on a one-shot loopback listener (§7.3), through the OS in the app's own scheme
 * (§7.1), or through the HTTPS bounce page to a loopback listener. Both code flows (the current API's
 * OAuth 2.0 + PKCE and the legacy OIDC + PKCE) go through here; everything after the redirect
 * (the `state` check, the code exchange) is theirs and the same either way. The legacy implicit
 * redirect never runs in the browser: it carries the tokens in the address, which the browser
 * would keep in its history (RFC 8252 §8.2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.1
 */
import {
  APP_SCHEME,
  BOUNCE_CALLBACK_PATH,
  BOUNCE_PAGE_NAME,
  type BrowserTransport,
  browserTransport,
  isInterceptableRedirectUrl,
  type Language,
} from '../model';
import type { AuthWindow } from './auth-window';
import { failureFromSignal, LoginFailure } from './login-failure';
import { listenOnLoopback } from './loopback';
import type { SchemeCallbacks } from './scheme-callbacks';

export { browserSignIn, browserTransport, loopbackRedirectPath } from '../model';

/** The port through which the core opens a page in the trader's browser (`shell.openExternal`). */
export interface SystemBrowser {
  openExternal(url: string): Promise<void>;
}

export type FrontChannel =
  | { kind: 'window'; window: AuthWindow }
  /**
   * `language`: the words of the loopback page the browser lands on. `callbacks`: where the OS
   * delivers a redirect in the app's own scheme (none: such a redirect cannot come back).
   */
  | { kind: 'browser'; browser: SystemBrowser; language: Language; callbacks?: SchemeCallbacks };

/** The `browser_unavailable` failure for a registered redirect URL the browser cannot come back through. */
export function requireBrowserTransport(registered: string): BrowserTransport {
  const transport = browserTransport(registered);
  if (transport === null) {
    throw new LoginFailure(
      'browser_unavailable',
      `Signing in in the browser needs a redirect URL it can come back through registered for the app ID: http://127.0.0.1/…, ${APP_SCHEME}:/…, or the bounce page (…/${BOUNCE_PAGE_NAME}).`,
      null,
      { browserReason: 'no_browser_redirect' },
    );
  }
  return transport;
}

/**
 * Shows the authorization request built for `redirectUri` and `state` and resolves with the
 * redirect it got back, the `redirectUri` it was sent with (the token request must repeat it
 * exactly) and the `state` it carried (the flow's own, with the bounce page's target appended
 * when it goes through the bounce page: the answer is checked against that).
 */
export async function authorize(
  front: FrontChannel,
  opts: {
    registeredRedirect: string;
    state: string;
    signal: AbortSignal;
    authorizationUrl: (redirectUri: string, state: string) => string;
  },
): Promise<{ redirected: string; redirectUri: string; state: string }> {
  const { registeredRedirect, signal } = opts;
  if (front.kind === 'window') {
    if (!isInterceptableRedirectUrl(registeredRedirect)) {
      throw new LoginFailure(
        'not_configured',
        'A redirect URL in the app’s own scheme comes back through your browser only: sign in in your browser, or register an https:// redirect URL for the window.',
      );
    }
    const url = opts.authorizationUrl(registeredRedirect, opts.state);
    const redirected = await front.window.open(url, registeredRedirect, signal);
    return { redirected, redirectUri: registeredRedirect, state: opts.state };
  }
  const transport = requireBrowserTransport(registeredRedirect);
  if (transport.kind === 'scheme') {
    if (!front.callbacks) {
      throw new LoginFailure('window_failed', `The app cannot receive ${APP_SCHEME}: links here. Try again.`);
    }
    const { state } = opts;
    const waiting = front.callbacks.expect({ path: transport.path, state, signal });
    try {
      await open(front.browser, opts.authorizationUrl(registeredRedirect, state), signal);
      return { redirected: await waiting.callback, redirectUri: registeredRedirect, state };
    } finally {
      waiting.close();
    }
  }
  const path = transport.kind === 'loopback' ? transport.path : BOUNCE_CALLBACK_PATH;
  // The bounce page reads its target from `state`, so the state is only known once the port is.
  const listener = await listenOnLoopback({
    path,
    state: (port) => stateFor(transport, opts.state, port),
    language: front.language,
    signal,
  });
  const state = listener.state;
  const redirectUri = transport.kind === 'loopback' ? listener.redirectUrl : registeredRedirect;
  try {
    await open(front.browser, opts.authorizationUrl(redirectUri, state), signal);
    return { redirected: await listener.callback, redirectUri, state };
  } finally {
    await listener.close();
  }
}

/** The flow's state, or, through the bounce page, that state with its target: this listener's port. */
function stateFor(transport: BrowserTransport, state: string, port: number): string {
  return transport.kind === 'bounce' ? `${state}.p${port}` : state;
}

async function open(browser: SystemBrowser, url: string, signal: AbortSignal): Promise<void> {
  try {
    await browser.openExternal(url);
  } catch {
    if (signal.aborted) throw failureFromSignal(signal);
    throw new LoginFailure('window_failed', 'The app could not open your browser. Try again.');
  }
}
