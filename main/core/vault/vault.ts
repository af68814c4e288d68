/**
 * Logins and accounts at rest: what the app remembers across restarts, with the logins' secrets
 * sealed by the `SecretCipher`. The vault holds the document in memory and writes it whole (one atomic write)
 * after every change, so the file is always a complete, valid document.
 *
 * Token rule: when the cipher's encryption is not real, tokens reach the disk only if the user
 * agreed (`plaintextConsent === true`); otherwise they live in memory for this run.
 */
import { type Logger, silentLogger } from '../logger';
import { DEFAULT_PREFERENCES, type PersistenceState, type Preferences, preferencesFor } from '../model';
import { applyAccountFlags, documentOf, mergeAccount, parseGrant, parseSettings, pruneGrants } from './account-merge';
import { bindingOf, durableSecretOf, type MemoryGrant, secretsOf } from './grants';
import { loadVault, mayPersistTokens, restoredState } from './loading';
import type { KeyValueStore, SecretCipher, VaultNotice } from './ports';
import {
  type AccountFlagsUpdate,
  type CurrentCredential,
  currentCredentialSchema,
  type GrantAccountInput,
  type GrantInput,
  type LastBalances,
  preferencesSchema,
  type StoredSettings,
  type VaultDocument,
} from './schema';
import { encryptFailedNotice, type HeldSecret, Sealer } from './sealing';
import { errorName, removeSiblingArtifacts } from './store-recovery';
import type { MemoryAccount, RestoreResult, VaultOptions } from './vault-types';
import { VaultError } from './vault-types';

export type { RestoredAccount, RestoreResult, VaultErrorCode, VaultOptions } from './vault-types';
export { VaultError } from './vault-types';

/** How long a change of the active account may wait for its write (see `setActive`). */
export const ACTIVE_WRITE_MS = 1_000;
/** How long balances may wait for theirs (they change all the time; see `noteBalances`). */
export const BALANCES_WRITE_MS = 30_000;

export class Vault {
  private readonly store: KeyValueStore;
  private readonly cipher: SecretCipher;
  private readonly clock: () => number;
  private readonly log: Logger;
  private readonly sealer: Sealer;
  private grants: MemoryGrant[] = [];
  private accounts: MemoryAccount[] = [];
  private activeAccountId: string | null = null;
  private settings: StoredSettings | null = null;
  private settingsRefused = false;
  private preferences: Preferences = DEFAULT_PREFERENCES;
  private plaintextConsent: boolean | null = null;
  private notices: VaultNotice[] = [];
  private lastBalances: LastBalances = {};
  /** A write that may wait (the active account, balances), coalesced: see `writeSoon`. */
  private deferred: { timer: ReturnType<typeof setTimeout>; due: number } | null = null;
  /** False after the file could neither be read nor moved aside: writing would destroy it. */
  private writable = true;
  /** Some tokens were sealed again under a rotated key while loading: write them back. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(opts: VaultOptions) {
    this.store = opts.store;
    this.cipher = opts.cipher;
    this.clock = opts.clock ?? Date.now;
    this.log = opts.logger ?? silentLogger;
    this.sealer = new Sealer(this.cipher, this.log);
    this.notices = [...(opts.notices ?? [])];
  }

  /**
   * Reads the store, migrates it, recovers from a damaged file, opens the sealed tokens.
   * Never throws: every failure becomes a notice and a clean start.
   */
  static async open(opts: VaultOptions): Promise<Vault> {
    const vault = new Vault(opts);
    await vault.load();
    return vault;
  }

  private async load(): Promise<void> {
    const { store, cipher, log, sealer, clock } = this;
    const loaded = await loadVault({ store, cipher, log, sealer, clock });
    ({
      grants: this.grants,
      accounts: this.accounts,
      activeAccountId: this.activeAccountId,
      settings: this.settings,
      settingsRefused: this.settingsRefused,
      preferences: this.preferences,
      plaintextConsent: this.plaintextConsent,
      lastBalances: this.lastBalances,
      writable: this.writable,
    } = loaded);
    this.notices.push(...loaded.notices);
    if (loaded.mustWrite) this.write();
  }

