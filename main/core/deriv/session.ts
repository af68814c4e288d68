/**
 * The one v3 Deriv session of the app: one socket, every account authorized at once, every
 * balance live through one `balance` subscription, local switching, keep-alive and reconnection.
 * This file is the connection lifecycle; each job it delegates has its own module (account-list,
 * token-triage, authorize-all, warm-socket, keep-alive, balance-stream, send-gate,
 * reconnect-policy, redact). `legacy-backend` presents it as the controller's `AccountsBackend`.
 *
 * Lifecycle: stopped → establishing (open or adopt a socket, authorize, subscribe balances) →
 * online → (socket lost) waiting → establishing … A generation number is bumped whenever a
 * connection is abandoned, so async work of an older connection stops where it stands.
 *
 * Requests while not online fail at once with `not_connected` (never replayed later behind the
 * user's back); what the session needs itself (authorize, balance stream, ping) it re-issues on
 * reconnect. More than 26 accounts (Deriv's limit per socket) are refused (`too_many_accounts`)
 * rather than split over a second socket or silently dropped.
 */
import type { OsSignal } from '../net/os-signals';
import { AccountList, type SessionAccount, validateAccounts } from './account-list';
import { authorizeAll } from './authorize-all';
import { BalanceStream } from './balance-stream';
import { DerivConnection, type DerivMessage } from './connection';
import { buildSocketUrl, type SessionEndpoint } from './endpoints';
import { DerivApiError, SessionError } from './errors';
import { KeepAlive } from './keep-alive';
import { LivenessWatch } from './liveness';
import { type Clock, type Logger, silentLogger, type SocketFactory, systemClock, wsSocketFactory } from './ports';
import { ReconnectPolicy } from './reconnect-policy';
import { describeError, redactedError } from './redact';
import { admitRequest, reauthorizeReason } from './send-gate';
import { SingleFlight } from './single-flight';
import { type SessionEvent, type SessionSnapshot, SnapshotStore } from './state';
import { DEFAULT_TIMING, type SessionOptions, type Timing } from './timing';
import { type SocketOwner, WarmSocket } from './warm-socket';

export type { SessionAccount } from './account-list';
export type { SessionSnapshot } from './state';
export { DEFAULT_TIMING, type SessionOptions, type Timing } from './timing';

type Phase = 'stopped' | 'establishing' | 'online' | 'waiting';

interface Waiter {
  resolve(snapshot: SessionSnapshot): void;
  reject(error: Error): void;
}

export class DerivSession {
  private readonly endpoint: SessionEndpoint;
  private readonly factory: SocketFactory;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timing: Timing;
  private readonly reconnect: ReconnectPolicy;
  private readonly keepAlive: KeepAlive;
  private readonly balances: BalanceStream;
  private readonly warm: WarmSocket;

  private readonly accounts = new AccountList();
  private preferredActive: string | null = null;

  private readonly store: SnapshotStore;
  private waiters: Waiter[] = [];

  private phase: Phase = 'stopped';
  private conn: DerivConnection | null = null;
  private generation = 0;
  private retryTimer: unknown = null;
  private rateLimitedUntil = 0;
  /** One re-authorize at a time: a second request joins the one in flight. */
  private readonly reauthorizing = new SingleFlight();
  private accountsChanged = false;
  /** Notices a silent (half-open) socket within seconds; runs while online (see liveness.ts). */
  private readonly liveness: LivenessWatch;
  private onlineSince = 0;
  /** The last moment balances were known live (null: never in this run); shown with stale data. */
  private lastLiveAt: number | null = null;
  /** Set by the liveness watch when it declares the socket dead: data was live until the last frame. */
  private deadSince: number | null = null;
  /** The OS says there is no network: no attempt is made (none would work) until it returns. */
  private networkDown = false;

