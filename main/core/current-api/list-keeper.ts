/**
 * The account lists' schedule for one run of the current-API session: the first listing of every
 * credential's accounts (transient failures retried with backoff, visibly), then a periodic refresh
 * of list balances within the REST budget. While the OS reports no network nothing is attempted:
 * the first listing waits (shown as `no_network`) and refreshes are skipped, until it returns.
 * One keeper per run: `stop` ends it for good, and its callbacks never fire after that.
 */
import type { ConnectionState } from '../model';
import { backoffDelay } from '../socket/backoff';
import type { Clock } from '../socket/ports';
import type { AccountDirectory } from './account-directory';
import type { CurrentTiming } from './options';
import type { BudgetedRest } from './rest-budget';

export interface ListKeeperDeps {
  dir: AccountDirectory;
  rest: BudgetedRest;
  clock: Clock;
  random: () => number;
  timing: CurrentTiming;
  networkDown(): boolean;
  /** The first listing is not done yet: why (reconnecting, or no network). */
  onWaiting(connection: ConnectionState): void;
  /** Every credential's accounts are listed (first time). */
  onListed(): void;
  /** A refresh brought newer lists. */
  onRefreshed(): void;
}

export class ListKeeper {
  private stopped = false;
  private listed = false;
  private timer: unknown = null;
  private attempt = 0;
  /** The first listing failed while the network was down: it resumes when the network returns. */
  private parked = false;
  /** Deriv (or the request budget) said not before this time: a retry-now does not bring it forward. */
  private notBefore = 0;

  constructor(private readonly deps: ListKeeperDeps) {}

  /** Every credential's accounts were listed once. */
  get done(): boolean {
    return this.listed;
  }

  start(): void {
    void this.listAll();
  }

  /** Skip the backoff wait of the first listing (no effect once listed). */
  retryNow(): void {
    if (this.listed || this.stopped || (this.timer === null && !this.parked)) return;
    if (this.deps.clock.now() < this.notBefore) return;
    this.clearTimer();
    this.parked = false;
    void this.listAll();
  }

  /** The OS says the network went: a waiting first listing stops waiting on a timer. */
  networkGone(): void {
    if (this.listed || this.stopped || this.timer === null) return;
    this.clearTimer();
    this.park();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private async listAll(): Promise<void> {
    const { dir, rest, clock, timing, random } = this.deps;
    const transient = await dir.listMissing(rest, () => this.stopped);
    if (this.stopped) return;
    if (transient) {
      if (this.deps.networkDown()) return this.park();
      this.attempt++;
      const policy = { baseMs: timing.backoffBaseMs, capMs: timing.backoffCapMs };
      const at = Math.max(clock.now() + backoffDelay(this.attempt, policy, random), transient.retryAt ?? 0);
      this.notBefore = transient.code === 'rate_limited' ? at : 0;
      this.deps.onWaiting(
        transient.code === 'rate_limited'
          ? { status: 'rate_limited', until: at, attempt: this.attempt }
          : { status: 'reconnecting', attempt: this.attempt, nextRetryAt: at, lastError: transient.message },
      );
      this.timer = clock.setTimeout(() => {
        this.timer = null;
        void this.listAll();
      }, at - clock.now());
      return;
    }
    this.listed = true;
    this.deps.onListed();
    this.scheduleRefresh(timing.listRefreshMs);
  }

  private park(): void {
    this.parked = true;
    this.deps.onWaiting({ status: 'no_network', since: this.deps.clock.now(), lastLiveAt: null });
  }

  private scheduleRefresh(delay: number): void {
    this.clearTimer();
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, delay);
  }

  /** Refreshes list balances, skipped when it would eat the OTP reserve or there is no network. */
  private async refresh(): Promise<void> {
    const { dir, rest, clock, timing } = this.deps;
    if (this.deps.networkDown()) return this.scheduleRefresh(timing.listRefreshMs);
    const retryAt = await dir.refresh(rest, timing.listReserve, () => this.stopped);
    if (this.stopped) return;
    this.deps.onRefreshed();
    this.scheduleRefresh(Math.max(timing.listRefreshMs, (retryAt ?? 0) - clock.now()));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
