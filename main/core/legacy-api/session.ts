/**
 * The one legacy (v3) Deriv session of the app: one `ResilientSocket` (connect, keep-alive,
 * liveness, backoff, OS signals: see main/core/socket/) whose handshake authorizes every account at
 * once and subscribes to every balance through one `balance` subscription; local switching.
 *
 * Lifecycle: stopped → (start) the socket connects → handshake (authorize, subscribe) → online →
 * (socket lost) the socket waits and redials, the handshake runs again → online … An attempt the
 * socket abandons has its signal aborted: the handshake and re-authorize of an older connection
 * stop where they stand.
 *
 * Requests while not online fail at once with `not_connected` (never replayed later behind the
 * user's back); what the session needs itself (authorize, balance stream, ping) it re-issues on
 * reconnect. More than 26 accounts (Deriv's limit per socket) are refused (`too_many_accounts`)
 * rather than split over a second socket or silently dropped.
 */
import type { ConnectionState } from '../model';
import type { OsSignal } from '../net/os-signals';
import type { DerivMessage } from '../socket/connection';
import { DerivApiError, SessionError } from '../socket/errors';
import { type Clock, type Logger, silentLogger, systemClock, wsSocketFactory } from '../socket/ports';
import { type Failure, type Link, ResilientSocket, type SocketState } from '../socket/resilient-socket';
import { SingleFlight } from '../socket/single-flight';
import { AccountList, type SessionAccount, validateAccounts } from './account-list';
import { authorizeAll } from './authorize-all';
import { BalanceStream } from './balance-stream';
import { buildSocketUrl, type SessionEndpoint } from './endpoints';
import { describeError } from './redact';
import { reauthorizeReason, sendThroughGate } from './send-gate';
import { StartWaiters } from './start-waiters';
import { type SessionEvent, type SessionSnapshot, SnapshotStore } from './state';
import { DEFAULT_TIMING, type SessionOptions, type Timing } from './timing';

export type { SessionAccount } from './account-list';
export type { SessionSnapshot } from './state';
export { DEFAULT_TIMING, type SessionOptions, type Timing } from './timing';

export class DerivSession {
  private readonly endpoint: SessionEndpoint;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timing: Timing;
  private readonly socket: ResilientSocket;
  private readonly balances: BalanceStream;
  /** One re-authorize at a time: a second request joins the one in flight. */
  private readonly reauth = new SingleFlight();

  private readonly accounts = new AccountList();
  private preferredActive: string | null = null;
  private readonly store: SnapshotStore;
  private readonly waiters = new StartWaiters<SessionSnapshot>();
  /** Between `start` and `logout`/`close`/a failure for good. */
  private running = false;
  /** The accounts changed while a handshake was under way: it carries the old list. */
  private accountsChanged = false;

  constructor(opts: SessionOptions) {
    this.endpoint = opts.endpoint;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    const t = (this.timing = { ...DEFAULT_TIMING, ...opts.timing });
    this.store = new SnapshotStore((error) =>
      this.logger.error('session listener threw', { error: this.describe(error) }),
    );
    const url = buildSocketUrl(this.endpoint); // fail early, typed, on a bad endpoint
    this.balances = new BalanceStream({
      logger: this.logger,
      requestTimeoutMs: t.requestTimeoutMs,
      onBalances: (balances) => this.dispatch({ type: 'balances', balances }),
      onRefused: () => void this.reauthorize('balance stream refused').catch(() => undefined),
    });
    this.socket = new ResilientSocket({
      plan: {
        url: () => Promise.resolve(url),
        handshake: (link) => this.handshake(link),
        failure: (error) => this.failureOf(error),
        unmatched: (link, message) => this.balances.forgetStray(link.conn, message),
      },
      factory: opts.createSocket ?? wsSocketFactory,
      clock: this.clock,
      logger: this.logger,
      timing: { ...t, healthyAfterMs: t.healthyAfterMs ?? t.pingIntervalMs },
      random: opts.random ?? Math.random,
    });
    this.socket.onChange((state) => this.onSocket(state));
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
    this.running = true;
    this.dispatch({ type: 'cleared', reason: 'starting' });
    const ready = this.waiters.wait();
    this.socket.start();
    return ready;
  }

  /**
   * Open the socket before the tokens are known (call it when the login window opens), so that
   * `start` costs only the authorize round trip. Resolves when the socket is open or could not be
   * opened (never rejects); a no-op while a session runs.
   */
  preconnect(): Promise<void> {
    return this.running ? Promise.resolve() : this.socket.preconnect();
  }

