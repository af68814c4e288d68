import type { Authorize } from '@deriv/api-types';

import { LOGINID_PATTERN, TOKEN_PATTERN } from '../deriv-patterns';
import { MAX_ACCOUNTS_PER_SOCKET } from '../model';
import { backoffDelay } from './backoff';
import { DerivConnection, type DerivMessage, errorOf, subscriptionIdOf } from './connection';
import { buildSocketUrl, type SessionEndpoint } from './endpoints';
import { DerivApiError, SessionError } from './errors';
import { type Clock, type Logger, silentLogger, type SocketFactory, systemClock, wsSocketFactory } from './ports';
import { balancesFromFrame, initialSnapshot, reduceSession, type SessionEvent, type SessionSnapshot } from './state';

export type { SessionSnapshot } from './state';

export interface SessionAccount {
  loginid: string;
  token: string;
}

export interface Timing {
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
  /** After a `RateLimit` answer: no retry and no caller request before this long. */
  rateLimitBackoffMs: number;
}

export const DEFAULT_TIMING: Timing = {
  pingIntervalMs: 30_000,
  pongTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  openTimeoutMs: 10_000,
  backoffBaseMs: 250,
  backoffCapMs: 30_000,
  rateLimitBackoffMs: 15_000,
};

export interface SessionOptions {
  endpoint: SessionEndpoint;
  createSocket?: SocketFactory;
  clock?: Clock;
  logger?: Logger;
  timing?: Partial<Timing>;
  random?: () => number;
}

/** Calls only the session may make: they change the authorization or the connection's identity. */
const RESERVED_CALLS = ['authorize', 'logout', 'req_id', 'tokens'] as const;

type Phase = 'stopped' | 'establishing' | 'online' | 'waiting';

interface Waiter {
  resolve(snapshot: SessionSnapshot): void;
  reject(error: Error): void;
}

interface WarmSocket {
  owner: { gen: number };
  opened: Promise<DerivConnection>;
  ready: Promise<void>;
  /** Set once open, so `start` can adopt it without waiting a tick. */
  conn: DerivConnection | null;
}

interface AuthorizeOutcome {
  response: Authorize | null;
  primaryLoginid: string | null;
  accepted: string[];
  refused: string[];
  disabled: string[];
}

/**
 * The one Deriv session of the app: one socket, every account authorized at once, balances of
 * all accounts live through one `balance` subscription, local account switching, keep-alive and
 * reconnection.
 *
 * Requests while not online fail at once with `SessionError('not_connected')` instead of
 * waiting: calls made for a user (a purchase, a transfer) must not be replayed at an unknown later
 * time behind their back; the UI shows the connection state and the user retries. Everything the
 * session needs itself (authorize, balance stream, ping) is re-issued by the session on reconnect.
 *
 * More than 26 accounts (1 + 25 extra tokens, Deriv's limit per socket) are refused with
 * `SessionError('too_many_accounts')`: a second socket would double keep-alive and reconnect
 * traffic for a case no real Deriv user reaches, and silently dropping accounts would hide them.
 */
export class DerivSession {
  private readonly endpoint: SessionEndpoint;
  private readonly factory: SocketFactory;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timing: Timing;
  private readonly random: () => number;

  private accounts: SessionAccount[] = [];
  /** loginid → the token that was refused; a new token for that loginid clears the mark. */
  private readonly refusedTokens = new Map<string, string>();
  private readonly disabledTokens = new Map<string, string>();
  private preferredActive: string | null = null;

  private state: SessionSnapshot = initialSnapshot;
  private readonly listeners = new Set<(s: SessionSnapshot) => void>();
  private waiters: Waiter[] = [];

  private phase: Phase = 'stopped';
  private conn: DerivConnection | null = null;
  /** Bumped whenever a connection is abandoned; async work of an older generation stops. */
  private generation = 0;
  private attempt = 0;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private balanceStreamId: string | null = null;
  private rateLimitedUntil = 0;
  private reauthorizing: Promise<void> | null = null;
  private accountsChanged = false;
  /** A socket opened ahead of `start` (see `preconnect`); owned by no generation until adopted. */
  private warm: WarmSocket | null = null;
  private warmTimer: unknown = null;

