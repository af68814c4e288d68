/**
 * The connection phases of one resilient socket, as a pure state machine: an event and the current
 * state give the next state and the effects to run (dial, arm a timer, abort the attempt in
 * flight…). No clock, no timer, no socket here: the lifecycle owner (`resilient-socket.ts`) feeds
 * it the time and a random draw with each event and runs the effects, so every rule below is tested
 * as plain transitions (test/socket/machine.test.ts).
 *
 *   idle ─start→ connecting ─live→ live ─dropped→ waiting ─due→ connecting …
 *                    │ failed             │ (no network: no_network until `online`)
 *                    └──────→ waiting     └─ a terminal failure (credential refused…) → closed
 *
 * The rules it holds once for both Deriv APIs:
 * - backoff with equal jitter between attempts (`backoff.ts`); it starts afresh only once a
 *   connection stayed live for `healthyAfterMs` (0: as soon as it is live);
 * - at most `maxConnectsPerMinute` attempts in any minute, whatever asks for them (the backoff, a
 *   wake, the network coming back, the user's retry), so a server that drops every socket, or an
 *   OS that repeats its wake and network signals, does not make the app storm Deriv;
 * - a wait the server set (Deriv's `RateLimit`, a 429's `Retry-After`) is never brought forward;
 * - while the OS says there is no network, no attempt is made (none would work, each would count).
 */
import { backoffDelay } from './backoff';

const MINUTE_MS = 60_000;

export interface Limits {
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Live this long → the next drop starts the backoff afresh (0: as soon as it is live). */
  healthyAfterMs: number;
  /** Connection attempts allowed in any 60-second window (the first one included). */
  maxConnectsPerMinute: number;
}

export type Phase = 'idle' | 'connecting' | 'live' | 'waiting' | 'no_network' | 'closed';

/** How a failed attempt counts; the plan of each API says it of its own errors. */
export interface Failure {
  /** For the state and the log: written by the app, never a socket library's text (it may quote a URL). */
  message: string;
  /** No retry will help (a refused credential): the socket closes for good. */
  terminal: boolean;
  /** The server said when to come back: no attempt before then, whatever asks. */
  retryAt: number | null;
  /** The wait is the server's rate limit (shown as such). */
  rateLimited: boolean;
}

export interface SocketState {
  readonly phase: Phase;
  /** Failed attempts since the last healthy connection: the backoff's exponent. */
  readonly attempt: number;
  /** Start times of the attempts of the last minute (for the per-minute cap). */
  readonly connects: readonly number[];
  /** Live: since when. No network: since when it is shown. */
  readonly since: number;
  /** Waiting: when the next attempt is due. */
  readonly nextRetryAt: number;
  /** No attempt before this: the server's own wait (a `RateLimit`, a 429). */
  readonly serverWaitUntil: number;
  /** The current wait is the server's rate limit. */
  readonly rateLimited: boolean;
  readonly lastError: string | null;
  /** The last moment data was known live (null: never since `start`). */
  readonly lastLiveAt: number | null;
  /** Live, but a liveness probe is late (or the OS woke us): the last frame heard. */
  readonly checking: { lastHeardAt: number } | null;
  /** The OS says there is no network. Kept across `start`: it is the OS's, not the connection's. */
  readonly networkDown: boolean;
  /** Connecting and no socket open yet (a handshake begun while the link was down may hang on a lost SYN). */
  readonly dialing: boolean;
}

export type SocketEvent =
  /** Connect from a clean slate (a login): no backoff or cap history holds it back. */
  | { type: 'start'; now: number }
  /** The attempt's socket is open (its handshake runs). */
  | { type: 'opened' }
  /** The handshake succeeded. */
  | { type: 'live'; now: number }
  /** The attempt failed (or the live connection was found unusable). `jitter` ∈ [0, 1]. */
  | { type: 'failed'; now: number; failure: Failure; jitter: number }
  /** The live connection is gone; data was live until `lastHeardAt` (null: until now). */
  | { type: 'dropped'; now: number; lastHeardAt: number | null; message: string; jitter: number }
  /** The retry timer fired. */
  | { type: 'due'; now: number }
  /** The healthy timer of the live connection fired. */
  | { type: 'healthy' }
  /** Try now (a wake, an unlock, the user's retry): probe a live socket, skip the backoff wait. */
  | { type: 'wake'; now: number }
  | { type: 'offline'; now: number }
  | { type: 'online'; now: number }
  /** Liveness: a probe is late / the doubt is over. */
  | { type: 'suspect'; lastHeardAt: number }
  | { type: 'cleared' }
  /** The server answered `RateLimit` on the live connection: nothing before `until`. */
  | { type: 'rate_limited'; until: number }
  | { type: 'stop' };

