/**
 * Logging in to Deriv's current API, either way it allows:
 *
 * - OAuth 2.0 authorization code + PKCE (S256) in the login window, with oauth4webapi doing every
 *   protocol step: `{authServerUrl}/oauth2/auth` with `client_id`, `response_type=code`, the
 *   registered `redirect_uri` (matched exactly), `scope`, a fresh `state` and `code_challenge`; the
 *   legacy `app_id` parameter is never sent. `state` is checked before either branch of the callback
 *   is trusted; `error=access_denied` is the user's "cancel"; the code is exchanged at once at
 *   `{authServerUrl}/oauth2/token` (public client: `client_id` and the verifier, no secret).
 * - A Personal Access Token with the app id it was made for, checked by listing the accounts.
 *
 * Either way the credential is checked by listing the accounts it opens, which the login returns.
 */
import * as oauth from 'oauth4webapi';

import type { Credential } from '../backend/port';
import { CREDENTIAL_SECRET_PATTERN } from '../deriv-patterns';
import { type EndpointSettings, isClientId, isInterceptableRedirectUrl, isSecureOrLoopback } from '../model';
import type { AuthWindow } from './auth-window';
import { stateFailure } from './callback-state';
import { type CurrentAccount, listCurrentAccounts } from './current-accounts';
import { LoginFailure } from './login-failure';
import { httpOptions, isAbort } from './oauth-http';
import { providerError } from './redirect';
import { requireSafeLoginUrls } from './url-policy';

/** What the app needs: options trading (and reading the accounts it trades on). */
export const CURRENT_API_SCOPES = ['trade'] as const;

export type CurrentSettings = Pick<EndpointSettings, 'authServerUrl' | 'restUrl' | 'clientId' | 'clientRedirectUrl'>;

export interface CurrentLogin {
  credential: Extract<Credential, { kind: 'oauth' | 'pat' }>;
  /** OAuth: the client id of the grant (needed to refresh it); PAT: its app id. */
  appId: string;
  accounts: CurrentAccount[];
  /** The account list answer whole (no secret in it), for the raw-JSON view. */
  raw: unknown;
}

/**
 * The authorization server as Deriv documents it: fixed paths under one base (no discovery). The
 * issuer is the base without a trailing slash, which an `iss` in the callback must equal.
 */
