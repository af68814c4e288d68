import type { Credential } from '../backend/port';
import type { Clock } from '../socket/ports';
import {
  type AccountList,
  accountsRequest,
  type CurrentCredential,
  legacyAccountsRequest,
  migrationStatusRequest,
  otpRequest,
  processAccountsResponse,
  processLegacyAccountsResponse,
  processMigrationStatusResponse,
  processOtpResponse,
  WireError,
  type WireOptions,
} from './wire';

/**
 * Deriv's published limits, the one place the app reads them. They supersede the 2026-09-10
 * copy's "60 REST requests per minute per token, 100 per second per socket" (`api-overview.md`).
 * What the page leaves unsaid (whom the socket budgets count; its error handling) is assumed at
 * its strictest below.
 * @see https://developers.deriv.com/docs/limits (announced 14 Aug 2026; ../shared/deriv-new-api/UPDATES-2026.md §1)
 */
export const DERIV_LIMITS = {
  rest: { perIpPerMinute: 300, perIpPer10Minutes: 1_000, perUserPerMinute: 80 },
  /** Socket calls by group, per minute and per hour; `ping` apart, 10 a second per connection. */
  socket: {
    trading: { perMinute: 360, perHour: 14_400 },
    /** `balance`, `statement`: the group of the balance subscription every socket sends on open. */
    account: { perMinute: 100, perHour: 2_000 },
    reports: { perMinute: 30, perHour: 1_500 },
    general: { perMinute: 220, perHour: 14_400 },
    pingPerSecond: 10,
  },
} as const;

/**
 * The share of each budget the app allows itself: the rest is room for what it does not count
 * (a login's own account list, the token endpoint, the trader's own socket calls) and for clocks
 * that disagree about where a window starts.
 */
export const LIMIT_MARGIN = 0.75;

/**
 * The app's own budgets, within Deriv's with the margin. All the app's REST requests count together:
 * they share one IP, and the app cannot tell whether two logins are one Deriv user, so the
 * per-user minute is applied to all of them (60 a minute; the IP's 225 never binds) and the IP's
 * ten minutes beside it (750). Balance subscriptions likewise, across every socket: whether Deriv
 * counts them per connection, account or user is not said, and per user is the strictest (75 a
 * minute, 1,500 an hour).
 */
export const APP_BUDGETS = {
  restPerMinute: Math.floor(
    Math.min(DERIV_LIMITS.rest.perIpPerMinute, DERIV_LIMITS.rest.perUserPerMinute) * LIMIT_MARGIN,
  ),
  restPer10Minutes: Math.floor(DERIV_LIMITS.rest.perIpPer10Minutes * LIMIT_MARGIN),
  balancePerMinute: Math.floor(DERIV_LIMITS.socket.account.perMinute * LIMIT_MARGIN),
  balancePerHour: Math.floor(DERIV_LIMITS.socket.account.perHour * LIMIT_MARGIN),
} as const;

export interface Window {
  ms: number;
  max: number;
}

/**
 * Requests allowed in several rolling windows at once (e.g. 60 a minute and 750 in ten minutes):
 * the client never sends more than a window allows, and after a 429 sends nothing until the
 * server's time.
 */
export class RequestBudget {
  private stamps: number[] = [];
  private blockedUntil = 0;
  private readonly longest: number;

  constructor(
    private readonly windows: readonly Window[],
    private readonly clock: Clock,
  ) {
    this.longest = Math.max(0, ...windows.map((w) => w.ms));
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.stamps.length && this.stamps[drop]! <= now - this.longest) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
  }

  /** Null when a request may go now, else the time from which one may (nothing is spent). */
  availableAt(): number | null {
    const now = this.clock.now();
    if (now < this.blockedUntil) return this.blockedUntil;
    this.prune(now);
    let at: number | null = null;
    for (const w of this.windows) {
      if (this.count(now, w.ms) < w.max) continue;
      // A slot frees when the request `max` places from the newest leaves the window.
      const leaving = w.max > 0 ? this.stamps[this.stamps.length - w.max]! : now;
      at = Math.max(at ?? 0, leaving + w.ms);
    }
    return at;
  }

  /** Spends one request; null when allowed, else the time from which one is. */
  take(): number | null {
    const at = this.availableAt();
    if (at !== null) return at;
    this.stamps.push(this.clock.now());
    return null;
  }

  /** Requests left now in the tightest window. */
  remaining(): number {
    const now = this.clock.now();
    if (now < this.blockedUntil) return 0;
    this.prune(now);
    return Math.max(0, Math.min(...this.windows.map((w) => w.max - this.count(now, w.ms))));
  }

  exhaustUntil(at: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, at);
  }

  private count(now: number, ms: number): number {
    let n = 0;
    for (let i = this.stamps.length - 1; i >= 0 && this.stamps[i]! > now - ms; i--) n++;
    return n;
  }
}

