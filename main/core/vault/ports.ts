/**
 * The two ports the vault needs from the platform. The Electron adapters (`safeStorage`,
 * electron-store) implement them in `main/electron/`; tests use a real AES cipher and a real
 * `conf` file store, so nothing here may import `electron`.
 */
import type { NoticeInput } from '../model';

/** Encrypts tokens for storage. Implemented over Electron's `safeStorage`. */
export interface SecretCipher {
  /** Backend name: `basic_text`, `gnome_libsecret`, `kwallet*`, `keychain`, `dpapi`, `unavailable` … */
  backend(): string;
  /**
   * False when what `encrypt` produces can be read back by anyone with the file (Linux
   * `basic_text`, or no encryption at all): the vault then keeps tokens off disk unless the
   * user has agreed.
   */
  isEncryptionReal(): boolean;
  /** Returns the sealed form as base64. May reject; the message must not contain the input. */
  encrypt(plain: string): Promise<string>;
  /** Opens what `encrypt` produced. Rejects when it cannot (wrong key, changed keyring, garbage). */
  decrypt(sealedBase64: string): Promise<string>;
  /**
   * Optional `decrypt` that also says whether the blob should be sealed again because the key was
   * rotated (Electron's `decryptStringAsync` → `shouldReEncrypt`); the vault then re-seals it.
   */
  decryptWithStatus?(sealedBase64: string): Promise<{ plain: string; shouldReEncrypt: boolean }>;
}

/**
 * The subset of electron-store / `conf` the vault uses. Every method may throw (the file may be
 * unreadable or the disk full); the vault catches and reports.
 */
export interface KeyValueStore {
  /** Absolute path of the backing file; empty for a store that has none (memory). */
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  clear(): void;
  /** The whole document as stored now, without the store's own bookkeeping keys. */
  readAll(): Record<string, unknown>;
  /** Replaces the whole document in one atomic write (temp file + rename). */
  replaceAll(document: Record<string, unknown>): void;
}

export type VaultNoticeCode =
  | 'store_corrupt'
  | 'store_newer_version'
  | 'store_copy_kept'
  | 'store_unavailable'
  | 'store_write_failed'
  /** Stored settings broke the address rules: dropped, no connection, accounts kept. */
  | 'settings_refused'
  | 'token_decrypt_failed'
  | 'token_encrypt_failed';

/** Something the user should be told, as a code and its parameters (worded by the renderer); never a token. */
export type VaultNotice = Extract<NoticeInput, { code: VaultNoticeCode }>;