  /**
   * Replace the account list (e.g. a second login merged new tokens). Every token is tried again,
   * refused ones included: after a re-login the server may accept the very token it refused before.
   * Online: one re-authorize on the same socket and the balance stream replaced once. Not online:
   * the next connect uses them.
   */
  async setAccounts(accounts: SessionAccount[]): Promise<void> {
    const list = validateAccounts(accounts);
    if (!this.running) throw new SessionError('closed', 'The session is not running.');
    // What the server said of a token no longer held (logged out, or replaced by a login again)
    // is no longer shown: until the next authorize, such an account is not authorized.
    this.dispatch({ type: 'accounts', kept: this.accounts.set(list) });
    if (this.socket.link !== null) {
      // A re-authorize already in flight picked its tokens from the old list: let it end, then
      // run one with the new list (joining it would leave the new accounts unauthorized).
      await this.reauth.running?.catch(() => undefined);
      await this.reauthorize('accounts changed');
    }
    // Mid-connect, the authorize in flight carries the old list: redo it once online.
    else if (this.socket.state.phase === 'connecting') this.accountsChanged = true;
  }

  /** Local only: no request is sent. */
  switchAccount(accountId: string): void {
    const id = this.accounts.require(accountId, this.store.state.authorized);
    this.preferredActive = id;
    this.dispatch({ type: 'switched', accountId: id });
  }

  /** Skip the backoff wait and reconnect now (never Deriv's `RateLimit` wait nor the per-minute cap). */
  retryNow(): void {
    this.socket.wake();
  }

  /** What the OS says: probe or retry at once after a wake; nothing while there is no network. */
  osSignal(signal: OsSignal): void {
    if (signal === 'offline') this.socket.network(false);
    else if (signal === 'online') this.socket.network(true);
    else if (signal !== 'suspend') this.socket.wake(); // the wake (`resume`) is what needs work
  }

  /** `logout` on the server (best effort), close the socket, forget tokens and state. */
  async logout(): Promise<void> {
    const link = this.socket.link;
    const accountId = this.store.state.authorized[0];
    if (link !== null && link.conn.isOpen && accountId !== undefined) {
      try {
        await link.conn.call('logout', { logout: 1, loginid: accountId }, { timeoutMs: this.timing.pongTimeoutMs });
      } catch (error) {
        this.logger.warn('logout call failed; closing anyway', { error: this.describe(error) });
      }
    }
    this.socket.dropWarm();
    this.teardown('logged out');
    this.accounts.set([]);
    this.preferredActive = null;
    this.dispatch({ type: 'cleared', reason: 'logged_out' });
  }

