/**
 * Deriv's idle rule on one connection: a `ping` call every interval (Deriv drops sockets idle for
 * two minutes). No answer in time means the socket is dead even if TCP has not noticed: it is
 * terminated, which its owner sees as a close. An error answer still proves the socket alive; a
 * `RateLimit` one is reported so the owner slows down. Runs until the link's signal aborts.
 */
import type { DerivConnection } from './connection';
import { DerivApiError, SessionError } from './errors';
import type { Clock, Logger } from './ports';

/** A connection and the signal that ends everything run for it (the attempt was abandoned). */
export interface Link {
  readonly conn: DerivConnection;
  readonly signal: AbortSignal;
}

export function keepAlive(
  link: Link,
  t: { clock: Clock; logger: Logger; intervalMs: number; pongTimeoutMs: number },
  onRateLimited: () => void,
): void {
  const { conn, signal } = link;
  let timer: unknown = null;
  const arm = () => {
    timer = t.clock.setTimeout(() => {
      timer = null;
      void once();
    }, t.intervalMs);
  };
  const once = async () => {
    if (signal.aborted) return;
    try {
      await conn.call('ping', { ping: 1 }, { timeoutMs: t.pongTimeoutMs });
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof SessionError && error.code === 'timeout') {
        t.logger.warn('no pong; treating the socket as dead', { timeoutMs: t.pongTimeoutMs });
        conn.terminate('pong timeout');
        return;
      }
      if (error instanceof DerivApiError && error.code === 'RateLimit') onRateLimited();
      if (!conn.isOpen) return;
    }
    if (!signal.aborted) arm();
  };
  if (signal.aborted) return;
  signal.addEventListener('abort', () => {
    if (timer !== null) t.clock.clearTimeout(timer);
    timer = null;
  });
  arm();
}
