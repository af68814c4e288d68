/**
 * Keep-alive of the session's socket: a `ping` every interval (Deriv drops sockets idle for 2
 * minutes); no `pong` within the timeout means the socket is dead and is terminated, which the
 * session sees as a lost connection and reconnects.
 */
import type { DerivConnection } from './connection';
import { DerivApiError, SessionError } from './errors';
import type { Clock, Logger } from './ports';

export interface KeepAliveDeps {
  clock: Clock;
  logger: Logger;
  intervalMs: number;
  pongTimeoutMs: number;
  /** An answer of `RateLimit` to a ping: alive, but the session should slow down. */
  onRateLimited(): void;
}

export class KeepAlive {
  private timer: unknown = null;

  constructor(private readonly deps: KeepAliveDeps) {}

  /** Pings `conn` every interval while `current()` holds (the connection is still the session's). */
  start(conn: DerivConnection, current: () => boolean): void {
    this.stop();
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.pingOnce(conn, current);
    }, this.deps.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async pingOnce(conn: DerivConnection, current: () => boolean): Promise<void> {
    if (!current()) return;
    try {
      await conn.call('ping', { ping: 1 }, { timeoutMs: this.deps.pongTimeoutMs });
    } catch (error) {
      if (!current()) return;
      if (error instanceof SessionError && error.code === 'timeout') {
        this.deps.logger.warn('no pong; treating the socket as dead', { timeoutMs: this.deps.pongTimeoutMs });
        conn.terminate('pong timeout');
        return;
      }
      // An error answer still proves the socket alive.
      if (error instanceof DerivApiError && error.code === 'RateLimit') this.deps.onRateLimited();
    }
    if (current()) this.start(conn, current);
  }
}
