/**
 * Accounts at rest: what the app remembers across restarts, with tokens sealed by the
 * `SecretCipher`. The vault holds the document in memory and writes it whole (one atomic write)
 * after every change, so the file is always a complete, valid document.
 *
 * Token rule: when the cipher's encryption is not real, tokens reach the disk only if the user
 * agreed (`plaintextConsent === true`); otherwise they live in memory for this run.
 */
import { randomUUID } from 'node:crypto';

import { type Logger, silentLogger } from '../logger';
import type { PersistenceState } from '../model';
import {
  applyAccountFlags,
  documentOf,
  mergeCurrentAccount,
  mergeLegacyAccount,
  parseCurrentLogin,
  parseLoginAccounts,
  parseSettings,
} from './account-merge';
import { durableSecretOf, type HeldCredential, renewHeldCredentials } from './credentials';
import { loadVault, mayPersistTokens, restoredAccounts } from './loading';
import type { KeyValueStore, SecretCipher, VaultNotice } from './ports';
import {
  type AccountFlagsUpdate,
  type CurrentCredential,
  currentCredentialSchema,
  type StoredAccountInput,
  type StoredSettings,
  type UiPreferences,
  type VaultDocument,
} from './schema';
import { encryptFailedNotice, Sealer } from './sealing';
import { errorName, removeSiblingArtifacts } from './store-recovery';
import type { CurrentLoginInput, MemoryAccount, RestoreResult, VaultOptions } from './vault-types';
import { VaultError } from './vault-types';

export type { CurrentLoginInput, RestoredAccount, RestoreResult, VaultErrorCode, VaultOptions } from './vault-types';
export { VaultError } from './vault-types';

