/**
 * The accounts main holds, with their tokens, and their way to disk. A login's accounts are written
 * only once the backend has accepted their credentials (a login that never got through stores
 * nothing), together with the flags the server gave for them; flags learnt later are written after
 * any save still in flight, so they are never applied to an account the vault has not stored yet.
 */
import type { ApiTokenAccount } from '../auth/api-token-login';
import type { CurrentLogin } from '../auth/current-flow';
import type { BackendAccount, BackendView, Credential, DerivApi } from '../backend/port';
import type { NoticeInput } from '../model';
import { flagsFromDetails, type HeldAccount, mergeApiTokens, mergeCurrentLogin, mergeLogin } from './account-views';
import { vaultInputOf } from './current-login';
import type { LoginAccount, VaultLike } from './ports';

export const hasToken = (a: HeldAccount): a is HeldAccount & { token: string } => a.token !== null;
const hasCredential = (a: HeldAccount): a is HeldAccount & { credential: Credential } => a.credential !== null;

/** Both are OAuth credentials with the same refresh token: the same grant, at the same rotation. */
function sameRefreshToken(c: Credential | null, of: Credential): boolean {
  return c?.kind === 'oauth' && of.kind === 'oauth' && c.refreshToken !== null && c.refreshToken === of.refreshToken;
}

