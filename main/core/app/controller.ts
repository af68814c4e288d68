/**
 * The app controller: main's single owner of state. It implements every `DesktopApi` command and
 * publishes one `AppState` snapshot to the renderer after every change. It composes the parts that
 * do the work: the login flow (`login-coordinator`), the accounts held and their way to disk
 * (`held-accounts`), the link to the running Deriv backend (`session-link`, through the
 * `AccountsBackend` port only), the mode and settings (`modes`), the login glue (`login-admission`),
 * notices (`notices`), and the one rule for changing where tokens go
 * (`destination`). Tokens live in main only: nothing that leaves through `state()` carries one.
 */
import type { checkApiTokens } from '../auth/api-token-login';
import type { CreateBackend, DerivApi, OAuthCredential } from '../backend/port';
import type { Grant } from '../grant';
import type { Logger } from '../logger';
import type {
  AppMode,
  AppState,
  LoginErrorInfo,
  NoticeInput,
  Preferences,
  PreferencesPatch,
  Settings,
  SettingsPatch,
  SettingsRecord,
} from '../model';
import { preferencesFor, preferencesWith, settingsView } from '../model';
import type { OsSignals } from '../net/os-signals';
import { isAllowedExternalUrl } from '../shell/security-policy';
import { accountViews, loginViews } from './account-views';
import { CommandFailure } from './command-failure';
import type { CommandArgs, CommandHandlers } from './commands';
import { type Confirm, Confirmations, newForeignHosts } from './confirmations';
import { demoState } from './demo-credentials';
import { type Destination, mayGoNow, tokensWouldMove } from './destination';
import { HeldAccounts } from './held-accounts';
import { LastBalances } from './last-balances';
import {
  admitApiTokens,
  admitLogin,
  discardLogin,
  loginRequestOf,
  oidcIssuer,
  refuseLogin,
  revokeGrants,
  runAnyLogin,
} from './login-admission';
import { LoginCoordinator, type LoginEvent } from './login-coordinator';
import { migrationLogin, type MigrationTiming, migrationView, MigrationWatch } from './migration-watch';
import { destinationOf, type ModeChange, Modes } from './modes';
import { NoticeBoard } from './notices';
import type {
  AnyLoginOutcome,
  DemoServer,
  RevokeCurrent,
  RevokeOidc,
  RunCurrentLogin,
  RunLogin,
  ShellLike,
  VaultLike,
} from './ports';
import { SessionLink } from './session-link';

export interface ControllerDeps {
  vault: VaultLike;
  /** Builds the backend of a Deriv API for the current endpoint settings. */
  createBackend: CreateBackend;
  runLogin: RunLogin;
  /** Deriv's current API (OAuth + PKCE or PAT); without it, a login on that API says it is not set up. */
  runCurrentLogin?: RunCurrentLogin;
  startDemo: () => Promise<DemoServer>;
  shell: ShellLike;
  revokeOidc?: RevokeOidc;
  /**
   * Ends a current-API OAuth login at its authorization server when it is logged out (RFC 7009);
   * without it, such a session stays valid at Deriv until it expires, and the screen says so.
   */
  revokeCurrent?: RevokeCurrent;
  /** Production Deriv endpoints: the defaults of "Deriv" mode. */
  productionDefaults: SettingsRecord;
  /** The mode to start in when nothing is configured (npm start uses demo; an installed app asks). */
  defaultMode?: AppMode;
  /** The API a demo speaks until the user picks one: `current` unless given (tests pin `legacy`). */
  demoApi?: DerivApi;
  now?: () => number;
  /** Sleep, wake and network signals from the OS, handed to the backend (see os-signals.ts). */
  osSignals?: OsSignals;
  /** The API-token check (tests may slow it down); the real one against Deriv otherwise. */
  checkApiTokens?: typeof checkApiTokens;
  /** Main's log (English): why a sign-in failed, beyond the code the renderer shows. */
  logger?: Logger;
  /** How often the legacy migration is asked again (tests shorten it). */
  migrationTiming?: MigrationTiming;
  /** Asks the user in main (a native dialog): what only the user may allow (see `confirmations.ts`). */
  confirm: Confirm;
  /** How long `shutdown` waits for a renewal in flight and its save (default 3 s). */
  shutdownWaitMs?: number;
}

/** A quit waits this long at most for a rotated refresh token to reach the disk. */
const SHUTDOWN_WAIT_MS = 3_000;

