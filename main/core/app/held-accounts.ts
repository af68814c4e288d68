/**
 * The logins (grants) and accounts main holds, and their way to disk. A login's accounts are
 * written only once the backend has accepted them (a login that never got through stores nothing),
 * together with the flags the server gave for them: a legacy account once its own token is
 * accepted, a current-API login whole once any of its accounts is open. Flags learnt later are
 * written after any save still in flight, so they are never applied to an account the vault has not
 * stored yet. A renewed grant (OAuth refresh) is held and re-sealed through `renewals`, the one
 * guard that keeps a refresh token from being sent twice.
 */
import type { ApiTokenAccount } from '../auth/api-token-login';
import type { CurrentLogin } from '../auth/current-flow';
import { GrantRenewals } from '../backend/grant-renewals';
import type { BackendGrant, BackendView, DerivApi, OAuthCredential } from '../backend/port';
import { type Grant, opens, tokenOf } from '../grant';
import type { NoticeInput } from '../model';
import type { RestoreResult } from '../vault';
import { flagsFromDetails } from './account-views';
import type { Destination } from './destination';
import {
  apiTokenGrants,
  currentLoginGrant,
  type Held,
  type HeldAccount,
  legacyLoginGrant,
  type NewGrant,
  openable,
  restricted,
  withDestinationsChecked,
  withGrant,
  withoutAccount,
} from './grants';
import type { LoginAccount, VaultLike } from './ports';

export class HeldAccounts implements Held {
  grants: readonly Grant[] = [];
  accounts: readonly HeldAccount[] = [];
  /** Accounts held but not saved yet (their login not accepted by a backend yet). */
  private readonly unsaved = new Set<string>();
  private lastSave: Promise<unknown> = Promise.resolve();

  /**
   * The one way a grant is renewed (see `GrantRenewals`): handed to every backend, which calls it
   * for each OAuth refresh; the renewed grant replaces the held one by its id and is re-sealed.
   */
  readonly renewals = new GrantRenewals({
    credentialOf: (id) => this.grant(id)?.credential ?? null,
    renewed: (id, credential) => {
      const grant = this.grant(id);
      if (!grant) return;
      this.grants = this.grants.map((g) => (g === grant ? { ...g, credential } : g));
      // Not saved yet: it is saved whole, with this credential, once the backend accepts it.
      if (!grant.accountIds.some((a) => this.isSaved(a))) return;
      this.lastSave = this.lastSave
        .then(() => this.vault.renewGrant(id, credential))
        .catch(() => this.notice({ code: 'login_not_saved', level: 'warning', params: {} }));
    },
  });

  constructor(
    private readonly vault: VaultLike,
    private readonly notice: (n: NoticeInput) => void,
    /** Mode and settings in force: where a login's secret may be sent is recorded (and checked) against them. */
    private readonly destination: () => Destination,
  ) {}