  /** The logins and accounts as restored, with their secrets (for the session, never for display). */
  async restore(): Promise<RestoreResult> {
    await this.queue;
    return {
      ...restoredState(this.grants, this.accounts),
      activeAccountId: this.activeAccountId,
      lastBalances: { ...this.lastBalances },
      settings: this.getSettings(),
      settingsRefused: this.settingsRefused,
      notices: this.drainNotices(),
    };
  }

  /** Notices raised since the last call (open problems, failed writes, failed encryption). */
  drainNotices(): VaultNotice[] {
    const out = this.notices;
    this.notices = [];
    return out;
  }

  /**
   * Keeps a login (grant) and the accounts it opens: the one way in for every login of either API.
   * The grant's secrets are sealed (a legacy login's token per account, a current-API login's
   * refresh token or PAT; an access token is never kept). Saving a grant already kept (same id)
   * adds these accounts to it. Accounts are merged by id: each now belongs to this grant (a newer
   * login replaces the older one for it), flags given here replace stored ones, absent flags are
   * kept; new accounts are appended. Throws `VaultError` on input that breaks the patterns (naming
   * fields, never values).
   */
  async saveGrant(grant: GrantInput, accounts: readonly GrantAccountInput[]): Promise<void> {
    const input = parseGrant(grant, accounts);
    return this.exclusive(async () => {
      const failed: string[] = [];
      const { id, api, source, destination, credential } = input.grant;
      const base = {
        id,
        source,
        destination: { ...destination, urls: [...destination.urls] },
        updatedAt: this.clock(),
      };
      // Each secret is sealed with where it may be sent: the grant's API and destination.
      const binding = bindingOf({ api, destination: base.destination });
      const seal = async (name: string, plain: string | null): Promise<HeldSecret> => ({
        plain,
        sealed: plain !== null && this.mayPersistTokens() ? await this.sealer.seal(name, plain, binding, failed) : null,
        problem: null,
      });
      const existing = this.grants.find((g) => g.id === id);
      let held: MemoryGrant;
      if (credential.kind === 'tokens') {
        const tokens = new Map(existing?.api === 'legacy' ? existing.tokens : []);
        for (const a of input.accounts)
          tokens.set(a.accountId, await seal(a.accountId, credential.tokens[a.accountId]!));
        held = { ...base, api: 'legacy', tokens };
      } else {
        held = {
          ...base,
          api: 'current',
          secret: await seal(input.accounts[0]!.accountId, durableSecretOf(credential)),
        };
      }
      this.tellEncryptFailed(failed);
      this.grants = [...this.grants.filter((g) => g.id !== id), held];
      for (const account of input.accounts) mergeAccount(this.accounts, held, account);
      this.grants = pruneGrants(this.grants, this.accounts);
      this.write();
    });
  }

  /**
   * A grant was renewed (an OAuth refresh): its new refresh token replaces the stored one. One
   * grant, by its id; an answer without a new refresh token keeps the previous one. An unknown or
   * legacy grant is ignored.
   */
  async renewGrant(grantId: string, credential: CurrentCredential): Promise<void> {
    const parsed = currentCredentialSchema.safeParse(credential);
    if (!parsed.success) throw new VaultError('invalid_input', 'the renewed credential is invalid');
    return this.exclusive(async () => {
      const grant = this.grants.find((g) => g.id === grantId);
      const secret = durableSecretOf(parsed.data);
      if (grant?.api !== 'current' || secret === null) return;
      if (grant.secret.plain === secret && grant.secret.problem === null) return;
      const failed: string[] = [];
      const sealed = this.mayPersistTokens()
        ? await this.sealer.seal(this.nameOf(grant), secret, bindingOf(grant), failed)
        : null;
      grant.secret = { plain: secret, sealed, problem: null };
      grant.updatedAt = this.clock();
      this.tellEncryptFailed(failed);
      this.write();
    });
  }

