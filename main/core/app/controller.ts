/**
 * The app controller: main's single owner of state. It implements every `DesktopApi` command on
 * top of the login flows, the Deriv session and the vault, and publishes one `AppState` snapshot
 * to the renderer after every change. Tokens live here (and in the session and the vault) only:
 * nothing that leaves through `state()` carries one.
 */
import type { AppMode, AppState, EndpointSettings, LoginState, Notice, SettingsPatch, StoredSettings } from '../model';
import { isAllowedExternalUrl } from '../shell/security-policy';
import { accountViews, flagsFromAuthorize, type HeldAccount, mergeLogin } from './account-views';
import type { CommandHandlers } from './commands';
import type {
  CreateSession,
  DemoServer,
  RevokeOidc,
  RunLogin,
  SessionLike,
  SessionView,
  ShellLike,
  VaultLike,
} from './ports';

export interface ControllerDeps {
  vault: VaultLike;
  createSession: CreateSession;
  runLogin: RunLogin;
  startDemo: () => Promise<DemoServer>;
  shell: ShellLike;
  revokeOidc?: RevokeOidc;
  /** Production Deriv endpoints: the defaults of "Deriv" mode. */
  productionDefaults: EndpointSettings;
  /** The mode to start in when nothing is configured (npm start uses demo; an installed app asks). */
  defaultMode?: AppMode;
  now?: () => number;
}

type Listener = (state: AppState) => void;

/** Settings whose change sends the tokens somewhere else: the held accounts are logged out first. */
const ENDPOINT_KEYS = ['wsUrl', 'appId', 'oauthUrl', 'issuer'] as const;

export class AppController {
  private mode: AppMode = 'unconfigured';
  private settings: EndpointSettings;
  private demo: DemoServer | null = null;
  private held: HeldAccount[] = [];
  /**
   * Accounts of a login whose tokens Deriv has not accepted yet: they are written to disk only once
   * the session has authorized them, so a login that never got through stores nothing.
   */
  private unsaved = new Set<string>();
  private activeLoginid: string | null = null;
  private session: SessionLike | null = null;
  /** A session opened while the login window is up; adopted by the login or closed. */
  private warmSession: SessionLike | null = null;
  private sessionView: SessionView | null = null;
  private stopWatchingSession: (() => void) | null = null;
  private login: LoginState = { status: 'idle' };
  private loginAbort: AbortController | null = null;
  /** Bumped by every command that invalidates a login in progress; a stale outcome is dropped. */
  private loginGeneration = 0;
  private notices: Notice[] = [];
  private noticeSeq = 0;
  /** OIDC access tokens with the issuer that granted them: revoked there (only) at logout. */
  private oidcGrants: { accessToken: string; issuer: string }[] = [];
  private listeners = new Set<Listener>();
  private emitQueued = false;
  private readonly now: () => number;

  constructor(private readonly deps: ControllerDeps) {
    this.settings = { ...deps.productionDefaults };
    this.now = deps.now ?? Date.now;
  }

  /** Restores the last session: mode, settings, accounts; re-authorizes them; lands on the last active account. */
  async init(): Promise<void> {
    const restored = await this.deps.vault.restore();
    for (const notice of restored.notices) this.addNotice(notice.code, notice.level, notice.message);
    const stored = restored.settings;
    // Stored settings that broke the address rules were refused (the vault said so in a notice):
    // the accounts are kept, but their tokens go nowhere until the user chooses where.
    const refused = restored.settingsRefused;
    const mode = refused
      ? 'unconfigured'
      : stored?.mode && stored.mode !== 'unconfigured'
        ? stored.mode
        : (this.deps.defaultMode ?? 'unconfigured');
    if (stored) this.settings = stripMode(stored);
    await this.enterMode(mode, { persist: stored?.mode !== mode });
    this.held = restored.accounts.map((a) => ({ ...a }));
    for (const account of this.held.filter((a) => a.problem === 'decrypt_failed')) {
      this.addNotice(
        'token_decrypt_failed',
        'warning',
        `The saved login for ${account.loginid} could not be unlocked (the system keyring changed). Log in again for that account.`,
      );
    }
    this.activeLoginid = this.pickActive(restored.activeLoginid);
    // Connecting may take a while (or fail offline): the window opens meanwhile and shows progress.
    if (!refused && this.usableTokens().length > 0) void this.startSession();
    this.emit();
  }