type Listener = (state: AppState) => void;
type ModeChoice = CommandArgs<'chooseMode'>;

export class AppController {
  private readonly modes: Modes;
  private activeAccountId: string | null = null;
  /** OIDC access tokens with the issuer that granted them: revoked there (only) at logout. */
  private oidcGrants: { accessToken: string; issuer: string }[] = [];
  private readonly listeners = new Set<Listener>();
  private emitQueued = false;
  private readonly now: () => number;
  private readonly notices = new NoticeBoard(() => this.emit());
  private readonly held: HeldAccounts;
  private readonly balances: LastBalances;
  private readonly link: SessionLink;
  private readonly login: LoginCoordinator;
  private readonly migration: MigrationWatch;
  private readonly confirmations: Confirmations;

  constructor(private readonly deps: ControllerDeps) {
    this.now = deps.now ?? Date.now;
    this.confirmations = new Confirmations(deps.confirm);
    const notice = (n: NoticeInput) => this.notices.add(n);
    this.modes = new Modes({ ...deps, notice });
    this.held = new HeldAccounts(deps.vault, notice, () => this.modes.destination);
    this.balances = new LastBalances(this.now, (changed) => deps.vault.noteBalances?.(changed));
    this.login = new LoginCoordinator(
      {
        destination: () => this.modes.destination,
        now: this.now,
        runLogin: (opts) => runAnyLogin(this.deps, opts),
        ...(deps.checkApiTokens ? { checkApiTokens: deps.checkApiTokens } : {}),
        held: () => this.held.tokens(),
        warmBackend: () => (this.link.running ? null : this.tryNewBackend()),
      },
      (event) => this.onLoginEvent(event),
    );
    this.link = new SessionLink({
      // Every backend renews its grants through the held ones (one guard, whichever backend asks).
      createBackend: () => this.deps.createBackend(this.modes.settings, this.held.renewals.renew),
      takeWarm: () => this.login.takeWarm(),
      // Nothing is sent anywhere until the user has chosen where (stored settings refused, or a
      // first run): in `unconfigured` mode no backend starts, whatever asks for one.
      grants: () => (this.modes.mode === 'unconfigured' ? [] : this.held.usable(this.api())),
      activeAccountId: () => this.activeAccountId,
      onView: (view) => {
        this.balances.learn(view);
        this.held.learn(view, this.activeAccountId);
        this.emit();
      },
      notice,
    });
    this.migration = new MigrationWatch(
      {
        login: () => migrationLogin(this.held, this.api()),
        openAccount: (ids) => ids.find((id) => this.link.view?.authorized.includes(id)) ?? null,
        ask: (accountId) => this.link.legacyMigration(accountId),
        changed: () => this.emit(),
      },
      deps.migrationTiming,
    );
    if (deps.osSignals?.networkAvailable() === false) this.link.osSignal('offline');
    this.stopOsSignals = deps.osSignals?.subscribe((signal) => this.link.osSignal(signal)) ?? null;
  }

  private readonly stopOsSignals: (() => void) | null;
  /** Revocations of logins logged out, still running (shutdown waits for them, each bounded). */
  private readonly revoking = new Set<Promise<void>>();

  /** Restores the last session: mode, settings, accounts; re-opens them; lands on the last active account. */
  async init(): Promise<void> {
    const restored = await this.deps.vault.restore();
    // The vault tells of every problem it met (an undecryptable token among them) once, here.
    for (const notice of restored.notices) this.notices.add(notice);
    const stored = restored.settings;
    // Stored settings that broke the address rules were refused (the vault said so in a notice):
    // the accounts are kept, but their tokens go nowhere until the user chooses where.
    const mode = restored.settingsRefused
      ? 'unconfigured'
      : stored?.mode && stored.mode !== 'unconfigured'
        ? stored.mode
        : (this.deps.defaultMode ?? 'unconfigured');
    if (stored) this.modes.restoreSettings(stored);
    const base = this.modes.launchBase(mode, stored ?? null);
    await this.modes.apply(await this.modes.resolve(mode, base), { persist: stored?.mode !== mode });
    this.held.restore(restored);
    // What the accounts showed last, so the first paint after a restart has figures (not live yet).
    this.balances.restore(restored.lastBalances);
    this.activeAccountId = this.held.pickActive(restored.activeAccountId);
    this.learnSessionEnd();
    // Connecting may take a while (or fail offline): the window opens meanwhile and shows progress.
    if (!restored.settingsRefused) void this.link.start();
    this.emit();
  }

