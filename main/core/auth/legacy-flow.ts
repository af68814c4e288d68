/**
 * The legacy redirect flow: `{oauthUrl}?app_id=…&l=…&brand=deriv&state=…` in the login window, the
 * redirect intercepted there, its accounts parsed with the state this attempt generated.
 */
import * as oauth from 'oauth4webapi';

import type { LegacySettings } from '../model';
import type { AuthWindow } from './auth-window';
import { LoginFailure } from './login-failure';
import { type LoginAccount, parseLegacyRedirect } from './redirect';
import { isRedirectTarget, requireSafeLoginUrls } from './url-policy';

export function buildLegacyAuthorizeUrl(settings: LegacySettings, state: string): string {
  const url = new URL(settings.oauthUrl);
  url.searchParams.set('app_id', settings.appId);
  url.searchParams.set('l', settings.language.toUpperCase());
  url.searchParams.set('brand', 'deriv');
  url.searchParams.set('state', state);
  return url.href;
}

export async function runLegacyFlow(
  settings: LegacySettings,
  window: AuthWindow,
  signal: AbortSignal,
): Promise<LoginAccount[]> {
  // A fresh, unguessable state per attempt; it only ever lives in this closure (main process).
  requireSafeLoginUrls(settings.oauthUrl, settings.redirectUrl, 'login page address');
  const state = oauth.generateRandomState();
  let redirected: string;
  try {
    redirected = await window.open(buildLegacyAuthorizeUrl(settings, state), settings.redirectUrl, signal);
  } catch (error) {
    // Deriv sends retired legacy endpoints to its home page: the legacy login page left for a page
    // that is neither a login page nor the redirect URL. Say where to go instead of "try again".
    if (error instanceof LoginFailure && error.code === 'blocked_navigation') throw new LoginFailure('legacy_retired');
    throw error;
  }
  if (!isRedirectTarget(redirected, settings.redirectUrl)) {
    throw new LoginFailure(
      'malformed',
      'The login window reported a page that is not the registered redirect URL. Please log in again.',
    );
  }
  return parseLegacyRedirect(redirected, { expectedState: state });
}
