/**
 * Deriv's current API on the wire, in oauth4webapi's style: for each call a `…Request` function
 * that builds and sends it (and nothing else) and a `process…Response` function that checks the
 * answer against the one schema (`wire-schema.ts`) and returns a typed value or throws a
 * `WireError`. Logins (`auth/current-flow.ts`) and sessions (`refusal.ts`) turn a `WireError` into
 * their own words at their edge; nothing here knows about either.
 *
 * The rules applied to every call, once:
 * - the REST base and the token endpoint obey the model's one address rule (`isSecureOrLoopback`):
 *   https, or plain http to this computer only; otherwise nothing is sent (`insecure_address`);
 * - a redirect is an error, never followed: the bearer never travels to a second address;
 * - `Deriv-App-ID` goes with a PAT only (an OAuth token names its client itself);
 * - no error message quotes a credential, an OTP, an OTP URL or Deriv's free text.
 * A cancel of the caller's signal is not a wire error: the caller's abort reason comes back as is.
 */
import * as oauth from 'oauth4webapi';

import { httpOptionsFor, isAbort } from '../auth/oauth-http';
import type { Credential } from '../backend/port';
import { isLoopbackUrl, isSecureOrLoopback, type MigrationStatus, type MovedAccount } from '../model';
import { parseJson } from '../net/exact-json';
import { errorOf, insecure, printable, retryAtOf, WireError } from './wire-error';
import {
  accountsAnswerSchema,
  type ApiAccount,
  legacyAccountsAnswerSchema,
  migrationStatusAnswerSchema,
  otpAnswerSchema,
} from './wire-schema';

export { TRADE_SCOPE, WIRE_ERROR_CODES, WireError, type WireErrorCode } from './wire-error';
export type { ApiAccount } from './wire-schema';

/** @see https://developers.deriv.com/llms/get-accounts.md */
export const ACCOUNTS_PATH = '/trading/v1/options/accounts';

export type CurrentCredential = Extract<Credential, { kind: 'oauth' | 'pat' }>;
export type OAuthCredential = Extract<Credential, { kind: 'oauth' }>;

export interface WireOptions {
  /** Aborting it cancels the call; the abort comes back to the caller unchanged. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export interface ProcessOptions {
  /** The clock `retryAt` is computed with; default `Date.now`. */
  now?: () => number;
}

export interface AccountList {
  accounts: ApiAccount[];
  /** The answer whole (it carries no secret), for the raw-JSON view. */
  raw: unknown;
}

// ───────────────────────────── the calls ─────────────────────────────

/**
 * `GET /trading/v1/options/accounts`: the accounts the credential opens.
 * @see https://developers.deriv.com/llms/get-accounts.md
 */
export async function accountsRequest(
  restUrl: string,
  credential: CurrentCredential,
  options: WireOptions = {},
): Promise<Response> {
  return send(restEndpoint(restUrl, ACCOUNTS_PATH), 'GET', credential, options);
}

/**
 * The account list, checked: every account must pass the one schema (else the whole list is
 * `malformed`), a repeated `account_id` is kept once (its first entry). Balances come out as exact
 * decimal text whether Deriv sent a number or a string; the list's two observed envelopes are read.
 * @see https://developers.deriv.com/llms/get-accounts.md
 */
export async function processAccountsResponse(response: Response, options: ProcessOptions = {}): Promise<AccountList> {
  const body = await answerOf(response, options);
  const parsed = accountsAnswerSchema.safeParse(body);
  if (!parsed.success)
    throw new WireError('malformed', 'The account list from Deriv could not be understood.', {
      status: response.status,
    });
  const seen = new Set<string>();
  const accounts = parsed.data.data.filter((a) => !seen.has(a.account_id) && seen.add(a.account_id));
  return { accounts, raw: body };
}

/**
 * `POST /trading/v1/options/accounts/{accountId}/otp`: a one-time WebSocket URL for the account.
 * @see https://developers.deriv.com/llms/websocket.md
 * @see https://developers.deriv.com/llms/authentication.md ("the OTP-URL flow")
 */
