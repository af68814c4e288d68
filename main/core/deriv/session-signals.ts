/**
 * What tells the session its socket may be gone before TCP does: the liveness watch (a silent,
 * half-open socket noticed within seconds, see `liveness`) and the OS's signals (wake, unlock,
 * network change, see `main/core/net/os-signals.ts`).
 */
import type { ConnectionState } from '../model';
import type { OsSignal } from '../net/os-signals';
import type { DerivConnection } from './connection';
import { LivenessWatch } from './liveness';
import type { Clock, Logger } from './ports';
import type { RetryScheduler } from './session-retry';
import type { Timing } from './timing';

export type Phase = 'stopped' | 'establishing' | 'online' | 'waiting';

export interface SignalHost {
  phase(): Phase;
  /** The socket in use (null between connections and before a handshake completes). */
  conn(): DerivConnection | null;
  onlineSince(): number;
  retry(): RetryScheduler;
  liveness(): LivenessWatch;
  show(connection: ConnectionState): void;
  /** The liveness watch gave the socket up: data was live until `lastHeardAt`. */
  declareDead(lastHeardAt: number): void;
  establish(): void;
}

/** The liveness watch of a session: runs while online, probes on silence, ends a dead socket. */
export function sessionLiveness(clock: Clock, timing: Timing, logger: Logger, host: SignalHost): LivenessWatch {
  return new LivenessWatch(
    clock,
    {
      quietMs: timing.livenessQuietMs,
      probeTimeoutMs: timing.livenessProbeTimeoutMs,
      suspectAfterMs: timing.livenessSuspectAfterMs,
    },
    {
      probe: () => host.conn()?.probe(),
      dead: ({ lastHeardAt }) => {
        const conn = host.conn();
        if (host.phase() !== 'online' || conn === null) return;
        logger.warn('no answer to a liveness probe; treating the socket as dead', {
          silentMs: clock.now() - lastHeardAt,
        });
        host.declareDead(lastHeardAt);
        conn.terminate('liveness probe unanswered');
      },
      suspect: ({ lastHeardAt }) => {
        if (host.phase() !== 'online') return;
        host.show({ status: 'checking', since: host.onlineSince(), lastHeardAt });
      },
      cleared: () => {
        if (host.phase() !== 'online') return;
        host.show({ status: 'online', since: host.onlineSince() });
      },
    },
  );
}

/**
 * After a wake or a network change the socket is probed at once (online) or the backoff wait is
 * skipped (waiting); while the OS reports no network nothing is attempted and the state says
 * `no_network`, until it returns.
 */
export function applyOsSignal(signal: OsSignal, host: SignalHost): void {
  if (signal === 'suspend') return; // the wake (`resume`) is what needs work
  const retry = host.retry();
  if (signal === 'offline') {
    retry.networkDown = true;
    if (host.phase() === 'online') host.liveness().checkNow();
    else if (host.phase() === 'waiting') {
      retry.clear();
      retry.showNoNetwork();
    }
    return;
  }
  if (signal === 'online') retry.networkDown = false;
  if (retry.networkDown) return;
  if (host.phase() === 'online') host.liveness().checkNow();
  else if (host.phase() === 'waiting') retry.atOnce();
  else if (host.phase() === 'establishing' && host.conn() === null) {
    // A handshake begun while the link was down waits on a lost SYN (TCP retries it after 1 s,
    // 3 s, 7 s…): start a fresh one now rather than wait for that.
    host.establish();
  }
}
