/**
 * An AuthWindow that plays a user with plain HTTP instead of a browser: it loads the sandbox's
 * legacy login page, submits its form (Approve or Deny) and stops at the redirect to the app, the
 * way the Electron window does. A real implementation of the port for fast integration tests of
 * the legacy flow; the browser one (test/support/chromium-auth-window.ts) covers OIDC and the UI.
 */
import type { AuthWindow } from '../../main/core/auth/auth-window';
import { LoginFailure } from '../../main/core/auth/login-failure';
import { isRedirectTarget } from '../../main/core/auth/url-policy';

export interface FormUser {
  email: string;
  password: string;
  action?: 'approve' | 'deny';
}

export class FormAuthWindow implements AuthWindow {
  /** Every URL this "window" opened, in order. */
  readonly opened: string[] = [];

  constructor(private readonly user: () => FormUser) {}

  async open(url: string, redirectUrl: string, signal: AbortSignal): Promise<string> {
    this.opened.push(url);
    let page: Response;
    try {
      page = await fetch(url, { signal });
    } catch {
      throw new LoginFailure('network_error');
    }
    const html = await page.text();
    if (!page.ok) throw new LoginFailure('network_error');
    const form = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      form.append(name!, decodeHtml(value!));
    }
    const { email, password, action = 'approve' } = this.user();
    form.append('email', email);
    form.append('password', password);
    form.append('action', action);
    const answer = await fetch(new URL('/oauth2/authorize', url), {
      method: 'POST',
      body: form,
      redirect: 'manual',
      signal,
    });
    const location = answer.headers.get('location');
    if (!location || !isRedirectTarget(location, redirectUrl)) throw new LoginFailure('network_error');
    return new URL(location, url).toString();
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