export async function otpRequest(
  restUrl: string,
  credential: CurrentCredential,
  accountId: string,
  options: WireOptions = {},
): Promise<Response> {
  return send(
    restEndpoint(restUrl, `${ACCOUNTS_PATH}/${encodeURIComponent(accountId)}/otp`),
    'POST',
    credential,
    options,
  );
}

/**
 * The OTP URL, from `{ data: { url } }` or its JSON-string form, checked against the REST base it
 * came from (`checkOtpUrl`). The caller opens it once and forgets it; it is never in a message, a
 * log or a view.
 * @see https://developers.deriv.com/llms/websocket.md
 */
export async function processOtpResponse(
  restUrl: string,
  response: Response,
  options: ProcessOptions = {},
): Promise<string> {
  const body = await answerOf(response, options);
  const parsed = otpAnswerSchema.safeParse(body);
  if (!parsed.success)
    throw new WireError('malformed', 'The OTP answer from Deriv could not be understood.', { status: response.status });
  return checkOtpUrl(parsed.data.data.url, restUrl);
}

/**
 * An OTP URL must be a WebSocket URL where the REST server itself is: `wss:` on the REST host's own
 * domain (Deriv documents `wss://api.derivws.com/trading/v1/options/ws/real|demo` for the REST base
 * `https://api.derivws.com`), or plain `ws:` on this computer only when the REST base is on this
 * computer too (the sandbox). An answer can thus neither send the socket to another host nor turn
 * an https login into plain ws.
 * @see https://developers.deriv.com/llms/websocket.md
 */
export function checkOtpUrl(value: string, restUrl: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WireError('malformed', 'The server sent an OTP that is not a URL.');
  }
  const restLoopback = isLoopbackUrl(restUrl);
  if (url.protocol === 'ws:') {
    if (restLoopback && isLoopbackUrl(value)) return value;
    throw new WireError('malformed', 'The server sent an OTP URL that is not a secure WebSocket URL.');
  }
  if (url.protocol !== 'wss:')
    throw new WireError('malformed', 'The server sent an OTP URL that is not a WebSocket URL.');
  if ((restLoopback && isLoopbackUrl(value)) || onDomainOf(url.hostname, new URL(restUrl).hostname)) return value;
  throw new WireError('malformed', "The server sent an OTP URL on another host than Deriv's REST server.");
}

/**
 * `host` is the REST host or on the REST host's domain: its parent when that parent still has two
 * labels or more (`api.derivws.com` → `*.derivws.com`), a two-label host itself (`derivws.com` →
 * `*.derivws.com`); a one-label name or an IP address is only itself. Without a public-suffix list
 * this is a label count: a REST host directly under a two-label public suffix (`example.co.uk`)
 * would open that suffix, which no Deriv address is.
 */
function onDomainOf(host: string, restHost: string): boolean {
  if (host === restHost) return true;
  const ipAddress = restHost.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(restHost);
  const labels = restHost.split('.');
  if (ipAddress || labels.length < 2) return false;
  const domain = labels.length === 2 ? restHost : labels.slice(1).join('.');
  return host === domain || host.endsWith(`.${domain}`);
}

// ───────────────────────────── the legacy endpoints (temporary) ─────────────────────────────

/** @see https://developers.deriv.com/docs/options-legacy/legacy-migration-status/ */
export const MIGRATION_STATUS_PATH = '/trading/v1/options/legacy/migration-status';
/** @see https://developers.deriv.com/docs/options-legacy/legacy-accounts/ */
export const LEGACY_ACCOUNTS_PATH = '/trading/v1/options/legacy/accounts';

/**
 * `GET /trading/v1/options/legacy/migration-status`: whether the credential's user has been moved
 * from the legacy platform. Unlike the other calls it needs `Deriv-App-ID` with an OAuth token too
 * (`appId`: the app the credential was issued to). Served `no-store`; asked again, never cached.
 * @see https://developers.deriv.com/docs/options-legacy/legacy-migration-status/
 */
