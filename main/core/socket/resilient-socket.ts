/**
 * One self-healing socket to a Deriv API, the one both APIs use: connect → handshake → live →
 * (dropped) → wait (backoff, per-minute cap, the server's wait) → connect again, with Deriv's
 * keep-alive (`keep-alive.ts`), the liveness rule (`liveness.ts`: a silent, half-open socket is found
 * dead within ~5 s) and the OS's signals (sleep/wake, network gone/back) built in once.
 *
 * What differs between the APIs is a `SocketPlan`: how to dial (a fixed URL for the legacy API, a
 * fresh OTP URL per attempt for the current one), what must succeed once open (authorize every
 * token and subscribe to balances; nothing, the balance stream runs beside), and how a failure counts
 * (retry, wait for the server, or stop for good).
 *
 * The phases are the pure state machine of `machine.ts`; this file runs its effects. Each
 * connection attempt has its own `AbortController`: everything started for an attempt (the dial,
 * the handshake, keep-alive, liveness, the healthy timer) checks or listens to its signal, so
 * abandoning an attempt is one `abort()` and nothing of an older attempt can act on a newer one.
 */
import { type ConnectionOptions, DerivConnection, type DerivMessage } from './connection';
import { SessionError } from './errors';
import { keepAlive, type Link } from './keep-alive';
import { LivenessWatch } from './liveness';
import { type Effect, type Failure, initialState, type SocketEvent, type SocketState, transition } from './machine';
import type { Clock, Logger, SocketFactory } from './ports';

export type { Link } from './keep-alive';
export type { Failure, SocketState } from './machine';

/** What makes a socket the legacy session's or a current-API account's. */
export interface SocketPlan {
  /** Where to connect for one attempt. May fail with a typed error (a refused credential, a 429 …). */
  url(signal: AbortSignal): Promise<string>;
  /** What must succeed on a fresh connection before it is live (authorize, subscribe…). */
  handshake(link: Link): Promise<void>;
  /** How a failed attempt counts. */
  failure(error: unknown): Failure;
  /** A frame on the connection that no request waits for (a stray stream, a late answer). */
  unmatched?(link: Link, message: DerivMessage): void;
}

export interface SocketTiming {
  /** WebSocket handshake timeout. */
  openTimeoutMs: number;
  /** Keep-alive `ping` period (Deriv drops sockets idle for 2 minutes) and its timeout. */
  pingIntervalMs: number;
  pongTimeoutMs: number;
  /** Reconnect backoff: first retry within [base/2, base], doubling up to the cap. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Live this long → the backoff starts afresh (0: as soon as it is live). */
  healthyAfterMs: number;
  /** Connection attempts allowed in any minute, whatever asks for them. */
  maxConnectsPerMinute: number;
  /** After a `RateLimit` answer on the live connection: no attempt before this long. */
  rateLimitBackoffMs: number;
  /** Liveness (see liveness.ts): silence before a protocol ping, its timeout, and when to show doubt. */
  livenessQuietMs: number;
  livenessProbeTimeoutMs: number;
  livenessSuspectAfterMs: number;
}

export interface ResilientSocketOptions {
  plan: SocketPlan;
  factory: SocketFactory;
  clock: Clock;
  logger: Logger;
  timing: SocketTiming;
  random: () => number;
}

/** A socket opened before it is needed (see `preconnect`). */
interface Warm {
  /** Its keep-alive ping timer while nobody owns it. */
  timer: unknown;
  opened: Promise<DerivConnection | null>;
  conn: DerivConnection | null;
}

export class ResilientSocket {
  private current: SocketState = initialState;
  /** The attempt in flight, or the live connection's. */
  private attempt: AbortController | null = null;
  private connection: Link | null = null;
  private retryTimer: unknown = null;
  private warm: Warm | null = null;
  private closedBy: unknown = null;
  /** The error of the last failed attempt (what closes the socket when it is terminal). */
  private failedWith: unknown = null;
  /** `stop` is under way: the connection is closed politely (a close frame), not terminated. */
  private closing = false;
  private readonly listeners = new Set<(state: SocketState) => void>();
  /** Connections that went live so far (for tests and benches). */
  connections = 0;

