/**
 * The current API's implementation of the `AccountsBackend` port (`api: 'current'`): the account
 * list over REST, one OTP-issued socket per open account, a warm pool of recently used accounts
 * for instant switching, live balances on every open socket and list balances for the others,
 * OAuth refresh ahead of expiry. Credentials stay inside; views, errors and logs never hold one.
 */
import { GrantRenewals } from '../backend/grant-renewals';
import {
  type AccountsBackend,
  BackendError,
  type BackendGrant,
  type BackendView,
  type RenewGrant,
} from '../backend/port';
import type { Amount, ConnectionState, LegacyMigrationFacts } from '../model';
import type { OsSignal } from '../net/os-signals';
import { type Clock, type Logger, silentLogger, systemClock, wsSocketFactory } from '../socket/ports';
import { AccountDirectory, credentialStateOf } from './account-directory';
import { AccountSocket } from './account-socket';
import { type CredentialHolder, validateGrants } from './credentials';
import { ListKeeper } from './list-keeper';
import { SessionListeners } from './listeners';
import { type CurrentSessionOptions, type CurrentTiming, DEFAULT_CURRENT_TIMING, makeHolder } from './options';
import { faultOf } from './refusal';
import { AppBudgets, BudgetedRest } from './rest-budget';
import { buildView, connectionOf, idleView, sameView } from './view';
import { WarmPool } from './warm-pool';
import { WireError } from './wire';

export { type CurrentSessionOptions, type CurrentTiming, DEFAULT_CURRENT_TIMING } from './options';

type Phase = 'idle' | 'starting' | 'running' | 'closed';

export class CurrentApiSession implements AccountsBackend {
  readonly api = 'current' as const;
  private readonly timing: CurrentTiming;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly budgets: AppBudgets;
  private readonly rest: BudgetedRest;
  private readonly pool: WarmPool;
  private phase: Phase = 'idle';
  /** The current `start`'s run: aborted when the session is torn down or started again. */
  private run = new AbortController();
  private dir: AccountDirectory | null = null;
  /** Accounts refused one by one (the OTP endpoint refused that account), beyond their credential. */
  private refusedAlone = new Set<string>();
  private balances: Record<string, Amount> = {};
  private refused = new Set<string>();
  private disabled = new Set<string>();
  private authorized: string[] = [];
  private activeAccountId: string | null = null;
  private onlineSince = 0;
  /** The account the app shows as active (last asked for), even one needing a login: the details are its login's. */
  private wanted: string | null = null;
  private pending: ConnectionState = { status: 'idle' };
  private lists: ListKeeper | null = null;
  /** The OS says there is no network: nothing is attempted (sockets, OTPs, lists) until it returns. */
  private networkDown = false;
  private view: BackendView = idleView;
  private readonly listeners: SessionListeners;
  private startWaiter: { resolve(v: BackendView): void; reject(e: Error): void } | null = null;