export type Effect =
  /** Abandon the attempt or connection in flight (if any) and begin a new attempt. */
  | { type: 'dial' }
  /** Abandon the attempt or connection in flight. */
  | { type: 'abort' }
  /** (Re)arm the retry timer; `disarm` clears it. */
  | { type: 'arm'; ms: number }
  | { type: 'disarm' }
  /** The connection is live: keep it alive and watch its liveness; arm the healthy timer if `healthyInMs`. */
  | { type: 'watch'; healthyInMs: number | null }
  /** Probe the live connection now. */
  | { type: 'probe' }
  /** Closed for good. */
  | { type: 'closed'; failure: Failure };

export interface Step {
  state: SocketState;
  effects: Effect[];
}

export const initialState: SocketState = Object.freeze({
  phase: 'idle',
  attempt: 0,
  connects: [],
  since: 0,
  nextRetryAt: 0,
  serverWaitUntil: 0,
  rateLimited: false,
  lastError: null,
  lastLiveAt: null,
  checking: null,
  networkDown: false,
  dialing: false,
}) as SocketState;

/** Why a retry was held back by the cap (shown as the last error). */
export const CAP_MESSAGE = 'Too many reconnects in a minute.';

/** How long until one more attempt fits in the minute's cap (0: now). */
export function capWait(state: SocketState, limits: Limits, now: number): number {
  const recent = state.connects.filter((t) => now - t < MINUTE_MS);
  const max = Math.max(1, limits.maxConnectsPerMinute);
  if (recent.length < max) return 0;
  // Until the oldest attempt that counts against the cap is a minute old.
  return recent[recent.length - max]! + MINUTE_MS - now;
}

export function transition(state: SocketState, event: SocketEvent, limits: Limits): Step {
  const s = state;
  const same: Step = { state: s, effects: [] };
  switch (event.type) {
    case 'start':
      return dial({ ...initialState, networkDown: s.networkDown, connects: [] }, event.now, [{ type: 'disarm' }]);
    case 'stop':
      if (s.phase === 'idle') return same;
      return {
        state: { ...s, phase: 'idle', checking: null, dialing: false },
        effects: [{ type: 'abort' }, { type: 'disarm' }],
      };
    case 'opened':
      return s.phase === 'connecting' ? { state: { ...s, dialing: false }, effects: [] } : same;
    case 'live': {
      if (s.phase !== 'connecting') return same;
      const fresh = limits.healthyAfterMs <= 0;
      return {
        state: {
          ...s,
          phase: 'live',
          since: event.now,
          dialing: false,
          checking: null,
          lastError: null,
          rateLimited: false,
          attempt: fresh ? 0 : s.attempt,
        },
        effects: [{ type: 'watch', healthyInMs: fresh ? null : limits.healthyAfterMs }],
      };
    }
    case 'healthy':
      return s.phase === 'live' ? { state: { ...s, attempt: 0 }, effects: [] } : same;
    case 'failed': {
      if (s.phase !== 'connecting' && s.phase !== 'live') return same;
      const f = event.failure;
      if (f.terminal) {
        return {
          state: { ...s, phase: 'closed', lastError: f.message, checking: null, dialing: false },
          effects: [{ type: 'abort' }, { type: 'disarm' }, { type: 'closed', failure: f }],
        };
      }
      return schedule(s, event.now, f.message, f.retryAt, f.rateLimited, event.jitter, limits);
    }
    case 'dropped': {
      if (s.phase !== 'live') return same;
      const lastLiveAt = event.lastHeardAt ?? event.now;
      return schedule({ ...s, lastLiveAt }, event.now, event.message, null, false, event.jitter, limits);
    }
    case 'due':
      return s.phase === 'waiting' ? dial(s, event.now, []) : same;
    case 'offline':
      if (s.phase === 'live') return { state: { ...s, networkDown: true }, effects: [{ type: 'probe' }] };
      if (s.phase === 'waiting') return noNetwork({ ...s, networkDown: true }, event.now);
      return { state: { ...s, networkDown: true }, effects: [] };
    case 'online':
      return wake({ ...s, networkDown: false }, event.now, limits);
    case 'wake':
      return wake(s, event.now, limits);
    case 'suspect':
      return s.phase === 'live' ? { state: { ...s, checking: { lastHeardAt: event.lastHeardAt } }, effects: [] } : same;
    case 'cleared':
      return s.phase === 'live' && s.checking !== null ? { state: { ...s, checking: null }, effects: [] } : same;
    case 'rate_limited':
      return { state: { ...s, serverWaitUntil: Math.max(s.serverWaitUntil, event.until) }, effects: [] };
  }
}

