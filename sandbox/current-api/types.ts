import { PUBLISHED_LIMITS } from './rate-limits';

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

/**
 * Limits and lifetimes; every one can be changed at run time through `POST /__sandbox/current/limits`.
 * The rate budgets default to Deriv's published numbers (`PUBLISHED_LIMITS`, `rate-limits.ts`);
 * `wsBudgetScope` and `rateLimitHeaders` are the sandbox's assumptions where the page is silent.
 * @see https://developers.deriv.com/docs/limits
 */
export interface CurrentApiLimits {
  /** REST requests per source IP per rolling minute (Deriv: 300). */
  restPerIpPerMinute: number;
  /** REST requests per source IP per rolling 10 minutes (Deriv: 1,000). */
  restPerIpPer10Minutes: number;
  /** REST requests per logged-in user per rolling minute (Deriv: 80). */
  restPerUserPerMinute: number;
  /** `proposal`, `proposal_open_contract`, `buy`, `sell` (Deriv: 360 a minute, 14,400 an hour). */
  wsTradingPerMinute: number;
  wsTradingPerHour: number;
  /** `balance`, `statement` (Deriv: 100 a minute, 2,000 an hour). */
  wsAccountPerMinute: number;
  wsAccountPerHour: number;
  /** `portfolio`, `profit_table` (Deriv: 30 a minute, 1,500 an hour). */
  wsReportsPerMinute: number;
  wsReportsPerHour: number;
  /** Every other socket call but `ping` (Deriv: 220 a minute, 14,400 an hour). */
  wsGeneralPerMinute: number;
  wsGeneralPerHour: number;
  /** `ping` per connection per rolling second, outside the budgets above (Deriv: 10). */
  pingPerSecond: number;
  /**
   * Whom the socket budgets count (not said by Deriv): `account` (default: every socket of one
   * account shares them, so a reconnect does not start afresh), `connection` or `user`. The
   * public socket always counts per connection.
   */
  wsBudgetScope: 'account' | 'connection' | 'user';
  /** Every REST answer carries `RateLimit-Limit/-Remaining/-Reset` (not said by Deriv; default off). */
  rateLimitHeaders: boolean;
  /** Active subscriptions per socket (the 2026-09-10 copy: 100; not on the limits page). */
  subscriptionsPerSocket: number;
  /** Concurrent OTP sockets per user (the 2026-09-10 copy: 5; not on the limits page). */
  socketsPerUser: number;
  /** How long an unused OTP stays valid. */
  otpTtlMs: number;
  /** OAuth access-token lifetime (default 2591999 s, `expires_in` in Deriv's token example). */
  accessTokenTtlSec: number;
  /** OAuth refresh-token lifetime. */
  refreshTokenTtlSec: number;
}

export const DEFAULT_LIMITS: CurrentApiLimits = {
  ...PUBLISHED_LIMITS,
  wsBudgetScope: 'account',
  rateLimitHeaders: false,
  subscriptionsPerSocket: 100,
  socketsPerUser: 5,
  otpTtlMs: 60_000,
  // Deriv's own client documents `"expires_in": 2591999` (30 days minus a second).
  accessTokenTtlSec: 2_591_999,
  refreshTokenTtlSec: 30 * 86_400,
};

/**
 * The shapes the REST answers and the balance stream take: Deriv's documented ones by default, or
 * the variants Deriv's own reference client (deriv-com/dbot-reference) has met. Each can be changed
 * at run time through `POST /__sandbox/current/shapes`.
 */
export interface WireShapes {
  /** `balance` in the account list and on the socket: a JSON number (the docs) or a decimal string (`"10000.00"`). */
  balance: 'number' | 'string';
  /** The account list as `{ data: [...] }` (the docs) or nested once more, `{ data: { data: [...] } }`. */
  accountList: 'flat' | 'nested';
  /** The OTP answer as `{ data: { url } }` (the docs) or `data` a JSON string of `{ data: { url } }`. */
  otp: 'object' | 'json_string';
  /** Undocumented fields beside the documented ones, in every answer (a client must ignore them). */
  extraFields: boolean;
}

export const DOCUMENTED_SHAPES: WireShapes = {
  balance: 'number',
  accountList: 'flat',
  otp: 'object',
  extraFields: false,
};

export type CurrentApiOptions = Partial<CurrentApiLimits> & {
  /** The answers' shapes (default: as documented). */
  shapes?: Partial<WireShapes>;
  /** Redirect URI registered for the OAuth client (default `${httpUrl}/redirect`, the landing page of the legacy flow). */
  redirectUrl?: string;
  /** OAuth client id = PAT app id (default '41234'). */
  clientId?: string;
  /** The clock the rate budgets are counted with (default `Date.now`): tests and benches move it instead of waiting. */
  now?: () => number;
  /** This many more active real USD accounts for the first user (benches and tests of many accounts; default 0). */
  extraAccounts?: number;
};
