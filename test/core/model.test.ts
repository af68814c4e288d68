/** The domain model's rules: one address rule, one redirect-URL rule, one app_id rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  ENDPOINT_KEYS,
  isAppId,
  isClientId,
  isInterceptableRedirectUrl,
  isSecureOrLoopback,
} from '../../main/core/model';

describe('domain model rules', () => {
  it('address rule: https/wss anywhere, plain http/ws only to this computer', () => {
    expect(isSecureOrLoopback('wss://ws.derivws.com/websockets/v3', 'ws')).toBe(true);
    expect(isSecureOrLoopback('ws://127.0.0.1:4000/x', 'ws')).toBe(true);
    expect(isSecureOrLoopback('ws://[::1]:4000/x', 'ws')).toBe(true);
    expect(isSecureOrLoopback('ws://203.0.113.5/x', 'ws')).toBe(false);
    expect(isSecureOrLoopback('ws://localhost.evil.com/x', 'ws')).toBe(false);
    expect(isSecureOrLoopback('https://oauth.deriv.com', 'ws')).toBe(false);
    expect(isSecureOrLoopback('http://oauth.deriv.com', 'http')).toBe(false);
    expect(isSecureOrLoopback('not a url', 'http')).toBe(false);
  });

  it('redirect rule: only what the login window can intercept', () => {
    expect(isInterceptableRedirectUrl('https://app.example.com/redirect')).toBe(true);
    expect(isInterceptableRedirectUrl('http://localhost:3000/cb')).toBe(true);
    for (const bad of ['deriv-desktop://callback/', 'myapp:/cb', 'http://app.example.com/cb', 'file:///tmp/x', '']) {
      expect(isInterceptableRedirectUrl(bad), bad).toBe(false);
    }
  });

  it('app_id rule: a positive number of at most 10 digits', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9_999_999_999 }), (n) => isAppId(String(n))));
    for (const bad of ['0', '01', '12345678901', '1.5', '-1', ' 1', 'abc', '']) expect(isAppId(bad), bad).toBe(false);
  });

  it("the current API's app id (client id): what is safe in a header and a query, bounded", () => {
    for (const good of ['41234', 'my-app', 'App_2.beta', 'x'.repeat(64)]) expect(isClientId(good), good).toBe(true);
    for (const bad of ['', ' 1', 'a b', 'a/b', 'a?b', 'a&b', '-a', 'é', 'x'.repeat(65)]) {
      expect(isClientId(bad), bad).toBe(false);
    }
  });

  it('changing the API or where credentials go logs out; a redirect URL or the language does not', () => {
    expect([...ENDPOINT_KEYS.legacy].sort()).toEqual(['appId', 'issuer', 'oauthUrl', 'wsUrl']);
    expect([...ENDPOINT_KEYS.current].sort()).toEqual(['authServerUrl', 'clientId', 'restUrl']);
  });

  it('no random string is accepted as a plain-text address to another computer', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http'] }), (url) => {
        const host = new URL(url).hostname;
        const local = ['127.0.0.1', 'localhost', '[::1]'].includes(host);
        expect(isSecureOrLoopback(url, 'http')).toBe(local);
        expect(isInterceptableRedirectUrl(url)).toBe(local);
      }),
    );
  });
});