  constructor(private readonly o: ResilientSocketOptions) {}

  get state(): SocketState {
    return this.current;
  }

  /** The live connection, or null when not live. */
  get link(): Link | null {
    return this.current.phase === 'live' ? this.connection : null;
  }

  /** The error that closed the socket for good (phase `closed`). */
  get closedError(): unknown {
    return this.closedBy;
  }

  onChange(listener: (state: SocketState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connect from a clean slate (a login): no backoff or cap history holds it back. */
  start(): void {
    this.closedBy = null;
    this.dispatch({ type: 'start', now: this.o.clock.now() });
  }

  /** Close the connection (politely) and stop reconnecting. */
  stop(): void {
    this.closing = true;
    try {
      this.dispatch({ type: 'stop' });
    } finally {
      this.closing = false;
    }
  }

  /** Try now: probe a live socket, skip a backoff wait (never the server's wait nor the cap). */
  wake(): void {
    this.dispatch({ type: 'wake', now: this.o.clock.now() });
  }

  network(available: boolean): void {
    this.dispatch({ type: available ? 'online' : 'offline', now: this.o.clock.now() });
  }

  /** The server answered `RateLimit` to a caller: no attempt before the rate-limit period. */
  rateLimited(): void {
    this.dispatch({ type: 'rate_limited', until: this.o.clock.now() + this.o.timing.rateLimitBackoffMs });
  }

  /** The owner found the live connection unusable (e.g. its balance stream was refused): fail it as an attempt. */
  reject(link: Link, error: unknown): void {
    if (link.signal.aborted || this.connection !== link) return;
    this.failedWith = error;
    this.dispatch({
      type: 'failed',
      now: this.o.clock.now(),
      failure: this.o.plan.failure(error),
      jitter: this.jitter(),
    });
  }

  /**
   * Open a connection before it is needed (the login window is open), so that `start` costs only
   * the handshake. Kept alive until adopted; resolves when open or not (never rejects); no-op
   * unless idle.
   */
  preconnect(): Promise<void> {
    if (this.current.phase !== 'idle') return Promise.resolve();
    if (this.warm === null) {
      const warm: Warm = { timer: null, opened: Promise.resolve(null), conn: null };
      const signal = new AbortController().signal; // a pre-opened connection is never abandoned midway
      warm.opened = this.dial(signal, {
        onActivity: () => undefined,
        onUnmatched: () => undefined,
        onClose: () => this.forgetWarm(warm),
      }).then(
        async (conn) => {
          // One ping first: the connection is proven before anyone counts on it.
          if (!(await this.pingWarm(warm, conn))) {
            conn.terminate('pre-connect ping failed');
            return null;
          }
          warm.conn = conn;
          return conn;
        },
        () => {
          this.forgetWarm(warm);
          return null;
        },
      );
      this.warm = warm;
    }
    return this.warm.opened.then(() => undefined);
  }

  /** Close a pre-opened connection nobody adopted. */
  dropWarm(): void {
    const warm = this.warm;
    if (warm === null) return;
    this.forgetWarm(warm);
    void warm.opened.then((c) => c?.close());
  }

  /**
   * Keeps a pre-opened connection alive while nobody owns it (Deriv drops sockets idle for two
   * minutes): a ping now, then every interval; no answer tears it down. True while it is alive.
   */
  private async pingWarm(warm: Warm, conn: DerivConnection): Promise<boolean> {
    const { pongTimeoutMs, pingIntervalMs } = this.o.timing;
    const alive = await conn.call('ping', { ping: 1 }, { timeoutMs: pongTimeoutMs }).then(
      () => true,
      () => false,
    );
    if (this.warm !== warm) return alive; // adopted meanwhile: the attempt's keep-alive decides
    if (!alive) {
      if (conn.isOpen) conn.terminate('pre-connect ping failed');
      this.forgetWarm(warm);
      return false;
    }
    warm.timer = this.o.clock.setTimeout(() => {
      warm.timer = null;
      if (this.warm === warm && conn.isOpen) void this.pingWarm(warm, conn);
    }, pingIntervalMs);
    return true;
  }

  /** The pre-opened connection is no longer ours to keep alive (adopted, dropped or gone). */
  private forgetWarm(warm: Warm): void {
    if (warm.timer !== null) this.o.clock.clearTimeout(warm.timer);
    warm.timer = null;
    if (this.warm === warm) this.warm = null;
  }

  // ───────────────────────────── the machine ─────────────────────────────

  private dispatch(event: SocketEvent): void {
    const { state, effects } = transition(this.current, event, this.o.timing);
    // `opened` changes only `dialing`, which no owner shows: listeners hear of it with the next change.
    const changed = state !== this.current && event.type !== 'opened';
    this.current = state;
    // Listeners of a `closed` state read why at once.
    if (effects.some((e) => e.type === 'closed')) this.closedBy = this.failedWith;
    if (changed) for (const l of [...this.listeners]) this.safely(() => l(state));
    for (const effect of effects) this.run(effect);
  }

  private run(effect: Effect): void {
    switch (effect.type) {
      case 'dial':
        this.abandon();
        void this.connect((this.attempt = new AbortController()));
        return;
      case 'abort':
        return this.abandon();
      case 'arm':
        this.disarm();
        this.retryTimer = this.o.clock.setTimeout(() => {
          this.retryTimer = null;
          this.dispatch({ type: 'due', now: this.o.clock.now() });
        }, effect.ms);
        return;
      case 'disarm':
        return this.disarm();
      case 'watch':
        if (this.connection !== null) this.watch(this.connection, effect.healthyInMs);
        return;
      case 'probe':
        this.probe?.();
        return;
      case 'closed':
        this.o.logger.info('socket closed for good', { error: effect.failure.message });
        return;
    }
  }

  /**
   * Abandon the attempt or connection in flight: its signal aborts (everything run for it stops)
   * and its connection goes, politely on a stop, torn down otherwise (it failed or is replaced).
   */
  private abandon(): void {
    const ac = this.attempt;
    const conn = this.connection?.conn;
    this.attempt = null;
    this.connection = null;
    this.heard = null;
    this.probe = null;
    ac?.abort();
    if (this.closing) conn?.close();
    else conn?.terminate('attempt abandoned');
  }

  private disarm(): void {
    if (this.retryTimer !== null) this.o.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  // ───────────────────────────── one attempt ─────────────────────────────

  private async connect(ac: AbortController): Promise<void> {
    const { signal } = ac;
    try {
      // A ready pre-opened connection is adopted synchronously: the handshake leaves within start().
      const conn = this.adoptWarm(signal) ?? (await this.adoptWarmLater(signal)) ?? (await this.dial(signal));
      if (signal.aborted) return conn.close();
      const link: Link = { conn, signal };
      this.connection = link;
      this.dispatch({ type: 'opened' });
      await this.o.plan.handshake(link);
      if (signal.aborted) return;
      this.connections++;
      this.dispatch({ type: 'live', now: this.o.clock.now() });
    } catch (error) {
      if (signal.aborted) return;
      const failure = this.o.plan.failure(error);
      this.o.logger.info('connection attempt failed', { error: failure.message });
      this.failedWith = error;
      this.dispatch({ type: 'failed', now: this.o.clock.now(), failure, jitter: this.jitter() });
    }
  }

  /** A fresh connection for `signal`'s attempt (the URL, an OTP one maybe, is used once and dropped). */
  private async dial(signal: AbortSignal, handlers: Handlers = this.handlers(signal)): Promise<DerivConnection> {
    const url = await this.o.plan.url(signal);
    if (signal.aborted) throw new SessionError('closed', 'The attempt was abandoned.');
    const { factory, clock, logger, timing } = this.o;
    return DerivConnection.open(url, { factory, clock, logger, openTimeoutMs: timing.openTimeoutMs, ...handlers });
  }

  /** What a connection of `signal`'s attempt reports, while that attempt is the current one. */
  private handlers(signal: AbortSignal): Handlers {
    return {
      onActivity: () => {
        if (!signal.aborted) this.heard?.();
      },
      onUnmatched: (message) => {
        this.o.logger.debug('unmatched frame', { msg_type: message.msg_type, req_id: message.req_id ?? null });
        const link = this.connection;
        if (!signal.aborted && link?.signal === signal) this.o.plan.unmatched?.(link, message);
      },
      onClose: ({ code }) => {
        if (signal.aborted) return;
        const now = this.o.clock.now();
        if (this.current.phase === 'live') {
          this.o.logger.info('connection lost', { code });
          const lastHeardAt = this.deadSince;
          this.dispatch({
            type: 'dropped',
            now,
            lastHeardAt,
            message: 'The connection was lost.',
            jitter: this.jitter(),
          });
          return;
        }
        // Before it opened, `DerivConnection.open` rejects with the reason; during the handshake
        // its request rejects too: whichever comes first counts, the other finds the signal aborted.
        if (this.connection?.signal !== signal) return;
        const failure = this.o.plan.failure(new SessionError('connection_closed', `Connection closed (${code}).`));
        this.dispatch({ type: 'failed', now, failure, jitter: this.jitter() });
      },
    };
  }

  /** Keep-alive, liveness and the healthy timer of a live connection, all ended by its signal. */
  private watch(link: Link, healthyInMs: number | null): void {
    const { clock, logger, timing: t } = this.o;
    const { signal } = link;
    this.deadSince = null;
    const liveness = new LivenessWatch(
      clock,
      {
        quietMs: t.livenessQuietMs,
        probeTimeoutMs: t.livenessProbeTimeoutMs,
        suspectAfterMs: t.livenessSuspectAfterMs,
      },
      {
        probe: () => link.conn.probe(),
        dead: ({ lastHeardAt }) => {
          if (signal.aborted) return;
          logger.warn('no answer to a liveness probe; treating the socket as dead', {
            silentMs: clock.now() - lastHeardAt,
          });
          this.deadSince = lastHeardAt;
          link.conn.terminate('liveness probe unanswered');
        },
        suspect: ({ lastHeardAt }) => {
          if (!signal.aborted) this.dispatch({ type: 'suspect', lastHeardAt });
        },
        cleared: () => {
          if (!signal.aborted) this.dispatch({ type: 'cleared' });
        },
      },
    );
    liveness.start();
    this.heard = () => liveness.heard();
    this.probe = () => liveness.checkNow();
    let healthy: unknown = null;
    if (healthyInMs !== null) {
      healthy = clock.setTimeout(() => {
        healthy = null;
        if (!signal.aborted) this.dispatch({ type: 'healthy' });
      }, healthyInMs);
    }
    signal.addEventListener('abort', () => {
      liveness.stop();
      if (healthy !== null) clock.clearTimeout(healthy);
    });
    keepAlive(link, this.keepAliveTiming(), () => this.rateLimited());
  }

  private keepAliveTiming() {
    const { clock, logger, timing } = this.o;
    return { clock, logger, intervalMs: timing.pingIntervalMs, pongTimeoutMs: timing.pongTimeoutMs };
  }

  /** The pre-opened connection if it is open right now, handed to `signal`'s attempt. */
  private adoptWarm(signal: AbortSignal): DerivConnection | null {
    const warm = this.warm;
    if (warm === null || warm.conn === null || !warm.conn.isOpen) return null;
    this.forgetWarm(warm);
    warm.conn.listen(this.handlers(signal));
    return warm.conn;
  }

  /** A pre-opened connection still opening: wait for it, adopt it if it opened. */
  private async adoptWarmLater(signal: AbortSignal): Promise<DerivConnection | null> {
    const warm = this.warm;
    if (warm === null) return null;
    this.forgetWarm(warm);
    const conn = await warm.opened;
    if (conn === null || !conn.isOpen) return null;
    conn.listen(this.handlers(signal));
    return conn;
  }

  private heard: (() => void) | null = null;
  private probe: (() => void) | null = null;
  /** Set when the liveness watch declares the live connection dead: data was live until its last frame. */
  private deadSince: number | null = null;

  private jitter(): number {
    return this.o.random();
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.o.logger.error('socket listener threw', { error: (error as Error).message });
    }
  }
}

type Handlers = Required<Pick<ConnectionOptions, 'onActivity' | 'onUnmatched' | 'onClose'>>;