  state(): AppState {
    return {
      mode: this.mode,
      settings: { ...this.settings },
      demo: this.mode === 'demo' && this.demo ? { users: this.demo.users } : null,
      login: this.login,
      connection: this.sessionView?.connection ?? { status: 'idle' },
      accounts: accountViews(this.held, this.sessionView),
      activeLoginid: this.activeLoginid,
      authorize: this.sessionView?.authorize ?? null,
      persistence: this.deps.vault.persistence(),
      notices: [...this.notices],
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
      login: (args) => then(this.runLogin(args?.flow, args?.reloginFor)),
      cancelLogin: () => then(this.abortLogin()),
      switchAccount: ({ loginid }) => then(this.switchAccount(loginid)),
      logout: (args) => then(args?.loginid ? this.logoutOne(args.loginid) : this.logoutAll()),
      forgetEverything: () => then(this.forgetEverything()),
      retryConnection: () => then(this.session?.retryNow()),
      setPlaintextConsent: ({ allow }) => then(this.deps.vault.setPlaintextConsent(allow).finally(() => this.emit())),
      dismissNotice: ({ id }) => {
        this.notices = this.notices.filter((n) => n.id !== id);
        this.emit();
        return this.state();
      },
      openExternal: async ({ url }) => {
        if (!isAllowedExternalUrl(url)) throw new Error('That link is not on the list of pages the app may open.');
        await this.deps.shell.openExternal(url);
      },
    };
  }

  async shutdown(): Promise<void> {
    this.abortLogin();
    await this.closeWarmSession();
    await this.stopSession();
    await this.demo?.close();
    this.demo = null;
  }

  // ── modes and settings ─────────────────────────────────────────────────────────────────────

  private async chooseMode(
    args: { mode: 'demo' } | { mode: 'deriv'; appId: string; redirectUrl: string },
  ): Promise<void> {
    this.abortLogin();
    if (args.mode !== this.mode && this.held.length > 0) {
      // Accounts of one server mean nothing to the other: leaving a mode logs out of it.
      await this.logoutAll();
      this.addNotice('mode_changed', 'info', 'You were logged out because the app now talks to a different server.');
    }
    if (args.mode === 'deriv') {
      this.settings = {
        ...this.deps.productionDefaults,
        ...keepPreferences(this.settings),
        appId: args.appId,
        redirectUrl: args.redirectUrl,
      };
    }
    await this.enterMode(args.mode, { persist: true });
    this.emit();
  }

  private async enterMode(mode: AppMode, { persist }: { persist: boolean }): Promise<void> {
    if (mode === 'demo') {
      this.demo ??= await this.deps.startDemo();
      // The sandbox gets a new port every run, so its endpoints are never taken from the store.
      this.settings = { ...this.settings, ...this.demo.endpoints };
    } else if (this.demo) {
      await this.demo.close();
      this.demo = null;
      this.settings = {
        ...this.deps.productionDefaults,
        ...keepPreferences(this.settings),
        appId: this.settings.appId,
        redirectUrl: this.settings.redirectUrl,
      };
    }
    this.mode = mode;
    // Nothing chosen yet means nothing to remember (and the settings may still be incomplete).
    if (persist && mode !== 'unconfigured') this.persistSettings();
  }

