import { DEFAULT_LIVENESS } from '../socket/liveness';
import type { Clock, Logger, SocketFactory } from '../socket/ports';
import type { SessionEndpoint } from './endpoints';

/** The session's periods and limits; tests shrink them, the logic stays the production one. */
export interface Timing {
  /** Liveness (see liveness.ts): silence before a protocol ping, its timeout, and when to show doubt. */
  livenessQuietMs: number;
  livenessProbeTimeoutMs: number;
  livenessSuspectAfterMs: number;
  /** Keep-alive ping period (Deriv drops sockets idle for 2 minutes). */
  pingIntervalMs: number;
  /** No pong within this → the socket is dead. */
  pongTimeoutMs: number;
  /** Every request's timeout. */
  requestTimeoutMs: number;
  /** WebSocket handshake timeout. */
  openTimeoutMs: number;
  /** Reconnect backoff: first retry within [base/2, base], doubling up to the cap. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Online this long → the backoff starts afresh; defaults to one ping interval. */
  healthyAfterMs?: number;
  /** Connection attempts allowed in any minute, so a server that drops every socket is not stormed. */
  maxConnectsPerMinute: number;
  /** After a `RateLimit` answer: no retry and no caller request before this long. */
  rateLimitBackoffMs: number;
}

export const DEFAULT_TIMING: Timing = {
  livenessQuietMs: DEFAULT_LIVENESS.quietMs,
  livenessProbeTimeoutMs: DEFAULT_LIVENESS.probeTimeoutMs,
  livenessSuspectAfterMs: DEFAULT_LIVENESS.suspectAfterMs,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  openTimeoutMs: 10_000,
  backoffBaseMs: 250,
  backoffCapMs: 30_000,
  maxConnectsPerMinute: 10,
  rateLimitBackoffMs: 15_000,
};

/** What a session is built from; everything but the endpoint has a production default. */
export interface SessionOptions {
  endpoint: SessionEndpoint;
  createSocket?: SocketFactory;
  clock?: Clock;
  logger?: Logger;
  timing?: Partial<Timing>;
  random?: () => number;
}
