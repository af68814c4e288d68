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

import {
  accountsRequest,
  type ApiAccount,
  currentAuthorizationServer,
  type CurrentCredential,
  type OAuthCredential,
  processAccountsResponse,
  WireError,
} from '../current-api/wire';
import { CREDENTIAL_SECRET_PATTERN } from '../deriv-patterns';
import { type CurrentSettings, isClientId, isRegistrableRedirectUrl } from '../model';
import { stateFailure } from './callback-state';
import { authorize, type FrontChannel } from './front-channel';
import { LoginFailure } from './login-failure';
import { httpOptionsFor, isAbort } from './oauth-http';
import { providerError } from './redirect';
import { requireSafeLoginUrls } from './url-policy';

/**
 * What the app needs, and no more: `trade` covers every current-API call it makes (the account list,
 * OTPs, the legacy migration endpoints). `account_manage` (creating an account, reading its
 * nickname) is what Deriv's own client also asks for; no feature here uses it, so it is not asked
 * (a token cannot gain a scope later without a new login: adding a feature that needs one means
 * adding it here and signing in again). README, "Scopes".
 * @see https://developers.deriv.com/llms/authentication.md ("OAuth scopes")
 */
export const CURRENT_API_SCOPES = ['trade'] as const;

export type CurrentOAuthSettings = Pick<
  CurrentSettings,
  'authServerUrl' | 'restUrl' | 'clientId' | 'clientRedirectUrl'
>;

/** One account as the current API lists it (the wire's one schema). */
export type CurrentAccount = ApiAccount;

export interface CurrentLogin {
  credential: CurrentCredential;
  /** OAuth: the client id of the grant (needed to refresh it); PAT: its app id. */
  appId: string;
  accounts: CurrentAccount[];
  /** The account list answer whole (no secret in it), for the raw-JSON view. */
  raw: unknown;
}

/** The checks made again when the login starts, whatever path the settings came by. */
export function requireCurrentOAuthSettings(settings: CurrentOAuthSettings): void {
  if (!isClientId(settings.clientId)) {
    throw new LoginFailure(
      'not_configured',
      'Enter the app ID (OAuth client ID) you registered with Deriv in Settings, or sign in with a personal access token.',
    );
  }
  if (!isRegistrableRedirectUrl(settings.clientRedirectUrl)) {
    throw new LoginFailure(
      'not_configured',
      'Enter the redirect URL registered for your app ID in Settings (https://, or http:// only on this computer).',
    );
  }
  requireSafeLoginUrls(settings.authServerUrl, settings.clientRedirectUrl, 'authorization server address');
}

export function buildCurrentAuthorizeUrl(
  settings: CurrentOAuthSettings,
  params: { state: string; codeChallenge: string; scopes?: readonly string[]; redirectUri?: string },
): string {
  const url = new URL(currentAuthorizationServer(settings.authServerUrl).authorization_endpoint!);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri ?? settings.clientRedirectUrl);
  url.searchParams.set('scope', (params.scopes ?? CURRENT_API_SCOPES).join(' '));
  url.searchParams.set('state', params.state);
  url.searchParams.set('code_challenge', params.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

/** In the login window, or in the trader's browser with a loopback redirect (`front-channel.ts`). */
export async function runCurrentOAuthFlow(
  settings: CurrentOAuthSettings,
  front: FrontChannel,
  signal: AbortSignal,
  opts: { fetch?: typeof fetch; now?: () => number; scopes?: readonly string[] } = {},
): Promise<CurrentLogin> {
  requireCurrentOAuthSettings(settings);
  const as = currentAuthorizationServer(settings.authServerUrl);
  const client: oauth.Client = { client_id: settings.clientId };
  const http = httpOptionsFor(as.token_endpoint!, signal, opts.fetch);

  // Fresh per attempt; they only ever live in this closure (main process), never on disk.
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const flowState = oauth.generateRandomState();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  // The state the request carries: the flow's own (with the bounce page's target, through it).
  const { redirected, redirectUri, state } = await authorize(front, {
    registeredRedirect: settings.clientRedirectUrl,
    state: flowState,
    signal,
    authorizationUrl: (uri, requestState) =>
      buildCurrentAuthorizeUrl(settings, {
        state: requestState,
        codeChallenge,
        redirectUri: uri,
        ...(opts.scopes ? { scopes: opts.scopes } : {}),
      }),
  });

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
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, redirectUri, codeVerifier, http),
    ),
  );
  const now = (opts.now ?? Date.now)();
  const credential: OAuthCredential = {
    kind: 'oauth',
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: typeof tokens.expires_in === 'number' ? now + tokens.expires_in * 1000 : null,
  };
  const list = await listForLogin(settings.restUrl, credential, signal, opts.fetch);
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
  const credential: CurrentCredential = { kind: 'pat', token, appId };
  const list = await listForLogin(opts.restUrl, credential, opts.signal, opts.fetch);
  return { credential, appId, accounts: list.accounts, raw: list.raw };
}

