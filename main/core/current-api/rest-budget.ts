import type { Clock } from '../deriv/ports';

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
