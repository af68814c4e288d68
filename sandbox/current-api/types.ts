/** The current API's account record, as `GET /trading/v1/options/accounts` lists it. */
export interface NewApiAccount {
  account_id: string;
  account_type: 'demo' | 'real';
  currency: string;
  balance: number;
  status: 'active' | 'inactive';
  group: string;
}

export interface NewApiUser {
  email: string;
  password: string;
  /** A Personal Access Token of this user (`pat_` + 64 hex), made for `appId`. */
  pat: string;
  scopes: string[];
  accounts: NewApiAccount[];
}

/** What `startSandbox` (and `npm run sandbox -- --json`) says about the current API. */
export interface NewApiInfo {
  /** REST base: `${restUrl}/trading/v1/options/accounts`. */
  restUrl: string;
  wsPublicUrl: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** The OAuth issuer (authorization server) of the current API. */
  issuer: string;
  /** OAuth `client_id`; the same value is the `Deriv-App-ID` of PATs. */
  clientId: string;
  appId: string;
  redirectUrl: string;
  users: NewApiUser[];
}

/** Limits and lifetimes; every one can be changed at run time through `POST /__sandbox/current/limits`. */
export interface CurrentApiLimits {
  /** REST requests per token per rolling minute (Deriv: 60). */
  restPerMinute: number;
  /** Requests per socket per rolling second (Deriv: 100). */
  wsRequestsPerSecond: number;
  /** Active subscriptions per socket (Deriv: 100). */
  subscriptionsPerSocket: number;
  /** Concurrent OTP sockets per user (Deriv: 5). */
  socketsPerUser: number;
  /** How long an unused OTP stays valid. */
  otpTtlMs: number;
  /** OAuth access-token lifetime. */
  accessTokenTtlSec: number;
  /** OAuth refresh-token lifetime. */
  refreshTokenTtlSec: number;
}

export const DEFAULT_LIMITS: CurrentApiLimits = {
  restPerMinute: 60,
  wsRequestsPerSecond: 100,
  subscriptionsPerSocket: 100,
  socketsPerUser: 5,
  otpTtlMs: 60_000,
  accessTokenTtlSec: 3600,
  refreshTokenTtlSec: 30 * 86_400,
};

export type CurrentApiOptions = Partial<CurrentApiLimits> & {
  /** Redirect URI registered for the OAuth client (default `${httpUrl}/redirect`, the landing page of the legacy flow). */
  redirectUrl?: string;
  /** OAuth client id = PAT app id (default '41234'). */
  clientId?: string;
};