export async function migrationStatusRequest(
  restUrl: string,
  credential: CurrentCredential,
  appId: string,
  options: WireOptions = {},
): Promise<Response> {
  return send(
    restEndpoint(restUrl, MIGRATION_STATUS_PATH),
    'GET',
    credential,
    { ...options, cache: 'no-store' },
    appId,
  );
}

/** The status, checked (`not_started` reads as `pending`); anything else is `malformed`. */
export async function processMigrationStatusResponse(
  response: Response,
  options: ProcessOptions = {},
): Promise<MigrationStatus> {
  const parsed = migrationStatusAnswerSchema.safeParse(await answerOf(response, options));
  if (!parsed.success)
    throw new WireError('malformed', 'The migration status from Deriv could not be understood.', {
      status: response.status,
    });
  return parsed.data;
}

/**
 * `GET /trading/v1/options/legacy/accounts`: the legacy loginids and the accounts they became
 * (`Deriv-App-ID` as for the status).
 * @see https://developers.deriv.com/docs/options-legacy/legacy-accounts/
 */
export async function legacyAccountsRequest(
  restUrl: string,
  credential: CurrentCredential,
  appId: string,
  options: WireOptions = {},
): Promise<Response> {
  return send(restEndpoint(restUrl, LEGACY_ACCOUNTS_PATH), 'GET', credential, options, appId);
}

/**
 * Legacy loginid → the accounts it became. A 404 (`NotFound`: the user has no mapping) is an empty
 * map; a 409 (`MigrationPending`: pending or failed) is a `rejected` `WireError` with status 409.
 */
export async function processLegacyAccountsResponse(
  response: Response,
  options: ProcessOptions = {},
): Promise<Record<string, MovedAccount[]>> {
  if (response.status === 404) {
    await response.body?.cancel();
    return {};
  }
  const parsed = legacyAccountsAnswerSchema.safeParse(await answerOf(response, options));
  if (!parsed.success)
    throw new WireError('malformed', 'The legacy accounts from Deriv could not be understood.', {
      status: response.status,
    });
  return Object.fromEntries(
    Object.entries(parsed.data).map(([id, to]) => [
      id,
      to.map((a) => ({ accountId: a.account_id, currency: a.currency })),
    ]),
  );
}

// ───────────────────────────── the token endpoint ─────────────────────────────

/**
 * The authorization server as Deriv documents it: fixed paths under one base (no discovery). The
 * issuer is the base without a trailing slash (a path, e.g. the sandbox's `/auth`, is kept). The
 * login and the refresh both address the token endpoint through this, and only through this.
 * @see https://developers.deriv.com/llms/oauth.md ("Endpoints")
 */
