/**
 * Accounts at rest: what the app remembers across restarts, with tokens sealed by the
 * `SecretCipher`. The vault holds the document in memory and writes it whole (one atomic write)
 * after every change, so the file is always a complete, valid document.
 *
 * Token rule: when the cipher's encryption is not real, tokens reach the disk only if the user
 * agreed (`plaintextConsent === true`); otherwise they live in memory for this run.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';

import { recordOf } from '../account-record';
import type { Credential } from '../backend/port';
import { type Logger, silentLogger } from '../logger';
import type { PersistenceState } from '../model';
import {
  durableSecretOf,
  type HeldCredential,
  restoredCredential,
  storedCredentialOf,
  unsealCredential,
} from './credentials';
import { readDocument } from './migrations';
import type { KeyValueStore, SecretCipher, VaultNotice } from './ports';
import {
  type AccountFlagsUpdate,
  accountFlagsUpdateSchema,
  clientIdSchema,
  currentAccountInputSchema,
  type CurrentCredential,
  currentCredentialSchema,
  emptyDocument,
  type StoredAccountInput,
  storedAccountInputSchema,
  type StoredSettings,
  storedSettingsSchema,
  type UiPreferences,
  type VaultDocument,
} from './schema';
import { encryptFailedNotice, Sealer } from './sealing';
import { corruptNotice, errorName, moveAside, siblingArtifacts } from './store-recovery';
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
  private activeLoginid: string | null = null;
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
    let raw: unknown;
    try {
      raw = this.store.readAll();
    } catch (error) {
      this.log.warn('accounts store unreadable', { error: errorName(error) });
      this.setAside('corrupt');
      return;
    }
    const read = readDocument(raw);
    switch (read.kind) {
      case 'empty':
        return;
      case 'newer':
        this.log.warn('accounts store written by a newer version', { version: read.version });
        this.setAside('newer', read.version);
        return;
      case 'unrecognized':
        this.log.warn('accounts store has an unknown shape', { reason: read.reason });
        this.setAside('corrupt');
        return;
      case 'ok':
        break;
    }
    const doc = read.doc;
    if (read.refusedSettings !== null) {
      this.settingsRefused = true;
      this.log.warn('stored settings refused', { fields: read.refusedSettings });
      this.notices.push({
        code: 'settings_refused',
        level: 'warning',
        params: { fields: read.refusedSettings },
      });
    }
    this.activeLoginid = doc.activeLoginid;
    this.settings = doc.settings;
    this.preferences = doc.preferences;
    this.plaintextConsent = doc.plaintextConsent;
    this.accounts = await Promise.all(doc.accounts.map((a) => this.unseal(a)));
    this.credentials = await Promise.all(
      doc.credentials.map((c) =>
        unsealCredential(c, this.cipher, this.log, (secret) => this.sealer.reseal(c.id, secret)),
      ),
    );

    const failed = this.accounts.filter((a) => this.problemOf(a) !== null).map((a) => a.loginid);
    if (failed.length > 0) {
      this.log.warn('saved tokens could not be decrypted', { loginids: failed, backend: this.cipher.backend() });
      this.notices.push({
        code: 'token_decrypt_failed',
        level: 'warning',
        params: { accounts: failed },
      });
    }

    const mustStrip =
      !this.mayPersistTokens() &&
      [...this.accounts, ...this.credentials].some((a) => a.problem === null && a.sealed !== null);
    if (mustStrip) {
      // Tokens readable by anyone with the file, stored without the user's agreement (an older
      // version, or the keyring went away): keep them for this run only.
      for (const a of [...this.accounts, ...this.credentials]) if (a.problem === null) a.sealed = null;
      this.log.info('removed tokens stored without real encryption', { backend: this.cipher.backend() });
    }
    if (read.migratedFrom !== null) {
      this.log.info('accounts store migrated', { from: read.migratedFrom, to: doc.schemaVersion });
    }
    if (this.sealer.resealed) this.log.info('tokens sealed again under the rotated key');
    if (mustStrip || read.migratedFrom !== null || this.sealer.resealed) this.write();
  }

  private setAside(label: 'corrupt' | 'newer', version?: number): void {
    const moved = moveAside(this.store.path, label, this.clock());
    if (!moved.ok) {
      this.writable = false;
      this.notices.push({
        code: 'store_unavailable',
        level: 'error',
        params: { path: this.store.path },
      });
      return;
    }
    if (moved.asidePath === null) return;
    this.notices.push(
      label === 'newer'
        ? {
            code: 'store_newer_version',
            level: 'warning',
            params: { asidePath: moved.asidePath, version: version ?? null },
          }
        : corruptNotice(moved.asidePath),
    );
  }

  private async unseal(a: VaultDocument['accounts'][number]): Promise<MemoryAccount> {
    const base = { ...recordOf(a), credentialId: a.credentialId, updatedAt: a.updatedAt };
    if (a.sealedToken === null) return { ...base, token: null, sealed: null, problem: null };
    return { ...base, ...(await this.sealer.unsealToken(a.loginid, a.sealedToken)) };
  }

  /** The accounts as restored, with their tokens (for the session, never for display). */
  async restore(): Promise<RestoreResult> {
    await this.queue;
    return {
      accounts: this.accounts.map((a) => ({
        ...recordOf(a),
        token: a.token,
        credential: this.credentialOf(a),
        problem: this.problemOf(a),
      })),
      activeLoginid: this.activeLoginid,
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
    const inputs = accounts.map((a, i) => {
      const parsed = storedAccountInputSchema.safeParse(a);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
        throw new VaultError('invalid_input', `account #${i + 1} of the login is invalid (${fields})`);
      }
      return parsed.data;
    });
    return this.exclusive(async () => {
      const failed: string[] = [];
      const sealedByIndex = this.mayPersistTokens()
        ? await Promise.all(inputs.map((a) => this.seal(a.loginid, a.token, failed)))
        : inputs.map(() => null);
      this.tellEncryptFailed(failed);
      const now = this.clock();
      inputs.forEach((input, i) => {
        const existing = this.accounts.find((a) => a.loginid === input.loginid);
        const sealed = sealedByIndex[i] ?? null;
        if (existing) {
          existing.api = 'legacy';
          existing.credentialId = null;
          existing.token = input.token;
          existing.sealed = sealed;
          existing.problem = null;
          existing.currency = input.currency;
          existing.updatedAt = now;
          // A newer credential replaces the older one, and with it how it was obtained.
          existing.source = input.source ?? 'oauth';
          existing.scopes = input.scopes ?? null;
          if (input.isVirtual !== undefined) existing.isVirtual = input.isVirtual;
          if (input.isDisabled !== undefined) existing.isDisabled = input.isDisabled;
          if (input.landingCompanyName !== undefined) existing.landingCompanyName = input.landingCompanyName;
          if (input.accountType !== undefined) existing.accountType = input.accountType;
        } else {
          this.accounts.push({
            api: 'legacy',
            source: input.source ?? 'oauth',
            scopes: input.scopes ?? null,
            loginid: input.loginid,
            credentialId: null,
            currency: input.currency,
            isVirtual: input.isVirtual ?? /^VR/i.test(input.loginid),
            isDisabled: input.isDisabled ?? false,
            landingCompanyName: input.landingCompanyName ?? null,
            accountType: input.accountType ?? null,
            token: input.token,
            sealed,
            problem: null,
            updatedAt: now,
          });
        }
      });
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
    const credential = currentCredentialSchema.safeParse(input.credential);
    const appId = clientIdSchema.safeParse(input.credential.kind === 'pat' ? input.credential.appId : input.appId);
    if (!credential.success || !appId.success) {
      throw new VaultError(
        'invalid_input',
        `the credential of the login is invalid (${credential.success ? 'appId' : 'credential'})`,
      );
    }
    if (input.accounts.length === 0) throw new VaultError('invalid_input', 'a login without accounts');
    const accounts = input.accounts.map((a, i) => {
      const parsed = currentAccountInputSchema.safeParse(a);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
        throw new VaultError('invalid_input', `account #${i + 1} of the login is invalid (${fields})`);
      }
      return parsed.data;
    });
    return this.exclusive(async () => {
      const now = this.clock();
      const secret = durableSecretOf(credential.data);
      const failed: string[] = [];
      const held: HeldCredential = {
        id: randomUUID(),
        kind: credential.data.kind,
        appId: appId.data,
        secret,
        sealed: secret !== null && this.mayPersistTokens() ? await this.seal(accounts[0]!.id, secret, failed) : null,
        problem: null,
        updatedAt: now,
      };
      this.tellEncryptFailed(failed);
      this.credentials.push(held);
      for (const input of accounts) {
        const existing = this.accounts.find((a) => a.loginid === input.id);
        const fields = {
          api: 'current' as const,
          // A PAT is pasted like an API token; an OAuth grant comes from the login window.
          source: credential.data.kind === 'pat' ? ('api_token' as const) : ('oauth' as const),
          scopes: null,
          credentialId: held.id,
          token: null,
          sealed: null,
          problem: null,
          currency: input.currency,
          isVirtual: input.isVirtual,
          updatedAt: now,
        };
        if (existing) {
          Object.assign(existing, fields);
          if (input.isDisabled !== undefined) existing.isDisabled = input.isDisabled;
          if (input.landingCompanyName !== undefined) existing.landingCompanyName = input.landingCompanyName;
          if (input.accountType !== undefined) existing.accountType = input.accountType;
        } else {
          this.accounts.push({
            loginid: input.id,
            ...fields,
            isDisabled: input.isDisabled ?? false,
            landingCompanyName: input.landingCompanyName ?? null,
            accountType: input.accountType ?? null,
          });
        }
      }
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
      const ids = new Set(
        this.accounts
          .filter((a) => accountIds.includes(a.loginid) && a.credentialId !== null)
          .map((a) => a.credentialId),
      );
      const secret = durableSecretOf(parsed.data);
      const failed: string[] = [];
      let changed = false;
      for (const held of this.credentials) {
        if (!ids.has(held.id) || secret === null || (held.secret === secret && held.problem === null)) continue;
        held.secret = secret;
        held.problem = null;
        held.sealed = this.mayPersistTokens() ? await this.seal(accountIds[0] ?? held.id, secret, failed) : null;
        held.updatedAt = this.clock();
        changed = true;
      }
      this.tellEncryptFailed(failed);
      if (changed) this.write();
    });
  }

  /** Applies flags learnt from `authorize` (`account_list`); unknown login ids are ignored. */
  updateAccountFlags(updates: AccountFlagsUpdate[]): void {
    let changed = false;
    for (const update of updates) {
      const parsed = accountFlagsUpdateSchema.safeParse(update);
      if (!parsed.success) {
        this.log.warn('ignored invalid account flags', { fields: parsed.error.issues.map((i) => i.path.join('.')) });
        continue;
      }
      const u = parsed.data;
      const account = this.accounts.find((a) => a.loginid === u.loginid);
      if (!account) continue;
      if (u.currency !== undefined) account.currency = u.currency;
      if (u.isVirtual !== undefined) account.isVirtual = u.isVirtual;
      if (u.isDisabled !== undefined) account.isDisabled = u.isDisabled;
      if (u.landingCompanyName !== undefined) account.landingCompanyName = u.landingCompanyName;
      if (u.accountType !== undefined) account.accountType = u.accountType;
      changed = true;
    }
    if (changed) this.write();
  }

  /** Returns false (and changes nothing) when the login id names no stored account. */
  setActive(loginid: string | null): boolean {
    if (loginid !== null && !this.accounts.some((a) => a.loginid === loginid)) return false;
    if (this.activeLoginid === loginid) return true;
    this.activeLoginid = loginid;
    this.write();
    return true;
  }

  /** Logout of one account. If it was active, the first remaining account becomes active. */
  removeAccount(loginid: string): Promise<void> {
    return this.exclusive(async () => {
      const before = this.accounts.length;
      this.accounts = this.accounts.filter((a) => a.loginid !== loginid);
      if (this.accounts.length === before) return;
      if (this.activeLoginid === loginid) this.activeLoginid = this.accounts[0]?.loginid ?? null;
      this.pruneCredentials();
      this.write();
    });
  }

  /** Logout of all accounts; settings, preferences and the consent answer stay. */
  removeAllAccounts(): Promise<void> {
    return this.exclusive(async () => {
      this.accounts = [];
      this.credentials = [];
      this.activeLoginid = null;
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
      this.activeLoginid = null;
      this.settings = null;
      this.preferences = {};
      this.plaintextConsent = null;
      if (!this.writable) return;
      try {
        this.store.clear();
      } catch (error) {
        this.writeFailed(error);
      }
      for (const file of siblingArtifacts(this.store.path)) {
        try {
          await rm(file, { force: true });
        } catch (error) {
          this.log.warn('could not remove a file next to the accounts store', { file, error: errorName(error) });
        }
      }
    });
  }

  getSettings(): StoredSettings | null {
    return this.settings === null ? null : { ...this.settings };
  }

  /** Throws `VaultError` when the settings do not have the stored shape. */
  saveSettings(settings: StoredSettings): void {
    const parsed = storedSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      throw new VaultError(
        'invalid_input',
        `settings are invalid (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`,
      );
    }
    this.settings = parsed.data;
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
          if (a.token !== null && a.sealed === null) a.sealed = await this.seal(a.loginid, a.token, failed);
        }
        for (const c of this.credentials) {
          if (c.secret !== null && c.sealed === null) c.sealed = await this.seal(this.nameOf(c), c.secret, failed);
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

  private credentialOf(a: MemoryAccount): Credential | null {
    if (a.api === 'legacy') return a.token === null ? null : { kind: 'token', token: a.token };
    return restoredCredential(this.credentials.find((c) => c.id === a.credentialId));
  }

  private problemOf(a: MemoryAccount): 'decrypt_failed' | null {
    if (a.api === 'legacy') return a.problem;
    return this.credentials.find((c) => c.id === a.credentialId)?.problem ?? null;
  }

  /** An account the credential opens, to name it in notices (never the secret). */
  private nameOf(c: HeldCredential): string {
    return this.accounts.find((a) => a.credentialId === c.id)?.loginid ?? 'a Deriv login';
  }

  /** Credentials no account uses any more are forgotten (their secrets with them). */
  private pruneCredentials(): void {
    const used = new Set(this.accounts.map((a) => a.credentialId));
    this.credentials = this.credentials.filter((c) => used.has(c.id));
  }

  private mayPersistTokens(): boolean {
    return this.cipher.isEncryptionReal() || this.plaintextConsent === true;
  }

  private seal(loginid: string, token: string, failed: string[]): Promise<string | null> {
    return this.sealer.seal(loginid, token, failed);
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
    const doc = emptyDocument();
    const mayPersist = this.mayPersistTokens();
    doc.accounts = this.accounts.map((a) => ({
      ...recordOf(a),
      credentialId: a.credentialId,
      // An undecryptable blob is kept: it is unreadable to us too, and opens again if the keyring returns.
      sealedToken: a.problem !== null || mayPersist ? a.sealed : null,
      updatedAt: a.updatedAt,
    }));
    doc.credentials = this.credentials.map((c) => storedCredentialOf(c, mayPersist));
    doc.activeLoginid = this.activeLoginid;
    doc.settings = this.settings;
    doc.preferences = this.preferences;
    doc.plaintextConsent = this.plaintextConsent;
    return doc;
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
    this.notices.push({
      code: 'store_write_failed',
      level: 'error',
      params: { path: this.store.path },
    });
  }
}