export interface BudgetTiming {
  restBudgetPerMinute: number;
  restBudgetPer10Minutes: number;
  balanceBudgetPerMinute: number;
  balanceBudgetPerHour: number;
}

/**
 * The budgets the app's current-API traffic shares: REST requests, and balance subscriptions
 * (one on every socket open). Main builds one for every session it makes (`backendFactory`), so a
 * session replaced by another does not start afresh.
 */
export class AppBudgets {
  readonly rest: RequestBudget;
  readonly balance: RequestBudget;

  constructor(timing: BudgetTiming, clock: Clock) {
    this.rest = new RequestBudget(
      [
        { ms: 60_000, max: timing.restBudgetPerMinute },
        { ms: 600_000, max: timing.restBudgetPer10Minutes },
      ],
      clock,
    );
    this.balance = new RequestBudget(
      [
        { ms: 60_000, max: timing.balanceBudgetPerMinute },
        { ms: 3_600_000, max: timing.balanceBudgetPerHour },
      ],
      clock,
    );
  }
}

export interface BudgetedRestOptions {
  restUrl: string;
  clock: Clock;
  timeoutMs: number;
  /** The app's REST budget (`AppBudgets.rest`), shared by every credential. */
  budget: RequestBudget;
  fetch?: typeof fetch;
}

/**
 * The session's REST calls (`wire.ts`), each within the app's budget and the session's time limit:
 * a spent budget and a server's 429 both answer `rate_limited` with the time to wait, and nothing
 * is sent before that time; no answer in time is `timeout`.
 */
export class BudgetedRest {
  constructor(private readonly opts: BudgetedRestOptions) {
    new URL(opts.restUrl); // fail early on a bad endpoint
  }

  /** How many requests may still go in the tightest window. */
  remaining(): number {
    return this.opts.budget.remaining();
  }

  /** Null when a request may go now, else the time from which one may. */
  availableAt(): number | null {
    return this.opts.budget.availableAt();
  }

  listAccounts(credential: Credential): Promise<AccountList> {
    const current = currentOnly(credential);
    return this.call(async (wire) =>
      processAccountsResponse(await accountsRequest(this.opts.restUrl, current, wire), this.processing),
    );
  }

  /** A one-time WebSocket URL for the account. The caller opens it once and forgets it. */
  requestOtp(credential: Credential, accountId: string): Promise<string> {
    const current = currentOnly(credential);
    return this.call(async (wire) =>
      processOtpResponse(
        this.opts.restUrl,
        await otpRequest(this.opts.restUrl, current, accountId, wire),
        this.processing,
      ),
    );
  }

  /** The user's migration from the legacy platform (`appId`: the app the credential was issued to). */
  migrationStatus(credential: Credential, appId: string) {
    const current = currentOnly(credential);
    return this.call(async (wire) =>
      processMigrationStatusResponse(
        await migrationStatusRequest(this.opts.restUrl, current, appId, wire),
        this.processing,
      ),
    );
  }

  /** Legacy loginid → the accounts it became (empty: no mapping). */
  legacyAccounts(credential: Credential, appId: string) {
    const current = currentOnly(credential);
    return this.call(async (wire) =>
      processLegacyAccountsResponse(
        await legacyAccountsRequest(this.opts.restUrl, current, appId, wire),
        this.processing,
      ),
    );
  }

  private readonly processing = { now: () => this.opts.clock.now() };

  private async call<T>(run: (wire: WireOptions) => Promise<T>): Promise<T> {
    const budget = this.opts.budget;
    const waitUntil = budget.take();
    if (waitUntil !== null)
      throw new WireError('rate_limited', "The app's request budget is spent.", { retryAt: waitUntil });
    const controller = new AbortController();
    const timer = this.opts.clock.setTimeout(() => controller.abort(), this.opts.timeoutMs);
    try {
      return await run({ signal: controller.signal, ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}) });
    } catch (e) {
      if (e instanceof WireError) {
        if (e.code === 'rate_limited' && e.retryAt !== null) budget.exhaustUntil(e.retryAt);
        throw e;
      }
      if (controller.signal.aborted)
        throw new WireError('timeout', `No answer from the server within ${this.opts.timeoutMs} ms.`);
      throw e;
    } finally {
      this.opts.clock.clearTimeout(timer);
    }
  }
}

/** A session holds current-API credentials only (`validateGrants`); anything else is refused, never sent. */
function currentOnly(credential: Credential): CurrentCredential {
  if (credential.kind === 'tokens') throw new WireError('unauthorized', 'Not a current-API credential.');
  return credential;
}
