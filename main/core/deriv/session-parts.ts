/**
 * The parts a `DerivSession` delegates to, wired to it through one host: what each part sees of
 * the session and what it may ask of it. Kept here so that session.ts reads as the connection
 * lifecycle and nothing else.
 */
import type { AccountList } from './account-list';
import { type AuthorizeHost, Authorizer } from './authorize-all';
import { BalanceStream } from './balance-stream';
import type { DerivConnection } from './connection';
import { KeepAlive } from './keep-alive';
import type { LivenessWatch } from './liveness';
import type { Clock, Logger } from './ports';
import { RetryScheduler } from './session-retry';
import { sessionLiveness, type SignalHost } from './session-signals';
import type { Timing } from './timing';
import { type SocketOwner, WarmSocket } from './warm-socket';

export interface SessionHost extends SignalHost, Omit<AuthorizeHost, 'accounts' | 'logger' | 'clock' | 'timeoutMs'> {
  lastLiveAt(): number | null;
  /** Connect now if the session is still waiting (the retry timer fired). */
  retryIfWaiting(): void;
  openConnection(owner: SocketOwner): Promise<DerivConnection>;
}

export interface SessionParts {
  retry: RetryScheduler;
  keepAlive: KeepAlive;
  balances: BalanceStream;
  authorizer: Authorizer;
  /** Notices a silent (half-open) socket within seconds; runs while online (see liveness.ts). */
  liveness: LivenessWatch;
  warm: WarmSocket;
}

export function sessionParts(
  c: { clock: Clock; logger: Logger; timing: Timing; random: () => number; accounts: AccountList },
  host: SessionHost,
): SessionParts {
  const { clock, logger, timing: t } = c;
  const retry = new RetryScheduler({
    clock,
    timing: t,
    random: c.random,
    show: (connection) => host.show(connection),
    retry: () => host.retryIfWaiting(),
    lastLiveAt: () => host.lastLiveAt(),
  });
  const authorizer = new Authorizer({ ...host, accounts: c.accounts, logger, clock, timeoutMs: t.requestTimeoutMs });
  return {
    retry,
    keepAlive: new KeepAlive({
      clock,
      logger,
      intervalMs: t.pingIntervalMs,
      pongTimeoutMs: t.pongTimeoutMs,
      onRateLimited: () => retry.rateLimited(),
    }),
    balances: new BalanceStream({
      logger,
      requestTimeoutMs: t.requestTimeoutMs,
      onBalances: (balances) => host.dispatch({ type: 'balances', balances }),
      onRefused: () => void authorizer.reauthorize('balance stream refused').catch(() => undefined),
    }),
    authorizer,
    liveness: sessionLiveness(clock, t, logger, host),
    warm: new WarmSocket({
      open: (owner) => host.openConnection(owner),
      clock,
      pingIntervalMs: t.pingIntervalMs,
      pongTimeoutMs: t.pongTimeoutMs,
    }),
  };
}