  private readonly opts: CurrentSessionOptions & { renewGrant: RenewGrant };
  constructor(opts: CurrentSessionOptions) {
    // One refresh per refresh token: main's guard, or the session's own across its restarts.
    this.opts = { ...opts, renewGrant: opts.renewGrant ?? GrantRenewals.inMemory().renew };
    this.timing = { ...DEFAULT_CURRENT_TIMING, ...opts.timing };
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.listeners = new SessionListeners(this.logger);
    this.random = opts.random ?? Math.random;
    this.pool = new WarmPool(opts.poolSize ?? 3);
    this.budgets = opts.budgets ?? new AppBudgets(this.timing, this.clock);
    this.rest = new BudgetedRest({
      restUrl: opts.restUrl,
      clock: this.clock,
      timeoutMs: this.timing.restTimeoutMs,
      budget: this.budgets.rest,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  }

  // ───────────────────────────── the port ─────────────────────────────

  start(grants: BackendGrant[], activeAccountId?: string): Promise<BackendView> {
    try {
      validateGrants(grants);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    this.teardown('closed');
    const run = this.run;
    this.phase = 'starting';
    this.dir = new AccountDirectory(grants, (g) =>
      makeHolder(g, this.opts, this.timing, {
        clock: this.clock,
        logger: this.logger,
        random: this.random,
        onTerminal: (holder, error) => this.onRefused(holder, error),
        onBusy: () => this.emit(),
      }),
    );
    this.dir.start();
    this.wanted = this.activeAccountId = activeAccountId && this.dir.holder(activeAccountId) ? activeAccountId : null;
    this.pending = { status: 'connecting' };
    this.emit();
    const result = new Promise<BackendView>((resolve, reject) => (this.startWaiter = { resolve, reject }));
    this.lists = new ListKeeper({
      dir: this.dir,
      rest: this.rest,
      clock: this.clock,
      random: this.random,
      timing: this.timing,
      networkDown: () => this.networkDown,
      onWaiting: (connection) => {
        this.pending = connection;
        this.emit();
      },
      onListed: () => this.onListed(run.signal),
      onRefreshed: () => {
        this.applyLists();
        this.emit();
      },
    });
    this.lists.start();
    return result;
  }

  async setGrants(grants: BackendGrant[]): Promise<void> {
    if (this.phase === 'idle' || this.phase === 'closed')
      throw new BackendError('closed', 'The session is not running.');
    validateGrants(grants);
    await this.start(grants, this.wanted ?? this.activeAccountId ?? undefined);
  }

  switchAccount(id: string): void {
    const holder = this.dir?.holder(id);
    if (!holder) throw new BackendError('unknown_account', `The account ${id} is not in this session.`);
    this.wanted = id;
    if (this.refused.has(id) || this.disabled.has(id) || this.activeAccountId === id) this.emit(); // its login's details
    if (this.refused.has(id)) {
      const why = holder.refusal?.message ?? 'Its credential was refused.';
      throw new BackendError('account_needs_login', `The account ${id} needs a new login. ${why}`);
    }
    if (this.disabled.has(id)) throw new BackendError('account_needs_login', `The account ${id} is inactive.`);
    if (this.activeAccountId === id) return;
    this.activeAccountId = id;
    this.openSocket(id);
    this.emit();
  }

  retryNow(): void {
    this.lists?.retryNow();
    for (const s of this.pool.all()) s.retryNow();
  }

  // What the OS says (net/os-signals.ts), as on v3: after a wake or a network change every socket is probed or
  // reconnects at once (fresh OTP, no backoff); while there is no network nothing is tried (`no_network`).
  osSignal(signal: OsSignal): void {
    if (signal === 'suspend') return; // the wake (`resume`) is what needs work
    for (const s of this.pool.all()) s.osSignal(signal);
    if (signal === 'offline') {
      this.networkDown = true;
      this.lists?.networkGone();
      return;
    }
    if (signal === 'online') this.networkDown = false;
    if (this.networkDown) return;
    this.lists?.retryNow();
  }

  async logout(): Promise<void> {
    this.teardown('closed');
    this.phase = 'idle';
    this.view = idleView;
    this.listeners.view(this.view);
  }

  async close(): Promise<void> {
    this.teardown('closed');
    this.phase = 'closed';
    this.pending = { status: 'offline', reason: 'closed' };
    this.view = { ...this.view, connection: this.pending };
    this.listeners.view(this.view);
  }

  snapshot(): BackendView {
    return this.view;
  }

  onChange(listener: (view: BackendView) => void): () => void {
    return this.listeners.onView(listener);
  }

  // ───────────────────────────── beyond the port ─────────────────────────────

  /** A request on the active account's socket: `not_connected`, `timeout`, `invalid_request` as on v3. */
  send(request: Record<string, unknown>): Promise<unknown> {
    const socket = this.activeAccountId ? this.pool.get(this.activeAccountId) : undefined;
    if (!socket) return Promise.reject(new BackendError('not_connected', 'No account is connected.'));
    return socket.send(request);
  }

  /**
   * What Deriv says of the move of this account's user from the legacy platform: the status and,
   * once complete, where each legacy loginid went. Asked with the account's login as it is now (no
   * refresh of its own, and a refusal here never ends the login: these endpoints are temporary);
   * `Deriv-App-ID` is the PAT's app id, or the client id an OAuth token was issued to.
   * Failures are `BackendError`s: `rate_limited` (with `retryAt`), `timeout`, `not_connected`
   * (worth asking again), `invalid_request` (refused or not understood: asking again will not help).
   * @see https://developers.deriv.com/docs/options-legacy/
   */
  async legacyMigration(accountId: string): Promise<LegacyMigrationFacts> {
    const holder = this.phase === 'running' || this.phase === 'starting' ? this.dir?.holder(accountId) : undefined;
    if (!holder || holder.refusal) throw new BackendError('not_connected', `No open login for ${accountId}.`);
    const credential = holder.current();
    const appId = credential.kind === 'pat' ? credential.appId : this.opts.clientId;
    try {
      const status = await this.rest.migrationStatus(credential, appId);
      if (status !== 'complete') return { status, moved: {} };
      return { status, moved: await this.rest.legacyAccounts(credential, appId) };
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      // Complete by the status, pending by the mapping (409): the move is not over after all.
      if (e.status === 409) return { status: 'pending', moved: {} };
      if (e.code === 'rate_limited') throw new BackendError('rate_limited', e.message, e.retryAt ?? undefined);
      if (e.code === 'timeout') throw new BackendError('timeout', e.message);
      const again = ['unauthorized', 'server_error', 'network'].includes(e.code);
      throw new BackendError(again ? 'not_connected' : 'invalid_request', e.message);
    }
  }

  /** The accounts that have a socket, least recently used first. */
  openAccounts(): string[] {
    return this.pool.ids();
  }

  /** Connections made so far for an account (one OTP each). */
  connectionsOf(id: string): number {
    return this.pool.get(id)?.connections ?? 0;
  }

  // ───────────────────────────── internals ─────────────────────────────

  private onListed(signal: AbortSignal): void {
    this.applyLists();
    if (this.authorized.length === 0) return this.failStart(signal);
    if (!this.activeAccountId || !this.authorized.includes(this.activeAccountId))
      this.activeAccountId = this.authorized[0]!;
    this.openSocket(this.activeAccountId);
    this.emit();
  }

  private failStart(signal: AbortSignal): void {
    if (signal.aborted) return;
    this.pending = { status: 'offline', reason: 'all_credentials_refused' };
    this.emit();
    this.startWaiter?.reject(new BackendError('all_credentials_refused', 'Every credential was refused.'));
    this.startWaiter = null;
  }

  /** Authorized / disabled / refused and list balances from the latest account lists. */
  private applyLists(): void {
    const c = this.dir!.classify();
    this.authorized = c.authorized.filter((id) => !this.refusedAlone.has(id));
    this.refused = new Set([...c.refused, ...this.refusedAlone]);
    this.disabled = c.disabled;
    for (const [id, balance] of Object.entries(c.listBalances)) {
      // An open socket's live figure is newer than the list's.
      if (this.pool.get(id)?.status !== 'open' || this.balances[id] === undefined) this.balances[id] = balance;
    }
  }

  private openSocket(id: string): void {
    if (this.pool.has(id)) {
      this.pool.touch(id);
      return;
    }
    const holder = this.dir!.holder(id)!;
    const socket = new AccountSocket({
      accountId: id,
      getOtpUrl: () => this.otpFor(holder, id),
      factory: this.opts.createSocket ?? wsSocketFactory,
      clock: this.clock,
      logger: this.logger,
      timing: this.timing,
      random: this.random,
      networkDown: () => this.networkDown,
      onChange: () => this.emit(),
      onBalance: (accountId, balance) => {
        if (this.balances[accountId] === balance) return;
        this.balances[accountId] = balance;
        this.emit();
      },
      onTerminal: (accountId, error) => {
        if (faultOf(error) !== 'account_refused') return holder.refuse(error);
        this.refusedAlone.add(accountId);
        this.refuseAccounts([accountId]);
      },
    });
    this.pool.admit(socket, () => this.activeAccountId);
  }

  /**
   * A fresh OTP URL for a socket about to open, asked only when both its REST request and the
   * balance subscription the socket sends on open fit the app's budgets (`rest-budget.ts`); else
   * `rate_limited` until they do, and the socket waits as after a 429. During a reconnect of many
   * accounts this is what spaces their OTP requests.
   */
  private otpFor(holder: CredentialHolder, id: string): Promise<string> {
    const at = Math.max(this.rest.availableAt() ?? 0, this.budgets.balance.availableAt() ?? 0);
    if (at > 0)
      return Promise.reject(new WireError('rate_limited', "The app's request budget is spent.", { retryAt: at }));
    this.budgets.balance.take();
    return holder.use((c) => this.rest.requestOtp(c, id));
  }

  private onRefused(holder: CredentialHolder, error: { status: number | null }): void {
    this.logger.warn('credential refused', { accounts: holder.accountIds.length, status: error.status });
    this.refuseAccounts(holder.accountIds);
  }

  /** Those accounts need a new login, the others stay (another may become active); start fails only once listed. */
  private refuseAccounts(ids: readonly string[]): void {
    for (const id of ids) {
      this.refused.add(id);
      this.pool.remove(id);
    }
    this.authorized = this.authorized.filter((id) => !ids.includes(id));
    if (this.activeAccountId && ids.includes(this.activeAccountId)) {
      const next = this.authorized[0] ?? null;
      if (next) this.openSocket((this.activeAccountId = next));
      else this.pending = { status: 'offline', reason: 'account_needs_login' };
    }
    this.emit();
    if (this.authorized.length === 0 && this.phase === 'starting' && this.lists?.done) this.failStart(this.run.signal);
  }

  private teardown(reason: string): void {
    this.run.abort();
    this.run = new AbortController();
    this.lists?.stop();
    this.lists = null;
    this.pool.clear();
    this.dir?.stop();
    this.dir = null;
    this.refusedAlone = new Set();
    this.balances = {};
    this.refused = new Set();
    this.disabled = new Set();
    this.authorized = [];
    this.activeAccountId = null;
    this.wanted = null;
    this.startWaiter?.reject(new BackendError('closed', `The session was ${reason}.`));
    this.startWaiter = null;
  }

  private emit(): void {
    if (this.phase === 'idle' || this.phase === 'closed') return;
    const active = this.activeAccountId ? this.pool.get(this.activeAccountId) : undefined;
    // `checking` is still the same stretch online: its `since` stays.
    const wasOnline = this.view.connection.status === 'online' || this.view.connection.status === 'checking';
    if (active?.status === 'open' && !wasOnline) this.onlineSince = this.clock.now();
    const order = this.dir?.order ?? [];
    const next = buildView({
      connection: connectionOf(active, this.onlineSince, this.pending),
      balances: this.balances,
      authorized: this.authorized,
      refused: order.filter((id) => this.refused.has(id)),
      disabled: order.filter((id) => this.disabled.has(id)),
      activeAccountId: this.activeAccountId,
      details: this.dir?.details(this.wanted ?? this.activeAccountId ?? this.authorized[0] ?? null) ?? null,
      ...credentialStateOf(this.dir, this.refused),
    });
    if (sameView(this.view, next)) return;
    this.view = next;
    // `start` resolves the first time an account is online, whichever account that ends up being.
    const waiter = next.connection.status === 'online' ? this.startWaiter : null;
    if (waiter) {
      this.phase = 'running';
      this.startWaiter = null;
    }
    this.listeners.view(this.view);
    waiter?.resolve(next);
  }
}