/** A new attempt begins now: it counts against the cap. */
function dial(s: SocketState, now: number, before: Effect[]): Step {
  const connects = [...s.connects.filter((t) => now - t < MINUTE_MS), now];
  return {
    state: { ...s, phase: 'connecting', connects, checking: null, dialing: true },
    effects: [...before, { type: 'disarm' }, { type: 'dial' }],
  };
}

function noNetwork(s: SocketState, now: number): Step {
  return {
    state: { ...s, phase: 'no_network', since: now, checking: null, dialing: false },
    effects: [{ type: 'abort' }, { type: 'disarm' }],
  };
}

/** The connection was lost or could not be made: wait (backoff, cap, the server's wait), then retry. */
function schedule(
  s: SocketState,
  now: number,
  message: string,
  retryAt: number | null,
  rateLimited: boolean,
  jitter: number,
  limits: Limits,
): Step {
  const base = { ...s, lastError: message, checking: null, dialing: false };
  // Without a network every attempt fails: none is made (nor counted) until the OS says it is back.
  if (s.networkDown) return noNetwork(base, now);
  const attempt = s.attempt + 1;
  const serverWaitUntil = Math.max(s.serverWaitUntil, retryAt ?? 0);
  const delay = Math.max(
    backoffDelay(attempt, { baseMs: limits.backoffBaseMs, capMs: limits.backoffCapMs }, () => jitter),
    capWait(s, limits, now),
    (retryAt ?? 0) - now,
  );
  return {
    state: { ...base, phase: 'waiting', attempt, serverWaitUntil, rateLimited, nextRetryAt: now + delay },
    effects: [{ type: 'abort' }, { type: 'arm', ms: delay }],
  };
}

/**
 * Try now: probe a live socket; skip the backoff wait of a waiting one, but neither the server's
 * wait nor the cap (the cap never brings forward, nor renames, a later retry already planned);
 * restart an attempt still dialing (a lost SYN is retried by TCP after 1 s, 3 s, 7 s…).
 */
function wake(s: SocketState, now: number, limits: Limits): Step {
  if (s.networkDown) return { state: s, effects: [] };
  if (s.phase === 'live') return { state: s, effects: [{ type: 'probe' }] };
  const wait = capWait(s, limits, now);
  if (s.phase === 'connecting') return s.dialing && wait === 0 ? dial(s, now, []) : { state: s, effects: [] };
  if (s.phase !== 'waiting' && s.phase !== 'no_network') return { state: s, effects: [] };
  const waiting = s.phase === 'waiting';
  const serverWait = s.serverWaitUntil - now;
  if (serverWait > 0) {
    if (waiting && s.nextRetryAt >= s.serverWaitUntil) return { state: s, effects: [] };
    const at = Math.max(s.serverWaitUntil, now + wait);
    return {
      state: { ...s, phase: 'waiting', nextRetryAt: at, rateLimited: true },
      effects: [{ type: 'arm', ms: at - now }],
    };
  }
  if (wait > 0) {
    if (waiting && s.nextRetryAt - now >= wait) return { state: s, effects: [] };
    return {
      state: { ...s, phase: 'waiting', nextRetryAt: now + wait, lastError: CAP_MESSAGE, rateLimited: false },
      effects: [{ type: 'arm', ms: wait }],
    };
  }
  return dial(s, now, []);
}
