/**
 * One account's socket on the current API, for as long as the account is open: each connection
 * is made through a fresh OTP (a consumed OTP URL is never reopened, logged or kept: it lives in
 * one local variable between the REST answer and the connect), its balance subscribed once per
 * connection, kept alive with pings (Deriv's idle rule), watched by the same `LivenessWatch` as the
 * v3 session (a silent, half-open socket is found dead within seconds), and replaced with backoff +
 * jitter when it drops. OS signals: a wake probes it at once or skips the backoff wait, never the
 * cap on connects per minute; while there is no network, no attempt (no OTP, no connect) is made.
 */
import { BackendError, type BackendErrorCode } from '../backend/port';
import { backoffDelay } from '../deriv/backoff';
import { ConnectWindow } from '../deriv/connect-window';
import { DerivConnection, type DerivMessage } from '../deriv/connection';
import { SessionError } from '../deriv/errors';
import { LivenessWatch } from '../deriv/liveness';
import type { Clock, Logger, SocketFactory } from '../deriv/ports';
import { faultOf } from './refusal';
import { SocketPing } from './socket-ping';
import { WireError } from './wire';

export interface SocketTiming {
  openTimeoutMs: number;
  requestTimeoutMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Connection attempts (each a fresh OTP) allowed in any minute, however many signals ask for one. */
  maxConnectsPerMinute: number;
  /** Liveness (see deriv/liveness.ts): silence before a protocol ping, its timeout, when to show doubt. */
  livenessQuietMs: number;
  livenessProbeTimeoutMs: number;
  livenessSuspectAfterMs: number;
}

/** `no_network`: it would be waiting to reconnect, but the OS says there is no network. */
export type SocketStatus = 'connecting' | 'open' | 'waiting' | 'no_network' | 'closed';

export interface AccountSocketDeps {
  accountId: string;
  /** A fresh one-time socket URL for this account (REST, with the current credential). */
  getOtpUrl(): Promise<string>;
  factory: SocketFactory;
  clock: Clock;
  logger: Logger;
  timing: SocketTiming;
  random: () => number;
  /** The OS reports no network: no attempt is made. */
  networkDown(): boolean;
  onChange(): void;
  onBalance(accountId: string, balance: number): void;
  /** The credential was refused (401/403) or the account cannot be opened: stop, needs login. */
  onTerminal(accountId: string, error: WireError): void;
}

/** Calls only the socket itself makes, or that the API refuses on OTP sockets. */
const RESERVED = ['authorize', 'loginid', 'req_id', 'tokens', 'logout'];

export class AccountSocket {
  status: SocketStatus = 'connecting';
  attempt = 0;
  nextRetryAt = 0;
  lastError: string | null = null;
  /** The last failure was a rate limit (429 or the request budget): waiting until `nextRetryAt`. */
  rateLimited = false;
  /** Connections opened so far (for tests and benches: one per OTP). */
  connections = 0;
  /** Open but a liveness probe is late (or the OS woke us): the last frame heard, else null. */
  checking: { lastHeardAt: number } | null = null;
  /** The last moment this socket's data was known live (null: never yet); shown with stale data. */
  lastLiveAt: number | null = null;
  /** Since when `no_network` is shown. */
  noNetworkSince = 0;
  private conn: DerivConnection | null = null;
  private gen = 0;
  private retryTimer: unknown = null;
  private readyWaiters: (() => void)[] = [];
  private readonly liveness: LivenessWatch;
  private readonly window: ConnectWindow;
  private readonly ping: SocketPing;
  /** Set when the liveness watch declares the socket dead: data was live until the last frame. */
  private deadSince: number | null = null;

  constructor(private readonly deps: AccountSocketDeps) {
    const t = deps.timing;
    this.window = new ConnectWindow(t.maxConnectsPerMinute, deps.clock);
    this.ping = new SocketPing(deps.clock, t);
    const checking = (value: { lastHeardAt: number } | null) => {
      this.checking = value;
      this.deps.onChange();
    };
    const { livenessQuietMs: quietMs, livenessProbeTimeoutMs: probeTimeoutMs } = t;
    this.liveness = new LivenessWatch(
      deps.clock,
      { quietMs, probeTimeoutMs, suspectAfterMs: t.livenessSuspectAfterMs },
      {
        probe: () => this.conn?.probe(),
        dead: ({ lastHeardAt }) => this.onDead(lastHeardAt),
        suspect: ({ lastHeardAt }) => checking({ lastHeardAt }),
        cleared: () => checking(null),
      },
    );
  }

