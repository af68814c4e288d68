/** The rule every login window uses to end at once when the authorization server refuses the app. */
import { describe, expect, it } from 'vitest';

import { isAuthorizeRefusal } from '../../main/core/auth/authorize-refusal';

const AUTHORIZE = 'https://auth.deriv.com/oauth2/auth?client_id=x&state=s';

describe('isAuthorizeRefusal', () => {
  it('an error status on the authorization endpoint is a refusal (oidc-provider, the sandbox)', () => {
    for (const status of [400, 401, 403, 404, 500]) {
      expect(isAuthorizeRefusal('https://auth.deriv.com/oauth2/auth?client_id=x&state=s', status, AUTHORIZE)).toBe(
        true,
      );
    }
    expect(isAuthorizeRefusal('https://auth.deriv.com/oauth2/auth/', 400, AUTHORIZE)).toBe(true);
  });

  it("a redirect to the server's own error page naming a client error is a refusal (Ory Hydra's fallback)", () => {
    for (const error of ['invalid_client', 'unauthorized_client', 'invalid_redirect_uri']) {
      expect(isAuthorizeRefusal(`https://auth.deriv.com/oauth2/fallbacks/error?error=${error}`, 200, AUTHORIZE)).toBe(
        true,
      );
    }
  });

  it('a login page, a wrong-password page, another origin and user errors are not', () => {
    expect(isAuthorizeRefusal(AUTHORIZE, 200, AUTHORIZE)).toBe(false);
    expect(isAuthorizeRefusal(AUTHORIZE, 302, AUTHORIZE)).toBe(false);
    expect(isAuthorizeRefusal('https://auth.deriv.com/interaction/abc', 401, AUTHORIZE)).toBe(false);
    expect(
      isAuthorizeRefusal('https://auth.deriv.com/oauth2/fallbacks/error?error=access_denied', 200, AUTHORIZE),
    ).toBe(false);
    // Another origin is not the server's to speak for (blocked_navigation handles leaving it).
    expect(isAuthorizeRefusal('https://evil.example/oauth2/auth', 400, AUTHORIZE)).toBe(false);
    expect(isAuthorizeRefusal('https://evil.example/x?error=invalid_client', 200, AUTHORIZE)).toBe(false);
    expect(isAuthorizeRefusal('not a url', 400, AUTHORIZE)).toBe(false);
    expect(isAuthorizeRefusal('about:blank', 400, AUTHORIZE)).toBe(false);
  });
});
