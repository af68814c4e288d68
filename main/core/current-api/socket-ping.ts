/**
 * Deriv's idle rule on one account socket: a `ping` every interval (Deriv drops sockets idle for
 * two minutes); no `pong` in time means the socket is dead even if TCP has not noticed, so it is
 * terminated and the owner told, which starts its reconnect.
 */
import type { DerivConnection } from '../deriv/connection';
import type { Clock } from '../deriv/ports';

export class SocketPing {
  private timer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly timing: { pingIntervalMs: number; pongTimeoutMs: number },
  ) {}

  /** Pings `conn` every interval while `current()` holds; `dead()` once a pong is missing. */
  start(conn: DerivConnection, current: () => boolean, dead: () => void): void {
    this.stop();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.once(conn, current, dead);
    }, this.timing.pingIntervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async once(conn: DerivConnection, current: () => boolean, dead: () => void): Promise<void> {
    if (!current()) return;
    try {
      await conn.request({ ping: 1 }, { timeoutMs: this.timing.pongTimeoutMs });
      if (current()) this.start(conn, current, dead);
    } catch {
      if (!current()) return;
      conn.terminate('no pong');
      dead();
    }
  }
}
