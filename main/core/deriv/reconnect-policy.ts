/**
 * When to reconnect. Backoff with jitter between attempts; the backoff resets only once a
 * connection has stayed healthy for a while, and at most a fixed number of connection attempts
 * fit in any minute. A server that accepts, answers `authorize`, then drops the socket would
 * otherwise be reconnected every few hundred milliseconds forever, every token re-sent each time.
 */
import { backoffDelay } from './backoff';
import type { Clock } from './ports';

export interface ReconnectLimits {
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A connection online this long is healthy: the next drop starts the backoff afresh. */
  healthyAfterMs: number;
  /** Connection attempts allowed in any 60-second window (the first connect included). */
  maxConnectsPerMinute: number;
}

const MINUTE_MS = 60_000;

export class ReconnectPolicy {
  private attempt = 0;
  private connects: number[] = [];
  private healthyTimer: unknown = null;

  constructor(
    private readonly limits: ReconnectLimits,
    private readonly clock: Clock,
    private readonly random: () => number,
  ) {}

  /** A fresh start (a login, a new account list from the user): no history holds it back. */
  reset(): void {
    this.cancelHealthy();
    this.attempt = 0;
    this.connects = [];
  }

  /** A connection attempt begins now. */
  connecting(): void {
    this.cancelHealthy();
    this.connects.push(this.clock.now());
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
    const now = this.clock.now();
    this.connects = this.connects.filter((t) => now - t < MINUTE_MS);
    const max = Math.max(1, this.limits.maxConnectsPerMinute);
    if (this.connects.length < max) return 0;
    return this.connects[this.connects.length - max]! + MINUTE_MS - now;
  }

  /** The connection was lost or an attempt failed: which attempt comes next, and after how long. */
  next(minDelayMs = 0): { attempt: number; delayMs: number } {
    this.cancelHealthy();
    this.attempt++;
    let delayMs = Math.max(
      minDelayMs,
      backoffDelay(this.attempt, { baseMs: this.limits.backoffBaseMs, capMs: this.limits.backoffCapMs }, this.random),
    );
    const now = this.clock.now();
    this.connects = this.connects.filter((t) => now - t < MINUTE_MS);
    const max = Math.max(1, this.limits.maxConnectsPerMinute);
    if (this.connects.length >= max) {
      // Wait until the oldest attempt of the window is a minute old.
      const oldest = this.connects[this.connects.length - max]!;
      delayMs = Math.max(delayMs, oldest + MINUTE_MS - now);
    }
    return { attempt: this.attempt, delayMs };
  }

  private cancelHealthy(): void {
    if (this.healthyTimer !== null) this.clock.clearTimeout(this.healthyTimer);
    this.healthyTimer = null;
  }
}