  private async saveSettings(patch: SettingsPatch): Promise<void> {
    const before = this.settings;
    this.settings = { ...this.settings, ...(this.mode === 'demo' ? keepPreferences(patch) : patch) };
    const moved = ENDPOINT_KEYS.some((k) => before[k] !== this.settings[k]);
    if (moved) {
      // The tokens belong to the server they came from: never hand them to a new address.
      this.abortLogin();
      await this.closeWarmSession();
      if (this.held.length > 0) {
        await this.logoutAll();
        this.addNotice(
          'endpoint_changed',
          'info',
          'You were logged out because the server settings changed. Log in again.',
        );
      }
    } else if (this.session && before.language !== this.settings.language) {
      await this.stopSession();
      void this.startSession();
    }
    if (this.mode !== 'unconfigured') this.persistSettings();
    this.emit();
  }

  private persistSettings(): void {
    try {
      void Promise.resolve(this.deps.vault.saveSettings({ ...this.settings, mode: this.mode })).catch(
        (error: unknown) => this.settingsNotSaved(error),
      );
    } catch (error) {
      this.settingsNotSaved(error);
    }
  }

  private settingsNotSaved(error: unknown): void {
    this.addNotice(
      'settings_not_saved',
      'warning',
      `The settings could not be saved (${describe(error)}); they apply until the app closes.`,
    );
  }

  // ── login ─────────────────────────────────────────────────────────────────────────────────

  private async runLogin(
    flowOverride: EndpointSettings['flow'] | undefined,
    reloginFor: string | undefined,
  ): Promise<void> {
    if (this.login.status === 'waiting' || this.login.status === 'authorizing') return;
    if (this.mode === 'unconfigured') {
      this.setLogin({
        status: 'failed',
        error: { code: 'not_configured', message: 'Choose Demo mode or enter your Deriv app ID first.' },
        reloginFor: reloginFor ?? null,
      });
      return;
    }
    const flow = flowOverride ?? this.settings.flow;
    const generation = ++this.loginGeneration;
    const abort = new AbortController();
    this.loginAbort = abort;
    this.setLogin({ status: 'waiting', flow, startedAt: this.now(), reloginFor: reloginFor ?? null });
    if (!this.session) {
      try {
        this.warmSession = this.newSession();
        void this.warmSession.preconnect?.();
      } catch {
        // A bad endpoint surfaces when the session starts, with its own message.
      }
    }
    try {
      const settings = { ...this.settings, flow };
      const outcome = await this.deps.runLogin({ settings, signal: abort.signal });
      if (generation !== this.loginGeneration) return; // logged out, reconfigured or cancelled meanwhile
      if (!outcome.ok) {
        this.setLogin({ status: 'failed', error: outcome.error, reloginFor: reloginFor ?? null });
        return;
      }
      if (outcome.oidcAccessToken)
        this.oidcGrants.push({ accessToken: outcome.oidcAccessToken, issuer: settings.issuer });
      this.setLogin({ status: 'authorizing' });
      this.held = mergeLogin(this.held, outcome.accounts);
      for (const account of outcome.accounts) this.unsaved.add(account.loginid);
      const wanted = reloginFor && outcome.accounts.some((a) => a.loginid === reloginFor) ? reloginFor : null;
      this.activeLoginid = wanted ?? (reloginFor ? this.activeLoginid : null) ?? outcome.accounts[0]?.loginid ?? null;
      // Authorizing goes on in the session; the connection state shows its progress. Waiting here
      // for "online" would leave the login stuck while the network is down.
      void this.refreshSession();
      this.setLogin({ status: 'idle' });
    } catch (error) {
      if (generation === this.loginGeneration) {
        this.setLogin({
          status: 'failed',
          error: { code: 'authorize_failed', message: describe(error) },
          reloginFor: reloginFor ?? null,
        });
      }
    } finally {
      if (this.loginAbort === abort) this.loginAbort = null;
      await this.closeWarmSession();
    }
  }

  /** Ends a login in progress (the window closes; its outcome, if any, is dropped). */
  private abortLogin(): void {
    if (!this.loginAbort && this.login.status !== 'authorizing') return;
    this.loginGeneration += 1;
    this.loginAbort?.abort(new Error('cancelled'));
    this.loginAbort = null;
    if (this.login.status === 'waiting' || this.login.status === 'authorizing') {
      const reloginFor = this.login.status === 'waiting' ? this.login.reloginFor : null;
      this.setLogin({
        status: 'failed',
        error: { code: 'cancelled', message: 'Login was cancelled. Choose Log in to try again.' },
        reloginFor,
      });
    }
  }