export function currentAuthorizationServer(authServerUrl: string): oauth.AuthorizationServer {
  const base = authServerUrl.replace(/\/+$/, '');
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth2/auth`,
    token_endpoint: `${base}/oauth2/token`,
  };
}

/** The checks made again when the login starts, whatever path the settings came by. */
export function requireCurrentOAuthSettings(settings: CurrentSettings): void {
  if (!isClientId(settings.clientId)) {
    throw new LoginFailure(
      'not_configured',
      'Enter the app ID (OAuth client ID) you registered with Deriv in Settings, or sign in with a personal access token.',
    );
  }
  if (!isInterceptableRedirectUrl(settings.clientRedirectUrl)) {
    throw new LoginFailure(
      'not_configured',
      'Enter the redirect URL registered for your app ID in Settings (https://, or http:// only on this computer).',
    );
  }
  requireSafeLoginUrls(settings.authServerUrl, settings.clientRedirectUrl, 'authorization server address');
}

export function buildCurrentAuthorizeUrl(
  settings: CurrentSettings,
  params: { state: string; codeChallenge: string; scopes?: readonly string[] },
): string {
  const url = new URL(currentAuthorizationServer(settings.authServerUrl).authorization_endpoint!);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', settings.clientRedirectUrl);
  url.searchParams.set('scope', (params.scopes ?? CURRENT_API_SCOPES).join(' '));
  url.searchParams.set('state', params.state);
  url.searchParams.set('code_challenge', params.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

export async function runCurrentOAuthFlow(
  settings: CurrentSettings,
  window: AuthWindow,
  signal: AbortSignal,
  opts: { fetch?: typeof fetch; now?: () => number; scopes?: readonly string[] } = {},
): Promise<CurrentLogin> {
  requireCurrentOAuthSettings(settings);
  const as = currentAuthorizationServer(settings.authServerUrl);
  const client: oauth.Client = { client_id: settings.clientId };
  const http = authServerOptions(signal, settings.authServerUrl, opts.fetch);

  // Fresh per attempt; they only ever live in this closure (main process), never on disk.
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const redirected = await window.open(
    buildCurrentAuthorizeUrl(settings, { state, codeChallenge, ...(opts.scopes ? { scopes: opts.scopes } : {}) }),
    settings.clientRedirectUrl,
    signal,
  );

  let callback: URLSearchParams;
  try {
    callback = oauth.validateAuthResponse(as, client, new URL(redirected), state);
  } catch (error) {
    throw callbackFailure(error, state);
  }

  const tokens = await tokenStep(async () =>
    oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.None(),
        callback,
        settings.clientRedirectUrl,
        codeVerifier,
        http,
      ),
    ),
  );
  const now = (opts.now ?? Date.now)();
  const credential: CurrentLogin['credential'] = {
    kind: 'oauth',
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: typeof tokens.expires_in === 'number' ? now + tokens.expires_in * 1000 : null,
  };
  const list = await listCurrentAccounts({
    restUrl: settings.restUrl,
    auth: { kind: 'bearer', token: credential.accessToken },
    signal,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return { credential, appId: settings.clientId, accounts: list.accounts, raw: list.raw };
}

/**
 * PAT sign-in: the token and the app id it was made for (`Deriv-App-ID`), checked by listing the
 * accounts. A missing app id is refused before anything is sent.
 */
export async function signInWithPat(opts: {
  restUrl: string;
  token: string;
  appId: string;
  signal: AbortSignal;
  fetch?: typeof fetch;
}): Promise<CurrentLogin> {
  const appId = opts.appId.trim();
  if (appId === '') throw new LoginFailure('missing_app_id');
  if (!isClientId(appId)) {
    throw new LoginFailure('missing_app_id', 'The app ID is not valid: letters, digits, ".", "_" or "-" only.');
  }
  const token = opts.token.trim();
  if (!CREDENTIAL_SECRET_PATTERN.test(token)) {
    throw new LoginFailure(
      'invalid_token',
      'That is not a personal access token. Paste the whole token and try again.',
    );
  }
  const list = await listCurrentAccounts({
    restUrl: opts.restUrl,
    auth: { kind: 'pat', token, appId },
    signal: opts.signal,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return { credential: { kind: 'pat', token, appId }, appId, accounts: list.accounts, raw: list.raw };
}

/** Plain http only for this computer (the demo sandbox), where the address rule allows it. */
function authServerOptions(signal: AbortSignal, authServerUrl: string, fetchImpl?: typeof fetch) {
  return httpOptions(signal, isSecureOrLoopback(authServerUrl, 'http') && authServerUrl.startsWith('http:'), fetchImpl);
}

function callbackFailure(error: unknown, expectedState: string): Error {
  if (error instanceof oauth.AuthorizationResponseError) {
    // Reached only once `state` matched: the answer belongs to this attempt.
    if (error.error === 'access_denied') {
      return new LoginFailure('cancelled', 'You cancelled the login on Deriv’s page. Choose Log in to try again.');
    }
    return providerError(error.error, error.error_description);
  }
  const stateRefused = stateFailure(error, expectedState);
  if (stateRefused) return stateRefused;
  if (error instanceof oauth.OperationProcessingError) {
    return new LoginFailure('provider_error', 'The login response from Deriv was refused. Please log in again.');
  }
  return new LoginFailure('malformed', 'The login response from Deriv could not be understood. Please log in again.');
}

async function tokenStep<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LoginFailure || isAbort(error)) throw error;
    if (error instanceof oauth.ResponseBodyError) {
      // invalid_grant (code reused/expired, wrong verifier), invalid_client (unknown client id) …
      throw new LoginFailure(
        'provider_error',
        `Deriv refused the login code (${error.error.replace(/[^\w.-]/g, '').slice(0, 40)}). ${
          error.error === 'invalid_client' ? 'Check the app ID (client ID) in Settings.' : 'Please log in again.'
        }`,
      );
    }
    if (error instanceof oauth.OperationProcessingError || error instanceof oauth.WWWAuthenticateChallengeError) {
      throw new LoginFailure('provider_error', "Deriv's login service answered the token exchange unexpectedly.");
    }
    throw new LoginFailure(
      'network_error',
      "Deriv's login service could not be reached (the token exchange). Check your internet connection and try again.",
    );
  }
}
