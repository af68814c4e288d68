import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';

import type { SecretLog } from '../secrets';
import type { Migration } from './legacy';
import { RateLimiter } from './rate-limits';
import { type CurrentApiLimits, DEFAULT_LIMITS, DOCUMENTED_SHAPES, type NewApiAccount, type WireShapes } from './types';
import type { CurrentUser } from './users';

export interface OtpGrant {
  user: CurrentUser;
  account: NewApiAccount;
  expiresAt: number;
}

export interface CurrentFaults {
  /** The OTP endpoint answers 500 InternalError while on. */
  otpFailing: boolean;
  /** The token endpoint answers 503 while on (`tokenFailures` counts those answers). */
  tokenFailing: boolean;
  tokenFailures: number;
  /** The next this many token-endpoint answers are lost: the work is done (a refresh rotates), the connection cut. */
  tokenAnswersToLose: number;
  /** Answers lost so far. */
  tokenAnswersLost: number;
}

/**
 * What the current API's REST handlers, sockets and authorization server share: accounts and live
 * balances, PATs, revoked credentials, issued OTPs, the rate budgets (`rate-limits.ts`), per-user socket counts.
 */
export class CurrentApiState {
  readonly limits: CurrentApiLimits;
  /** Deriv's published budgets, counted as requests arrive (reads `limits` at each request). */
  readonly rate: RateLimiter;
  readonly faults: CurrentFaults = {
    otpFailing: false,
    tokenFailing: false,
    tokenFailures: 0,
    tokenAnswersToLose: 0,
    tokenAnswersLost: 0,
  };
  readonly shapes: WireShapes;
  readonly balanceChanges = new EventEmitter<{ change: [accountId: string] }>();
  /** Account id → balance as decimal text: what was set is served digit for digit (`wireBalance`). */
  private readonly balances = new Map<string, string>();
  private readonly byAccount = new Map<string, { user: CurrentUser; account: NewApiAccount }>();
  private readonly revokedPats = new Set<string>();
  /** PATs made after start (`mintPat`), beside each user's own. */
  private readonly extraPats = new Map<string, CurrentUser>();
  /** OAuth grants revoked (control endpoint or RFC 7009 revocation endpoint): their access tokens are refused. */
  readonly revokedGrants = new Set<string>();
  /** Access tokens (jti) issued so far and still considered live; "expire all" empties it into `expired`. */
  readonly issuedAccessTokens = new Set<string>();
  readonly expiredAccessTokens = new Set<string>();
  private readonly otps = new Map<string, OtpGrant>();
  readonly socketsByUser = new Map<string, number>();
  /** The test's record: every request on a current-API socket and every OTP presented at an upgrade. */
  readonly frames: { connectionId: number; accountId: string | null; request: Record<string, unknown> }[] = [];
  readonly upgrades: { otp: string; status: number; accountId: string | null }[] = [];
  /** Every grant the token endpoint answered (`authorization_code`, `refresh_token`), and its error if refused. */
  readonly grants: { type: string; error: string | null }[] = [];
  /** Every refresh the token endpoint answered: the refresh token presented (a secret: the test's record) and the error if refused. */
  readonly refreshes: { token: string; error: string | null }[] = [];
  /** Revocations answered (RFC 7009), with whether each ended a grant. */
  readonly revocations: { token: string; hint: string | null; revoked: boolean }[] = [];
  /** Every request that reached the OTP endpoint, and the status it was answered with. */
  readonly otpRequests: { accountId: string; status: number }[] = [];
  /** Every account-list request, and the status it was answered with (401 for an expired token). */
  readonly accountLists: { status: number }[] = [];
  /** Each user's legacy → current migration (by email), as the legacy endpoints serve it. */
  readonly migrations = new Map<string, Migration>();

  constructor(
    readonly users: CurrentUser[],
    readonly secrets: SecretLog,
    limits: Partial<CurrentApiLimits>,
    now: () => number = Date.now,
    shapes: Partial<WireShapes> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.rate = new RateLimiter(this.limits, now);
    this.shapes = { ...DOCUMENTED_SHAPES, ...shapes };
    this.balanceChanges.setMaxListeners(0);
    for (const user of users) {
      secrets.add('pat', user.pat);
      for (const account of user.accounts) {
        this.byAccount.set(account.account_id, { user, account });
        this.balances.set(account.account_id, String(account.balance));
      }
    }
  }