  private setLogin(login: LoginState): void {
    this.login = login;
    this.emit();
  }

  // ── accounts ──────────────────────────────────────────────────────────────────────────────

  private switchAccount(loginid: string): void {
    if (!this.held.some((a) => a.loginid === loginid))
      throw new Error(`There is no account ${loginid} in this session.`);
    this.activeLoginid = loginid;
    this.trySwitch(loginid);
    if (!this.unsaved.has(loginid)) void Promise.resolve(this.deps.vault.setActive(loginid)).catch(() => undefined);
    this.emit();
  }

  private async logoutOne(loginid: string): Promise<void> {
    if (!this.held.some((a) => a.loginid === loginid)) throw new Error(`There is no account ${loginid} to log out of.`);
    const remaining = this.held.filter((a) => a.loginid !== loginid);
    if (!remaining.some(hasToken)) {
      await this.logoutAll();
      return;
    }
    this.held = remaining;
    this.unsaved.delete(loginid);
    await this.deps.vault.removeAccount(loginid);
    if (this.activeLoginid === loginid) this.activeLoginid = this.pickActive(null);
    await this.deps.vault.setActive(this.activeLoginid);
    this.emit();
    await this.refreshSession();
  }

  private async logoutAll(): Promise<void> {
    this.abortLogin();
    const session = this.session;
    const grants = this.oidcGrants.splice(0);
    this.detachSession();
    this.held = [];
    this.unsaved.clear();
    this.activeLoginid = null;
    // Tokens at rest go first: a crash or quit during the network calls below must not leave them.
    await this.deps.vault.removeAllAccounts();
    await this.deps.vault.setActive(null);
    await this.deps.shell.clearLoginData().catch(() => undefined);
    this.emit();
    if (session) {
      await session.logout().catch(() => undefined);
      await session.close().catch(() => undefined);
    }
    const revoke = this.deps.revokeOidc;
    if (revoke) await Promise.all(grants.map((g) => revoke(g.accessToken, g.issuer).catch(() => undefined)));
  }

  private async forgetEverything(): Promise<void> {
    await this.logoutAll();
    await this.deps.vault.forgetEverything();
    this.notices = [];
    this.settings = { ...this.deps.productionDefaults };
    await this.enterMode(this.deps.defaultMode ?? 'unconfigured', { persist: false });
    this.emit();
  }

  // ── the session ───────────────────────────────────────────────────────────────────────────

  /** Hands the current tokens to the running session, or starts one (also after it gave up). */
  private async refreshSession(): Promise<void> {
    if (this.session) {
      try {
        await this.session.setAccounts(this.usableTokens());
        if (this.activeLoginid) this.trySwitch(this.activeLoginid);
        return;
      } catch {
        // The session stopped (e.g. every token was refused): replace it.
        await this.stopSession();
      }
    }
    await this.startSession();
  }

  private async startSession(): Promise<void> {
    const tokens = this.usableTokens();
    if (tokens.length === 0) return;
    let session: SessionLike;
    try {
      session = this.warmSession ?? this.newSession();
    } catch (error) {
      this.addNotice(
        'bad_endpoint',
        'error',
        `The WebSocket server setting is not usable: ${describe(error)} Fix it in Settings.`,
      );
      return;
    }
    this.warmSession = null;
    this.session = session;
    this.sessionView = session.snapshot();
    this.stopWatchingSession = session.onChange((view) => this.onSessionChange(session, view));
    try {
      await session.start(tokens, this.activeLoginid ?? undefined);
    } catch (error) {
      // Network trouble is retried by the session itself; this is what it could not get past.
      if (this.session === session)
        this.addNotice('session_start_failed', 'warning', `Could not authorize the accounts: ${describe(error)}`);
    }
    if (this.session !== session) return;
    if (this.activeLoginid) this.trySwitch(this.activeLoginid);
    this.onSessionChange(session, session.snapshot());
  }