export class HeldAccounts {
  private held: HeldAccount[] = [];
  private readonly unsaved = new Set<string>();
  /** Current-API logins held but not saved yet: saved whole once the backend opens one of their accounts. */
  private unsavedCurrent: CurrentLogin[] = [];
  private lastSave: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly vault: VaultLike,
    private readonly notice: (n: NoticeInput) => void,
  ) {}

  get all(): readonly HeldAccount[] {
    return this.held;
  }

  has(accountId: string): boolean {
    return this.held.some((a) => a.accountId === accountId);
  }

  isSaved(accountId: string): boolean {
    return !this.unsaved.has(accountId);
  }

  restore(accounts: readonly HeldAccount[]): void {
    this.held = accounts.map((a) => ({ ...a }));
    this.unsaved.clear();
  }

  /** A login's accounts, held (newest token wins) but not saved until the backend accepts them. */
  addLogin(accounts: readonly LoginAccount[]): void {
    this.held = mergeLogin(this.held, accounts);
    for (const account of accounts) this.unsaved.add(account.accountId);
  }

  /** Accounts of pasted API tokens, held the same way: saved once the backend accepts them. */
  addApiTokens(accounts: readonly ApiTokenAccount[]): void {
    this.held = mergeApiTokens(this.held, accounts);
    for (const account of accounts) this.unsaved.add(account.accountId);
  }

  /** A current-API login's accounts, held with its credential, saved once the backend opens one. */
  addCurrentLogin(login: CurrentLogin): void {
    this.held = mergeCurrentLogin(this.held, login);
    for (const account of login.accounts) this.unsaved.add(account.account_id);
    this.unsavedCurrent.push(login);
  }

  /**
   * A renewed credential (OAuth refresh) for these accounts: held now, re-sealed on disk. Only where
   * the credential it `replaces` is still held: a late report (a backend since replaced, a holder
   * torn down) must not put back an older refresh token, which the server would no longer take.
   */
  renew(accountIds: readonly string[], credential: Credential, replaces: Credential): void {
    if (credential.kind === 'token') return;
    // The same grant: a renewal is an OAuth refresh, named by the refresh token it was made with.
    const follows = (c: Credential | null) => sameRefreshToken(c, replaces);
    const ids = this.held
      .filter((a) => accountIds.includes(a.accountId) && follows(a.credential))
      .map((a) => a.accountId);
    if (ids.length === 0) return;
    this.held = this.held.map((a) => (ids.includes(a.accountId) ? { ...a, credential } : a));
    const saved = ids.filter((id) => this.isSaved(id));
    for (const login of this.unsavedCurrent) {
      if (follows(login.credential) && login.accounts.some((a) => ids.includes(a.account_id)))
        login.credential = credential;
    }
    if (saved.length > 0) {
      this.lastSave = this.lastSave
        .then(() => this.vault.renewCredential(saved, credential))
        .catch(() => this.notice({ code: 'login_not_saved', level: 'warning', params: {} }));
    }
  }

  /**
   * The rule for a dead login: a refresh token the token endpoint refused for good (the backend's
   * `onCredentialDead`) is forgotten on this computer, held and stored, so that no start sends it
   * again; its accounts stay, needing a login (`session_expired` for the rest of this run; after a
   * restart, the vault's plain "needs login", as it keeps no reason). Only where that refresh token
   * is still held: a newer login's credential, or a renewal that came first, is kept. A PAT is never
   * forgotten this way: it does not rotate, and a trader may not have it anywhere else.
   */
  forget(accountIds: readonly string[], credential: Credential): void {
    if (credential.kind !== 'oauth' || credential.refreshToken === null) return;
    const refreshToken = credential.refreshToken;
    const dead = (c: Credential | null) => sameRefreshToken(c, credential);
    const ids = this.held.filter((a) => accountIds.includes(a.accountId) && dead(a.credential)).map((a) => a.accountId);
    if (ids.length === 0) return;
    this.held = this.held.map((a) =>
      ids.includes(a.accountId) ? { ...a, credential: null, problem: 'session_expired' as const } : a,
    );
    // A login not saved yet with that credential never will be: nothing it holds can open again.
    this.unsavedCurrent = this.unsavedCurrent.filter((l) => !dead(l.credential));
    const saved = ids.filter((id) => this.isSaved(id));
    if (saved.length > 0)
      this.lastSave = this.lastSave.then(() => this.vault.forgetCredential(saved, refreshToken)).catch(() => undefined);
  }

  remove(accountId: string): void {
    this.held = this.held.filter((a) => a.accountId !== accountId);
    this.unsaved.delete(accountId);
  }

  clear(): void {
    this.held = [];
    this.unsaved.clear();
    this.unsavedCurrent = [];
  }

  /** What a backend of `api` opens: the accounts of that API with a usable credential. */
  usable(api: DerivApi): BackendAccount[] {
    // The first account's token carries the balance stream, which needs `read`: tokens without it go last.
    const canRead = (a: HeldAccount) => a.scopes === null || a.scopes.includes('read');
    return [...this.held.filter(canRead), ...this.held.filter((a) => !canRead(a))]
      .filter((a) => a.api === api)
      .filter(hasCredential)
      .map((a) => ({ accountId: a.accountId, credential: a.credential }));
  }

  /** How many accounts the legacy backend would open once this legacy login is added. */
  wouldHoldLegacy(login: readonly LoginAccount[]): number {
    return mergeLogin(this.held, login)
      .filter((a) => a.api === 'legacy')
      .filter(hasCredential).length;
  }

  /** The preferred account if held, else the first usable one, else the first. */
  pickActive(preferred: string | null): string | null {
    if (preferred && this.has(preferred)) return preferred;
    return this.held.find(hasCredential)?.accountId ?? this.held[0]?.accountId ?? null;
  }

  /**
   * What a backend view teaches: the server's flags for the accounts, and which new accounts it
   * accepted (saved now, flags included). `activeAccountId` is written once its account is on disk.
   */
  learn(view: BackendView, activeAccountId: string | null): void {
    const changed = flagsFromDetails(this.held, view.details);
    if (changed.length > 0) {
      this.held = this.held.map((a) => ({ ...a, ...changed.find((c) => c.accountId === a.accountId) }));
    }
    const ready = this.held.filter(
      (a): a is HeldAccount & { token: string } =>
        a.api === 'legacy' && this.unsaved.has(a.accountId) && hasToken(a) && view.authorized.includes(a.accountId),
    );
    this.saveCurrentLogins(view, activeAccountId);
    for (const account of ready) this.unsaved.delete(account.accountId);
    if (ready.length > 0) {
      this.lastSave = this.vault
        .saveLogin(ready)
        .then(() =>
          activeAccountId && this.isSaved(activeAccountId) ? this.vault.setActive(activeAccountId) : undefined,
        )
        .catch(() => this.notice({ code: 'login_not_saved', level: 'warning', params: {} }));
    }
    const readyIds = new Set([...ready.map((a) => a.accountId), ...this.savedNow]);
    this.savedNow = [];
    const stored = changed.filter((c) => !readyIds.has(c.accountId) && this.isSaved(c.accountId));
    if (stored.length > 0) {
      void this.lastSave.then(() => this.vault.updateAccountFlags(stored)).catch(() => undefined);
    }
  }

  /** Ids saved by `saveCurrentLogins` in this `learn`, so their flags are not written twice. */
  private savedNow: string[] = [];

  /** A current-API login is saved whole (one credential) once the backend has opened any of its accounts. */
  private saveCurrentLogins(view: BackendView, activeAccountId: string | null): void {
    const ready = this.unsavedCurrent.filter((l) => l.accounts.some((a) => view.authorized.includes(a.account_id)));
    if (ready.length === 0) return;
    this.unsavedCurrent = this.unsavedCurrent.filter((l) => !ready.includes(l));
    for (const login of ready) {
      const ids = login.accounts.map((a) => a.account_id).filter((id) => this.unsaved.has(id) && this.has(id));
      if (ids.length === 0) continue; // logged out of them meanwhile
      for (const id of ids) this.unsaved.delete(id);
      this.savedNow.push(...ids);
      const kept = { ...login, accounts: login.accounts.filter((a) => ids.includes(a.account_id)) };
      this.lastSave = this.lastSave
        .then(() => this.vault.saveCurrentLogin(vaultInputOf(kept)))
        .then(() =>
          activeAccountId && ids.includes(activeAccountId) ? this.vault.setActive(activeAccountId) : undefined,
        )
        .catch(() => this.notice({ code: 'login_not_saved', level: 'warning', params: {} }));
    }
  }
}
