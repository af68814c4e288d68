/**
 * At most a fixed number of connection attempts in any 60-second window, whatever asks for them
 * (the backoff, an OS signal, the user's retry): a server that drops every socket, or an OS that
 * repeats its wake and network signals, must not make the app storm Deriv. Shared by the v3
 * session's reconnect policy and each current-API account socket.
 */
import type { Clock } from './ports';

const MINUTE_MS = 60_000;

export class ConnectWindow {
  private connects: number[] = [];

  constructor(
    private readonly maxPerMinute: number,
    private readonly clock: Clock,
  ) {}

  /** A connection attempt begins now. */
  record(): void {
    this.connects.push(this.clock.now());
  }

  clear(): void {
    this.connects = [];
  }

  /** How long until one more attempt fits in the window (0: now). */
  waitMs(): number {
    const now = this.clock.now();
    this.connects = this.connects.filter((t) => now - t < MINUTE_MS);
    const max = Math.max(1, this.maxPerMinute);
    if (this.connects.length < max) return 0;
    // Until the oldest attempt that counts against the cap is a minute old.
    return this.connects[this.connects.length - max]! + MINUTE_MS - now;
  }
}
