/**
 * What the app controller needs from the rest of main, as small structural interfaces (the Deriv
 * API itself is behind `backend/port.ts`): the vault, the login runner, the demo sandbox and the shell. main/index.ts plugs in the
 * real ones; the tests plug in the same real core pieces with a Chromium login window and a
 * `conf` store.
 */
import type { CurrentLoginMethod, CurrentLoginOutcome, LoginOutcome } from '../auth/login';
import type { OAuthCredential } from '../backend/port';
import type {
  AccountRecord,
  CurrentSettings,
  DemoCredential,
  DemoUser,
  LastBalance,
  LegacySettings,
  PersistenceState,
  Preferences,
  SessionEnd,
  SettingsRecord,
  StoredSettings,
} from '../model';
import type { CurrentCredential, GrantAccountInput, GrantInput, RestoreResult, VaultNotice } from '../vault';

export type { LoginAccount } from '../auth/redirect';
export type { LoginOutcome };

/**
 * `inBrowser`: in the trader's browser (a code flow, its redirect back on a loopback port), not
 * the login window; the runner refuses it for the legacy redirect.
 */
export type RunLogin = (opts: {
  settings: LegacySettings;
  signal: AbortSignal;
  inBrowser?: boolean;
}) => Promise<LoginOutcome>;

/** A login to Deriv's current API: OAuth + PKCE in the login window, or a PAT with its app id. */
export type RunCurrentLogin = (opts: {
  settings: CurrentSettings;
  signal: AbortSignal;
  login: CurrentLoginMethod;
  inBrowser?: boolean;
}) => Promise<CurrentLoginOutcome>;

/** Either API's login outcome, as the login coordinator hands it on. */
export type AnyLoginOutcome = LoginOutcome | CurrentLoginOutcome;
export type { CurrentLoginMethod, CurrentLoginOutcome };

/** A demo credential with its secret: held in main, listed to the renderer without it. */
export interface DemoSecretCredential extends DemoCredential {
  secret: string;
  /** The app id a PAT was made for (current API); empty for a legacy API token. */
  appId: string;
}

/**
 * The embedded sandbox as demo mode sees it: the endpoints of both APIs (which one the demo speaks
 * is the user's choice, `Settings.api`), its users and its credentials.
 */
export interface DemoServer {
  endpoints: Pick<
    SettingsRecord,
    | 'appId'
    | 'wsUrl'
    | 'oauthUrl'
    | 'redirectUrl'
    | 'issuer'
    | 'authServerUrl'
    | 'restUrl'
    | 'clientId'
    | 'clientRedirectUrl'
  >;
  users: DemoUser[];
  credentials: DemoSecretCredential[];
  close(): Promise<void>;
}

export type { RestoredAccount } from '../vault';

export interface VaultLike {
  restore(): Promise<RestoreResult>;
  /** A login (grant) and the accounts it opens: its secrets sealed, the accounts merged by id. */
  saveGrant(grant: GrantInput, accounts: readonly GrantAccountInput[]): Promise<unknown>;
  /** A renewed grant (OAuth refresh): its new refresh token re-sealed, by the grant's id. */
  renewGrant(grantId: string, credential: CurrentCredential): Promise<unknown>;
  /** A login whose session ended for good: its secret is forgotten (its accounts stay, needing a login). */
  forgetSecret(grantId: string): Promise<unknown>;
  updateAccountFlags(accounts: AccountRecord[]): Promise<unknown> | unknown;
  /** Remembers the active account; the write may be coalesced (then `settled` writes it). */
  setActive(accountId: string | null): Promise<unknown> | unknown;
  /** The last balances seen (not secret), with when each arrived: kept for the next start, coalesced. */
  noteBalances?(balances: Record<string, LastBalance>): void;
  removeAccount(accountId: string): Promise<unknown>;
  /** Logout of one login: the grant and every account it opens, in one write. */
  removeGrant(grantId: string): Promise<unknown>;
  removeAllAccounts(): Promise<unknown>;
  forgetEverything(): Promise<unknown>;
  saveSettings(settings: StoredSettings): Promise<unknown> | unknown;
  /** The trader's preferences as kept (nicknames and order of accounts logged out already dropped). */
  getPreferences(): Preferences;
  /** Replaces them whole; throws when they break the stored bounds. */
  savePreferences(preferences: Preferences): Promise<unknown> | unknown;
  setPlaintextConsent(allow: boolean): Promise<unknown>;
  persistence(): PersistenceState;
  /** Problems of background writes since the last call (encryption refused, disk full …). */
  drainNotices?(): VaultNotice[];
  /** Resolves once the writes queued so far are done (the quit waits for it, bounded). */
  settled?(): Promise<unknown>;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
  /** Wipes the login window's cookies and storage (every login partition). */
  clearLoginData(): Promise<void>;
}

export interface RevokeOidc {
  (accessToken: string, issuer: string): Promise<void>;
}

/**
 * Ending a current-API OAuth login at its authorization server (RFC 7009 revocation; the real one
 * is `current-api/revocation.ts`). Best effort and bounded: `revoke` never rejects.
 */
export interface RevokeCurrent {
  /** What a logout of a login of this server does there, as far as known now (null: not learnt yet). */
  sessionEnd(authServerUrl: string): SessionEnd | null;
  /** Finds out (once per server; never rejects). */
  learn(authServerUrl: string): Promise<unknown>;
  revoke(authServerUrl: string, clientId: string, credential: OAuthCredential): Promise<unknown>;
}
