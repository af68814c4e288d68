/** The rule every login window uses to end at once when the authorization server refuses the app, or cannot serve its page. */
import { describe, expect, it } from 'vitest';

import { authorizePageFailure } from '../../main/core/auth/authorize-refusal';

const AUTHORIZE = 'https://auth.deriv.com/oauth2/auth?client_id=x&state=s';
const codeOf = (pageUrl: string, status: number) => authorizePageFailure(pageUrl, status, AUTHORIZE)?.code ?? null;

describe('authorizePageFailure', () => {
  it('a client error status on the authorization endpoint is a refusal of the app (oidc-provider, the sandbox)', () => {
    for (const status of [400, 401, 403, 404]) {
      expect(codeOf('https://auth.deriv.com/oauth2/auth?client_id=x&state=s', status), String(status)).toBe(
        'unknown_client',
      );
    }
    expect(codeOf('https://auth.deriv.com/oauth2/auth/', 400)).toBe('unknown_client');
  });

  it('a server down or busy (5xx, 429) ends the login as unavailable, not as a wrong app id', () => {
    for (const status of [429, 500, 502, 503]) {
      const failure = authorizePageFailure(AUTHORIZE, status, AUTHORIZE);
      expect(failure?.code, String(status)).toBe('provider_error');
      expect(failure?.message).toBe(
        `Deriv's login page is unavailable right now (HTTP ${status}). Try again in a few minutes.`,
      );
    }
  });

  it("a redirect to the server's own error page naming a client error is a refusal (Ory Hydra's fallback)", () => {
    for (const error of ['invalid_client', 'unauthorized_client', 'invalid_redirect_uri']) {
      expect(codeOf(`https://auth.deriv.com/oauth2/fallbacks/error?error=${error}`, 200), error).toBe('unknown_client');
    }
  });

  it('a login page, a wrong-password page, another origin and user errors are not', () => {
    expect(codeOf(AUTHORIZE, 200)).toBeNull();
    expect(codeOf(AUTHORIZE, 302)).toBeNull();
    expect(codeOf('https://auth.deriv.com/interaction/abc', 401)).toBeNull();
    expect(codeOf('https://auth.deriv.com/interaction/abc', 503)).toBeNull();
    expect(codeOf('https://auth.deriv.com/oauth2/fallbacks/error?error=access_denied', 200)).toBeNull();
    // Another origin is not the server's to speak for (blocked_navigation handles leaving it).
    expect(codeOf('https://evil.example/oauth2/auth', 400)).toBeNull();
    expect(codeOf('https://evil.example/x?error=invalid_client', 200)).toBeNull();
    expect(codeOf('not a url', 400)).toBeNull();
    expect(codeOf('about:blank', 400)).toBeNull();
  });
});