  private newSession(): SessionLike {
    return this.deps.createSession({
      wsUrl: this.settings.wsUrl,
      appId: this.settings.appId,
      language: this.settings.language,
    });
  }

  private onSessionChange(from: SessionLike, view: SessionView): void {
    if (this.session !== from) return; // a late event from a session already replaced
    this.sessionView = view;
    this.saveAuthorized(view);
    const changed = flagsFromAuthorize(this.held, view.authorize);
    if (changed.length > 0) {
      this.held = this.held.map((a) => ({ ...a, ...changed.find((c) => c.loginid === a.loginid) }));
      void Promise.resolve(this.deps.vault.updateAccountFlags(changed)).catch(() => undefined);
    }
    this.emit();
  }

  /** Writes the accounts of a login to disk once the session has authorized their tokens. */
  private saveAuthorized(view: SessionView): void {
    const ready = this.held.filter(
      (a): a is HeldAccount & { token: string } =>
        this.unsaved.has(a.loginid) && hasToken(a) && view.authorized.includes(a.loginid),
    );
    if (ready.length === 0) return;
    for (const account of ready) this.unsaved.delete(account.loginid);
    const active = this.activeLoginid;
    void this.deps.vault
      .saveLogin(ready)
      .then(() => (active && !this.unsaved.has(active) ? this.deps.vault.setActive(active) : undefined))
      .catch((error: unknown) =>
        this.addNotice(
          'store_write_failed',
          'warning',
          `Your login could not be saved for next time: ${describe(error)}`,
        ),
      );
  }

  private detachSession(): void {
    this.stopWatchingSession?.();
    this.stopWatchingSession = null;
    this.session = null;
    this.sessionView = null;
  }

  private async stopSession(): Promise<void> {
    const session = this.session;
    this.detachSession();
    await session?.close().catch(() => undefined);
  }

  private async closeWarmSession(): Promise<void> {
    const unused = this.warmSession;
    this.warmSession = null;
    await unused?.close().catch(() => undefined);
  }

  private trySwitch(loginid: string): void {
    try {
      this.session?.switchAccount(loginid);
    } catch {
      // Not authorized (needs a new login): still shown as active, with the login offered.
    }
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  private usableTokens(): { loginid: string; token: string }[] {
    return this.held.filter(hasToken).map((a) => ({ loginid: a.loginid, token: a.token }));
  }

  private pickActive(preferred: string | null): string | null {
    if (preferred && this.held.some((a) => a.loginid === preferred)) return preferred;
    return this.held.find(hasToken)?.loginid ?? this.held[0]?.loginid ?? null;
  }

  private addNotice(code: string, level: Notice['level'], message: string): void {
    this.notices = [
      ...this.notices.filter((n) => n.code !== code || n.message !== message),
      { id: `n${++this.noticeSeq}`, code, level, message },
    ];
    this.emit();
  }

  /** Coalesces bursts (a balance storm, a reconnect) into one snapshot per tick. */
  private emit(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      // The vault reports failures of background writes (encryption refused, disk full) here.
      for (const n of this.deps.vault.drainNotices?.() ?? []) this.addNotice(n.code, n.level, n.message);
      this.emitQueued = false;
      const state = this.state();
      for (const listener of this.listeners) listener(state);
    });
  }
}

const hasToken = (a: HeldAccount): a is HeldAccount & { token: string } => a.token !== null;

function keepPreferences(s: Partial<EndpointSettings>): Partial<EndpointSettings> {
  const out: Partial<EndpointSettings> = {};
  if (s.flow) out.flow = s.flow;
  if (s.language) out.language = s.language;
  return out;
}

function stripMode(stored: StoredSettings): EndpointSettings {
  const { mode: _mode, ...settings } = stored;
  return settings;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
