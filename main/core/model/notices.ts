/**
 * Notices as the domain model states them: a code with its parameters, never a sentence. Part of
 * `model.ts`; imports no code.
 */
import type { SettingsField } from '../model';
import type { FailureReason } from './connection';

export type NoticeLevel = 'info' | 'warning' | 'error';

/**
 * Every notice main can raise, with the parameters its text needs. Main sends the code, never a
 * sentence; the renderer words it in the user's language (`renderer/src/i18n.ts`, typed against
 * this table so a missing translation fails to compile).
 */
export interface NoticeParams {
  /** The accounts file was damaged and moved aside. */
  store_corrupt: { asidePath: string };
  /** The accounts file was written by a newer version and moved aside. */
  store_newer_version: { asidePath: string; version: number | null };
  /**
   * A copy of the accounts file kept next to it (moved aside, or an interrupted write) could not be
   * removed at logout: it may still hold sealed logins; delete it by hand.
   */
  store_copy_kept: { path: string };
  /** The accounts file cannot be used: nothing is saved this session. */
  store_unavailable: { path: string };
  /** A write of the accounts file failed. */
  store_write_failed: { path: string };
  /** Saved logins that could not be decrypted (the keyring changed): log in again for them. */
  token_decrypt_failed: { accounts: string[] };
  /** A login could not be encrypted: it works until the app closes, not saved. */
  token_encrypt_failed: { accounts: string[] };
  /**
   * The saved server addresses (or app id) are not those these accounts' saved logins were sealed
   * for (the store file was changed by another program): their secrets were not sent, log in again.
   */
  saved_addresses_changed: { accounts: string[] };
  /** Saved server settings broke the address rules (`fields`): no connection with them, logins kept. */
  settings_refused: { fields: SettingsField[] };
  /** Logged out because the app now talks to a different server (mode changed). */
  mode_changed: Record<string, never>;
  /** Logged out because the server settings changed. */
  endpoint_changed: Record<string, never>;
  /** The settings could not be saved; they apply until the app closes. */
  settings_not_saved: Record<string, never>;
  /** The server address setting cannot be used. */
  bad_endpoint: Record<string, never>;
  /** The accounts could not be opened (`reason`: the backend's error code). */
  session_start_failed: { reason: FailureReason };
  /** A login could not be saved for next time. */
  login_not_saved: Record<string, never>;
  /** An API token lacks a scope the app needs (balances need `read`): add it on Deriv's API token page. */
  api_token_missing_scope: { account: string; scope: string };
}
export type NoticeCode = keyof NoticeParams;

export type Notice = {
  [K in NoticeCode]: { id: string; level: NoticeLevel; code: K; params: NoticeParams[K] };
}[NoticeCode];

/** A notice before main gives it an id. */
export type NoticeInput = {
  [K in NoticeCode]: { level: NoticeLevel; code: K; params: NoticeParams[K] };
}[NoticeCode];
