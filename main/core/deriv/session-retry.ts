/**
 * The session's waiting phase: when the next connect happens and what the snapshot says meanwhile.
 * Backoff (see `reconnect-policy`), Deriv's `RateLimit` wait, and no attempt at all while the OS
 * reports no network (every attempt would fail, and count against the cap for nothing).
 */
import type { ConnectionState } from '../model';
import { DerivApiError } from './errors';
import type { Clock } from './ports';
import { ReconnectPolicy } from './reconnect-policy';
import type { Timing } from './timing';

export interface RetryHost {
  clock: Clock;
  timing: Timing;
  random: () => number;
  /** Publish the connection state. */
  show(connection: ConnectionState): void;
  /** Connect now, if the session is still waiting. */
  retry(): void;
  lastLiveAt(): number | null;
}

export class RetryScheduler {
  readonly reconnect: ReconnectPolicy;
  rateLimitedUntil = 0;
  /** The OS says there is no network: no attempt is made (none would work) until it returns. */
  networkDown = false;
  private timer: unknown = null;

  constructor(private readonly host: RetryHost) {
    const t = host.timing;
    this.reconnect = new ReconnectPolicy(
      { ...t, healthyAfterMs: t.healthyAfterMs ?? t.pingIntervalMs },
      host.clock,
      host.random,
    );
  }

  /** Deriv answered `RateLimit`: no request nor connect before its backoff has passed. */
  rateLimited(): void {
    this.rateLimitedUntil = this.host.clock.now() + this.host.timing.rateLimitBackoffMs;
  }

  /** The connection was lost or could not be made: wait, then retry (none while no network). */
  schedule(error: unknown, lastError: string): void {
    this.clear();
    if (this.networkDown) {
      this.showNoNetwork();
      return;
    }
    const { clock, timing } = this.host;
    const rateLimited = error instanceof DerivApiError && error.code === 'RateLimit';
    if (rateLimited) this.rateLimited();
    const { attempt, delayMs } = this.reconnect.next(rateLimited ? timing.rateLimitBackoffMs : 0);
    const nextRetryAt = clock.now() + delayMs;
    this.host.show({ status: 'reconnecting', attempt, nextRetryAt, lastError, lastLiveAt: this.host.lastLiveAt() });
    this.arm(delayMs);
  }

  /**
   * Skip the backoff wait, but neither Deriv's `RateLimit` wait nor the cap on connects per minute:
   * a wake or a flapping network does not override them.
   */
  atOnce(): void {
    this.clear();
    const now = this.host.clock.now();
    const until = Math.max(this.rateLimitedUntil, now + this.reconnect.waitForSlot());
    if (until <= now) {
      this.host.retry();
      return;
    }
    this.host.show({
      status: 'reconnecting',
      attempt: this.reconnect.attempts,
      nextRetryAt: until,
      lastError:
        until === this.rateLimitedUntil ? 'Rate limited by the Deriv server.' : 'Too many reconnects in a minute.',
      lastLiveAt: this.host.lastLiveAt(),
    });
    this.arm(until - now);
  }

  showNoNetwork(): void {
    this.host.show({ status: 'no_network', since: this.host.clock.now(), lastLiveAt: this.host.lastLiveAt() });
  }

  clear(): void {
    if (this.timer !== null) this.host.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(delayMs: number): void {
    this.timer = this.host.clock.setTimeout(() => {
      this.timer = null;
      this.host.retry();
    }, delayMs);
  }
}
