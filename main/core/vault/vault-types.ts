/**
 * The vault's public types (what it restores, what it takes, how it fails) and the in-memory form
 * of an account it holds.
 */
import type { Grant } from '../grant';
import type { Logger } from '../logger';
import type { AccountRecord, LastBalance } from '../model';
import type { KeyValueStore, SecretCipher, VaultNotice } from './ports';
import type { StoredSettings } from './schema';

/** An account as restored: its record, the grant that opens it, and why it cannot be opened, if unreadable. */
export interface RestoredAccount extends AccountRecord {
  /** The grant (in `RestoreResult.grants`) that opens it; null when none does any more. */
  grantId: string | null;
  /**
   * Its secret was stored but no longer decrypts (the keyring changed), or was sealed for another
   * API or destination than the store now names for it (the file was edited): it needs a new login.
   */
  problem: 'decrypt_failed' | 'destination_changed' | null;
}

export interface RestoreResult {
  /** The logins, with what survived of their secrets (never for display). */
  grants: Grant[];
  accounts: RestoredAccount[];
  activeAccountId: string | null;
  /** Each account's last known balance and when it was received (shown, as not live, until live again). */
  lastBalances: Record<string, LastBalance>;
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

/** An account in the vault's memory: its record and its grant (the secret is the grant's). */
export interface MemoryAccount extends AccountRecord {
  grantId: string | null;
}
