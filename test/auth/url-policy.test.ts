import { describe, expect, it } from 'vitest';

import {
  isNavigationAllowed,
  isRedirectTarget,
  redirectFilterPatterns,
  requireSafeLoginUrls,
} from '../../main/core/auth/url-policy';

const REDIRECT = 'https://app.example.com/redirect';
const PROVIDER = 'https://oauth.deriv.com/oauth2/authorize?app_id=1';

describe('isRedirectTarget', () => {
  it('matches origin + path, whatever the query or fragment', () => {
    expect(isRedirectTarget('https://app.example.com/redirect?acct1=CR1&token1=t', REDIRECT)).toBe(true);
    expect(isRedirectTarget('https://app.example.com/redirect/?x#y', REDIRECT)).toBe(true);
    expect(isRedirectTarget('https://APP.example.com:443/redirect', REDIRECT)).toBe(true);
  });

  it('refuses what a string prefix would accept', () => {
    expect(isRedirectTarget('https://app.example.com/redirect.evil.com', REDIRECT)).toBe(false);
    expect(isRedirectTarget('https://app.example.com/redirectx', REDIRECT)).toBe(false);
    expect(isRedirectTarget('https://app.example.com.evil.com/redirect', REDIRECT)).toBe(false);
    expect(isRedirectTarget('https://app.example.com@evil.com/redirect', REDIRECT)).toBe(false);
    expect(isRedirectTarget('http://app.example.com/redirect', REDIRECT)).toBe(false);
    expect(isRedirectTarget('https://app.example.com:8443/redirect', REDIRECT)).toBe(false);
    expect(isRedirectTarget('https://app.example.com/redirect/sub', REDIRECT)).toBe(false);
  });

  it('is false for unparsable input and opaque origins', () => {
    expect(isRedirectTarget('not a url', REDIRECT)).toBe(false);
    expect(isRedirectTarget(REDIRECT, 'nope')).toBe(false);
    expect(isRedirectTarget('data:text/html,hi', 'data:text/html,hi')).toBe(false);
  });
});

describe('isNavigationAllowed', () => {
  it("allows the provider's origin and the redirect", () => {
    expect(isNavigationAllowed('https://oauth.deriv.com/oauth2/session/x', PROVIDER, REDIRECT)).toBe(true);
    expect(isNavigationAllowed('https://app.example.com/redirect?acct1=CR1', PROVIDER, REDIRECT)).toBe(true);
  });

  it('refuses every other origin, including look-alikes and other paths of the redirect host', () => {
    expect(isNavigationAllowed('https://evil.com/', PROVIDER, REDIRECT)).toBe(false);
    expect(isNavigationAllowed('https://oauth.deriv.com.evil.com/', PROVIDER, REDIRECT)).toBe(false);
    expect(isNavigationAllowed('http://oauth.deriv.com/', PROVIDER, REDIRECT)).toBe(false);
    expect(isNavigationAllowed('https://app.example.com/other', PROVIDER, REDIRECT)).toBe(false);
    expect(isNavigationAllowed('javascript:alert(1)', PROVIDER, REDIRECT)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', PROVIDER, REDIRECT)).toBe(false);
  });
});

describe('redirectFilterPatterns', () => {
  it('covers the redirect path with and without its trailing slash and any query, without the port', () => {
    const base = 'https://app.example.com/redirect';
    expect(redirectFilterPatterns(base)).toEqual([base, `${base}?*`, `${base}/`, `${base}/?*`]);
    expect(redirectFilterPatterns(`${base}/`)).toEqual([base, `${base}?*`, `${base}/`, `${base}/?*`]);
    expect(redirectFilterPatterns('http://127.0.0.1:8123/cb?x=1')).toEqual([
      'http://127.0.0.1/cb',
      'http://127.0.0.1/cb?*',
      'http://127.0.0.1/cb/',
      'http://127.0.0.1/cb/?*',
    ]);
  });

  it('a redirect at the root of its host: one pattern for everything under it', () => {
    expect(redirectFilterPatterns('https://app.example.com/')).toEqual(['https://app.example.com/*']);
    expect(redirectFilterPatterns('https://app.example.com')).toEqual(['https://app.example.com/*']);
  });
});

describe('URL objects and the root path', () => {
  it('accepts parsed URLs as well as strings', () => {
    expect(isRedirectTarget(new URL('https://app.example.com/redirect/'), new URL(REDIRECT))).toBe(true);
    expect(isNavigationAllowed(new URL('https://oauth.deriv.com/x'), new URL(PROVIDER), new URL(REDIRECT))).toBe(true);
    expect(isNavigationAllowed('https://oauth.deriv.com/x', 'not a url', REDIRECT)).toBe(false);
    expect(isNavigationAllowed('data:text/html,hi', 'data:text/html,hi', REDIRECT)).toBe(false);
  });

  it('keeps "/" as the root path (not emptied by the trailing-slash rule)', () => {
    expect(isRedirectTarget('https://app.example.com/', 'https://app.example.com')).toBe(true);
    expect(isRedirectTarget('https://app.example.com/x', 'https://app.example.com/')).toBe(false);
  });
});

describe('requireSafeLoginUrls', () => {
  const failure = (page: string, redirect: string) => {
    try {
      requireSafeLoginUrls(page, redirect, 'login page address');
    } catch (error) {
      return error as { name: string; code: string; message: string };
    }
    return null;
  };

  it('accepts https pages and redirects, and http ones only on this computer', () => {
    expect(failure(PROVIDER, REDIRECT)).toBeNull();
    expect(failure('http://127.0.0.1:4000/oauth2/authorize', 'http://localhost:4000/redirect')).toBeNull();
  });

  it('refuses a clear-text page elsewhere, naming the setting', () => {
    expect(failure('http://oauth.example.com/authorize', REDIRECT)).toEqual(
      expect.objectContaining({
        name: 'LoginFailure',
        code: 'not_configured',
        message:
          'The login page address must be an https:// address (http:// only on this computer). Check the settings and try again.',
      }),
    );
  });

  it('accepts the app’s own scheme (a sign-in in the browser: the window refuses it itself)', () => {
    expect(failure(PROVIDER, 'com.derivdesktop.login:/oauth2/callback')).toBeNull();
  });

  it('refuses a redirect neither the login window nor the app could take back', () => {
    for (const redirect of [
      'http://app.example.com/redirect',
      'deriv-desktop://auth',
      'com.derivdesktop.login://host/callback',
      'not a url',
    ]) {
      expect(failure(PROVIDER, redirect)).toEqual(
        expect.objectContaining({
          code: 'not_configured',
          message:
            'The redirect URL in the settings must be an https:// address (http:// only on this computer, or the app’s own scheme), as registered for the app ID. Fix it in the settings and try again.',
        }),
      );
    }
  });
});
