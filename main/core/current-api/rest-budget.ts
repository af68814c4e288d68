import type { Credential } from '../backend/port';
import type { Clock } from '../socket/ports';
import {
  type AccountList,
  accountsRequest,
  bearerOf,
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
 * A rolling-minute request budget for one token (Deriv: 60 per minute per token): the client
 * never sends more than the server allows, and after a 429 sends nothing until the server's time.
 */
export class RestBudget {
  private stamps: number[] = [];
  private blockedUntil = 0;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  private prune(now: number): void {
    while (this.stamps.length > 0 && this.stamps[0]! <= now - 60_000) this.stamps.shift();
  }

  /** Spends one request; null when allowed, else the time from which one is. */
  take(): number | null {
    const now = this.clock.now();
    if (now < this.blockedUntil) return this.blockedUntil;
    this.prune(now);
    if (this.stamps.length >= this.perMinute) return this.stamps[0]! + 60_000;
    this.stamps.push(now);
    return null;
  }

  remaining(): number {
    const now = this.clock.now();
    if (now < this.blockedUntil) return 0;
    this.prune(now);
    return Math.max(0, this.perMinute - this.stamps.length);
  }

  exhaustUntil(at: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, at);
  }

  idle(): boolean {
    const now = this.clock.now();
    this.prune(now);
    return this.stamps.length === 0 && now >= this.blockedUntil;
  }
}

export interface BudgetedRestOptions {
  restUrl: string;
  clock: Clock;
  timeoutMs: number;
  /** Requests per token per rolling minute the session allows itself (Deriv: 60). */
  budgetPerMinute: number;
  fetch?: typeof fetch;
}

/**
 * The session's REST calls (`wire.ts`), each within its token's budget and the session's time limit:
 * a spent budget and a server's 429 both answer `rate_limited` with the time to wait, and nothing
 * is sent before that time; no answer in time is `timeout`.
 */
export class BudgetedRest {
  private readonly budgets = new Map<string, RestBudget>();

  constructor(private readonly opts: BudgetedRestOptions) {
    new URL(opts.restUrl); // fail early on a bad endpoint
  }

  /** How many requests this credential may still make in the current minute. */
  remaining(credential: Credential): number {
    return this.budget(currentOnly(credential)).remaining();
  }

  listAccounts(credential: Credential): Promise<AccountList> {
    return this.call(currentOnly(credential), async (wire) =>
      processAccountsResponse(await accountsRequest(this.opts.restUrl, currentOnly(credential), wire), this.processing),
    );
  }

  /** A one-time WebSocket URL for the account. The caller opens it once and forgets it. */
  requestOtp(credential: Credential, accountId: string): Promise<string> {
    const current = currentOnly(credential);
    return this.call(current, async (wire) =>
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
    return this.call(current, async (wire) =>
      processMigrationStatusResponse(
        await migrationStatusRequest(this.opts.restUrl, current, appId, wire),
        this.processing,
      ),
    );
  }

  /** Legacy loginid → the accounts it became (empty: no mapping). */
  legacyAccounts(credential: Credential, appId: string) {
    const current = currentOnly(credential);
    return this.call(current, async (wire) =>
      processLegacyAccountsResponse(
        await legacyAccountsRequest(this.opts.restUrl, current, appId, wire),
        this.processing,
      ),
    );
  }

  private readonly processing = { now: () => this.opts.clock.now() };

  private budget(credential: CurrentCredential): RestBudget {
    const key = bearerOf(credential);
    let b = this.budgets.get(key);
    if (!b) {
      // Budgets are per token; old tokens' budgets go once they are unused for a minute.
      for (const [k, v] of this.budgets) if (v.idle()) this.budgets.delete(k);
      b = new RestBudget(this.opts.budgetPerMinute, this.opts.clock);
      this.budgets.set(key, b);
    }
    return b;
  }

  private async call<T>(credential: CurrentCredential, run: (wire: WireOptions) => Promise<T>): Promise<T> {
    const budget = this.budget(credential);
    const waitUntil = budget.take();
    if (waitUntil !== null)
      throw new WireError('rate_limited', 'The request budget of this credential is spent.', { retryAt: waitUntil });
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
