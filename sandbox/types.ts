import type { BudgetUsage } from './current-api/rate-limits';
import type { CurrentApiOptions, NewApiInfo } from './current-api/types';
import type { SecretEntry } from './secrets';

export interface SandboxAccount {
  loginid: string;
  currency: string;
  token: string;
  is_virtual: 0 | 1;
  is_disabled: 0 | 1;
}
/** The scopes a Deriv API token can carry (chosen by the trader when making it). */
export const API_SCOPES = ['read', 'trade', 'trading_information', 'payments', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
/** An API token the trader made in Deriv's settings: 15 alphanumerics, one account, chosen scopes, any app_id. */
export interface SandboxApiToken {
  token: string;
  loginid: string;
  scopes: ApiScope[];
}
export interface SandboxUser {
  email: string;
  password: string;
  accounts: SandboxAccount[];
  apiTokens: SandboxApiToken[];
}
export interface SandboxOptions {
  /** 0 = a free port (the default). */
  port?: number;
  /**
   * The address to listen on; default '127.0.0.1'. The network tests give it the address of a
   * veth end inside a network namespace of their own (test/support/netns.ts).
   */
  host?: string;
  seed?: number;
  /** Default '1089'. */
  appId?: string;
  /** Default `${httpUrl}/redirect`. */
  redirectUrl?: string;
  apps?: { appId: string; redirectUrl: string }[];
  /** Deriv's current API (OAuth + REST + OTP sockets): limits, lifetimes, client id, redirect URL. */
  currentApi?: CurrentApiOptions;
  /**
   * The host name the login pages' "Continue with Google" names for the fake identity provider
   * (sandbox/identity-provider.ts, listening on 127.0.0.1); default '127.0.0.1'. The journeys give
   * `accounts.google.com` and map it to 127.0.0.1 in Chromium.
   */
  identityProviderHost?: string;
}
export interface ReceivedMessage {
  connectionId: number;
  at: number;
  /** Parsed JSON; tokens included, it is the test's record. */
  request: Record<string, unknown>;
}
export interface SandboxHandle {
  httpUrl: string;
  wsUrl: string;
  oauthUrl: string;
  issuer: string;
  appId: string;
  redirectUrl: string;
  users: SandboxUser[];
  received(): ReceivedMessage[];
  httpHits(): { method: string; path: string }[];
  /** The fake identity provider "Continue with Google" leads to: its origin and what it answered. */
  identityProvider: { origin: string; requests(): { userAgent: string; status: number }[] };
  setBalance(loginid: string, balance: number): void;
  /** Drop every WebSocket at once (as a server restart would); returns how many there were. */
  dropConnections(): number;
  /** Every secret the sandbox has handed out so far (tokens, codes, …), for leak scans in tests. */
  secrets(): SecretEntry[];
  close(): Promise<void>;
  /** Deriv's current API served by the same process (see sandbox/README.md, "Current API"). */
  newApi: NewApiInfo;
  /** Sets a current-API account's balance (subscribers get a push), like `/__sandbox/current/balance`. */
  /** A number, or decimal text served digit for digit. */
  setNewApiBalance(accountId: string, balance: number | string): void;
  /** A new PAT for the current-API user with this email (registered as a secret); throws for an unknown email. */
  mintNewApiPat(email: string): string;
  /** The test's record of the current API: requests on its sockets, OTPs presented at upgrades (and the answer), token grants, OTP requests. */
  newApiLog(): {
    frames: { connectionId: number; accountId: string | null; request: Record<string, unknown> }[];
    upgrades: { otp: string; status: number; accountId: string | null }[];
    /** Grants the token endpoint answered (`refresh_token` for a refresh), with the error of a refused one. */
    grants: { type: string; error: string | null }[];
    /** Refreshes the token endpoint answered: the refresh token presented (rotated on every use, so none should come twice) and the error of a refused one. */
    refreshes: { token: string; error: string | null }[];
    /**
     * Revocations the revocation endpoint (RFC 7009) answered: the token presented, its hint, and
     * whether it ended a grant (false: a token it did not know, still answered 200 as the RFC says).
     */
    revocations: { token: string; hint: string | null; revoked: boolean }[];
    /** Requests that reached the OTP endpoint and their HTTP status (500 while `otp-fail` is on). */
    otpRequests: { accountId: string; status: number }[];
    /** Account-list requests and their HTTP status (401 once the access token expired or was revoked). */
    accountLists: { status: number }[];
  };
  /** What the current API's rate budgets counted: each budget's limit, peak use in one window, refusals. */
  newApiRates(): BudgetUsage[];
}