  /**
   * A login's session ended for good (its refresh token was refused): its secret is forgotten, on
   * disk and in memory, so that no later start presents it again (Deriv treats a refresh token
   * presented twice as theft). The grant and its accounts stay: they need a new login.
   */
  forgetSecret(grantId: string): Promise<void> {
    return this.exclusive(async () => {
      const grant = this.grants.find((g) => g.id === grantId);
      if (!grant) return;
      const none = { plain: null, sealed: null, problem: null };
      if (grant.api === 'current') grant.secret = none;
      else for (const id of grant.tokens.keys()) grant.tokens.set(id, none);
      grant.updatedAt = this.clock();
      this.write();
    });
  }

  /** Applies flags learnt from `authorize` (`account_list`); unknown login ids are ignored. */
  updateAccountFlags(updates: AccountFlagsUpdate[]): void {
    if (applyAccountFlags(this.accounts, updates, this.log)) this.write();
  }

  /**
   * Remembers the active account. Returns false (and changes nothing) when the id names no stored
   * account. Written soon, not now (`writeSoon`): a switch is on the trader's key press, and a
   * store write (conf re-reads and serialises the file, writes it with fsync, renames it) costs
   * more than the switch itself; several switches in a row are one write, and `settled()` (the
   * quit waits for it) writes what is pending. A crash before then starts on the previous one.
   */
  setActive(accountId: string | null): boolean {
    if (accountId !== null && !this.accounts.some((a) => a.accountId === accountId)) return false;
    if (this.activeAccountId === accountId) return true;
    this.activeAccountId = accountId;
    this.writeSoon(ACTIVE_WRITE_MS);
    return true;
  }

  /**
   * The last balance seen of some accounts, with when it was received: not a secret, kept with
   * the account records and shown after a restart until live. Balances stream, so they are only
   * written with the next write, or within `BALANCES_WRITE_MS`, or at quit (`settled()`). One of an
   * account not stored yet (its login not accepted yet) is written with it; only stored accounts'
   * reach the file.
   */
  noteBalances(balances: LastBalances): void {
    let changed = false;
    for (const [accountId, last] of Object.entries(balances)) {
      const was = this.lastBalances[accountId];
      if (was?.amount === last.amount && was.at === last.at) continue;
      this.lastBalances[accountId] = { amount: last.amount, at: last.at };
      changed = true;
    }
    if (changed) this.writeSoon(BALANCES_WRITE_MS);
  }

  /**
   * Logout of one account. If it was active, the first remaining account becomes active. Its
   * nickname and place in the order go with it (also when it was held but not stored yet).
   */
  removeAccount(accountId: string): Promise<void> {
    return this.exclusive(async () => {
      const before = this.accounts.length;
      this.accounts = this.accounts.filter((a) => a.accountId !== accountId);
      delete this.lastBalances[accountId];
      const forgotten = this.forgetPreferencesOf([accountId]);
      if (this.accounts.length === before) {
        if (forgotten) this.write();
        return;
      }
      if (this.activeAccountId === accountId) this.activeAccountId = this.accounts[0]?.accountId ?? null;
      this.grants = pruneGrants(this.grants, this.accounts);
      this.write();
    });
  }

  /** Logout of one login: the grant and every account it opens (their nicknames and places too), in one write. */
  removeGrant(grantId: string): Promise<void> {
    return this.exclusive(async () => {
      const before = this.accounts.length + this.grants.length;
      this.forgetPreferencesOf(this.accounts.filter((a) => a.grantId === grantId).map((a) => a.accountId));
      for (const a of this.accounts) if (a.grantId === grantId) delete this.lastBalances[a.accountId];
      this.accounts = this.accounts.filter((a) => a.grantId !== grantId);
      this.grants = pruneGrants(
        this.grants.filter((g) => g.id !== grantId),
        this.accounts,
      );
      if (this.accounts.length + this.grants.length === before) return;
      if (!this.accounts.some((a) => a.accountId === this.activeAccountId))
        this.activeAccountId = this.accounts[0]?.accountId ?? null;
      this.write();
    });
  }

