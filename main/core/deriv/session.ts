/**
 * The one v3 Deriv session of the app: one socket, every account authorized at once, every
 * balance live through one `balance` subscription, local switching, keep-alive and reconnection.
 * This file is the connection lifecycle; each job it delegates has its own module, wired in
 * `session-parts` (account-list, authorize-all, warm-socket, keep-alive, balance-stream, send-gate,
 * session-retry, session-signals, start-waiters, redact); `legacy-backend` makes it an `AccountsBackend`.
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
import { DerivConnection, type DerivMessage } from './connection';
import { buildSocketUrl, type SessionEndpoint } from './endpoints';
import { SessionError } from './errors';
import { type Clock, type Logger, silentLogger, type SocketFactory, systemClock, wsSocketFactory } from './ports';
import { describeError } from './redact';
import { sendThroughGate } from './send-gate';
import { type SessionHost, type SessionParts, sessionParts } from './session-parts';
import { applyOsSignal, type Phase } from './session-signals';
import { StartWaiters } from './start-waiters';
import { type SessionEvent, type SessionSnapshot, SnapshotStore } from './state';
import { DEFAULT_TIMING, type SessionOptions, type Timing } from './timing';
import type { SocketOwner } from './warm-socket';

export type { SessionAccount } from './account-list';
export type { SessionSnapshot } from './state';
export { DEFAULT_TIMING, type SessionOptions, type Timing } from './timing';

export class DerivSession {
  private readonly endpoint: SessionEndpoint;
  private readonly factory: SocketFactory;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timing: Timing;
  /** The jobs the session delegates (see `session-parts`). */
  private readonly parts: SessionParts;

  private readonly accounts = new AccountList();
  private preferredActive: string | null = null;

  private readonly store: SnapshotStore;
  private readonly waiters = new StartWaiters<SessionSnapshot>();

  private phase: Phase = 'stopped';
  private conn: DerivConnection | null = null;
  private generation = 0;
  private accountsChanged = false;
  private onlineSince = 0;
  /** The last moment balances were known live (null: never in this run); shown with stale data. */
  private lastLiveAt: number | null = null;
  /** Set by the liveness watch when it declares the socket dead: data was live until the last frame. */
  private deadSince: number | null = null;

  /** What the parts see of the session and may ask of it (see `session-parts`). */
  private readonly host: SessionHost = {
    phase: () => this.phase,
    conn: () => this.conn,
    isCurrent: (gen) => this.isCurrent(gen),
    online: () => (this.phase === 'online' && this.conn !== null ? { conn: this.conn, gen: this.generation } : null),
    onlineSince: () => this.onlineSince,
    lastLiveAt: () => this.lastLiveAt,
    preferredActive: () => this.preferredActive,
    retry: () => this.parts.retry,
    liveness: () => this.parts.liveness,
    show: (connection) => this.dispatch({ type: 'connection', connection }),
    dispatch: (event) => this.dispatch(event),
    declareDead: (lastHeardAt) => (this.deadSince = lastHeardAt),
    establish: () => this.establish(),
    retryIfWaiting: () => this.phase === 'waiting' && this.establish(),
    replaceBalances: (conn, gen) =>
      this.parts.balances.replace(conn, this.primary(), this.store.state.authorized.length > 1, () =>
        this.isCurrent(gen),
      ),
    fail: (error) => this.fail(error),
    describe: (error) => this.describe(error),
    openConnection: (owner) => this.openConnection(owner),
  };

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
    const random = opts.random ?? Math.random;
    this.parts = sessionParts(
      { clock: this.clock, logger: this.logger, timing: t, random, accounts: this.accounts },
      this.host,
    );
  }

  // ───────────────────────────── public API ─────────────────────────────

  /**
   * Connect, authorize every account, subscribe to balances. Resolves on the first time online;
   * network failures are retried (the snapshot shows `reconnecting`) rather than rejected. Rejects
   * with `SessionError` `all_credentials_refused`, `closed` (close/logout meanwhile), or a
   * validation code for a bad account list. A running session is torn down and started afresh.
   */
  start(accounts: SessionAccount[], activeAccountId?: string): Promise<SessionSnapshot> {
    const list = validateAccounts(accounts);
    this.teardown('restarted');
    this.accounts.set(list);
    this.preferredActive = activeAccountId ?? null;
    this.parts.retry.rateLimitedUntil = 0;
    this.parts.retry.reconnect.reset();
    this.lastLiveAt = null;
    this.dispatch({ type: 'cleared', reason: 'starting' });
    const ready = this.waiters.wait();
    this.establish();
    return ready;
  }

  /**
   * Open the socket before the tokens are known (call it when the login window opens), so that
   * `start` costs only the authorize round trip. Resolves when the socket is open or could not be
   * opened (never rejects); a no-op while a session runs.
   */
  preconnect(): Promise<void> {
    return this.phase === 'stopped' ? this.parts.warm.open() : Promise.resolve();
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
      await this.parts.authorizer.running?.catch(() => undefined);
      await this.parts.authorizer.reauthorize('accounts changed');
    }
    // Mid-connect, the authorize in flight carries the old list: redo it once online.
    else if (this.phase === 'establishing') this.accountsChanged = true;
  }

  /** Local only: no request is sent. */
  switchAccount(accountId: string): void {
    const id = this.accounts.require(accountId, this.store.state.authorized);
    this.preferredActive = id;
    this.dispatch({ type: 'switched', accountId: id });
  }

  /** Skip the backoff wait and reconnect now (no effect while connecting or online). */
  retryNow(): void {
    if (this.phase !== 'waiting') return;
    this.parts.retry.clear();
    this.establish();
  }

  /** What the OS says (see `session-signals`): probe or retry at once after a wake; nothing while no network. */
  osSignal(signal: OsSignal): void {
    applyOsSignal(signal, this.host);
  }

  /** `logout` on the server (best effort), close the socket, forget tokens and state. */
  async logout(): Promise<void> {
    const conn = this.conn;
    const accountId = this.store.state.authorized[0];
    if (this.phase === 'online' && conn?.isOpen && accountId !== undefined) {
      try {
        await conn.call('logout', { logout: 1, loginid: accountId }, { timeoutMs: this.timing.pongTimeoutMs });
      } catch (error) {
        this.logger.warn('logout call failed; closing anyway', { error: this.describe(error) });
      }
    }
    this.parts.warm.drop();
    this.teardown('logged out');
    this.accounts.set([]);
    this.preferredActive = null;
    this.dispatch({ type: 'cleared', reason: 'logged_out' });
  }

  /** Close the socket and stop reconnecting; the last snapshot stays readable. */
  async close(): Promise<void> {
    this.parts.warm.drop();
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
  send<T = DerivMessage>(request: object, opts: { accountId?: string } = {}): Promise<T> {
    return sendThroughGate<T>(request, opts.accountId, {
      running: this.phase !== 'stopped',
      online: this.phase === 'online' ? this.conn : null,
      connection: this.store.state.connection,
      rateLimitedUntil: this.parts.retry.rateLimitedUntil,
      now: this.clock.now(),
      accounts: this.accounts,
      authorized: this.store.state.authorized,
      timeoutMs: this.timing.requestTimeoutMs,
      // A caller's request failed: slow down after `RateLimit`; find out whose token went bad.
      onApiError: (error, accountId) => {
        if (error.code === 'RateLimit') this.parts.retry.rateLimited();
        this.parts.authorizer.afterCallerError(error, accountId);
      },
    });
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  private establish(): void {
    const gen = ++this.generation;
    this.phase = 'establishing';
    this.parts.retry.reconnect.connecting();
    this.dispatch({ type: 'connection', connection: { status: 'connecting', lastLiveAt: this.lastLiveAt } });
    this.connectOnce(gen).catch((error: unknown) => this.onAttemptFailed(gen, error));
  }

  private async connectOnce(gen: number): Promise<void> {
    // A ready pre-opened socket is adopted synchronously: authorize leaves within start() itself.
    const conn =
      this.parts.warm.adoptNow(gen) ?? (await this.parts.warm.adopt(gen)) ?? (await this.openConnection({ gen }));
    if (gen !== this.generation) return conn.close();
    this.conn = conn;
    this.accountsChanged = false;
    if (!(await this.parts.authorizer.round(conn, gen))) return;
    await this.parts.balances.subscribe(conn, this.primary(), this.store.state.authorized.length > 1, () =>
      this.isCurrent(gen),
    );
    if (gen !== this.generation) return;
    this.phase = 'online';
    this.parts.retry.reconnect.online();
    this.onlineSince = this.clock.now();
    this.dispatch({ type: 'connection', connection: { status: 'online', since: this.onlineSince } });
    this.parts.keepAlive.start(conn, () => this.isCurrent(gen) && this.phase === 'online');
    this.parts.liveness.start();
    if (this.accountsChanged)
      void this.parts.authorizer.reauthorize('accounts changed while connecting').catch(() => undefined);
    this.waiters.resolveAll(this.store.state);
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
    this.parts.keepAlive.stop();
    this.parts.liveness.stop();
    this.generation++;
    this.phase = 'waiting';
    this.parts.retry.schedule(error, this.describe(error));
  }

  /** Stop everything; pending `start` promises reject with `closed`. */
  private teardown(reason: string): void {
    this.generation++;
    this.phase = 'stopped';
    this.parts.keepAlive.stop();
    this.parts.liveness.stop();
    this.parts.retry.reconnect.reset();
    this.parts.retry.clear();
    this.parts.balances.reset();
    this.parts.authorizer.forget();
    const conn = this.conn;
    this.conn = null;
    conn?.close();
    this.waiters.rejectAll(new SessionError('closed', `The session was ${reason}.`));
  }

  /** Stop for good with a reason the snapshot shows; `start` waiters get `error`. */
  private fail(error: SessionError): void {
    const waiters = this.waiters.take();
    this.teardown(error.code);
    this.dispatch({ type: 'connection', connection: { status: 'offline', reason: error.code } });
    waiters.rejectAll(error);
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
        if (owner.gen === this.generation) this.parts.liveness.heard();
      },
      onClose: (info) => this.onConnectionClosed(owner.gen, info),
    });
  }

  private onUnmatched(gen: number, message: DerivMessage): void {
    this.logger.debug('unmatched frame', { msg_type: message.msg_type, req_id: message.req_id ?? null });
    if (gen === this.generation && this.conn !== null) this.parts.balances.forgetStray(this.conn, message);
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private isCurrent(gen: number): boolean {
    return gen === this.generation;
  }

  /** The account whose token went first in the last authorize. */
  private primary(): string {
    return this.store.state.authorize?.primaryAccountId ?? this.store.state.authorized[0] ?? '';
  }

  private dispatch(event: SessionEvent): void {
    this.store.dispatch(event);
  }

  private describe(error: unknown): string {
    return describeError(error, this.accounts.secrets());
  }
}
