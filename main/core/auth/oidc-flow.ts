/**
 * The OIDC flow (authorization code + PKCE S256) on Deriv's OAuth host, with oauth4webapi doing
 * every protocol step; then `POST /oauth2/legacy/tokens` turns the access token into the same
 * `acctN/tokenN/curN` map as the legacy redirect, parsed by the same code.
 */
import * as oauth from 'oauth4webapi';

import type { LegacySettings } from '../model';
import { isSecureOrLoopback } from '../model';
import { stateFailure } from './callback-state';
import { authorize, type FrontChannel } from './front-channel';
import { LoginFailure } from './login-failure';
import { httpOptions, isAbort } from './oauth-http';
import { AuthError, type LoginAccount, parseLegacyTokenMap, providerError } from './redirect';
import { requireSafeLoginUrls } from './url-policy';

export interface OidcResult {
  accounts: LoginAccount[];
  accessToken: string;
}

/**
 * Plain http is accepted only for an issuer on this machine (the sandbox); a remote issuer must be https.
 * Throws `not_configured` for anything else.
 */
export function issuerTransport(issuer: string): { url: URL; insecure: boolean } {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new LoginFailure(
      'not_configured',
      'The OIDC issuer in the settings is not a valid URL. Fix it in the settings and try again.',
    );
  }
  if (isSecureOrLoopback(issuer, 'http')) return { url, insecure: url.protocol === 'http:' };
  throw new LoginFailure('not_configured', 'The OIDC issuer must use https. Fix it in the settings and try again.');
}

/** The legacy tokens endpoint sits at a fixed path on the issuer's host. */
export function legacyTokensUrl(issuer: URL, suffix = ''): URL {
  return new URL(`/oauth2/legacy/tokens${suffix}`, issuer);
}

export async function runOidcFlow(
  settings: LegacySettings,
  front: FrontChannel,
  signal: AbortSignal,
  fetchImpl?: typeof fetch,
): Promise<OidcResult> {
  const { url: issuer, insecure } = issuerTransport(settings.issuer);
  requireSafeLoginUrls(settings.issuer, settings.redirectUrl, 'OIDC issuer');
  const http = httpOptions(signal, insecure, fetchImpl);
  const client: oauth.Client = { client_id: settings.appId };

  const as = await step('discovery', async () =>
    oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...http, algorithm: 'oidc' })),
  );
  if (!as.authorization_endpoint) {
    throw new LoginFailure(
      'provider_error',
      "Deriv's login service does not publish an authorization endpoint. Check the issuer in the settings.",
    );
  }

  // Discovery names the page the login window opens: it obeys the same rule as the issuer.
  requireSafeLoginUrls(as.authorization_endpoint, settings.redirectUrl, "login service's authorization endpoint");
  // So does the endpoint the code and its verifier are posted to (checked before the window opens:
  // a login that could only end by sending them in clear is not started).
  if (!as.token_endpoint || !isSecureOrLoopback(as.token_endpoint, 'http')) {
    throw new LoginFailure(
      'not_configured',
      "The login service's token endpoint must be an https:// address (http:// only on this computer). Check the issuer in the settings.",
    );
  }
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const flowState = oauth.generateRandomState();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const authorizationEndpoint = as.authorization_endpoint;
  // The state the request carries: the flow's own (with the bounce page's target, through it).
  const { redirected, redirectUri, state } = await authorize(front, {
    registeredRedirect: settings.redirectUrl,
    state: flowState,
    signal,
    authorizationUrl: (uri, requestState) => {
      const authUrl = new URL(authorizationEndpoint);
      authUrl.searchParams.set('client_id', client.client_id);
      authUrl.searchParams.set('redirect_uri', uri);
      authUrl.searchParams.set('response_type', 'code');
      authUrl.searchParams.set('scope', 'openid');
      authUrl.searchParams.set('code_challenge', codeChallenge);
      authUrl.searchParams.set('code_challenge_method', 'S256');
      authUrl.searchParams.set('state', requestState);
      authUrl.searchParams.set('brand', 'deriv');
      authUrl.searchParams.set('ui_locales', settings.language);
      return authUrl.href;
    },
  });

  let callback: URLSearchParams;
  try {
    callback = oauth.validateAuthResponse(as, client, new URL(redirected), state);
  } catch (error) {
    throw callbackFailure(error, state);
  }

  const tokens = await step('token', async () =>
    oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, redirectUri, codeVerifier, http),
    ),
  );

  const response = await step('accounts', () =>
    oauth.protectedResourceRequest(
      tokens.access_token,
      'POST',
      legacyTokensUrl(issuer),
      new Headers({ accept: 'application/json' }),
      null,
      http,
    ),
  );
  const accounts = parseLegacyTokenMap(await readAccountsBody(response));
  return { accounts, accessToken: tokens.access_token };
}