  /**
   * Logout of all accounts; settings, the look (theme, hidden accounts) and the consent answer stay,
   * the accounts' nicknames and order go with them. The copies moved aside and temp files next to
   * the store go too: they may hold the sealed tokens just logged out.
   */
  removeAllAccounts(): Promise<void> {
    return this.exclusive(async () => {
      this.grants = [];
      this.accounts = [];
      this.activeAccountId = null;
      this.preferences = preferencesFor(this.preferences, () => false);
      this.lastBalances = {};
      this.write();
      await this.removeCopies();
    });
  }

  /**
   * Wipes every entry of the store, plus the copies moved aside and temp files of interrupted
   * writes next to it (they may hold sealed tokens). The next open starts as on first run.
   *
   * The look stays: the theme and whether zero-balance and disabled accounts are hidden describe
   * the screen of whoever sits at it, not the trader's accounts, and a trader who chose dark does
   * not expect a white first-run page. Nicknames and order go: they name accounts (a nickname may
   * be a person's name) that are no longer on this computer. The store is cleared first, then the
   * look alone written back when it is not the default.
   */
  forgetEverything(): Promise<void> {
    return this.exclusive(async () => {
      this.cancelDeferred();
      this.grants = [];
      this.accounts = [];
      this.activeAccountId = null;
      this.lastBalances = {};
      this.settings = null;
      this.preferences = preferencesFor(this.preferences, () => false);
      this.plaintextConsent = null;
      if (!this.writable) return;
      try {
        this.store.clear();
      } catch (error) {
        this.writeFailed(error);
      }
      const { theme, hideZeroBalances, hideDisabled } = this.preferences;
      if (theme !== 'system' || hideZeroBalances || hideDisabled) this.write();
      await this.removeCopies();
    });
  }

  getPreferences(): Preferences {
    return { ...this.preferences, nicknames: { ...this.preferences.nicknames }, order: [...this.preferences.order] };
  }

  /**
   * Replaces the trader's preferences whole (the caller merged the change and checked that they
   * name accounts held). Throws `VaultError` when they break the stored shape's bounds, nothing
   * changed.
   */
  savePreferences(preferences: Preferences): void {
    const parsed = preferencesSchema.safeParse(preferences);
    if (!parsed.success) throw new VaultError('invalid_input', 'the preferences do not have the stored shape');
    this.preferences = parsed.data;
    this.write();
  }

  /** Drops the nicknames and places of these accounts; whether any was there. */
  private forgetPreferencesOf(accountIds: readonly string[]): boolean {
    const before = this.preferences;
    this.preferences = preferencesFor(before, (id) => !accountIds.includes(id));
    return (
      Object.keys(this.preferences.nicknames).length !== Object.keys(before.nicknames).length ||
      this.preferences.order.length !== before.order.length
    );
  }

  /** Removes the files next to the store; one that stays (it could not be removed) is named in a notice. */
  private async removeCopies(): Promise<void> {
    for (const path of await removeSiblingArtifacts(this.store.path, this.log))
      this.notices.push({ code: 'store_copy_kept', level: 'warning', params: { path } });
  }

  getSettings(): StoredSettings | null {
    return this.settings === null ? null : { ...this.settings };
  }

  /** Throws `VaultError` when the settings do not have the stored shape. */
  saveSettings(settings: StoredSettings): void {
    this.settings = parseSettings(settings);
    this.settingsRefused = false;
    this.write();
  }

  getPlaintextConsent(): boolean | null {
    return this.plaintextConsent;
  }

