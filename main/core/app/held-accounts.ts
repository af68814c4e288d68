/**
 * The accounts main holds, with their tokens, and their way to disk. A login's accounts are written
 * only once the backend has accepted their credentials (a login that never got through stores
 * nothing), together with the flags the server gave for them; flags learnt later are written after
 * any save still in flight, so they are never applied to an account the vault has not stored yet.
 */
import type { ApiTokenAccount } from '../auth/api-token-login';
import type { BackendAccount, BackendView, DerivApi } from '../backend/port';
import type { NoticeInput } from '../model';
import { flagsFromDetails, type HeldAccount, mergeApiTokens, mergeLogin } from './account-views';
import type { LoginAccount, VaultLike } from './ports';

export const hasToken = (a: HeldAccount): a is HeldAccount & { token: string } => a.token !== null;

export class HeldAccounts {
  private held: HeldAccount[] = [];
  private readonly unsaved = new Set<string>();
  private lastSave: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly vault: VaultLike,
    private readonly notice: (n: NoticeInput) => void,
  ) {}

  get all(): readonly HeldAccount[] {
    return this.held;
  }

  has(loginid: string): boolean {
    return this.held.some((a) => a.loginid === loginid);
  }

  isSaved(loginid: string): boolean {
    return !this.unsaved.has(loginid);
  }

  restore(accounts: readonly HeldAccount[]): void {
    this.held = accounts.map((a) => ({ ...a }));
    this.unsaved.clear();
  }

  /** A login's accounts, held (newest token wins) but not saved until the backend accepts them. */
  addLogin(accounts: readonly LoginAccount[]): void {
    this.held = mergeLogin(this.held, accounts);
    for (const account of accounts) this.unsaved.add(account.loginid);
  }

  /** Accounts of pasted API tokens, held the same way: saved once the backend accepts them. */
  addApiTokens(accounts: readonly ApiTokenAccount[]): void {
    this.held = mergeApiTokens(this.held, accounts);
    for (const account of accounts) this.unsaved.add(account.loginid);
  }

  remove(loginid: string): void {
    this.held = this.held.filter((a) => a.loginid !== loginid);
    this.unsaved.delete(loginid);
  }

  clear(): void {
    this.held = [];
    this.unsaved.clear();
  }

  /** What a backend of `api` opens: the accounts of that API with a usable credential. */
  usable(api: DerivApi): BackendAccount[] {
    // The first account's token carries the balance stream, which needs `read`: tokens without it go last.
    const canRead = (a: HeldAccount) => a.scopes === null || a.scopes.includes('read');
    return [...this.held.filter(canRead), ...this.held.filter((a) => !canRead(a))]
      .filter((a) => a.api === api)
      .filter(hasToken)
      .map((a) => ({ id: a.loginid, credential: { kind: 'token', token: a.token } }));
  }

  /** The preferred account if held, else the first usable one, else the first. */
  pickActive(preferred: string | null): string | null {
    if (preferred && this.has(preferred)) return preferred;
    return this.held.find(hasToken)?.loginid ?? this.held[0]?.loginid ?? null;
  }

  /**
   * What a backend view teaches: the server's flags for the accounts, and which new accounts it
   * accepted (saved now, flags included). `activeId` is written once its account is on disk.
   */
  learn(view: BackendView, activeId: string | null): void {
    const changed = flagsFromDetails(this.held, view.details);
    if (changed.length > 0) {
      this.held = this.held.map((a) => ({ ...a, ...changed.find((c) => c.loginid === a.loginid) }));
    }
    const ready = this.held.filter(
      (a): a is HeldAccount & { token: string } =>
        this.unsaved.has(a.loginid) && hasToken(a) && view.authorized.includes(a.loginid),
    );
    for (const account of ready) this.unsaved.delete(account.loginid);
    if (ready.length > 0) {
      this.lastSave = this.vault
        .saveLogin(ready)
        .then(() => (activeId && this.isSaved(activeId) ? this.vault.setActive(activeId) : undefined))
        .catch(() => this.notice({ code: 'login_not_saved', level: 'warning', params: {} }));
    }
    const readyIds = new Set(ready.map((a) => a.loginid));
    const stored = changed.filter((c) => !readyIds.has(c.loginid) && this.isSaved(c.loginid));
    if (stored.length > 0) {
      void this.lastSave.then(() => this.vault.updateAccountFlags(stored)).catch(() => undefined);
    }
  }
}
