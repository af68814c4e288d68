/**
 * The controller's link to the running backend: starts it with the held logins (adopting the one
 * warmed up during login), hands it new ones, switches, and stops it. Views of a backend already
 * replaced are ignored, so a late event never overwrites the current state. (Renewed logins do not
 * pass here: every backend renews through the `RenewGrant` it was built with.)
 */
import { type AccountsBackend, BackendError, type BackendGrant, type BackendView } from '../backend/port';
import type { LegacyMigrationFacts, NoticeInput } from '../model';
import type { OsSignal } from '../net/os-signals';

export interface LinkHost {
  /** A new backend for the current settings; throws on an unusable endpoint. */
  createBackend(): AccountsBackend;
  /** The backend opened while the login window was up, if any (it is handed over once). */
  takeWarm(): AccountsBackend | null;
  grants(): BackendGrant[];
  activeAccountId(): string | null;
  onView(view: BackendView): void;
  notice(n: NoticeInput): void;
}

export class SessionLink {
  private backend: AccountsBackend | null = null;
  private current: BackendView | null = null;
  private unwatch: (() => void) | null = null;
  /** The OS's last word on the network; a backend born while it is down is told so at once. */
  private networkDown = false;

  constructor(private readonly host: LinkHost) {}

  get running(): boolean {
    return this.backend !== null;
  }

  get view(): BackendView | null {
    return this.current;
  }

  /** Hands the current logins to the running backend, or starts one (also after it gave up). */
  async refresh(): Promise<void> {
    const backend = this.backend;
    if (backend) {
      try {
        await backend.setGrants(this.host.grants());
        this.trySwitch(this.host.activeAccountId());
        return;
      } catch (error) {
        if (this.backend !== backend) return; // replaced meanwhile, by a start with the current accounts
        if (!(error instanceof BackendError && error.code === 'closed')) {
          // The list was refused (nothing changed): the running backend keeps its accounts open.
          this.host.notice(startFailed(error));
          return;
        }
        // The backend stopped (e.g. every credential was refused): replace it.
        await this.stop();
      }
    }
    await this.start();
  }

  async start(): Promise<void> {
    const grants = this.host.grants();
    if (grants.length === 0) return;
    let backend: AccountsBackend;
    try {
      backend = this.host.takeWarm() ?? this.host.createBackend();
    } catch {
      this.host.notice({ code: 'bad_endpoint', level: 'error', params: {} });
      return;
    }
    // One backend at a time: one still running (a start that has not resolved yet, a restart) is
    // closed, or its sockets and reconnect timers would live on unseen.
    const previous = this.detach();
    this.backend = backend;
    if (this.networkDown) backend.osSignal?.('offline');
    this.current = backend.snapshot();
    this.unwatch = backend.onChange((view) => this.onChange(backend, view));
    void previous?.close().catch(() => undefined);
    try {
      await backend.start(grants, this.host.activeAccountId() ?? undefined);
    } catch (error) {
      // Network trouble is retried by the backend itself; this is what it could not get past.
      if (this.backend === backend) this.host.notice(startFailed(error));
    }
    if (this.backend !== backend) return;
    this.trySwitch(this.host.activeAccountId());
    this.onChange(backend, backend.snapshot());
  }

  /** Closes the backend (no server logout): for a restart with new settings, and at shutdown. */
  async stop(): Promise<void> {
    await this.detach()
      ?.close()
      .catch(() => undefined);
  }

  /** Forgets the backend without closing it; the caller logs it out. */
  detach(): AccountsBackend | null {
    const backend = this.backend;
    this.unwatch?.();
    this.unwatch = null;
    this.backend = null;
    this.current = null;
    return backend;
  }

  retryNow(): void {
    this.backend?.retryNow();
  }

  /** The running backend's word on the legacy migration (current API only; see the port). */
  legacyMigration(accountId: string): Promise<LegacyMigrationFacts> {
    const backend = this.backend;
    if (!backend?.legacyMigration) return Promise.reject(new BackendError('not_connected', 'No current-API session.'));
    return backend.legacyMigration(accountId);
  }

  /** Sleep, wake and network signals from the OS, for the running backend. */
  osSignal(signal: OsSignal): void {
    if (signal === 'offline') this.networkDown = true;
    if (signal === 'online') this.networkDown = false;
    this.backend?.osSignal?.(signal);
  }

  /** Switch where the backend allows it; an account that needs a login is still shown as active. */
  trySwitch(id: string | null): void {
    if (id === null) return;
    try {
      this.backend?.switchAccount(id);
    } catch {
      // Not open (needs a new login): the UI offers the login.
    }
  }

  private onChange(from: AccountsBackend, view: BackendView): void {
    if (this.backend !== from) return; // a late event from a backend already replaced
    this.current = view;
    this.host.onView(view);
  }
}

function startFailed(error: unknown): NoticeInput {
  const reason = error instanceof BackendError ? error.code : 'unknown';
  return { code: 'session_start_failed', level: 'warning', params: { reason } };
}