  /**
   * The user's answer to "keep tokens on disk without real encryption?". Agreeing writes the
   * tokens held in memory; refusing removes those already on disk (they stay in memory).
   */
  setPlaintextConsent(allow: boolean): Promise<void> {
    return this.exclusive(async () => {
      this.plaintextConsent = allow;
      const secrets = this.grants.flatMap((g) =>
        secretsOf(g).map(([name, s]) => [g.api === 'legacy' ? name : this.nameOf(g), s, bindingOf(g)] as const),
      );
      if (this.mayPersistTokens()) {
        const failed: string[] = [];
        for (const [name, s, binding] of secrets) {
          if (s.plain !== null && s.sealed === null) s.sealed = await this.sealer.seal(name, s.plain, binding, failed);
        }
        this.tellEncryptFailed(failed);
      } else {
        for (const [, s] of secrets) if (s.problem === null) s.sealed = null;
      }
      this.write();
    });
  }

  /** Resolves once every change queued so far is sealed and written, a coalesced one included. */
  settled(): Promise<void> {
    return this.queue.then(() => this.flush());
  }

  /** Writes now what was left for later (`writeSoon`), if anything. */
  flush(): void {
    if (this.deferred !== null) this.write();
  }

  persistence(): PersistenceState {
    return {
      backend: this.cipher.backend(),
      encryptionAvailable: this.cipher.isEncryptionReal(),
      plaintextConsent: this.plaintextConsent,
      tokensPersisted:
        this.writable &&
        this.store.path !== '' &&
        this.grants.some((g) => secretsOf(g).some(([, s]) => s.plain !== null && s.sealed !== null)),
    };
  }

  /** An account the grant opens, to name it in notices (never the secret). */
  private nameOf(g: MemoryGrant): string {
    return this.accounts.find((a) => a.grantId === g.id)?.accountId ?? 'a Deriv login';
  }

  private mayPersistTokens(): boolean {
    return mayPersistTokens(this.cipher, this.plaintextConsent);
  }

  /** One problem, one notice: an operation whose encryption failed names all its accounts at once. */
  private tellEncryptFailed(failed: string[]): void {
    const notice = encryptFailedNotice(failed);
    if (notice) this.notices.push(notice);
  }

  /** Runs mutations that await the cipher one at a time, in call order. */
  private exclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private toDocument(): VaultDocument {
    const { grants, accounts, activeAccountId, settings, preferences, plaintextConsent, lastBalances } = this;
    const mayPersist = this.mayPersistTokens();
    return documentOf({
      grants,
      accounts,
      activeAccountId,
      settings,
      preferences,
      plaintextConsent,
      mayPersist,
      lastBalances,
    });
  }

  /**
   * One write within `delayMs` for changes that may wait: whatever else is written meanwhile
   * carries them (the whole document is written each time), so the pending one is dropped then.
   */
  private writeSoon(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.deferred !== null && this.deferred.due <= due) return;
    if (this.deferred !== null) clearTimeout(this.deferred.timer);
    const timer = setTimeout(() => this.write(), delayMs);
    // A pending write does not keep a process alive (the app's quit writes it: `settled`).
    timer.unref?.();
    this.deferred = { timer, due };
  }

  private cancelDeferred(): void {
    if (this.deferred === null) return;
    clearTimeout(this.deferred.timer);
    this.deferred = null;
  }

  private write(): void {
    this.cancelDeferred();
    if (!this.writable) return;
    try {
      this.store.replaceAll(this.toDocument());
    } catch (error) {
      this.writeFailed(error);
    }
  }

  private writeFailed(error: unknown): void {
    this.log.error('accounts store write failed', { error: errorName(error) });
    if (this.notices.some((n) => n.code === 'store_write_failed')) return;
    this.notices.push({ code: 'store_write_failed', level: 'error', params: { path: this.store.path } });
  }
}