  constructor(opts: SessionOptions) {
    this.endpoint = opts.endpoint;
    this.factory = opts.createSocket ?? wsSocketFactory;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    const t = (this.timing = { ...DEFAULT_TIMING, ...opts.timing });
    this.store = new SnapshotStore((error) =>
      this.logger.error('session listener threw', { error: this.describe(error) }),
    );
    buildSocketUrl(this.endpoint); // fail early, typed, on a bad endpoint
    this.reconnect = new ReconnectPolicy(
      { ...t, healthyAfterMs: t.healthyAfterMs ?? t.pingIntervalMs },
      this.clock,
      opts.random ?? Math.random,
    );
    this.keepAlive = new KeepAlive({
      clock: this.clock,
      logger: this.logger,
      intervalMs: t.pingIntervalMs,
      pongTimeoutMs: t.pongTimeoutMs,
      onRateLimited: () => (this.rateLimitedUntil = this.clock.now() + t.rateLimitBackoffMs),
    });
    this.balances = new BalanceStream({
      logger: this.logger,
      requestTimeoutMs: t.requestTimeoutMs,
      onBalances: (balances) => this.dispatch({ type: 'balances', balances }),
      onRefused: () => void this.reauthorize('balance stream refused').catch(() => undefined),
    });
    this.liveness = new LivenessWatch(
      this.clock,
      {
        quietMs: t.livenessQuietMs,
        probeTimeoutMs: t.livenessProbeTimeoutMs,
        suspectAfterMs: t.livenessSuspectAfterMs,
      },
      {
        probe: () => this.conn?.probe(),
        dead: ({ lastHeardAt }) => {
          const conn = this.conn;
          if (this.phase !== 'online' || conn === null) return;
          this.logger.warn('no answer to a liveness probe; treating the socket as dead', {
            silentMs: this.clock.now() - lastHeardAt,
          });
          this.deadSince = lastHeardAt;
          conn.terminate('liveness probe unanswered');
        },
        suspect: ({ lastHeardAt }) => {
          if (this.phase !== 'online') return;
          this.dispatch({
            type: 'connection',
            connection: { status: 'checking', since: this.onlineSince, lastHeardAt },
          });
        },
        cleared: () => {
          if (this.phase !== 'online') return;
          this.dispatch({ type: 'connection', connection: { status: 'online', since: this.onlineSince } });
        },
      },
    );
    this.warm = new WarmSocket({
      open: (owner) => this.openConnection(owner),
      clock: this.clock,
      pingIntervalMs: t.pingIntervalMs,
      pongTimeoutMs: t.pongTimeoutMs,
    });
  }

  // ───────────────────────────── public API ─────────────────────────────

  /**
   * Connect, authorize every account, subscribe to balances. Resolves on the first time online;
   * network failures are retried (the snapshot shows `reconnecting`) rather than rejected. Rejects
   * with `SessionError` `all_credentials_refused`, `closed` (close/logout meanwhile), or a
   * validation code for a bad account list. A running session is torn down and started afresh.
   */
  start(accounts: SessionAccount[], activeLoginid?: string): Promise<SessionSnapshot> {
    const list = validateAccounts(accounts);
    this.teardown('restarted');
    this.accounts.set(list);
    this.preferredActive = activeLoginid ?? null;
    this.rateLimitedUntil = 0;
    this.reconnect.reset();
    this.lastLiveAt = null;
    this.dispatch({ type: 'cleared', reason: 'starting' });
    const ready = new Promise<SessionSnapshot>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.establish();
    return ready;
  }

  /**
   * Open the socket before the tokens are known (call it when the login window opens), so that
   * `start` costs only the authorize round trip. Resolves when the socket is open or could not be
   * opened (never rejects); a no-op while a session runs.
   */
  preconnect(): Promise<void> {
    return this.phase === 'stopped' ? this.warm.open() : Promise.resolve();
  }

  /**
   * Replace the account list (e.g. a second login merged new tokens). Every token is tried again,
   * refused ones included: after a re-login the server may accept the very token it refused before.
   * Online: one re-authorize on the same socket and the balance stream replaced once. Not online:
   * the next connect uses them.
   */
  async setAccounts(accounts: SessionAccount[]): Promise<void> {
    const list = validateAccounts(accounts);
    if (this.phase === 'stopped') throw new SessionError('closed', 'The session is not running.');
    this.accounts.set(list);
    if (this.phase === 'online') {
      // A re-authorize already in flight picked its tokens from the old list: let it end, then
      // run one with the new list (joining it would leave the new accounts unauthorized).
      await this.reauthorizing.running?.catch(() => undefined);
      await this.reauthorize('accounts changed');
    }
    // Mid-connect, the authorize in flight carries the old list: redo it once online.
    else if (this.phase === 'establishing') this.accountsChanged = true;
  }