  /**
   * Resolves true once no renewal is in flight and what they gave is saved (the vault's writes
   * done), false if that takes longer than `boundMs`: at quit, a rotated refresh token must reach
   * the disk (the spent one is refused at the next start), but a server that never answers must
   * not hold the quit.
   */
  async settled(boundMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), boundMs)));
    const drained = async (): Promise<true> => {
      // A renewal ending queues a save: wait until neither is left.
      for (let save = this.lastSave; ; save = this.lastSave) {
        await this.renewals.settled();
        await save;
        if (save === this.lastSave) break;
      }
      await this.vault.settled?.();
      return true;
    };
    try {
      return await Promise.race([drained(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The accounts, in order. */
  get all(): readonly HeldAccount[] {
    return this.accounts;
  }

  has(accountId: string): boolean {
    return this.accounts.some((a) => a.accountId === accountId);
  }

  isSaved(accountId: string): boolean {
    return !this.unsaved.has(accountId);
  }

  /** Whether a held login can open this account now (it has a usable secret for it). */
  opens(accountId: string): boolean {
    const account = this.accounts.find((a) => a.accountId === accountId);
    return opens(this.grant(account?.grantId ?? null), accountId);
  }

  /** Each account with its legacy token, if it has one (for the API-token check: never sent twice). */
  tokens(): { accountId: string; token: string | null }[] {
    return this.accounts.map((a) => ({ accountId: a.accountId, token: tokenOf(this.grant(a.grantId), a.accountId) }));
  }

  /**
   * The logins restored from the vault, checked against where the app would send them now: one
   * sealed for other addresses is not used (its accounts need a login), and a notice says why.
   */
  restore(restored: Pick<RestoreResult, 'grants' | 'accounts'>): void {
    const { held, moved } = withDestinationsChecked(
      { grants: [...restored.grants], accounts: restored.accounts.map((a) => ({ ...a })) },
      this.destination(),
    );
    ({ grants: this.grants, accounts: this.accounts } = held);
    this.unsaved.clear();
    if (moved.length > 0)
      this.notice({ code: 'saved_addresses_changed', level: 'warning', params: { accounts: moved } });
  }

  /** A legacy OAuth login: one grant, held (newest login wins) but not saved until the backend accepts it. */
  addLogin(accounts: readonly LoginAccount[]): void {
    this.add(legacyLoginGrant(this, accounts, this.destination()));
  }

  /** Pasted API tokens, a grant each, held the same way: saved once the backend accepts them. */
  addApiTokens(accounts: readonly ApiTokenAccount[]): void {
    for (const grant of apiTokenGrants(accounts, this.destination())) this.add(grant);
  }

  /** A current-API login: one grant for its accounts, saved whole once the backend opens one. */
  addCurrentLogin(login: CurrentLogin): void {
    this.add(currentLoginGrant(login, this.destination()));
  }

  /** The login (grant) that opens this account, with its credential now (renewals included). */
  grantOf(accountId: string): Grant | undefined {
    return this.grant(this.record(accountId)?.grantId ?? null);
  }

  /** The login with this id, if held. */
  login(grantId: string): Grant | undefined {
    return this.grant(grantId);
  }

  /**
   * Logs out of one login: the grant and every account it opens are dropped, with any renewal of
   * it (see `GrantRenewals.forget`). Returns the refreshes of it still in flight (their answers are
   * live tokens to revoke).
   */
  removeLogin(grantId: string): Promise<OAuthCredential>[] {
    const ids = new Set(this.grant(grantId)?.accountIds ?? []);
    this.grants = this.grants.filter((g) => g.id !== grantId);
    this.accounts = this.accounts.filter((a) => a.grantId !== grantId && !ids.has(a.accountId));
    for (const id of ids) this.unsaved.delete(id);
    return this.renewals.forget(grantId);
  }

  remove(accountId: string): void {
    ({ grants: this.grants, accounts: this.accounts } = withoutAccount(this, accountId));
    this.unsaved.delete(accountId);
  }

  /** Logs out of everything; returns the refreshes still in flight (see `removeLogin`). */
  clear(): Promise<OAuthCredential>[] {
    const late = this.grants.flatMap((g) => this.renewals.forget(g.id));
    this.grants = [];
    this.accounts = [];
    this.unsaved.clear();
    return late;
  }

  /** What a backend of `api` opens: its grants, each with the accounts it can open now. */
  usable(api: DerivApi): BackendGrant[] {
    return openable(this, api);
  }

  /** How many accounts the legacy backend would open once this legacy login is added. */
  wouldHoldLegacy(login: readonly LoginAccount[]): number {
    const after = withGrant(this, legacyLoginGrant(this, login, this.destination()));
    return openable(after, 'legacy').reduce((n, g) => n + g.accountIds.length, 0);
  }

  /** The preferred account if held, else the first one a login can open, else the first. */
  pickActive(preferred: string | null): string | null {
    if (preferred && this.has(preferred)) return preferred;
    return this.accounts.find((a) => this.opens(a.accountId))?.accountId ?? this.accounts[0]?.accountId ?? null;
  }

  /**
   * What a backend view teaches: the server's flags for the accounts, and which new accounts it
   * accepted (saved now with their login, flags included). `activeId` is written once its account
   * is on disk.
   */
  learn(view: BackendView, activeId: string | null): void {
    const changed = flagsFromDetails(this.accounts, view.details);
    if (changed.length > 0) {
      this.accounts = this.accounts.map((a) => ({ ...a, ...changed.find((c) => c.accountId === a.accountId) }));
    }
    this.endExpired(view);
    const savedNow = new Set<string>();
    for (const grant of this.grants) {
      const accepted = (id: string) => view.authorized.includes(id);
      // A current-API login is accepted whole (its one credential listed its accounts); legacy, token by token.
      const whole = grant.api === 'current' && grant.accountIds.some(accepted);
      const ready = grant.accountIds.filter((id) => this.unsaved.has(id) && (whole || accepted(id)));
      if (ready.length === 0 || grant.credential === null) continue;
      for (const id of ready) {
        this.unsaved.delete(id);
        savedNow.add(id);
      }
      this.save(grant, ready, activeId);
    }
    const stored = changed.filter((c) => !savedNow.has(c.accountId) && this.isSaved(c.accountId));
    if (stored.length > 0) {
      void this.lastSave.then(() => this.vault.updateAccountFlags(stored)).catch(() => undefined);
    }
  }

  /**
   * Logins whose session the backend says ended for good (an OAuth refresh token refused): their
   * secret is dropped here and in the vault, so no backend built later, in this run or after a
   * restart, presents that refresh token again. Their accounts stay, needing a new login.
   */
  private endExpired(view: BackendView): void {
    // Saved logins only: a login just added (a login again for those accounts) is not saved until
    // the backend accepts it, and a view published before the backend took it still refuses the
    // accounts it replaces; that refusal is the old login's, not its own.
    // A renewal whose answer was lost ended the session too: its refresh token is spent.
    const why = (g: Grant) =>
      g.accountIds
        .filter((id) => view.refused.includes(id))
        .map((id) => view.refusals?.[id]?.reason)
        .find((r) => r === 'session_expired' || r === 'renewal_lost');
    const expired = this.grants.filter(
      (g) => g.credential?.kind === 'oauth' && g.accountIds.every((id) => this.isSaved(id)) && why(g) !== undefined,
    );
    if (expired.length === 0) return;
    const problems = new Map(expired.map((g) => [g.id, why(g)!]));
    this.grants = this.grants.map((g) => (problems.has(g.id) ? { ...g, credential: null } : g));
    this.accounts = this.accounts.map((a) =>
      a.grantId !== null && problems.has(a.grantId) ? { ...a, problem: problems.get(a.grantId)! } : a,
    );
    for (const grant of expired) {
      this.lastSave = this.lastSave.then(() => this.vault.forgetSecret(grant.id)).catch(() => undefined);
    }
  }

  private add(next: NewGrant): void {
    ({ grants: this.grants, accounts: this.accounts } = withGrant(this, next));
    for (const id of next.grant.accountIds) this.unsaved.add(id);
  }

  /** Saves these accounts of a grant (with its secret for them), then the active account if it is on disk. */
  private save(grant: Grant, accountIds: string[], activeId: string | null): void {
    const credential = restricted(grant, accountIds).credential!;
    const accounts = accountIds.map((id) => this.record(id)!);
    this.lastSave = this.lastSave
      .then(() =>
        this.vault.saveGrant(
          { id: grant.id, api: grant.api, source: grant.source, destination: grant.destination, credential },
          accounts,
        ),
      )
      .then(() => (activeId && this.isSaved(activeId) ? this.vault.setActive(activeId) : undefined))
      .catch(() => this.notice({ code: 'login_not_saved', level: 'warning', params: {} }));
  }

  private grant(id: string | null): Grant | undefined {
    return id === null ? undefined : this.grants.find((g) => g.id === id);
  }

  private record(id: string): HeldAccount | undefined {
    return this.accounts.find((a) => a.accountId === id);
  }
}