/** The credential checked by listing its accounts; a list without any is no login. */
async function listForLogin(
  restUrl: string,
  credential: CurrentCredential,
  signal: AbortSignal,
  fetchImpl?: typeof fetch,
): Promise<{ accounts: CurrentAccount[]; raw: unknown }> {
  let list: { accounts: CurrentAccount[]; raw: unknown };
  try {
    const wire = { signal, ...(fetchImpl ? { fetch: fetchImpl } : {}) };
    list = await processAccountsResponse(await accountsRequest(restUrl, credential, wire));
  } catch (error) {
    if (error instanceof WireError) throw loginFailureOf(error, credential.kind);
    throw error; // the attempt's own cancel or timeout
  }
  if (list.accounts.length === 0) {
    throw new LoginFailure('no_accounts', 'Deriv lists no Options trading account for this login.');
  }
  return list;
}

/**
 * The login's words for a failed account list (the wire says what happened; this says what the
 * user can do about it). Never quotes a credential; Deriv's code only, never its text.
 */
export function loginFailureOf(error: WireError, kind: CurrentCredential['kind'], now = Date.now()): LoginFailure {
  const deriv = error.derivCode ? ` (${error.derivCode})` : '';
  switch (error.code) {
    case 'insecure_address':
      return new LoginFailure(
        'not_configured',
        "The current API's REST address must be an https:// address (http:// only on this computer). Check the settings and try again.",
      );
    case 'app_id_required':
      return new LoginFailure('missing_app_id');
    case 'unauthorized':
      return new LoginFailure(
        'invalid_token',
        kind === 'pat'
          ? 'Deriv did not accept this personal access token: it is invalid, expired or revoked, or was made for another app ID.'
          : 'Deriv did not accept the login (the token is invalid or expired). Please log in again.',
      );
    case 'forbidden':
      return new LoginFailure(
        'scope_missing',
        `This login does not have the "trade" scope the app needs${kind === 'pat' ? ': make a token with the trade scope' : ''}.`,
      );
    case 'rate_limited': {
      const seconds = error.retryAt === null ? 60 : Math.max(1, Math.ceil((error.retryAt - now) / 1000));
      return new LoginFailure(
        'rate_limited',
        `Deriv is receiving too many requests with this login. Try again in ${seconds} s.`,
      );
    }
    case 'network':
    case 'timeout':
    case 'answer_lost':
      return new LoginFailure(
        'network_error',
        "Deriv's account service could not be reached. Check your internet connection (or that demo mode is running) and try again.",
      );
    case 'server_error':
    case 'rejected':
      return new LoginFailure(
        error.code === 'server_error' ? 'network_error' : 'provider_error',
        `Deriv's account service answered HTTP ${error.status ?? '?'}${deriv}. Please try again later.`,
      );
    case 'malformed':
      return new LoginFailure('malformed', 'The account list from Deriv could not be understood. Please log in again.');
  }
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