  constructor(opts: SessionOptions) {
    this.endpoint = opts.endpoint;
    this.factory = opts.createSocket ?? wsSocketFactory;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.timing = { ...DEFAULT_TIMING, ...opts.timing };
    this.random = opts.random ?? Math.random;
    buildSocketUrl(this.endpoint); // fail early, typed, on a bad endpoint
  }

  // ───────────────────────────── public API ─────────────────────────────

  /**
   * Connect, authorize every account, subscribe to balances. Resolves on the first time online;
   * network failures are retried (the snapshot shows `reconnecting`) rather than rejected. Rejects
   * with `SessionError` `all_tokens_refused`, `closed` (close/logout meanwhile), or a validation
   * code for a bad account list. A running session is torn down and started afresh.
   */
  start(accounts: SessionAccount[], activeLoginid?: string): Promise<SessionSnapshot> {
    const list = validateAccounts(accounts);
    this.teardown('restarted');
    this.accounts = list;
    this.refusedTokens.clear();
    this.disabledTokens.clear();
    this.preferredActive = activeLoginid ?? null;
    this.rateLimitedUntil = 0;
    this.attempt = 0;
    this.dispatch({ type: 'cleared', reason: 'starting' });
    const ready = this.waitOnline();
    this.establish();
    return ready;
  }

  /**
   * Open the socket before the tokens are known (call it when the login window opens), so that
   * `start` costs only the authorize round trip. Resolves when the socket is open or could not be
   * opened (never rejects); a no-op while a session runs. A pre-opened socket that closed by the
   * time `start` comes is simply replaced by a new one.
   */
  preconnect(): Promise<void> {
    if (this.phase !== 'stopped') return Promise.resolve();
    if (this.warm === null) {
      const warm = this.openConnection({ gen: -1 });
      // Prove the socket alive once, and keep it from Deriv's 2-minute idle drop while the user
      // is still on the login page.
      const entry: WarmSocket = { ...warm, ready: Promise.resolve(), conn: null };
      entry.ready = warm.opened.then((conn) => {
        entry.conn = conn;
        return this.keepWarm(warm, conn);
      });
      this.warm = entry;
    }
    return this.warm.ready.then(
      () => undefined,
      () => undefined,
    );
  }

  private async keepWarm(warm: { owner: { gen: number } }, conn: DerivConnection): Promise<void> {
    try {
      await conn.call('ping', { ping: 1 }, { timeoutMs: this.timing.pongTimeoutMs });
    } catch {
      // Only while still unadopted: once `start` owns the socket, its own keep-alive decides.
      if (this.warm?.owner === warm.owner) conn.terminate('pre-connect ping failed');
      return;
    }
    if (this.warm?.owner !== warm.owner) return;
    this.warmTimer = this.clock.setTimeout(() => {
      this.warmTimer = null;
      if (this.warm?.owner === warm.owner && conn.isOpen) void this.keepWarm(warm, conn);
    }, this.timing.pingIntervalMs);
  }

  /**
   * Replace the account list (e.g. a second login merged new tokens). Every token is tried again,
   * refused ones included. Online: one re-authorize on the same socket and the balance stream
   * replaced once. Not online: the next connect uses them.
   */
  async setAccounts(accounts: SessionAccount[]): Promise<void> {
    const list = validateAccounts(accounts);
    if (this.phase === 'stopped') throw new SessionError('closed', 'The session is not running.');
    this.accounts = list;
    // A new list is a new attempt: after a re-login the server may accept the very token it
    // refused before (Deriv can hand the same token out again). A token still bad is found again
    // in the same authorize round (by Deriv's position hint), at the cost of one extra authorize.
    this.refusedTokens.clear();
    this.disabledTokens.clear();
    if (this.phase === 'online') {
      // A re-authorize already in flight picked its tokens from the old list: let it end, then
      // run one with the new list (joining it would leave the new accounts unauthorized).
      if (this.reauthorizing) await this.reauthorizing.catch(() => undefined);
      await this.reauthorize('accounts changed');
    }
    // Mid-connect, the authorize in flight carries the old list: redo it once online.
    else if (this.phase === 'establishing') this.accountsChanged = true;
  }

