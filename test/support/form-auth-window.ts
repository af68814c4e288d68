/**
 * An AuthWindow that plays a user with plain HTTP instead of a browser: it loads the provider's
 * login page (following redirects with the cookies a browser would keep, as oidc-provider's
 * interaction pages need), submits its form to the form's own action (Approve or Deny) and stops at
 * the redirect to the app, the way the Electron window does. A real implementation of the port for
 * fast integration tests of the legacy flow and of the OAuth flows (legacy OIDC, current API); the
 * browser one (test/support/chromium-auth-window.ts) covers the UI.
 *
 * Like the Electron window, it ends at once with `unknown_client` when the authorization endpoint
 * answers with an error page instead of a login page (`authorizePageFailure`).
 */
import type { AuthWindow } from '../../main/core/auth/auth-window';
import { authorizePageFailure } from '../../main/core/auth/authorize-refusal';
import { LoginFailure } from '../../main/core/auth/login-failure';
import { isRedirectTarget } from '../../main/core/auth/url-policy';

export interface FormUser {
  email: string;
  password: string;
  action?: 'approve' | 'deny';
}

/** Redirects followed before the "window" gives up (a browser stops at 20). */
const MAX_HOPS = 20;

export class FormAuthWindow implements AuthWindow {
  /** Every URL this "window" opened, in order. */
  readonly opened: string[] = [];
  /** Every redirect URL it stopped (the login's answers), in order. */
  readonly intercepted: string[] = [];

  constructor(private readonly user: () => FormUser) {}

  async open(url: string, redirectUrl: string, signal: AbortSignal): Promise<string> {
    this.opened.push(url);
    const cookies = new Map<string, string>();
    const request = async (target: string, init: RequestInit = {}): Promise<Response> => {
      const headers = new Headers(init.headers);
      if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      let res: Response;
      try {
        res = await fetch(target, { ...init, headers, redirect: 'manual', signal });
      } catch {
        throw new LoginFailure(signal.aborted ? 'cancelled' : 'network_error');
      }
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      }
      return res;
    };
    /** Follows redirects from `res` (at `at`) to a page, or to the app's redirect URL (returned as a string). */
    const follow = async (res: Response, at: string): Promise<{ page: Response; at: string } | string> => {
      for (let hop = 0; hop < MAX_HOPS; hop += 1) {
        const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
        if (!location) return { page: res, at };
        const next = new URL(location, at).toString();
        if (isRedirectTarget(next, redirectUrl)) {
          this.intercepted.push(next);
          return next;
        }
        await res.body?.cancel();
        at = next;
        res = await request(next);
      }
      throw new LoginFailure('network_error');
    };

    const first = await follow(await request(url), url);
    if (typeof first === 'string') return first;
    const html = await first.page.text();
    const failure = authorizePageFailure(first.at, first.page.status, url);
    if (failure) throw failure;
    if (!first.page.ok) throw new LoginFailure('network_error');
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new LoginFailure('network_error');
    const form = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      form.append(name!, decodeHtml(value!));
    }
    const { email, password, action: choice = 'approve' } = this.user();
    form.append('email', email);
    form.append('password', password);
    form.append('action', choice);
    const target = new URL(decodeHtml(action), first.at).toString();
    const answer = await follow(await request(target, { method: 'POST', body: form }), target);
    if (typeof answer === 'string') return answer;
    await answer.page.body?.cancel();
    throw new LoginFailure('network_error');
  }
}

function decodeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