/**
 * Revoke the legacy tokens obtained through OIDC (at logout). Throws a LoginFailure
 * (`network_error` or `provider_error`) when the server cannot be reached or refuses.
 */
export async function revokeLegacyTokens(opts: {
  issuer: string;
  accessToken: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}): Promise<void> {
  const { url: issuer, insecure } = issuerTransport(opts.issuer);
  const http = httpOptions(opts.signal ?? AbortSignal.timeout(15_000), insecure, opts.fetch);
  const response = await step('revoke', () =>
    oauth.protectedResourceRequest(
      opts.accessToken,
      'POST',
      legacyTokensUrl(issuer, '/revoke'),
      new Headers(),
      null,
      http,
    ),
  );
  await response.body?.cancel();
  if (!response.ok) {
    throw new LoginFailure(
      'provider_error',
      `Deriv did not revoke the session (HTTP ${response.status}). It ends on its own when it expires.`,
    );
  }
}

async function readAccountsBody(response: Response): Promise<unknown> {
  if (!response.ok) {
    await response.body?.cancel();
    throw new LoginFailure(
      'provider_error',
      `Deriv did not hand over the accounts (HTTP ${response.status}). Please log in again.`,
    );
  }
  try {
    return await response.json();
  } catch {
    throw new AuthError('malformed', 'The account list from Deriv is not valid JSON. Please log in again.');
  }
}

function callbackFailure(error: unknown, expectedState: string): Error {
  if (error instanceof oauth.AuthorizationResponseError) {
    return providerError(error.error, error.error_description);
  }
  const stateRefused = stateFailure(error, expectedState);
  if (stateRefused) return stateRefused;
  if (error instanceof oauth.OperationProcessingError) {
    return new LoginFailure(
      'provider_error',
      `The login response from Deriv was refused: ${error.message}. Please log in again.`,
    );
  }
  return new LoginFailure('malformed', 'The login response from Deriv could not be understood. Please log in again.');
}

type Step = 'discovery' | 'token' | 'accounts' | 'revoke';
const STEP_NAMES: Record<Step, string> = {
  discovery: 'the OIDC discovery document',
  token: 'the token exchange',
  accounts: 'the account list',
  revoke: 'the logout request',
};

/** Run one HTTP step and turn what it throws into a typed failure (aborts are left to the caller). */
async function step<T>(name: Step, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LoginFailure || error instanceof AuthError) throw error;
    if (isAbort(error)) throw error;
    if (error instanceof oauth.ResponseBodyError) {
      throw providerError(error.error, error.error_description);
    }
    if (error instanceof oauth.OperationProcessingError || error instanceof oauth.WWWAuthenticateChallengeError) {
      throw new LoginFailure(
        'provider_error',
        `Deriv's login service answered ${STEP_NAMES[name]} unexpectedly. Please try again later.`,
      );
    }
    throw new LoginFailure(
      'network_error',
      `Deriv's login service could not be reached (${STEP_NAMES[name]}). Check your internet connection (or that demo mode is running) and try again.`,
    );
  }
}