  /** Local only: no request is sent. */
  switchAccount(loginid: string): void {
    const id = normalizeLoginid(loginid);
    if (!this.accounts.some((a) => a.loginid === id)) {
      throw new SessionError('unknown_account', `No account ${safeId(loginid)} in this session.`);
    }
    if (!this.state.authorized.includes(id)) {
      throw new SessionError('account_needs_login', `Account ${id} is not authorized in this session.`);
    }
    this.preferredActive = id;
    this.dispatch({ type: 'switched', loginid: id });
  }

  /** Skip the backoff wait and reconnect now (no effect while connecting or online). */
  retryNow(): void {
    if (this.phase !== 'waiting') return;
    this.clearRetry();
    this.establish();
  }

  /** `logout` on the server (best effort), close the socket, forget tokens and state. */
  async logout(): Promise<void> {
    const conn = this.conn;
    const loginid = this.state.authorized[0];
    if (this.phase === 'online' && conn?.isOpen && loginid !== undefined) {
      try {
        await conn.call('logout', { logout: 1, loginid }, { timeoutMs: this.timing.pongTimeoutMs });
      } catch (error) {
        this.logger.warn('logout call failed; closing anyway', { error: this.describe(error) });
      }
    }
    this.dropWarm();
    this.teardown('logged out');
    this.accounts = [];
    this.refusedTokens.clear();
    this.disabledTokens.clear();
    this.preferredActive = null;
    this.dispatch({ type: 'cleared', reason: 'logged_out' });
  }

  /** Close the socket and stop reconnecting; the last snapshot stays readable. */
  async close(): Promise<void> {
    this.dropWarm();
    this.teardown('closed');
    this.dispatch({ type: 'connection', connection: { status: 'offline', reason: 'closed' } });
  }

  snapshot(): SessionSnapshot {
    return this.state;
  }