export function currentAuthorizationServer(authServerUrl: string): oauth.AuthorizationServer {
  const base = authServerUrl.replace(/\/+$/, '');
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth2/auth`,
    token_endpoint: `${base}/oauth2/token`,
  };
}

/**
 * A refresh-token grant at `{authServer}/oauth2/token` for the public client `clientId`
 * (oauth4webapi builds it). Deriv does not document the refresh contract; this is RFC 6749 §6.
 * @see https://developers.deriv.com/llms/oauth.md
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function refreshRequest(
  authServerUrl: string,
  clientId: string,
  refreshToken: string,
  options: WireOptions = {},
): Promise<Response> {
  const as = currentAuthorizationServer(authServerUrl);
  const endpoint = as.token_endpoint!;
  if (!isSecureOrLoopback(endpoint, 'http')) throw insecure();
  const signal = options.signal ?? new AbortController().signal;
  try {
    return await oauth.refreshTokenGrantRequest(
      as,
      { client_id: clientId },
      oauth.None(),
      refreshToken,
      httpOptionsFor(endpoint, signal, options.fetch),
    );
  } catch (error) {
    throw unreached(error, signal);
  }
}

/**
 * The renewed credential. A valid answer without a refresh token keeps the previous one; a refused
 * grant (`invalid_grant`, `invalid_client`, `unauthorized_client`) is `unauthorized`: the login is over.
 */
export async function processRefreshResponse(
  authServerUrl: string,
  clientId: string,
  response: Response,
  previous: OAuthCredential,
  options: ProcessOptions = {},
): Promise<OAuthCredential> {
  const now = options.now ?? Date.now;
  let answer: oauth.TokenEndpointResponse;
  try {
    answer = await oauth.processRefreshTokenResponse(
      currentAuthorizationServer(authServerUrl),
      { client_id: clientId },
      response,
    );
  } catch (error) {
    if (isAbort(error)) throw error;
    if (error instanceof oauth.ResponseBodyError) {
      const grant = printable(error.error);
      const details = { status: error.status, derivCode: grant };
      if (['invalid_grant', 'invalid_client', 'unauthorized_client'].includes(error.error))
        throw new WireError('unauthorized', `The refresh token was refused (${grant}).`, details);
      if (error.status === 429)
        throw new WireError('rate_limited', 'Too many token requests; the server asks to wait.', {
          ...details,
          retryAt: retryAtOf(response, now),
        });
      throw new WireError(
        error.status >= 500 ? 'server_error' : 'rejected',
        `The token endpoint answered ${error.status}.`,
        details,
      );
    }
    // oauth4webapi reads an OAuth error body from a 4xx only: a 5xx (JSON or a proxy's page) is the server failing.
    const status = response.status;
    if (status >= 500 || status === 408)
      throw new WireError('server_error', `The token endpoint answered ${status}.`, { status });
    throw new WireError('malformed', 'The token endpoint answered unexpectedly.', { status });
  }
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : null;
  return {
    kind: 'oauth',
    accessToken: answer.access_token,
    refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : previous.refreshToken,
    expiresAt: expiresIn === null ? null : now() + expiresIn * 1000,
  };
}

// ───────────────────────────── revocation ─────────────────────────────

/**
 * The authorization server's metadata (OpenID Connect Discovery at
 * `{authServer}/.well-known/openid-configuration`), read for its `revocation_endpoint` only. Deriv's
 * pages document neither discovery nor revocation: where the server offers none, there is nothing
 * to ask and a login's session ends when its refresh token expires.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2 (`revocation_endpoint`)
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export async function discoveryRequestOf(authServerUrl: string, options: WireOptions = {}): Promise<Response> {
  const issuer = currentAuthorizationServer(authServerUrl).issuer;
  if (!isSecureOrLoopback(issuer, 'http')) throw insecure();
  const signal = options.signal ?? new AbortController().signal;
  try {
    return await oauth.discoveryRequest(new URL(issuer), httpOptionsFor(issuer, signal, options.fetch));
  } catch (error) {
    throw unreached(error, signal);
  }
}

/**
 * The revocation endpoint the metadata names, or null when it names none. One the token may not
 * go to (another origin than the authorization server's own, or one breaking the address rule) is
 * not used: the refresh token only ever travels to the server that issued it.
 */
export async function processRevocationEndpoint(authServerUrl: string, response: Response): Promise<string | null> {
  const issuer = currentAuthorizationServer(authServerUrl).issuer;
  let metadata: oauth.AuthorizationServer;
  try {
    metadata = await oauth.processDiscoveryResponse(new URL(issuer), response);
  } catch (error) {
    if (isAbort(error)) throw error;
    const status = response.status;
    throw new WireError(status >= 500 ? 'server_error' : 'malformed', 'The server metadata could not be read.', {
      status,
    });
  }
  const endpoint = metadata.revocation_endpoint;
  if (typeof endpoint !== 'string') return null;
  return sameOrigin(endpoint, issuer) && isSecureOrLoopback(endpoint, 'http') ? endpoint : null;
}

/**
 * RFC 7009 revocation of a refresh token (or, for a login without one, its access token) for the
 * public client `clientId` at `revocationEndpoint` (oauth4webapi builds it: `token`,
 * `token_type_hint`, `client_id`, no secret).
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revocationRequestOf(
  revocationEndpoint: string,
  clientId: string,
  token: { value: string; hint: 'refresh_token' | 'access_token' },
  options: WireOptions = {},
): Promise<Response> {
  if (!isSecureOrLoopback(revocationEndpoint, 'http')) throw insecure();
  const signal = options.signal ?? new AbortController().signal;
  const as: oauth.AuthorizationServer = {
    issuer: new URL(revocationEndpoint).origin,
    revocation_endpoint: revocationEndpoint,
  };
  try {
    return await oauth.revocationRequest(as, { client_id: clientId }, oauth.None(), token.value, {
      ...httpOptionsFor(revocationEndpoint, signal, options.fetch),
      additionalParameters: { token_type_hint: token.hint },
    });
  } catch (error) {
    throw unreached(error, signal);
  }
}

/**
 * Whether the server took the revocation: a 200 (RFC 7009 answers 200 for a token it does not know
 * too). An error answer is a `WireError` with its status; the caller's abort comes back as is.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export async function processRevocationResponseOf(response: Response): Promise<void> {
  try {
    await oauth.processRevocationResponse(response);
  } catch (error) {
    if (isAbort(error)) throw error;
    const status = response.status;
    throw new WireError(status >= 500 ? 'server_error' : 'rejected', `The revocation endpoint answered ${status}.`, {
      status,
    });
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

// ───────────────────────────── the rules, once ─────────────────────────────

/** The bearer string of a credential; the one place it is read. */
export function bearerOf(credential: CurrentCredential): string {
  return credential.kind === 'oauth' ? credential.accessToken : credential.token;
}

/**
 * `path` under the REST base, if the base obeys the address rule: the one URL rule of every REST
 * call, the login's account list and the session's calls alike. A base path is kept
 * (`https://host/api/` → `https://host/api/trading/…`), which `new URL('/trading/…', base)` would
 * drop: an absolute path replaces the base's (RFC 3986 §5.2.2).
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-5.2.2
 */
export function restEndpoint(restUrl: string, path: string): URL {
  if (!isSecureOrLoopback(restUrl, 'http')) throw insecure();
  const url = new URL(restUrl);
  url.pathname = url.pathname.replace(/\/+$/, '') + path;
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * `Deriv-App-ID`: with a PAT (its own app id), or with any credential when the call names one (the
 * legacy endpoints require it).
 * @see https://developers.deriv.com/llms/authentication.md ("REST request headers": `Deriv-App-ID`
 * for PAT authentication)
 * @see https://developers.deriv.com/docs/options-legacy/ ("Deriv-App-ID: YOUR_APP_ID")
 */
function headersOf(credential: CurrentCredential, appId?: string): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${bearerOf(credential)}`,
  };
  const id = appId ?? (credential.kind === 'pat' ? credential.appId : '');
  if (id !== '') headers['deriv-app-id'] = id;
  return headers;
}

async function send(
  url: URL,
  method: 'GET' | 'POST',
  credential: CurrentCredential,
  options: WireOptions & { cache?: RequestCache },
  appId?: string,
): Promise<Response> {
  const signal = options.signal ?? new AbortController().signal;
  const init: RequestInit = { method, headers: headersOf(credential, appId), signal, redirect: 'error' };
  if (options.cache) init.cache = options.cache;
  try {
    // `redirect: 'error'`: a 3xx ends the call (as a network error) instead of taking the bearer elsewhere.
    return await (options.fetch ?? fetch)(url, init);
  } catch (error) {
    throw unreached(error, signal);
  }
}

/** The body of a 2xx answer as JSON (or null); any other status as the `WireError` it means. */
async function answerOf(response: Response, options: ProcessOptions): Promise<unknown> {
  let body: unknown = null;
  try {
    const text = await response.text();
    // `parseJson`: a balance sent as a number keeps the digits Deriv wrote (`wire-schema.ts`).
    body = text ? parseJson(text) : null;
  } catch (error) {
    if (isAbort(error)) throw error;
    // A body cut off mid-way fails an ok answer below as `malformed`; an error answer keeps its status.
    body = null;
  }
  if (response.ok) return body;
  throw errorOf(response, body, options.now ?? Date.now);
}

/** A failed send: the caller's abort as is, any other failure `network` (its text could quote a URL). */
function unreached(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return error;
  if (error instanceof WireError) return error;
  return new WireError('network', "Deriv's server could not be reached.");
}