  /** Local only: no request is sent. */
  switchAccount(loginid: string): void {
    const id = this.accounts.require(loginid, this.store.state.authorized);
    this.preferredActive = id;
    this.dispatch({ type: 'switched', loginid: id });
  }

  /** Skip the backoff wait and reconnect now (no effect while connecting or online). */
  retryNow(): void {
    if (this.phase !== 'waiting') return;
    this.clearRetry();
    this.establish();
  }

  /**
   * What the OS says (see `main/core/net/os-signals.ts`). After a wake or a network change the
   * socket is probed at once (online) or the backoff wait is skipped (waiting); while the OS reports
   * no network nothing is attempted and the state says `no_network`, until it returns.
   */
  osSignal(signal: OsSignal): void {
    if (signal === 'suspend') return; // the wake (`resume`) is what needs work
    if (signal === 'offline') {
      this.networkDown = true;
      if (this.phase === 'online') this.liveness.checkNow();
      else if (this.phase === 'waiting') {
        this.clearRetry();
        this.showNoNetwork();
      }
      return;
    }
    if (signal === 'online') this.networkDown = false;
    if (this.networkDown) return;
    if (this.phase === 'online') this.liveness.checkNow();
    else if (this.phase === 'waiting') this.retryAtOnce();
    else if (this.phase === 'establishing' && this.conn === null) {
      // A handshake begun while the link was down waits on a lost SYN (TCP retries it after 1 s,
      // 3 s, 7 s…): start a fresh one now rather than wait for that.
      this.establish();
    }
  }