export class Vault {
  private readonly store: KeyValueStore;
  private readonly cipher: SecretCipher;
  private readonly clock: () => number;
  private readonly log: Logger;
  private readonly sealer: Sealer;
  private accounts: MemoryAccount[] = [];
  private credentials: HeldCredential[] = [];
  private activeAccountId: string | null = null;
  private settings: StoredSettings | null = null;
  private settingsRefused = false;
  private preferences: UiPreferences = {};
  private plaintextConsent: boolean | null = null;
  private notices: VaultNotice[] = [];
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
      accounts: this.accounts,
      credentials: this.credentials,
      activeAccountId: this.activeAccountId,
      settings: this.settings,
      settingsRefused: this.settingsRefused,
      preferences: this.preferences,
      plaintextConsent: this.plaintextConsent,
      writable: this.writable,
    } = loaded);
    this.notices.push(...loaded.notices);
    if (loaded.mustWrite) this.write();
  }

  /** The accounts as restored, with their tokens (for the session, never for display). */
  async restore(): Promise<RestoreResult> {
    await this.queue;
    return {
      accounts: restoredAccounts(this.accounts, this.credentials),
      activeAccountId: this.activeAccountId,
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
   * Merges the accounts of a login by login id: the newest token wins, flags given here replace
   * stored ones, absent flags are kept; new accounts are appended. Throws `VaultError` on input
   * that breaks the patterns (the message names the field, never the value).
   */
  async saveLogin(accounts: StoredAccountInput[]): Promise<void> {
    const inputs = parseLoginAccounts(accounts);
    return this.exclusive(async () => {
      const failed: string[] = [];
      const sealedByIndex = this.mayPersistTokens()
        ? await Promise.all(inputs.map((a) => this.sealer.seal(a.accountId, a.token, failed)))
        : inputs.map(() => null);
      this.tellEncryptFailed(failed);
      const now = this.clock();
      inputs.forEach((input, i) => mergeLegacyAccount(this.accounts, input, sealedByIndex[i] ?? null, now));
      this.pruneCredentials();
      this.write();
    });
  }

  /**
   * Keeps a current-API login: one credential for all its accounts (its refresh token or PAT is
   * sealed; the access token is not kept). Accounts are merged by id as in `saveLogin`. Throws
   * `VaultError` on input that breaks the patterns (naming fields, never values).
   */
  async saveCurrentLogin(input: CurrentLoginInput): Promise<void> {
    const { credential, appId, accounts } = parseCurrentLogin(input);
    return this.exclusive(async () => {
      const now = this.clock();
      const secret = durableSecretOf(credential);
      const failed: string[] = [];
      const held: HeldCredential = {
        id: randomUUID(),
        kind: credential.kind,
        appId,
        secret,
        sealed:
          secret !== null && this.mayPersistTokens()
            ? await this.sealer.seal(accounts[0]!.accountId, secret, failed)
            : null,
        problem: null,
        updatedAt: now,
      };
      this.tellEncryptFailed(failed);
      this.credentials.push(held);
      for (const input of accounts) mergeCurrentAccount(this.accounts, input, held, now);
      this.pruneCredentials();
      this.write();
    });
  }

  /**
   * A credential was renewed (OAuth refresh, the backend's `onCredentialRenewed`): the new refresh
   * token replaces the stored one for these accounts' credential. An answer without a new refresh
   * token keeps the previous one. Unknown or legacy accounts are ignored.
   */
  async renewCredential(accountIds: string[], credential: CurrentCredential): Promise<void> {
    const parsed = currentCredentialSchema.safeParse(credential);
    if (!parsed.success) throw new VaultError('invalid_input', 'the renewed credential is invalid');
    return this.exclusive(async () => {
      const secret = durableSecretOf(parsed.data);
      const failed: string[] = [];
      const seal = (held: HeldCredential) =>
        this.mayPersistTokens() ? this.sealer.seal(accountIds[0] ?? held.id, secret!, failed) : null;
      const changed = await renewHeldCredentials(
        { accounts: this.accounts, credentials: this.credentials },
        accountIds,
        secret,
        seal,
        this.clock,
      );
      this.tellEncryptFailed(failed);
      if (changed) this.write();
    });
  }

  /**
   * A refresh token the token endpoint refused for good (the backend's `onCredentialDead`): the
   * credential of these accounts that holds it is forgotten, its sealed blob with it, so no start
   * sends it again. Every account it opened stays, without a credential (they need a new login). A
   * credential holding another secret (renewed, or a newer login's) is kept; unknown accounts are ignored.
   */
  async forgetCredential(accountIds: string[], refreshToken: string): Promise<void> {
    return this.exclusive(async () => {
      const named = new Set(this.accounts.filter((a) => accountIds.includes(a.accountId)).map((a) => a.credentialId));
      const dead = new Set(
        this.credentials
          .filter((c) => named.has(c.id) && c.kind === 'oauth' && c.secret === refreshToken)
          .map((c) => c.id),
      );
      if (dead.size === 0) return;
      for (const a of this.accounts) if (a.credentialId !== null && dead.has(a.credentialId)) a.credentialId = null;
      this.pruneCredentials();
      this.write();
    });
  }

  /** Applies flags learnt from `authorize` (`account_list`); unknown login ids are ignored. */
  updateAccountFlags(updates: AccountFlagsUpdate[]): void {
    if (applyAccountFlags(this.accounts, updates, this.log)) this.write();
  }

  /** Returns false (and changes nothing) when the login id names no stored account. */
  setActive(accountId: string | null): boolean {
    if (accountId !== null && !this.accounts.some((a) => a.accountId === accountId)) return false;
    if (this.activeAccountId === accountId) return true;
    this.activeAccountId = accountId;
    this.write();
    return true;
  }

  /** Logout of one account. If it was active, the first remaining account becomes active. */
  removeAccount(accountId: string): Promise<void> {
    return this.exclusive(async () => {
      const before = this.accounts.length;
      this.accounts = this.accounts.filter((a) => a.accountId !== accountId);
      if (this.accounts.length === before) return;
      if (this.activeAccountId === accountId) this.activeAccountId = this.accounts[0]?.accountId ?? null;
      this.pruneCredentials();
      this.write();
    });
  }

  /** Logout of all accounts; settings, preferences and the consent answer stay. */
  removeAllAccounts(): Promise<void> {
    return this.exclusive(async () => {
      this.accounts = [];
      this.credentials = [];
      this.activeAccountId = null;
      this.write();
    });
  }

  /**
   * Wipes every entry of the store, plus the copies moved aside and temp files of interrupted
   * writes next to it (they may hold sealed tokens). The next open starts as on first run.
   */
  forgetEverything(): Promise<void> {
    return this.exclusive(async () => {
      this.accounts = [];
      this.credentials = [];
      this.activeAccountId = null;
      this.settings = null;
      this.preferences = {};
      this.plaintextConsent = null;
      if (!this.writable) return;
      try {
        this.store.clear();
      } catch (error) {
        this.writeFailed(error);
      }
      await removeSiblingArtifacts(this.store.path, this.log);
    });
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
      if (this.mayPersistTokens()) {
        const failed: string[] = [];
        for (const a of this.accounts) {
          if (a.token !== null && a.sealed === null) a.sealed = await this.sealer.seal(a.accountId, a.token, failed);
        }
        for (const c of this.credentials) {
          if (c.secret !== null && c.sealed === null)
            c.sealed = await this.sealer.seal(this.nameOf(c), c.secret, failed);
        }
        this.tellEncryptFailed(failed);
      } else {
        for (const a of [...this.accounts, ...this.credentials]) if (a.problem === null) a.sealed = null;
      }
      this.write();
    });
  }

  persistence(): PersistenceState {
    return {
      backend: this.cipher.backend(),
      encryptionAvailable: this.cipher.isEncryptionReal(),
      plaintextConsent: this.plaintextConsent,
      tokensPersisted:
        this.writable &&
        this.store.path !== '' &&
        (this.accounts.some((a) => a.token !== null && a.sealed !== null) ||
          this.credentials.some((c) => c.secret !== null && c.sealed !== null)),
    };
  }

  /** An account the credential opens, to name it in notices (never the secret). */
  private nameOf(c: HeldCredential): string {
    return this.accounts.find((a) => a.credentialId === c.id)?.accountId ?? 'a Deriv login';
  }

  /** Credentials no account uses any more are forgotten (their secrets with them). */
  private pruneCredentials(): void {
    const used = new Set(this.accounts.map((a) => a.credentialId));
    this.credentials = this.credentials.filter((c) => used.has(c.id));
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
    const { accounts, credentials, activeAccountId, settings, preferences, plaintextConsent } = this;
    const mayPersist = this.mayPersistTokens();
    return documentOf({ accounts, credentials, activeAccountId, settings, preferences, plaintextConsent, mayPersist });
  }

  private write(): void {
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