  /** Close the socket and stop reconnecting; the last snapshot stays readable. */
  async close(): Promise<void> {
    this.socket.dropWarm();
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
   * Send a request on the session's socket. `accountId` names the account of an account-scoped call
   * (it must be authorized). Rejects with `DerivApiError` for an error answer, `SessionError`
   * otherwise (`not_connected`, `rate_limited`, `timeout`, `connection_closed`, …).
   */
  send<T = DerivMessage>(request: object, opts: { accountId?: string } = {}): Promise<T> {
    return sendThroughGate<T>(request, opts.accountId, {
      running: this.running,
      online: this.socket.link?.conn ?? null,
      connection: this.store.state.connection,
      rateLimitedUntil: this.socket.state.serverWaitUntil,
      now: this.clock.now(),
      accounts: this.accounts,
      authorized: this.store.state.authorized,
      timeoutMs: this.timing.requestTimeoutMs,
      // A caller's request failed: slow down after `RateLimit`; find out whose token went bad.
      onApiError: (error, accountId) => {
        if (error.code === 'RateLimit') this.socket.rateLimited();
        const why = reauthorizeReason(error, accountId);
        if (why !== null) void this.reauthorize(why).catch(() => undefined);
      },
    });
  }

  // ───────────────────────────── the socket's side ─────────────────────────────

  /** Every connection's handshake: authorize every usable token, then the balance stream. */
  private async handshake(link: Link): Promise<void> {
    this.accountsChanged = false;
    if (!(await this.authorizeRound(link))) {
      throw new SessionError('all_credentials_refused', 'The server refused every account token; log in again.');
    }
    await this.balances.subscribe(link.conn, this.primary(), this.multi(), () => !link.signal.aborted);
  }

  /** The socket's phases as the snapshot's connection state. */
  private onSocket(state: SocketState): void {
    if (!this.running) return;
    const lastLiveAt = state.lastLiveAt;
    switch (state.phase) {
      case 'connecting':
        return this.show({ status: 'connecting', lastLiveAt });
      case 'waiting':
        return this.show({
          status: 'reconnecting',
          attempt: state.attempt,
          nextRetryAt: state.nextRetryAt,
          lastError: state.lastError,
          lastLiveAt,
        });
      case 'no_network':
        return this.show({ status: 'no_network', since: state.since, lastLiveAt });
      case 'live': {
        const wasOnline = ['online', 'checking'].includes(this.store.state.connection.status);
        this.show(
          state.checking
            ? { status: 'checking', since: state.since, lastHeardAt: state.checking.lastHeardAt }
            : { status: 'online', since: state.since },
        );
        if (wasOnline) return;
        if (this.accountsChanged) void this.reauthorize('accounts changed while connecting').catch(() => undefined);
        this.waiters.resolveAll(this.store.state);
        return;
      }
      case 'closed': {
        const error = this.socket.closedError;
        this.fail(error instanceof SessionError ? error : new SessionError('closed', 'The session was closed.'));
        return;
      }
      case 'idle':
        return;
    }
  }

  /** How a failed attempt counts: `RateLimit` holds the next one for the rate-limit period. */
  private failureOf(error: unknown): Failure {
    const terminal = error instanceof SessionError && error.code === 'all_credentials_refused';
    const rateLimited = error instanceof DerivApiError && error.code === 'RateLimit';
    const retryAt = rateLimited ? this.clock.now() + this.timing.rateLimitBackoffMs : null;
    return { message: this.describe(error), terminal, retryAt, rateLimited };
  }

  // ───────────────────────────── authorization ─────────────────────────────

  /**
   * Authorize every usable token in one call and publish the outcome. False when every token was
   * refused (or the connection was abandoned meanwhile).
   */
  private async authorizeRound(link: Link): Promise<boolean> {
    const current = () => !link.signal.aborted;
    const round = await authorizeAll(link.conn, this.accounts, {
      timeoutMs: this.timing.requestTimeoutMs,
      logger: this.logger,
      current,
    });
    if (!current()) return false;
    const primary = round.primaryAccountId;
    this.dispatch({
      type: 'authorized',
      ...round,
      receivedAt: this.clock.now(),
      refused: this.accounts.marked('refused'),
      disabled: this.accounts.marked('disabled'),
      preferredActive: primary === null ? null : this.preferredActive,
    });
    return primary !== null;
  }

  /** Re-authorize on the live socket and replace the balance stream exactly once. */
  private reauthorize(why: string): Promise<void> {
    const link = this.socket.link;
    if (this.reauth.running) return this.reauth.running;
    if (link === null) return Promise.resolve();
    return this.reauth.run(async () => {
      this.logger.info('re-authorizing', { why });
      try {
        if (!(await this.authorizeRound(link))) {
          if (!link.signal.aborted) {
            this.fail(
              new SessionError('all_credentials_refused', 'The server refused every account token; log in again.'),
            );
          }
          return;
        }
        await this.balances.replace(link.conn, this.primary(), this.multi(), () => !link.signal.aborted);
      } catch (error) {
        if (link.signal.aborted) return;
        this.logger.warn('re-authorize failed; reconnecting', { error: this.describe(error) });
        // A fresh connection re-authorizes and restores the stream from a clean slate.
        link.conn.terminate('re-authorize failed');
      }
    });
  }

  // ───────────────────────────── stopping ─────────────────────────────

  /** Stop everything; pending `start` promises reject with `closed`. */
  private teardown(reason: string): void {
    this.running = false;
    this.accountsChanged = false;
    this.socket.stop();
    this.balances.reset();
    this.reauth.forget();
    if (this.waiters.pending) this.waiters.rejectAll(new SessionError('closed', `The session was ${reason}.`));
  }

  /** Stop for good with a reason the snapshot shows; `start` waiters get `error`. */
  private fail(error: SessionError): void {
    const waiters = this.waiters.take();
    this.teardown(error.code);
    this.dispatch({ type: 'connection', connection: { status: 'offline', reason: error.code } });
    waiters.rejectAll(error);
  }

  // ───────────────────────────── helpers ─────────────────────────────

  /** The account whose token went first in the last authorize. */
  private primary(): string {
    return this.store.state.authorize?.primaryAccountId ?? this.store.state.authorized[0] ?? '';
  }

  private multi(): boolean {
    return this.store.state.authorized.length > 1;
  }

  private show(connection: ConnectionState): void {
    this.dispatch({ type: 'connection', connection });
  }

  private dispatch(event: SessionEvent): void {
    this.store.dispatch(event);
  }

  private describe(error: unknown): string {
    return describeError(error, this.accounts.secrets());
  }
}