  /**
   * Skip the backoff wait, but neither Deriv's `RateLimit` wait nor the cap on connects per minute:
   * a wake or a flapping network does not override them.
   */
  private retryAtOnce(): void {
    this.clearRetry();
    const now = this.clock.now();
    const until = Math.max(this.rateLimitedUntil, now + this.reconnect.waitForSlot());
    if (until <= now) {
      this.establish();
      return;
    }
    this.dispatch({
      type: 'connection',
      connection: {
        status: 'reconnecting',
        attempt: this.reconnect.attempts,
        nextRetryAt: until,
        lastError:
          until === this.rateLimitedUntil ? 'Rate limited by the Deriv server.' : 'Too many reconnects in a minute.',
        lastLiveAt: this.lastLiveAt,
      },
    });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      if (this.phase === 'waiting') this.establish();
    }, until - now);
  }

  private showNoNetwork(): void {
    this.dispatch({
      type: 'connection',
      connection: { status: 'no_network', since: this.clock.now(), lastLiveAt: this.lastLiveAt },
    });
  }

  /** `logout` on the server (best effort), close the socket, forget tokens and state. */
  async logout(): Promise<void> {
    const conn = this.conn;
    const loginid = this.store.state.authorized[0];
    if (this.phase === 'online' && conn?.isOpen && loginid !== undefined) {
      try {
        await conn.call('logout', { logout: 1, loginid }, { timeoutMs: this.timing.pongTimeoutMs });
      } catch (error) {
        this.logger.warn('logout call failed; closing anyway', { error: this.describe(error) });
      }
    }
    this.warm.drop();
    this.teardown('logged out');
    this.accounts.set([]);
    this.preferredActive = null;
    this.dispatch({ type: 'cleared', reason: 'logged_out' });
  }

  /** Close the socket and stop reconnecting; the last snapshot stays readable. */
  async close(): Promise<void> {
    this.warm.drop();
    this.teardown('closed');
    this.dispatch({ type: 'connection', connection: { status: 'offline', reason: 'closed' } });
  }

  snapshot(): SessionSnapshot {
    return this.store.state;
  }

  onChange(listener: (s: SessionSnapshot) => void): () => void {
    return this.store.onChange(listener);
  }

  /**
   * Send a request on the session's socket. `loginid` names the account of an account-scoped call
   * (it must be authorized). Rejects with `DerivApiError` for an error answer, `SessionError`
   * otherwise (`not_connected`, `rate_limited`, `timeout`, `connection_closed`, …).
   */
  async send<T = DerivMessage>(request: object, opts: { loginid?: string } = {}): Promise<T> {
    const { body, conn, loginid } = admitRequest(request, opts.loginid, {
      running: this.phase !== 'stopped',
      online: this.phase === 'online' ? this.conn : null,
      connection: this.store.state.connection,
      rateLimitedUntil: this.rateLimitedUntil,
      now: this.clock.now(),
      accounts: this.accounts,
      authorized: this.store.state.authorized,
    });
    try {
      return (await conn.request(body, { timeoutMs: this.timing.requestTimeoutMs })) as T;
    } catch (error) {
      if (error instanceof DerivApiError) this.afterCallerError(error, loginid);
      throw redactedError(error, this.accounts.secrets());
    }
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  private establish(): void {
    const gen = ++this.generation;
    this.phase = 'establishing';
    this.reconnect.connecting();
    this.dispatch({ type: 'connection', connection: { status: 'connecting', lastLiveAt: this.lastLiveAt } });
    this.connectOnce(gen).catch((error: unknown) => this.onAttemptFailed(gen, error));
  }

  private async connectOnce(gen: number): Promise<void> {
    // A ready pre-opened socket is adopted synchronously: authorize leaves within start() itself.
    const conn = this.warm.adoptNow(gen) ?? (await this.warm.adopt(gen)) ?? (await this.openConnection({ gen }));
    if (gen !== this.generation) return conn.close();
    this.conn = conn;
    this.accountsChanged = false;
    if (!(await this.authorizeAll(conn, gen))) return;
    await this.balances.subscribe(conn, this.primary(), this.store.state.authorized.length > 1, () =>
      this.isCurrent(gen),
    );
    if (gen !== this.generation) return;
    this.phase = 'online';
    this.reconnect.online();
    this.onlineSince = this.clock.now();
    this.dispatch({ type: 'connection', connection: { status: 'online', since: this.onlineSince } });
    this.keepAlive.start(conn, () => this.isCurrent(gen) && this.phase === 'online');
    this.liveness.start();
    if (this.accountsChanged) void this.reauthorize('accounts changed while connecting').catch(() => undefined);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve(this.store.state);
  }

  private onAttemptFailed(gen: number, error: unknown): void {
    if (gen !== this.generation || this.phase === 'stopped') return;
    this.logger.info('connection attempt failed', { error: this.describe(error) });
    this.conn?.terminate('attempt failed');
    this.conn = null;
    this.scheduleRetry(error);
  }

  private onConnectionClosed(gen: number, info: { code: number; byUs: boolean }): void {
    // While establishing, the awaited request rejects and onAttemptFailed schedules the retry.
    if (gen !== this.generation || this.phase !== 'online') return;
    this.logger.info('connection lost', { code: info.code });
    this.conn = null;
    this.lastLiveAt = this.deadSince ?? this.clock.now();
    this.deadSince = null;
    this.scheduleRetry(new SessionError('connection_closed', `Connection closed (${info.code}).`));
  }

  private scheduleRetry(error: unknown): void {
    this.keepAlive.stop();
    this.liveness.stop();
    this.clearRetry();
    this.generation++;
    this.phase = 'waiting';
    if (this.networkDown) {
      // Without a network every attempt fails: none is made (nor counted) until the OS says it is back.
      this.showNoNetwork();
      return;
    }
    const rateLimited = error instanceof DerivApiError && error.code === 'RateLimit';
    if (rateLimited) this.rateLimitedUntil = this.clock.now() + this.timing.rateLimitBackoffMs;
    const { attempt, delayMs } = this.reconnect.next(rateLimited ? this.timing.rateLimitBackoffMs : 0);
    const nextRetryAt = this.clock.now() + delayMs;
    const lastError = this.describe(error);
    this.dispatch({
      type: 'connection',
      connection: { status: 'reconnecting', attempt, nextRetryAt, lastError, lastLiveAt: this.lastLiveAt },
    });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      if (this.phase === 'waiting') this.establish();
    }, delayMs);
  }

  /** Stop everything; pending `start` promises reject with `closed`. */
  private teardown(reason: string): void {
    this.generation++;
    this.phase = 'stopped';
    this.keepAlive.stop();
    this.liveness.stop();
    this.reconnect.reset();
    this.clearRetry();
    this.balances.reset();
    this.reauthorizing.forget();
    const conn = this.conn;
    this.conn = null;
    conn?.close();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(new SessionError('closed', `The session was ${reason}.`));
  }

  /** Stop for good with a reason the snapshot shows; `start` waiters get `error`. */
  private fail(error: SessionError): void {
    const waiters = this.waiters;
    this.waiters = [];
    this.teardown(error.code);
    this.dispatch({ type: 'connection', connection: { status: 'offline', reason: error.code } });
    for (const w of waiters) w.reject(error);
  }

  /** Open a socket whose events go to the generation in `owner` (changed when a warm socket is adopted). */
  private openConnection(owner: SocketOwner): Promise<DerivConnection> {
    return DerivConnection.open(buildSocketUrl(this.endpoint), {
      factory: this.factory,
      clock: this.clock,
      logger: this.logger,
      openTimeoutMs: this.timing.openTimeoutMs,
      onUnmatched: (m) => this.onUnmatched(owner.gen, m),
      onActivity: () => {
        if (owner.gen === this.generation) this.liveness.heard();
      },
      onClose: (info) => this.onConnectionClosed(owner.gen, info),
    });
  }

  // ───────────────────────────── authorize ─────────────────────────────

  /**
   * Authorize every usable token in one call (see `token-triage`) and publish the outcome. False
   * when nothing more is to be done on this connection (every token refused, or it was replaced).
   */
  private async authorizeAll(conn: DerivConnection, gen: number): Promise<boolean> {
    const current = () => this.isCurrent(gen);
    const round = await authorizeAll(conn, this.accounts, {
      timeoutMs: this.timing.requestTimeoutMs,
      logger: this.logger,
      current,
    });
    if (!current()) return false;
    const primary = round.primaryLoginid;
    this.dispatch({
      type: 'authorized',
      ...round,
      receivedAt: this.clock.now(),
      refused: this.accounts.marked('refused'),
      disabled: this.accounts.marked('disabled'),
      preferredActive: primary === null ? null : this.preferredActive,
    });
    if (primary !== null) return true;
    this.fail(new SessionError('all_credentials_refused', 'The server refused every account token; log in again.'));
    return false;
  }

  /** Re-authorize on the live socket and replace the balance stream exactly once. */
  private reauthorize(why: string): Promise<void> {
    const conn = this.conn;
    const gen = this.generation;
    if (this.reauthorizing.running) return this.reauthorizing.running;
    if (this.phase !== 'online' || conn === null) return Promise.resolve();
    return this.reauthorizing.run(async () => {
      this.logger.info('re-authorizing', { why });
      try {
        if (!(await this.authorizeAll(conn, gen))) return;
        const multi = this.store.state.authorized.length > 1;
        await this.balances.replace(conn, this.primary(), multi, () => this.isCurrent(gen));
      } catch (error) {
        if (gen !== this.generation) return;
        this.logger.warn('re-authorize failed; reconnecting', { error: this.describe(error) });
        // A fresh connection re-authorizes and restores the stream from a clean slate.
        conn.terminate('re-authorize failed');
      }
    });
  }

  /** A caller's request failed: slow down after `RateLimit`; find out whose token went bad. */
  private afterCallerError(error: DerivApiError, loginid: string | undefined): void {
    if (error.code === 'RateLimit') this.rateLimitedUntil = this.clock.now() + this.timing.rateLimitBackoffMs;
    const why = reauthorizeReason(error, loginid);
    // Without blocking the caller; the other accounts keep working.
    if (why !== null) void this.reauthorize(why).catch(() => undefined);
  }

  private onUnmatched(gen: number, message: DerivMessage): void {
    this.logger.debug('unmatched frame', { msg_type: message.msg_type, req_id: message.req_id ?? null });
    if (gen === this.generation && this.conn !== null) this.balances.forgetStray(this.conn, message);
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private isCurrent(gen: number): boolean {
    return gen === this.generation;
  }

  /** The account whose token went first in the last authorize. */
  private primary(): string {
    return this.store.state.authorize?.primaryLoginid ?? this.store.state.authorized[0] ?? '';
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private dispatch(event: SessionEvent): void {
    this.store.dispatch(event);
  }

  private describe(error: unknown): string {
    return describeError(error, this.accounts.secrets());
  }
}
