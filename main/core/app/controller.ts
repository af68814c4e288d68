/**
 * The app controller: main's single owner of state. It implements every `DesktopApi` command on
 * top of the login flows, the Deriv session and the vault, and publishes one `AppState` snapshot
 * to the renderer after every change. Tokens live here (and in the session and the vault) only:
 * nothing that leaves through `state()` carries one.
 */
import type {
  AppMode,
  AppState,
  CommandHandlers,
  EndpointSettings,
  LoginState,
  Notice,
  SettingsPatch,
} from '../../ipc/contract';
import { isAllowedExternalUrl } from '../shell/security-policy';
import { accountViews, flagsFromAuthorize, mergeLogin, type HeldAccount } from './account-views';
import type { CreateSession, DemoServer, RevokeOidc, RunLogin, SessionLike, SessionView, ShellLike, StoredSettings, VaultLike } from './ports';

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

export class AppController {
  private mode: AppMode = 'unconfigured';
  private settings: EndpointSettings;
  private demo: DemoServer | null = null;
  private held: HeldAccount[] = [];
  private activeLoginid: string | null = null;
  private session: SessionLike | null = null;
  /** A session opened while the login window is up; adopted by the login or closed. */
  private warmSession: SessionLike | null = null;
  private sessionView: SessionView | null = null;
  private stopWatchingSession: (() => void) | null = null;
  private login: LoginState = { status: 'idle' };
  private loginAbort: AbortController | null = null;
  private notices: Notice[] = [];
  private noticeSeq = 0;
  private oidcAccessTokens: string[] = [];
  private listeners = new Set<Listener>();
  private emitQueued = false;
  private readonly now: () => number;
  /** Settles when the session started by `init` has connected (or given up for now). */
  sessionReady: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ControllerDeps) {
    this.settings = { ...deps.productionDefaults };
    this.now = deps.now ?? Date.now;
  }

  /** Restores the last session: mode, settings, accounts; re-authorizes them; lands on the last active account. */
  async init(): Promise<void> {
    const restored = await this.deps.vault.restore();
    for (const notice of restored.notices) this.addNotice(notice.code, notice.level, notice.message);
    const stored = restored.settings;
    const mode = stored?.mode && stored.mode !== 'unconfigured' ? stored.mode : (this.deps.defaultMode ?? 'unconfigured');
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
    if (this.usableTokens().length > 0) this.sessionReady = this.startSession();
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
    return {
      getState: () => this.state(),
      chooseMode: async (args) => {
        await this.chooseMode(args);
        return this.state();
      },
      saveSettings: async (patch) => {
        await this.saveSettings(patch);
        return this.state();
      },
      login: async (args) => {
        await this.runLogin(args?.flow, args?.reloginFor);
        return this.state();
      },
      cancelLogin: () => {
        this.loginAbort?.abort(new Error('cancelled'));
        return this.state();
      },
      switchAccount: ({ loginid }) => {
        this.switchAccount(loginid);
        return this.state();
      },
      logout: async (args) => {
        if (args?.loginid) await this.logoutOne(args.loginid);
        else await this.logoutAll();
        return this.state();
      },
      forgetEverything: async () => {
        await this.forgetEverything();
        return this.state();
      },
      retryConnection: () => {
        this.session?.retryNow();
        return this.state();
      },
      setPlaintextConsent: async ({ allow }) => {
        await this.deps.vault.setPlaintextConsent(allow);
        this.emit();
        return this.state();
      },
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
    this.loginAbort?.abort(new Error('cancelled'));
    await this.warmSession?.close().catch(() => undefined);
    await this.stopSession();
    await this.demo?.close();
    this.demo = null;
  }

  // ── modes and settings ─────────────────────────────────────────────────────────────────────

  private async chooseMode(args: { mode: 'demo' } | { mode: 'deriv'; appId: string; redirectUrl: string }): Promise<void> {
    if (args.mode !== this.mode && this.held.length > 0) {
      // Accounts of one server mean nothing to the other: leaving a mode logs out of it.
      await this.logoutAll();
      this.addNotice('mode_changed', 'info', 'You were logged out because the app now talks to a different server.');
    }
    if (args.mode === 'deriv') {
      this.settings = { ...this.deps.productionDefaults, ...keepPreferences(this.settings), appId: args.appId, redirectUrl: args.redirectUrl };
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
      this.settings = { ...this.deps.productionDefaults, ...keepPreferences(this.settings), appId: this.settings.appId, redirectUrl: this.settings.redirectUrl };
    }
    this.mode = mode;
    if (persist) await this.deps.vault.saveSettings({ ...this.settings, mode });
  }

  private async saveSettings(patch: SettingsPatch): Promise<void> {
    const before = this.settings;
    const endpointKeys = ['wsUrl', 'appId', 'language'] as const;
    this.settings = { ...this.settings, ...(this.mode === 'demo' ? keepPreferences(patch) : patch) };
    await this.deps.vault.saveSettings({ ...this.settings, mode: this.mode });
    if (this.session && endpointKeys.some((k) => before[k] !== this.settings[k])) {
      await this.stopSession();
      await this.startSession();
    }
    this.emit();
  }

  // ── login ─────────────────────────────────────────────────────────────────────────────────

  private async runLogin(flowOverride: EndpointSettings['flow'] | undefined, reloginFor: string | undefined): Promise<void> {
    if (this.login.status === 'waiting' || this.login.status === 'authorizing') return;
    if (this.mode === 'unconfigured') {
      this.setLogin({ status: 'failed', error: { code: 'not_configured', message: 'Choose Demo mode or enter your Deriv app ID first.' } });
      return;
    }
    const flow = flowOverride ?? this.settings.flow;
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
      const outcome = await this.deps.runLogin({ settings: { ...this.settings, flow }, signal: abort.signal });
      if (!outcome.ok) {
        this.setLogin({ status: 'failed', error: outcome.error });
        return;
      }
      if (outcome.oidcAccessToken) this.oidcAccessTokens.push(outcome.oidcAccessToken);
      this.setLogin({ status: 'authorizing' });
      this.held = mergeLogin(this.held, outcome.accounts);
      await this.deps.vault.saveLogin(this.held.filter(hasToken));
      const wanted = reloginFor && outcome.accounts.some((a) => a.loginid === reloginFor) ? reloginFor : null;
      this.activeLoginid = wanted ?? (reloginFor ? this.activeLoginid : null) ?? outcome.accounts[0]?.loginid ?? null;
      await this.deps.vault.setActive(this.activeLoginid);
      if (this.session) await this.session.setAccounts(this.usableTokens());
      else await this.startSession();
      if (this.activeLoginid) this.trySwitch(this.activeLoginid);
      this.setLogin({ status: 'idle' });
    } catch (error) {
      this.setLogin({ status: 'failed', error: { code: 'authorize_failed', message: describe(error) } });
    } finally {
      if (this.loginAbort === abort) this.loginAbort = null;
      const unused = this.warmSession;
      this.warmSession = null;
      await unused?.close().catch(() => undefined);
    }
  }

  private setLogin(login: LoginState): void {
    this.login = login;
    this.emit();
  }

  // ── accounts ──────────────────────────────────────────────────────────────────────────────

  private switchAccount(loginid: string): void {
    if (!this.held.some((a) => a.loginid === loginid)) throw new Error(`There is no account ${loginid} in this session.`);
    this.activeLoginid = loginid;
    try {
      this.session?.switchAccount(loginid);
    } catch {
      // An account that needs a new login can still be selected, to show it and offer the login.
    }
    void this.deps.vault.setActive(loginid);
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
    await this.deps.vault.removeAccount(loginid);
    if (this.activeLoginid === loginid) this.activeLoginid = this.pickActive(null);
    await this.deps.vault.setActive(this.activeLoginid);
    await this.session?.setAccounts(this.usableTokens());
    if (this.activeLoginid) this.trySwitch(this.activeLoginid);
    this.emit();
  }

  private async logoutAll(): Promise<void> {
    const session = this.session;
    this.detachSession();
    if (session) {
      await session.logout().catch(() => undefined);
      await session.close().catch(() => undefined);
    }
    const revoke = this.deps.revokeOidc;
    const tokens = this.oidcAccessTokens.splice(0);
    if (revoke) await Promise.all(tokens.map((t) => revoke(t, this.settings.issuer).catch(() => undefined)));
    this.held = [];
    this.activeLoginid = null;
    await this.deps.vault.removeAllAccounts();
    await this.deps.vault.setActive(null);
    await this.deps.shell.clearLoginData();
    this.emit();
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

  private async startSession(): Promise<void> {
    const tokens = this.usableTokens();
    if (tokens.length === 0) return;
    let session: SessionLike;
    try {
      session = this.warmSession ?? this.newSession();
    } catch (error) {
      this.addNotice('bad_endpoint', 'error', `The WebSocket server setting is not usable: ${describe(error)} Fix it in Settings.`);
      return;
    }
    this.warmSession = null;
    this.session = session;
    this.sessionView = session.snapshot();
    this.stopWatchingSession = session.onChange((view) => this.onSessionChange(view));
    try {
      await session.start(tokens, this.activeLoginid ?? undefined);
    } catch (error) {
      // The session keeps retrying on its own; the connection state tells the user.
      this.addNotice('session_start_failed', 'warning', `Could not reach Deriv yet: ${describe(error)}`);
    }
    if (this.activeLoginid) this.trySwitch(this.activeLoginid);
    this.onSessionChange(session.snapshot());
  }

  private newSession(): SessionLike {
    return this.deps.createSession({ wsUrl: this.settings.wsUrl, appId: this.settings.appId, language: this.settings.language });
  }

  private onSessionChange(view: SessionView): void {
    if (!this.session) return;
    this.sessionView = view;
    const changed = flagsFromAuthorize(this.held, view.authorize);
    if (changed.length > 0) {
      this.held = this.held.map((a) => ({ ...a, ...changed.find((c) => c.loginid === a.loginid) }));
      void Promise.resolve(this.deps.vault.updateAccountFlags(changed)).catch(() => undefined);
    }
    this.emit();
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
    this.notices = [...this.notices.filter((n) => n.code !== code || n.message !== message), { id: `n${++this.noticeSeq}`, code, level, message }];
    this.emit();
  }

  /** Coalesces bursts (a balance storm, a reconnect) into one snapshot per tick. */
  private emit(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
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
