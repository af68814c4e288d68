/**
 * The vault's public types (what it restores, what it takes, how it fails) and the in-memory form
 * of an account it holds.
 */
import type { Credential } from '../backend/port';
import type { Logger } from '../logger';
import type { AccountRecord } from '../model';
import type { KeyValueStore, SecretCipher, VaultNotice } from './ports';
import type { CurrentAccountInput, CurrentCredential, StoredSettings } from './schema';

export interface RestoredAccount extends AccountRecord {
  /** Legacy: the token; null when it failed to decrypt (see `problem`) or was never persisted. */
  token: string | null;
  /**
   * What opens the account (legacy: the token; current API: the login's refresh token or PAT, see
   * `restoredCredential`); null when nothing usable survived (the account needs a new login).
   */
  credential: Credential | null;
  problem: 'decrypt_failed' | null;
  /** The app id of the PAT that opens the account, known even when the PAT could not be read. */
  patAppId?: string;
}

/** A current-API login to keep: its credential and the accounts it opens. */
export interface CurrentLoginInput {
  /** The client id of an OAuth grant (a PAT carries its own app id). */
  appId: string;
  credential: CurrentCredential;
  accounts: CurrentAccountInput[];
}

export interface RestoreResult {
  accounts: RestoredAccount[];
  activeAccountId: string | null;
  settings: StoredSettings | null;
  /**
   * The stored settings broke the address rules and were refused (`settings` is then null): the
   * accounts are kept, but must not be connected anywhere until the user chooses where.
   */
  settingsRefused: boolean;
  notices: VaultNotice[];
}

export type VaultErrorCode = 'invalid_input';

/** Thrown for arguments that break the vault's contract; the message never quotes a token. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VaultOptions {
  store: KeyValueStore;
  cipher: SecretCipher;
  clock?: () => number;
  logger?: Logger;
  /** Notices from opening the store (`openStoreSafely`), handed on through `restore()`. */
  notices?: VaultNotice[];
}

export interface MemoryAccount extends AccountRecord {
  /** Legacy only (current-API accounts hold theirs in `credentials`). */
  token: string | null;
  problem: 'decrypt_failed' | null;
  /** The sealed form matching `token`, or the unreadable blob when `problem` is set. */
  sealed: string | null;
  /** Current API: the credential in `credentials` that opens the account. */
  credentialId: string | null;
  updatedAt: number;
}