  onChange(listener: (s: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Send a request on the session's socket. `loginid` names the account of an account-scoped call
   * (it must be authorized). Rejects with `DerivApiError` for an error answer, `SessionError`
   * otherwise (`not_connected`, `rate_limited`, `timeout`, `connection_closed`, …).
   */
  async send<T = DerivMessage>(request: object, opts: { loginid?: string } = {}): Promise<T> {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      throw new SessionError('invalid_request', 'A request must be an object.');
    }
    const body = { ...(request as Record<string, unknown>) };
    for (const key of RESERVED_CALLS) {
      if (Object.hasOwn(body, key)) throw new SessionError('invalid_request', `The session manages "${key}" itself.`);
    }
    if (this.phase === 'stopped') throw new SessionError('closed', 'The session is not running.');
    let loginid: string | undefined;
    if (opts.loginid !== undefined) {
      loginid = normalizeLoginid(opts.loginid);
      if (!this.accounts.some((a) => a.loginid === loginid)) {
        throw new SessionError('unknown_account', `No account ${safeId(opts.loginid)} in this session.`);
      }
      if (!this.state.authorized.includes(loginid)) {
        throw new SessionError('account_needs_login', `Account ${loginid} is not authorized in this session.`);
      }
      body.loginid = loginid;
    }
    const conn = this.conn;
    if (this.phase !== 'online' || conn === null || !conn.isOpen) {
      const c = this.state.connection;
      throw new SessionError(
        'not_connected',
        'Not connected to the Deriv server.',
        c.status === 'reconnecting' ? c.nextRetryAt : undefined,
      );
    }
    if (this.clock.now() < this.rateLimitedUntil) {
      throw new SessionError(
        'rate_limited',
        'Rate limited by the Deriv server; try again later.',
        this.rateLimitedUntil,
      );
    }
    try {
      return (await conn.request(body, { timeoutMs: this.timing.requestTimeoutMs })) as T;
    } catch (error) {
      if (error instanceof DerivApiError) {
        if (error.code === 'RateLimit') this.rateLimitedUntil = this.clock.now() + this.timing.rateLimitBackoffMs;
        const sessionLost = error.code === 'AuthorizationRequired';
        if ((error.code === 'InvalidToken' && loginid !== undefined) || sessionLost) {
          // Find out whose token went bad without blocking the caller; the others keep working.
          void this.reauthorize(sessionLost ? 'server lost the authorization' : `token of ${loginid} refused`).catch(
            () => undefined,
          );
        }
      }
      throw this.scrubbed(error);
    }
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  private establish(): void {
    const gen = ++this.generation;
    this.phase = 'establishing';
    this.dispatch({ type: 'connection', connection: { status: 'connecting' } });
    this.connectOnce(gen).catch((error: unknown) => this.onAttemptFailed(gen, error));
  }

  private async connectOnce(gen: number): Promise<void> {
    // A ready pre-opened socket is adopted synchronously: authorize leaves within start() itself.
    const conn = this.takeWarmNow(gen) ?? (await this.takeWarm(gen)) ?? (await this.openConnection({ gen }).opened);
    if (gen !== this.generation) {
      conn.close();
      return;
    }
    this.conn = conn;
    this.accountsChanged = false;
    const outcome = await this.authorizeAll(conn, gen);
    if (gen !== this.generation) return;
    this.applyAuthorize(outcome);
    if (outcome.response === null) return;
    await this.subscribeBalances(conn, gen, outcome.primaryLoginid!);
    if (gen !== this.generation) return;
    this.phase = 'online';
    this.attempt = 0;
    this.dispatch({ type: 'connection', connection: { status: 'online', since: this.clock.now() } });
    this.schedulePing(gen);
    if (this.accountsChanged) void this.reauthorize('accounts changed while connecting').catch(() => undefined);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve(this.state);
  }

  private onAttemptFailed(gen: number, error: unknown): void {
    if (gen !== this.generation || this.phase === 'stopped') return;
    this.logger.info('connection attempt failed', { error: this.describe(error) });
    this.conn?.terminate('attempt failed');
    this.conn = null;
    this.scheduleRetry(error);
  }

  private onConnectionClosed(gen: number, info: { code: number; byUs: boolean }): void {
    if (gen !== this.generation || this.phase === 'stopped') return;
    // While establishing, the awaited request rejects and onAttemptFailed schedules the retry.
    if (this.phase !== 'online') return;
    this.logger.info('connection lost', { code: info.code });
    this.conn = null;
    this.scheduleRetry(new SessionError('connection_closed', `Connection closed (${info.code}).`));
  }

  private scheduleRetry(error: unknown): void {
    this.clearPing();
    this.clearRetry();
    this.generation++;
    this.phase = 'waiting';
    this.attempt++;
    let delay = backoffDelay(
      this.attempt,
      { baseMs: this.timing.backoffBaseMs, capMs: this.timing.backoffCapMs },
      this.random,
    );
    if (error instanceof DerivApiError && error.code === 'RateLimit') {
      this.rateLimitedUntil = this.clock.now() + this.timing.rateLimitBackoffMs;
      delay = Math.max(delay, this.timing.rateLimitBackoffMs);
    }
    const nextRetryAt = this.clock.now() + delay;
    this.dispatch({
      type: 'connection',
      connection: { status: 'reconnecting', attempt: this.attempt, nextRetryAt, lastError: this.describe(error) },
    });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      if (this.phase === 'waiting') this.establish();
    }, delay);
  }