  get accountId(): string {
    return this.deps.accountId;
  }

  start(): void {
    this.gen++;
    this.status = 'connecting';
    void this.connect(this.gen);
  }

  /** Resolves once open (or closed for good). */
  ready(): Promise<void> {
    if (this.status === 'open' || this.status === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  retryNow(): void {
    if (this.status !== 'waiting' && this.status !== 'no_network') return;
    const waiting = this.status === 'waiting';
    const left = this.nextRetryAt - this.deps.clock.now();
    // Deriv said when to come back (a 429, or the request budget): nothing sooner, whatever asks.
    if (waiting && this.rateLimited && left > 0) return;
    const wait = this.window.waitMs();
    if (wait > 0) {
      // The connect cap never brings forward, nor renames, a later retry already planned.
      if (waiting && left >= wait) return;
      return this.retryIn(this.gen, wait, 'Too many reconnects in a minute.');
    }
    this.clearRetry();
    this.status = 'connecting';
    this.deps.onChange();
    void this.connect(this.gen);
  }

  /** The machine woke up or the network came back: probe an open socket, reconnect a waiting one now. */
  checkNow(): void {
    if (this.status === 'open') this.liveness.checkNow();
    else if (this.status === 'waiting' || this.status === 'no_network') this.retryNow();
    else if (this.status === 'connecting' && this.conn === null && this.window.waitMs() === 0) {
      // An attempt begun while the link was down may wait on a lost SYN (TCP retries it after 1 s,
      // 3 s, 7 s…): start afresh, with a fresh OTP, rather than wait for that.
      this.gen++;
      void this.connect(this.gen);
    }
  }

  /** The OS says the network went: probe an open socket; a waiting one stops waiting on a timer. */
  networkGone(): void {
    if (this.status === 'open') this.liveness.checkNow();
    else if (this.status === 'waiting') this.showNoNetwork();
  }

  close(): void {
    this.gen++;
    this.clearRetry();
    this.ping.stop();
    this.liveness.stop();
    const conn = this.conn;
    this.conn = null;
    conn?.close();
    this.setStatus('closed');
  }

  /** A request on this account's socket; the same typed errors as the v3 session. */
  async send(request: Record<string, unknown>): Promise<DerivMessage> {
    const reserved = RESERVED.find((k) => Object.hasOwn(request, k));
    if (reserved) throw new BackendError('invalid_request', `"${reserved}" cannot be sent on an OTP socket.`);
    const conn = this.conn;
    if (this.status !== 'open' || !conn) throw new BackendError('not_connected', 'The account is not connected.');
    try {
      return await conn.request(request, { timeoutMs: this.deps.timing.requestTimeoutMs });
    } catch (e) {
      if (e instanceof SessionError) throw new BackendError(e.code as BackendErrorCode, e.message, e.retryAt);
      throw e;
    }
  }

  private setStatus(status: SocketStatus): void {
    this.status = status;
    if (status === 'open' || status === 'closed') for (const w of this.readyWaiters.splice(0)) w();
    this.deps.onChange();
  }

  private async connect(gen: number): Promise<void> {
    const { deps } = this;
    this.window.record();
    let conn: DerivConnection;
    try {
      // The URL is used once, right here, and dropped: never stored, logged or retried.
      conn = await DerivConnection.open(await deps.getOtpUrl(), {
        factory: deps.factory,
        clock: deps.clock,
        logger: deps.logger,
        openTimeoutMs: deps.timing.openTimeoutMs,
        onActivity: () => {
          if (gen === this.gen) this.liveness.heard();
        },
        onClose: ({ byUs }) => {
          if (!byUs) this.onLost(gen);
        },
      });
    } catch (e) {
      return this.onFailed(gen, e);
    }
    if (gen !== this.gen) {
      conn.close();
      return;
    }
    this.connections++;
    this.conn = conn;
    // Open means usable: the balance subscription is sent at once and its figure replaces the
    // list's when it comes, so a cold switch costs one OTP request and one connect.
    this.attempt = 0;
    this.lastError = null;
    this.checking = null;
    this.liveness.start();
    this.setStatus('open');
    this.ping.start(
      conn,
      () => gen === this.gen && this.conn === conn,
      () => this.onLost(gen),
    );
    try {
      // A push can be handled before the answer's continuation runs (same TCP read): the answer's
      // older figure must not overwrite it.
      let pushed = false;
      const answer = await conn.request(
        { balance: 1, subscribe: 1 },
        {
          timeoutMs: deps.timing.requestTimeoutMs,
          onUpdate: (m) => {
            pushed = true;
            this.onBalanceFrame(gen, m);
          },
        },
      );
      if (!pushed) this.onBalanceFrame(gen, answer);
    } catch (e) {
      if (gen !== this.gen || this.conn !== conn) return;
      // Without its balance stream the socket is not worth keeping: replace it (fresh OTP).
      this.ping.stop();
      this.liveness.stop();
      conn.terminate('balance subscription failed');
      this.onFailed(gen, e);
    }
  }

  private onBalanceFrame(gen: number, message: DerivMessage): void {
    if (gen !== this.gen) return;
    const value = (message.balance as { balance?: unknown } | undefined)?.balance;
    if (typeof value === 'number' && Number.isFinite(value)) this.deps.onBalance(this.accountId, value);
  }

  private onFailed(gen: number, error: unknown): void {
    if (gen !== this.gen) return;
    this.conn = null;
    if (error instanceof WireError && (faultOf(error) === 'refused' || faultOf(error) === 'account_refused')) {
      this.lastError = error.message;
      this.gen++;
      this.setStatus('closed');
      this.deps.onTerminal(this.accountId, error);
      return;
    }
    // Only messages written here or by the REST client: a socket library's message could quote the OTP URL.
    this.lastError =
      error instanceof WireError
        ? error.message
        : error instanceof SessionError && error.code === 'timeout'
          ? 'The account socket did not open in time.'
          : 'Could not connect the account socket.';
    this.rateLimited = error instanceof WireError && error.code === 'rate_limited';
    this.scheduleRetry(gen, error instanceof WireError ? error.retryAt : null);
  }

  private onDead(lastHeardAt: number): void {
    const conn = this.conn;
    if (this.status !== 'open' || conn === null) return;
    this.deps.logger.warn('no answer to a liveness probe; treating the account socket as dead', {
      silentMs: this.deps.clock.now() - lastHeardAt,
    });
    this.deadSince = lastHeardAt;
    conn.terminate('liveness probe unanswered');
    this.onLost(this.gen);
  }

  private onLost(gen: number): void {
    if (gen !== this.gen) return;
    this.conn = null;
    this.ping.stop();
    this.liveness.stop();
    this.checking = null;
    this.lastLiveAt = this.deadSince ?? this.deps.clock.now();
    this.deadSince = null;
    this.lastError = 'The connection was lost.';
    this.rateLimited = false;
    this.scheduleRetry(gen, null);
  }

  private showNoNetwork(): void {
    this.clearRetry();
    this.noNetworkSince = this.deps.clock.now();
    this.setStatus('no_network');
  }

  private scheduleRetry(gen: number, notBefore: number | null): void {
    // Without a network every attempt fails: none is made (nor counted) until the OS says it is back.
    if (this.deps.networkDown()) return this.showNoNetwork();
    this.attempt++;
    const { timing, clock, random } = this.deps;
    const delay = backoffDelay(this.attempt, { baseMs: timing.backoffBaseMs, capMs: timing.backoffCapMs }, random);
    this.retryIn(gen, Math.max(delay, this.window.waitMs(), (notBefore ?? 0) - clock.now()));
  }

  /** Waits `ms`, then connects (a fresh OTP). */
  private retryIn(gen: number, ms: number, why?: string): void {
    this.clearRetry();
    if (why) this.lastError = why;
    this.nextRetryAt = this.deps.clock.now() + ms;
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null;
      if (gen !== this.gen) return;
      this.status = 'connecting';
      this.deps.onChange();
      void this.connect(gen);
    }, ms);
    this.setStatus('waiting');
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
