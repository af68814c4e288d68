/**
 * A stand-in for a federated identity provider (Google), on a loopback origin of its own: what the
 * sandbox's "Continue with Google" leads to. Like Google since 4 January 2021, it refuses a user
 * agent of an embedded browser framework (one containing `Electron/`) with a "disallowed user
 * agent" page (HTTP 403). Anything else gets a page saying this stand-in signs no one in: the
 * trader goes back and logs in with the Deriv e-mail and password.
 *
 * The host name the login pages link to is the sandbox's option (`identityProviderHost`, default
 * 127.0.0.1): the Chromium journeys name it `accounts.google.com` and resolve that name to
 * 127.0.0.1 (`--host-resolver-rules`), so the app's guard meets the very host it is written for.
 *
 * @see https://developers.googleblog.com/2020/08/guidance-for-our-effort-to-block-less-secure-browser-and-apps.html
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { appendBounded } from './bounded-log';
import { escapeHtml, sendHtml } from './http-util';

/** The path "Continue with Google" leads to on the sandbox's own origin (it redirects to the provider). */
export const FEDERATED_GOOGLE_PATH = '/federated/google';
/** Google's authorization path, as the real one spells it. */
export const IDENTITY_PROVIDER_PATH = '/o/oauth2/v2/auth';

export interface FakeIdentityProvider {
  /** `http://<host>:<port>`: the origin the login pages' "Continue with Google" leads to. */
  readonly origin: string;
  /** Every request it received: its user agent and the status it answered. */
  requests(): { userAgent: string; status: number }[];
  close(): Promise<void>;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`;
}

export async function startFakeIdentityProvider(host = '127.0.0.1'): Promise<FakeIdentityProvider> {
  const seen: { userAgent: string; status: number }[] = [];
  const server: Server = createServer((req, res) => {
    const userAgent = req.headers['user-agent'] ?? '';
    const status = /\bElectron\//.test(userAgent) ? 403 : 200;
    appendBounded(seen, { userAgent, status });
    if (status === 403) {
      return sendHtml(
        res,
        403,
        page(
          'Error 403: disallowed_useragent',
          '<h1>Access blocked: this app’s request is invalid</h1><p role="alert">Error 403: disallowed_useragent</p><p>You can’t sign in from this screen because this app doesn’t comply with the identity provider’s secure browsers policy (sandbox stand-in).</p>',
        ),
      );
    }
    sendHtml(
      res,
      200,
      page(
        'Sign in with Google (sandbox)',
        '<h1>Sign in with Google (sandbox stand-in)</h1><p>This stand-in signs no one in. Go back and log in with your Deriv e-mail and password.</p>',
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    requests: () => seen.map((r) => ({ ...r })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