  /** Stop everything; pending `start` promises reject with `closed`. */
  private teardown(reason: string): void {
    this.generation++;
    this.phase = 'stopped';
    this.clearPing();
    this.clearRetry();
    this.balanceStreamId = null;
    this.reauthorizing = null;
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

  private waitOnline(): Promise<SessionSnapshot> {
    return new Promise<SessionSnapshot>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Open a socket whose events go to the generation in `owner` (changed when a warm socket is adopted). */
  private openConnection(owner: { gen: number }): { owner: { gen: number }; opened: Promise<DerivConnection> } {
    const opened = DerivConnection.open(buildSocketUrl(this.endpoint), {
      factory: this.factory,
      clock: this.clock,
      logger: this.logger,
      openTimeoutMs: this.timing.openTimeoutMs,
      onUnmatched: (m) => this.onUnmatched(owner.gen, m),
      onClose: (info) => this.onConnectionClosed(owner.gen, info),
    });
    return { owner, opened };
  }

  private takeWarmNow(gen: number): DerivConnection | null {
    const warm = this.warm;
    if (warm === null || warm.conn === null || !warm.conn.isOpen) return null;
    this.warm = null;
    this.clearWarmTimer();
    warm.owner.gen = gen;
    return warm.conn;
  }

  /** The pre-opened socket, if there is one and it is still open. */
  private async takeWarm(gen: number): Promise<DerivConnection | null> {
    const warm = this.warm;
    this.warm = null;
    this.clearWarmTimer();
    if (warm === null) return null;
    const conn = await warm.opened.catch(() => null);
    if (conn === null || !conn.isOpen) return null;
    warm.owner.gen = gen;
    return conn;
  }

  private clearWarmTimer(): void {
    if (this.warmTimer !== null) this.clock.clearTimeout(this.warmTimer);
    this.warmTimer = null;
  }

  private dropWarm(): void {
    const warm = this.warm;
    this.warm = null;
    this.clearWarmTimer();
    warm?.opened.then(
      (c) => c.close(),
      () => undefined,
    );
  }

  // ───────────────────────────── authorize ─────────────────────────────

  /**
   * Authorize every usable token in one call. On `InvalidToken`/`DisabledClient`, find the culprit
   * (Deriv-style `details` naming the position when present, else one token at a time), set it
   * aside and authorize the rest, so one bad token never locks out the other accounts.
   */
  private async authorizeAll(conn: DerivConnection, gen: number): Promise<AuthorizeOutcome> {
    let candidates = this.accounts.filter(
      (a) => !this.refusedTokens.has(a.loginid) && !this.disabledTokens.has(a.loginid),
    );
    for (let round = 0; round <= MAX_ACCOUNTS_PER_SOCKET && candidates.length > 0; round++) {
      try {
        const response = await this.authorizeTokens(conn, candidates);
        return this.outcome(response, candidates);
      } catch (error) {
        if (!isTokenRefusal(error) || gen !== this.generation) throw error;
        const culprit = positionFromDetails(error, candidates.length);
        if (culprit !== null) {
          this.markRefused(candidates[culprit]!, error);
          candidates = candidates.filter((_, i) => i !== culprit);
          continue;
        }
        // No usable hint: probe each token alone, then authorize the survivors together.
        const survivors: SessionAccount[] = [];
        for (const account of candidates) {
          try {
            await this.authorizeTokens(conn, [account]);
            survivors.push(account);
          } catch (probeError) {
            if (!isTokenRefusal(probeError)) throw probeError;
            this.markRefused(account, probeError);
          }
        }
        if (survivors.length === candidates.length) throw error; // inconsistent server; retry later
        candidates = survivors;
      }
    }
    if (candidates.length === 0) return this.outcome(null, []);
    throw new SessionError('timeout', 'Could not settle which tokens are valid.');
  }

  private authorizeTokens(conn: DerivConnection, accounts: SessionAccount[]) {
    const [first, ...rest] = accounts;
    return conn.call(
      'authorize',
      { authorize: first!.token, ...(rest.length > 0 ? { tokens: rest.map((a) => a.token) } : {}) },
      { timeoutMs: this.timing.requestTimeoutMs },
    );
  }

  private markRefused(account: SessionAccount, error: DerivApiError): void {
    if (error.code === 'DisabledClient') this.disabledTokens.set(account.loginid, account.token);
    else this.refusedTokens.set(account.loginid, account.token);
    this.logger.warn('token refused', { loginid: account.loginid, code: error.code });
  }

  private outcome(response: { authorize?: Authorize } | null, accepted: SessionAccount[]): AuthorizeOutcome {
    const auth = response?.authorize ?? null;
    const primary =
      auth === null ? null : typeof auth.loginid === 'string' ? auth.loginid : (accepted[0]?.loginid ?? null);
    return {
      response: auth,
      primaryLoginid: primary,
      accepted: auth === null ? [] : accepted.map((a) => a.loginid),
      refused: [...this.refusedTokens.keys()],
      disabled: [...this.disabledTokens.keys()],
    };
  }

  private applyAuthorize(outcome: AuthorizeOutcome): void {
    if (outcome.response === null || outcome.primaryLoginid === null) {
      this.dispatch({
        type: 'authorized',
        response: null,
        primaryLoginid: null,
        receivedAt: this.clock.now(),
        accepted: [],
        refused: outcome.refused,
        disabled: outcome.disabled,
        preferredActive: null,
      });
      this.fail(new SessionError('all_tokens_refused', 'The server refused every account token; log in again.'));
      return;
    }
    this.dispatch({
      type: 'authorized',
      response: outcome.response,
      primaryLoginid: outcome.primaryLoginid,
      receivedAt: this.clock.now(),
      accepted: outcome.accepted,
      refused: outcome.refused,
      disabled: outcome.disabled,
      preferredActive: this.preferredActive,
    });
  }

  /** Re-authorize on the live socket and replace the balance stream exactly once. */
  private reauthorize(why: string): Promise<void> {
    if (this.reauthorizing) return this.reauthorizing;
    const conn = this.conn;
    const gen = this.generation;
    if (this.phase !== 'online' || conn === null) return Promise.resolve();
    this.logger.info('re-authorizing', { why });
    const run: Promise<void> = (async () => {
      await Promise.resolve(); // let `this.reauthorizing` be set before any awaited work settles
      try {
        const outcome = await this.authorizeAll(conn, gen);
        if (gen !== this.generation) return;
        this.applyAuthorize(outcome);
        if (outcome.response === null) return;
        // A new authorize ends the old authorization's streams on Deriv; forget_all makes sure.
        if (this.balanceStreamId !== null) conn.dropStream(this.balanceStreamId);
        this.balanceStreamId = null;
        await conn.call('forget_all', { forget_all: 'balance' }, { timeoutMs: this.timing.requestTimeoutMs });
        await this.subscribeBalances(conn, gen, outcome.primaryLoginid!);
      } catch (error) {
        if (gen !== this.generation) return;
        this.logger.warn('re-authorize failed; reconnecting', { error: this.describe(error) });
        // A fresh connection re-authorizes and restores the stream from a clean slate.
        conn.terminate('re-authorize failed');
      }
    })();
    this.reauthorizing = run;
    void run.finally(() => {
      if (this.reauthorizing === run) this.reauthorizing = null;
    });
    return run;
  }

  // ───────────────────────────── streams ─────────────────────────────

  private async subscribeBalances(conn: DerivConnection, gen: number, loginid: string): Promise<void> {
    const multi = this.state.authorized.length > 1;
    const first = await conn.call(
      'balance',
      { balance: 1, account: 'all', subscribe: 1, ...(multi ? { loginid } : {}) },
      { timeoutMs: this.timing.requestTimeoutMs, onUpdate: (m) => this.onBalanceFrame(gen, m) },
    );
    if (gen !== this.generation) return;
    this.balanceStreamId = typeof first.subscription?.id === 'string' ? first.subscription.id : null;
    this.onBalanceFrame(gen, first as DerivMessage);
  }

  private onBalanceFrame(gen: number, message: DerivMessage): void {
    if (gen !== this.generation) return;
    const error = errorOf(message);
    if (error) {
      this.logger.warn('balance stream error', { code: error.code });
      if (isTokenRefusal(error)) void this.reauthorize('balance stream refused').catch(() => undefined);
      return;
    }
    const balances = balancesFromFrame(message);
    if (Object.keys(balances).length > 0) this.dispatch({ type: 'balances', balances });
  }

  private onUnmatched(gen: number, message: DerivMessage): void {
    this.logger.debug('unmatched frame', { msg_type: message.msg_type, req_id: message.req_id ?? null });
    // A stream nobody listens to (its subscribe timed out, or it outlived a re-authorize) would
    // be a second balance subscription: end it on the server.
    const id = subscriptionIdOf(message);
    const conn = this.conn;
    if (id !== null && gen === this.generation && conn?.isOpen && id !== this.balanceStreamId) {
      conn.call('forget', { forget: id }, { timeoutMs: this.timing.requestTimeoutMs }).catch(() => undefined);
    }
  }

  // ───────────────────────────── keep-alive ─────────────────────────────

  private schedulePing(gen: number): void {
    this.clearPing();
    this.pingTimer = this.clock.setTimeout(() => {
      this.pingTimer = null;
      void this.pingOnce(gen);
    }, this.timing.pingIntervalMs);
  }

  private async pingOnce(gen: number): Promise<void> {
    const conn = this.conn;
    if (gen !== this.generation || this.phase !== 'online' || conn === null) return;
    try {
      await conn.call('ping', { ping: 1 }, { timeoutMs: this.timing.pongTimeoutMs });
    } catch (error) {
      if (gen !== this.generation) return;
      if (error instanceof SessionError && error.code === 'timeout') {
        this.logger.warn('no pong; treating the socket as dead', { timeoutMs: this.timing.pongTimeoutMs });
        conn.terminate('pong timeout');
        return;
      }
      // An error answer (RateLimit …) still proves the socket alive.
      if (error instanceof DerivApiError && error.code === 'RateLimit') {
        this.rateLimitedUntil = this.clock.now() + this.timing.rateLimitBackoffMs;
      }
    }
    if (gen === this.generation && this.phase === 'online') this.schedulePing(gen);
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private clearPing(): void {
    if (this.pingTimer !== null) this.clock.clearTimeout(this.pingTimer);
    this.pingTimer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private dispatch(event: SessionEvent): void {
    const next = reduceSession(this.state, event);
    if (next === this.state) return;
    this.state = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        this.logger.error('session listener threw', { error: this.describe(error) });
      }
    }
  }

  /** A short description of an error, with every known token removed. */
  private describe(error: unknown): string {
    const text =
      error instanceof DerivApiError
        ? `${error.code}: ${error.message}`
        : error instanceof SessionError
          ? `${error.code}: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
    return this.scrub(text);
  }

  private scrub(text: string): string {
    let out = text;
    for (const a of this.accounts) if (a.token.length >= 4) out = out.split(a.token).join('[token]');
    return out;
  }

  private scrubbed(error: unknown): unknown {
    if (error instanceof DerivApiError) {
      const clean = this.scrub(error.message);
      return clean === error.message ? error : new DerivApiError(error.code, clean, error.msgType, error.details);
    }
    return error;
  }
}

function isTokenRefusal(error: unknown): error is DerivApiError {
  return error instanceof DerivApiError && (error.code === 'InvalidToken' || error.code === 'DisabledClient');
}

/** `details: { tokens: "Token at position N is invalid." }` → the index in our candidate list. */
function positionFromDetails(error: DerivApiError, count: number): number | null {
  if (count === 1) return 0;
  const hint = error.details?.tokens;
  if (typeof hint !== 'string') return null;
  const match = /position\s+(\d+)/i.exec(hint);
  if (!match) return null;
  const index = Number(match[1]);
  return Number.isSafeInteger(index) && index >= 0 && index < count ? index : null;
}

function normalizeLoginid(loginid: string): string {
  return typeof loginid === 'string' ? loginid.trim().toUpperCase() : '';
}

/** A loginid fit for a message: only when it looks like one (never echo arbitrary input). */
function safeId(loginid: unknown): string {
  return typeof loginid === 'string' && LOGINID_PATTERN.test(loginid.trim()) ? loginid.trim() : '(invalid id)';
}

function validateAccounts(accounts: SessionAccount[]): SessionAccount[] {
  if (!Array.isArray(accounts) || accounts.length === 0) {
    throw new SessionError('invalid_accounts', 'At least one account is needed.');
  }
  if (accounts.length > MAX_ACCOUNTS_PER_SOCKET) {
    throw new SessionError(
      'too_many_accounts',
      `${accounts.length} accounts: one Deriv connection authorizes at most ${MAX_ACCOUNTS_PER_SOCKET}.`,
    );
  }
  const seen = new Set<string>();
  return accounts.map((a, i) => {
    const loginid = normalizeLoginid(a?.loginid);
    if (!LOGINID_PATTERN.test(loginid))
      throw new SessionError('invalid_accounts', `Account ${i + 1} has an invalid loginid.`);
    if (seen.has(loginid)) throw new SessionError('invalid_accounts', `Account ${loginid} is listed twice.`);
    seen.add(loginid);
    if (typeof a.token !== 'string' || !TOKEN_PATTERN.test(a.token)) {
      throw new SessionError('invalid_accounts', `The token for ${loginid} is not a valid Deriv token.`);
    }
    return { loginid, token: a.token };
  });
}