  userByEmail(email: string): CurrentUser | undefined {
    return this.users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
  }

  userByPat(pat: string): CurrentUser | undefined {
    if (this.revokedPats.has(pat)) return undefined;
    return this.users.find((u) => u.pat === pat) ?? this.extraPats.get(pat);
  }

  /** A new PAT for the user (as a trader makes another on Deriv's site), with the user's PAT scopes. */
  mintPat(email: string): string | undefined {
    const user = this.userByEmail(email);
    if (!user) return undefined;
    const pat = `pat_${randomBytes(32).toString('hex')}`;
    this.secrets.add('pat', pat);
    this.extraPats.set(pat, user);
    return pat;
  }

  revokePat(pat: string): boolean {
    if (!this.users.some((u) => u.pat === pat) && !this.extraPats.has(pat)) return false;
    this.revokedPats.add(pat);
    return true;
  }

  account(accountId: string): { user: CurrentUser; account: NewApiAccount } | undefined {
    return this.byAccount.get(accountId);
  }

  /** The account list as REST answers it, with live balances in the current shape. */
  accountsOf(user: CurrentUser): Record<string, unknown>[] {
    return user.accounts.map((a) => ({
      ...a,
      balance: this.wireBalance(a.account_id),
      ...(this.shapes.extraFields ? { nickname: null, landing_company: 'svg', created_at: 1_767_225_600 } : {}),
    }));
  }

  /** The balance as decimal text, as it was set. */
  balance(accountId: string): string {
    return this.balances.get(accountId) ?? '0';
  }

  /**
   * The balance as the wire carries it in the current shape: the decimal text, or a JSON number
   * written with exactly those digits (`JSON.rawJSON`, Node 21+; a double elsewhere).
   */
  wireBalance(accountId: string): unknown {
    const text = this.balance(accountId);
    if (this.shapes.balance === 'string') return text;
    const rawJSON = (JSON as { rawJSON?: (text: string) => unknown }).rawJSON;
    return typeof rawJSON === 'function' ? rawJSON(text) : Number(text);
  }

  /** A non-negative number, or decimal text (kept digit for digit). */
  setBalance(accountId: string, balance: number | string): boolean {
    const text = typeof balance === 'number' ? String(balance) : balance;
    if (!this.byAccount.has(accountId) || !/^\d{1,20}(\.\d{1,20})?$/.test(text)) return false;
    this.balances.set(accountId, text);
    this.balanceChanges.emit('change', accountId);
    return true;
  }

  issueOtp(user: CurrentUser, account: NewApiAccount): string {
    const otp = randomBytes(24).toString('base64url');
    this.otps.set(otp, { user, account, expiresAt: Date.now() + this.limits.otpTtlMs });
    this.secrets.add('otp', otp);
    return otp;
  }

  /** Single use: the OTP is gone after this call whatever the outcome. */
  consumeOtp(otp: string): OtpGrant | undefined {
    const grant = this.otps.get(otp);
    this.otps.delete(otp);
    if (!grant || grant.expiresAt <= Date.now()) return undefined;
    return grant;
  }

  expireAllAccessTokens(): number {
    const n = this.issuedAccessTokens.size;
    for (const jti of this.issuedAccessTokens) this.expiredAccessTokens.add(jti);
    this.issuedAccessTokens.clear();
    return n;
  }

  socketOpened(user: CurrentUser): void {
    this.socketsByUser.set(user.email, (this.socketsByUser.get(user.email) ?? 0) + 1);
  }

  socketClosed(user: CurrentUser): void {
    this.socketsByUser.set(user.email, Math.max(0, (this.socketsByUser.get(user.email) ?? 0) - 1));
  }

  openSockets(user: CurrentUser): number {
    return this.socketsByUser.get(user.email) ?? 0;
  }
}
