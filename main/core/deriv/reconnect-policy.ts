/**
 * When to reconnect. Backoff with jitter between attempts; the backoff resets only once a
 * connection has stayed healthy for a while, and at most a fixed number of connection attempts
 * fit in any minute. A server that accepts, answers `authorize`, then drops the socket would
 * otherwise be reconnected every few hundred milliseconds forever, every token re-sent each time.
 */
import { backoffDelay } from './backoff';
import { ConnectWindow } from './connect-window';
import type { Clock } from './ports';

export interface ReconnectLimits {
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A connection online this long is healthy: the next drop starts the backoff afresh. */
  healthyAfterMs: number;
  /** Connection attempts allowed in any 60-second window (the first connect included). */
  maxConnectsPerMinute: number;
}

export class ReconnectPolicy {
  private attempt = 0;
  private readonly window: ConnectWindow;
  private healthyTimer: unknown = null;

  constructor(
    private readonly limits: ReconnectLimits,
    private readonly clock: Clock,
    private readonly random: () => number,
  ) {
    this.window = new ConnectWindow(limits.maxConnectsPerMinute, clock);
  }

  /** A fresh start (a login, a new account list from the user): no history holds it back. */
  reset(): void {
    this.cancelHealthy();
    this.attempt = 0;
    this.window.clear();
  }

  /** A connection attempt begins now. */
  connecting(): void {
    this.cancelHealthy();
    this.window.record();
  }

  /** The connection is online: once it stays so for `healthyAfterMs`, the backoff starts afresh. */
  online(): void {
    this.cancelHealthy();
    this.healthyTimer = this.clock.setTimeout(() => {
      this.healthyTimer = null;
      this.attempt = 0;
    }, this.limits.healthyAfterMs);
  }

  /** Attempts since the last healthy connection. */
  get attempts(): number {
    return this.attempt;
  }

  /** How long until one more connect fits in the minute's cap (0: now). */
  waitForSlot(): number {
    return this.window.waitMs();
  }

  /** The connection was lost or an attempt failed: which attempt comes next, and after how long. */
  next(minDelayMs = 0): { attempt: number; delayMs: number } {
    this.cancelHealthy();
    this.attempt++;
    const delayMs = Math.max(
      minDelayMs,
      backoffDelay(this.attempt, { baseMs: this.limits.backoffBaseMs, capMs: this.limits.backoffCapMs }, this.random),
      this.window.waitMs(),
    );
    return { attempt: this.attempt, delayMs };
  }

  private cancelHealthy(): void {
    if (this.healthyTimer !== null) this.clock.clearTimeout(this.healthyTimer);
    this.healthyTimer = null;
  }
}