  state(): AppState {
    const view = this.link.view;
    const accounts = accountViews(this.held, view, this.sessionEnd() === 'revoked', (id) => this.balances.of(id));
    return {
      mode: this.modes.mode,
      ...settingsView(this.modes.record),
      demo: demoState(this.demoWhere()),
      login: this.login.state,
      connection: view?.connection ?? { status: 'idle' },
      refreshing: view?.refreshing ?? false,
      accounts,
      logins: loginViews(this.held, accounts),
      activeAccountId: this.activeAccountId,
      details: view?.details ?? null,
      persistence: this.deps.vault.persistence(),
      notices: this.notices.list(),
      migration: migrationView(this.held, this.migration.facts),
      preferences: this.preferences(),
    };
  }

  onState(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The command table main registers with IPC (and the end-to-end tests with Playwright). */
  handlers(): CommandHandlers {
    const then = async (work: Promise<unknown> | unknown): Promise<AppState> => {
      await work;
      return this.state();
    };
    return {
      getState: () => this.state(),
      chooseMode: (args) => then(this.chooseMode(args)),
      saveSettings: (patch) => then(this.saveSettings(patch)),
      savePreferences: (patch) => then(this.savePreferences(patch)),
      // A demo credential is resolved to its secret here; whether the settings speak `args.api` is the coordinator's rule.
      signIn: (args) => then(this.login.run(args.api, loginRequestOf(args, this.demoWhere()))),
      cancelLogin: () => then(this.login.abort()),
      // Answers without the state: the snapshot published for the switch carries it (one per switch).
      switchAccount: ({ accountId }) => this.switchAccount(accountId),
      logout: (args) =>
        then(
          args && 'loginId' in args
            ? this.logoutLogin(args.loginId)
            : args?.accountId
              ? this.logoutOne(args.accountId)
              : this.logoutAll(),
        ),
      forgetEverything: () => then(this.forgetEverything()),
      retireLegacyLogin: () => then(this.retireLegacyLogin()),
      retryConnection: () => then(this.link.retryNow()),
      setPlaintextConsent: ({ allow }) => then(this.setPlaintextConsent(allow)),
      dismissNotice: ({ id }) => then(this.notices.dismiss(id)),
      openExternal: async ({ url }) => {
        if (!isAllowedExternalUrl(url)) throw new CommandFailure('link_not_allowed', {}, `not on the list: ${url}`);
        await this.deps.shell.openExternal(url);
      },
    };
  }

  async shutdown(): Promise<void> {
    this.stopOsSignals?.();
    this.migration.stop();
    this.login.abort();
    await this.login.closeWarm();
    // Closed first, so no new refresh starts; one in flight still ends and is saved.
    await this.link.stop();
    // Deriv rotates refresh tokens: a quit before a rotated one reaches the disk leaves the old,
    // spent one there, refused at the next start. Bounded: a hung server does not hold the quit.
    // Before the demo closes: in demo mode its sandbox is the server answering that refresh. And
    // the revocations of logins just logged out, each bounded by its own timeout.
    await Promise.all([this.held.settled(this.deps.shutdownWaitMs ?? SHUTDOWN_WAIT_MS), ...this.revoking]);
    await this.modes.closeDemo();
  }

  // ── modes and settings ─────────────────────────────────────────────────────────────────────

  private async chooseMode(args: ModeChoice): Promise<void> {
    this.login.abort();
    await this.moveTo(await this.modes.resolve(args.mode, this.modes.chosenBase(args)));
    this.emit();
  }

  private async saveSettings(patch: SettingsPatch): Promise<void> {
    const record = await this.confirmedRecord(patch);
    const languageChanged = record.language !== this.modes.record.language;
    const moved = await this.moveTo({ mode: this.modes.mode, record });
    if (!moved && languageChanged && this.link.running) {
      // The language is part of the socket's address: reconnect with it.
      await this.link.stop();
      void this.link.start();
    }
    this.emit();
  }

  /**
   * The settings with `patch`, once the user said yes in main to every new address outside Deriv
   * and this computer (none: no question). Throws `not_confirmed` otherwise, nothing changed.
   */
  private async confirmedRecord(patch: SettingsPatch): Promise<SettingsRecord> {
    const hosts = newForeignHosts(this.modes.record, this.modes.patched(patch));
    if (hosts.length === 0) return this.modes.patched(patch);
    await this.confirmations.ensure('foreign_address', this.modes.record.language, hosts);
    // The settings may have changed while the dialog was open: only what the user saw is allowed.
    const record = this.modes.patched(patch);
    if (newForeignHosts(this.modes.record, record).some((h) => !hosts.includes(h)))
      throw new CommandFailure('not_confirmed', { question: 'foreign_address' }, 'the settings changed meanwhile');
    return record;
  }

  /**
   * The trader's preferences with `patch`: each account it names must be held (else
   * `unknown_account`, nothing changed). Kept by the vault with the settings, never with secrets.
   */
  private async savePreferences(patch: PreferencesPatch): Promise<void> {
    const named = [...Object.keys(patch.nicknames ?? {}), ...(patch.order ?? [])];
    const stranger = named.find((id) => !this.held.has(id));
    if (stranger !== undefined)
      throw new CommandFailure('unknown_account', { accountId: stranger }, 'a preference for an account not held');
    await this.deps.vault.savePreferences(preferencesWith(this.preferences(), patch));
    this.emit();
  }

  /**
   * The preferences as the trader sees them: those of accounts held. (The vault drops those of
   * accounts it logs out; an account held but never saved, e.g. a login the server did not accept,
   * leaves it without the vault's knowing.)
   */
  private preferences(): Preferences {
    return preferencesFor(this.deps.vault.getPreferences(), (id) => this.held.has(id));
  }

  /** Tokens on disk without real encryption only after the user's yes in main; refusing needs none. */
  private async setPlaintextConsent(allow: boolean): Promise<void> {
    if (allow && this.deps.vault.persistence().plaintextConsent !== true)
      await this.confirmations.ensure('plaintext_storage', this.modes.record.language);
    await this.deps.vault.setPlaintextConsent(allow).finally(() => this.emit());
  }

  /**
   * The one place where the destination of the tokens changes: when it does, the held accounts are
   * logged out first (a login in progress is cancelled), so no token issued for one server or app
   * is ever sent to another. Returns whether it moved.
   */
  private async moveTo(next: ModeChange): Promise<boolean> {
    const moved = tokensWouldMove(this.modes.destination, destinationOf(next));
    const why = next.mode !== this.modes.mode ? 'mode_changed' : 'endpoint_changed';
    if (moved && (await this.releaseAll())) this.notices.add({ code: why, level: 'info', params: {} });
    await this.modes.apply(next, { persist: true });
    return moved;
  }

  /**
   * Logs out until nothing is held at a synchronous point, right before the caller changes the
   * destination: logging out awaits the server (and OIDC revocation), and a login may start, or
   * even end, meanwhile for the old destination. A login still running afterwards is dropped when
   * it ends (LoginCoordinator compares destinations). Returns whether anything was held.
   */
  private async releaseAll(): Promise<boolean> {
    let held = false;
    for (;;) {
      this.login.reset();
      await this.login.closeWarm();
      if (this.held.all.length === 0) return held;
      held = true;
      await this.logoutAll();
    }
  }

  // ── login and accounts ────────────────────────────────────────────────────────────────────

  /** What a sign-in attempt did, handled here in one place; answers an accepted login's refusal, if any. */
  private onLoginEvent(event: LoginEvent): LoginErrorInfo | null {
    switch (event.type) {
      case 'accepted':
        return this.acceptLogin(event.outcome, event.settings, event.reloginFor);
      case 'api_tokens':
        this.activeAccountId =
          admitApiTokens(this.held, event.accounts, (n) => this.notices.add(n)) ?? this.activeAccountId;
        void this.link.refresh();
        return null;
      case 'dropped':
        // Nothing will hold it: an OpenID Connect grant is revoked at once.
        discardLogin(event.outcome, oidcIssuer(event.settings), this.deps.revokeOidc);
        return null;
      case 'failed':
        this.deps.logger?.info('sign-in failed', { method: event.method, code: event.code, detail: event.detail });
        return null;
      case 'changed':
        this.emit();
        return null;
    }
  }

  private acceptLogin(
    outcome: Extract<AnyLoginOutcome, { ok: true }>,
    settings: Settings,
    reloginFor: string | null,
  ): LoginErrorInfo | null {
    const admitted = admitLogin(this.held, outcome, reloginFor, this.activeAccountId);
    if (!admitted.ok) return refuseLogin(admitted, oidcIssuer(settings), this.deps.revokeOidc);
    if (admitted.oidcAccessToken)
      this.oidcGrants.push({ accessToken: admitted.oidcAccessToken, issuer: oidcIssuer(settings) });
    this.activeAccountId = admitted.activeAccountId;
    this.learnSessionEnd();
    void this.link.refresh();
    return null;
  }

  /**
   * On the trader's key press: the new state is published first; remembering the active account
   * for the next start comes after it and is coalesced by the vault (several switches, one write;
   * the quit writes what is pending), so no store write sits between the key and the screen.
   */
  private switchAccount(accountId: string): void {
    if (!this.held.has(accountId)) throw new CommandFailure('unknown_account', { accountId: accountId }, 'not held');
    this.activeAccountId = accountId;
    this.link.trySwitch(accountId);
    this.emit();
    if (this.held.isSaved(accountId)) void Promise.resolve(this.deps.vault.setActive(accountId)).catch(() => undefined);
  }

  /**
   * "Log out of this account". A legacy OAuth login holds one token per account: that token goes
   * alone, the login's other accounts stay. Any other login (a current-API login, whose accounts
   * share one credential) is logged out whole (`logoutLogin`), as the confirmation says.
   */
  private async logoutOne(accountId: string): Promise<void> {
    if (!this.held.has(accountId)) throw new CommandFailure('unknown_account', { accountId: accountId }, 'not held');
    const grant = this.held.grantOf(accountId);
    if (grant?.api === 'current') return this.logoutLogin(grant.id);
    if (!this.othersOpen([accountId])) return this.logoutAll();
    this.held.remove(accountId);
    await this.deps.vault.removeAccount(accountId);
    await this.afterPartialLogout([accountId]);
  }

  /**
   * Logs out of one login (grant): it and its accounts go, here and on disk, with any renewal of
   * it held in memory; the other logins stay open. Then, on the current API, its OAuth session is
   * revoked at its authorization server (best effort, bounded: the local logout is done first and
   * never waits for it). The last login that opens anything is logged out as "log out of all". A
   * login not held (logged out meanwhile, e.g. a second click) is already what was asked: no-op.
   */
  async logoutLogin(grantId: string): Promise<void> {
    const grant = this.held.login(grantId);
    if (!grant) return;
    if (!this.othersOpen(grant.accountIds)) return this.logoutAll();
    const where = this.modes.destination;
    const late = this.held.removeLogin(grantId);
    await this.deps.vault.removeGrant(grantId);
    await this.afterPartialLogout(grant.accountIds);
    await this.revokeAll([grant], late, where);
  }

  /** Whether a login other than these accounts' still opens an account. */
  private othersOpen(accountIds: readonly string[]): boolean {
    return this.held.all.some((a) => !accountIds.includes(a.accountId) && this.held.opens(a.accountId));
  }

  /** After some accounts were logged out: a new active account, then the backend gets the logins left. */
  private async afterPartialLogout(gone: readonly string[]): Promise<void> {
    this.balances.forget(gone);
    if (this.activeAccountId !== null && gone.includes(this.activeAccountId))
      this.activeAccountId = this.held.pickActive(null);
    await this.deps.vault.setActive(this.activeAccountId);
    this.emit();
    // Not awaited: a backend (re)started offline resolves only once online; the connection state
    // shows the progress.
    void this.link.refresh();
  }

  /**
   * Once Deriv says the move is complete: the legacy login(s) leave this computer in one step, their
   * accounts and sealed tokens with them (the vault drops a grant left without accounts). Nothing is
   * sent to the legacy server: the current API is in use and its accounts stay as they are.
   */
  private async retireLegacyLogin(): Promise<void> {
    if (this.state().migration?.status !== 'complete')
      throw new CommandFailure('migration_not_complete', {}, 'the legacy migration is not complete');
    const legacy = this.held.all.filter((a) => a.api === 'legacy').map((a) => a.accountId);
    for (const id of legacy) {
      this.held.remove(id);
      await this.deps.vault.removeAccount(id);
    }
    if (this.activeAccountId !== null && legacy.includes(this.activeAccountId)) {
      this.activeAccountId = this.held.pickActive(null);
      await this.deps.vault.setActive(this.activeAccountId);
    }
    this.emit();
  }

  private async logoutAll(): Promise<void> {
    this.login.reset();
    const backend = this.link.detach();
    const grants = this.oidcGrants.splice(0);
    const where = this.modes.destination;
    const logins = [...this.held.grants];
    const late = this.held.clear();
    this.balances.forget();
    this.activeAccountId = null;
    // Tokens at rest go first: a crash or quit during the network calls below must not leave them.
    await this.deps.vault.removeAllAccounts();
    await this.deps.vault.setActive(null);
    await this.deps.shell.clearLoginData().catch(() => undefined);
    this.emit();
    if (backend) {
      await backend.logout().catch(() => undefined);
      await backend.close().catch(() => undefined);
    }
    await Promise.all([revokeGrants(this.deps.revokeOidc, grants), this.revokeAll(logins, late, where)]);
  }

  /**
   * Revokes the current-API OAuth logins just logged out (RFC 7009), and the tokens a refresh of
   * them still in flight brings. Never rejects; each attempt is bounded by `RevokeCurrent`'s timeout,
   * and shutdown waits for those still running.
   */
  private revokeAll(logins: readonly Grant[], late: Promise<OAuthCredential>[], where: Destination): Promise<void> {
    const revoker = this.deps.revokeCurrent;
    const settings = where.settings;
    // Nothing is sent anywhere before the user has chosen where (unconfigured), nor to a server
    // other than the one a login's secret was sealed for.
    if (!revoker || settings.api !== 'current' || where.mode === 'unconfigured') return Promise.resolve();
    const revoke = (clientId: string, credential: OAuthCredential) =>
      revoker.revoke(settings.authServerUrl, clientId, credential).catch(() => undefined);
    const work: Promise<unknown>[] = [];
    for (const grant of logins) {
      if (grant.api !== 'current' || grant.credential?.kind !== 'oauth' || !mayGoNow(grant, where)) continue;
      work.push(revoke(grant.destination.appId || settings.clientId, grant.credential));
    }
    // A refresh answered after the logout brings a live token of a login no longer held.
    for (const renewal of late)
      work.push(
        renewal.then(
          (c) => revoke(settings.clientId, c),
          () => undefined,
        ),
      );
    const all = Promise.all(work).then(() => undefined);
    this.revoking.add(all);
    void all.finally(() => this.revoking.delete(all));
    return all;
  }

  private async forgetEverything(): Promise<void> {
    await this.logoutAll();
    await this.deps.vault.forgetEverything();
    this.notices.clear();
    this.modes.resetSettings();
    const mode = this.deps.defaultMode ?? 'unconfigured';
    const next = await this.modes.resolve(mode, this.modes.launchBase(mode, null));
    await this.releaseAll(); // a login may have ended during the awaits above
    await this.modes.apply(next, { persist: false });
    this.emit();
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  /** What a logout of a current-API OAuth login does at Deriv now (null: not that API). */
  private sessionEnd(): 'revoked' | 'at_expiry' | null {
    const settings = this.modes.settings;
    if (settings.api !== 'current') return null;
    // Unconfigured: nothing is sent anywhere, a revocation neither.
    if (this.modes.mode === 'unconfigured') return 'at_expiry';
    return this.deps.revokeCurrent?.sessionEnd(settings.authServerUrl) ?? 'at_expiry';
  }

  /** Finds out (once) whether the authorization server of the OAuth logins held can revoke them, for the screen. */
  private learnSessionEnd(): void {
    const settings = this.modes.settings;
    const revoker = this.deps.revokeCurrent;
    if (!revoker || settings.api !== 'current' || this.modes.mode === 'unconfigured') return;
    if (revoker.sessionEnd(settings.authServerUrl) !== null) return;
    if (!this.held.grants.some((g) => g.api === 'current' && g.credential?.kind === 'oauth')) return;
    void revoker.learn(settings.authServerUrl).then(() => this.emit());
  }

  private demoWhere() {
    return { mode: this.modes.mode, api: this.api(), server: this.modes.demo };
  }

  /** The API the settings speak: it picks the login flow and the backend. */
  private api(): DerivApi {
    return this.modes.settings.api;
  }

  private tryNewBackend() {
    try {
      return this.deps.createBackend(this.modes.settings, this.held.renewals.renew);
    } catch {
      return null; // a bad endpoint surfaces when the backend starts, with its own notice
    }
  }

  /** Coalesces bursts (a balance storm, a reconnect) into one snapshot per tick. */
  private emit(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      // The vault reports failures of background writes (encryption refused, disk full) here.
      for (const n of this.deps.vault.drainNotices?.() ?? []) this.notices.add(n);
      this.emitQueued = false;
      this.migration.sync();
      const state = this.state();
      for (const listener of this.listeners) listener(state);
    });
  }
}
