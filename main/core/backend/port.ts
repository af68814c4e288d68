/**
 * The backend port: how the app controller talks to a Deriv API.
 *
 * A backend holds "a logged-in set of accounts", given as the logins (grants) that open them: it
 * opens them, keeps their balances live, switches the active account, says which credentials the
 * server refused, reports its connection state, and hands over what the server said of each
 * account. The controller knows nothing else of Deriv. Two implementations plug in here: the legacy
 * v3 WebSocket session (`api: 'legacy'`: a grant holds one token per account, all authorized on one
 * socket) and the current API (`api: 'current'`: a grant is one OAuth grant or PAT for all its
 * accounts, REST account list, OTP-issued sockets). Neither API's wire format appears in this
 * file: no `authorize` answer type, no REST
 * envelope, no socket URL. What the server said is given as typed `AccountFacts` plus the raw
 * answer (`AccountDetails.raw`) for the raw-JSON view.
 *
 * ## Contract
 *
 * Secrets: a `Credential` enters the backend through `start`/`setGrants` and leaves it only through
 * the `RenewGrant` function main gave it (an OAuth refresh, handed to main to hold and re-seal).
 * A `BackendView`, a `BackendError`,
 * a log line or a listener argument other than that never carries a token, a refresh token, a
 * PAT or an OTP URL; `AccountDetails.raw` is the server's answer with nothing secret in it (a
 * backend scrubs it if the answer could echo one).
 *
 * - `preconnect()` (optional): open what can be opened before credentials are known (while the
 *   user is on the login page), so that `start` costs one round trip. Never rejects; a no-op while
 *   running. Whatever it opened is adopted by the next `start` or dropped by `logout`/`close`.
 * - `start(grants, activeAccountId?)`: tear down anything running and open the accounts of these grants.
 *   Resolves with the view the first time the backend is online with at least one account open.
 *   Network failures do not reject: they are retried, visible as `connection.status === 'reconnecting'`.
 *   Rejects with a `BackendError`: `invalid_accounts` / `too_many_accounts` (bad list, nothing
 *   changed), `all_credentials_refused` (the server refused every credential: each is in
 *   `refused`), `closed` (`logout`/`close`/another `start` came first).
 * - `setGrants(grants)`: replace the grants of a running backend (a second login merged new
 *   accounts). Every credential is tried again, refused ones included. Resolves once the new set
 *   is applied (online) or remembered for the next connect (not online). Rejects with `closed` when
 *   not running, or a validation code (nothing changed).
 * - `switchAccount(id)`: make `id` the active account; synchronous and local where the API allows
 *   it (the view changes before it returns or, for a backend that must open a socket, shows it
 *   when ready). Throws `unknown_account` (not in the set) or `account_needs_login` (its credential
 *   was refused or has expired).
 * - `retryNow()`: skip the backoff wait and reconnect now; no effect unless waiting to reconnect.
 * - `logout()`: end the server-side session where the API has one (best effort, never rejects for
 *   the server's sake), close every socket, forget credentials and state; the view returns to idle.
 * - `close()`: stop (no reconnect), keep the last view readable with `connection` offline. Used at
 *   shutdown and when the backend is replaced.
 * - `snapshot()` / `onChange(listener)`: the current view; listeners get every new view (views are
 *   immutable, a new object per change; no call for a non-change). `onChange` returns the
 *   unsubscribe function.
 * - Renewal (current API): every OAuth refresh goes through the `RenewGrant` given to the backend
 *   when it is built (`CreateBackend`). Main's one guard (`GrantRenewals`) sends a refresh token at
 *   most once (Deriv rotates them), whichever backend asks, and replaces that one grant by its id.
 *
 * Refused and expired credentials are not errors of a call: they are reported in the view, as
 * `refused` (the server refused the credential, or it expired with no way to renew it: the user
 * must log in again for those accounts, nothing else is lost) and `disabled` (the server says the
 * account is disabled: no login will help). `refusals` says why, per refused account, where the
 * backend knows (absent: plainly refused): the session expired for good, or a scope is missing.
 * Connection state is `connection` (`ConnectionState`): idle, connecting, online, checking,
 * reconnecting (attempt, next retry, last error), rate_limited (until when), no_network or offline
 * (reason). `refreshing` is true while a credential is being renewed: it is not a connection state
 * (the data stays live, nothing is interrupted) and a backend that never renews says false.
 *
 * Requests made for the user while not online fail at once with `not_connected` (never queued and
 * replayed behind the user's back); `timeout`, `connection_closed`, `rate_limited` (with
 * `retryAt`) are the other transient codes. Both backends raise these same codes.
 */
import type {
  AccountDetails,
  AccountFacts,
  Amount,
  BackendErrorCode,
  ConnectionState,
  DerivApi,
  LegacyMigrationFacts,
  NeedsLoginReason,
  Settings,
} from '../model';
import type { OsSignal } from '../net/os-signals';

// Domain types of the model that the port speaks in (`DERIV_APIS` is the model's value set).
export type { AccountDetails, AccountFacts, BackendErrorCode, DerivApi };

/** What a grant opens accounts with. Never leaves main, never in a view, a notice or a log. */
export type Credential =
  /** Legacy v3: one token per account id (an OAuth login's several, an API token's one). */
  | { kind: 'tokens'; tokens: Readonly<Record<string, string>> }
  /** Current API: an OAuth 2.0 access token; `expiresAt` in epoch ms. */
  | { kind: 'oauth'; accessToken: string; refreshToken: string | null; expiresAt: number | null }
  /** Current API: a Personal Access Token, which needs the app id it was made for. */
  | { kind: 'pat'; token: string; appId: string };

export type OAuthCredential = Extract<Credential, { kind: 'oauth' }>;

/**
 * One login (grant) to open: its credential and the accounts it opens, in order (`accountIds` are
 * v3 loginids or the current API's `account_id`s). An account is in one grant only.
 */
export interface BackendGrant {
  id: string;
  credential: Credential;
  accountIds: readonly string[];
}

/** Why a credential was refused: the user's words for it, never the server's. */
export interface Refusal {
  reason: Extract<NeedsLoginReason, 'token_refused' | 'session_expired' | 'scope_missing' | 'renewal_lost'>;
  /** With `scope_missing`: the scope the credential lacks. */
  scope: string | null;
}

/** What a backend shows. Never holds a secret. */
export interface BackendView {
  connection: ConnectionState;
  /** Account id → live balance, exact decimal text (`Amount`); absent until the first figure arrives. */
  balances: Record<string, Amount>;
  /** Accounts open in the current session. */
  authorized: string[];
  /** Accounts whose credential was refused or expired for good: they need a new login. */
  refused: string[];
  /**
   * Why some refused accounts were refused (by account id); an account absent here (or the whole
   * field absent) was simply refused.
   */
  refusals?: Record<string, Refusal>;
  /** Accounts the server reports as disabled: no login will help. */
  disabled: string[];
  /** A credential is being renewed right now (OAuth refresh); the data stay live. Absent: false. */
  refreshing?: boolean;
  activeAccountId: string | null;
  details: AccountDetails | null;
}

/** Every failure a backend reports to its caller. Its message never holds a secret. */
export class BackendError extends Error {
  override readonly name: string = 'BackendError';
  constructor(
    readonly code: BackendErrorCode,
    message: string,
    /** For `not_connected` / `rate_limited`: when a retry makes sense (epoch ms). */
    readonly retryAt?: number,
  ) {
    super(message);
  }
}

/**
 * Renews the OAuth grant `grantId`, whose credential was `replaces`: `exchange` spends its refresh
 * token at the token endpoint. Resolves with the grant's renewed credential, which may come from a
 * refresh already made or running (then `exchange` is not called: a refresh token is sent once).
 */
export type RenewGrant = (
  grantId: string,
  replaces: OAuthCredential,
  exchange: () => Promise<OAuthCredential>,
) => Promise<OAuthCredential>;

export interface AccountsBackend {
  readonly api: DerivApi;
  preconnect?(): Promise<void>;
  start(grants: BackendGrant[], activeAccountId?: string): Promise<BackendView>;
  setGrants(grants: BackendGrant[]): Promise<void>;
  switchAccount(id: string): void;
  retryNow(): void;
  logout(): Promise<void>;
  close(): Promise<void>;
  snapshot(): BackendView;
  onChange(listener: (view: BackendView) => void): () => void;
  /**
   * The OS woke up, or its network went or came back (main/core/net/os-signals.ts): probe the
   * socket at once, reconnect at once, or stop attempting while there is no network. Optional: a
   * backend without it simply recovers on its own schedule.
   */
  osSignal?(signal: OsSignal): void;
  /**
   * Current API: Deriv's word on the move of the user whose login opens `accountId` from the legacy
   * platform (status; where each legacy loginid went once complete). Rejects with a `BackendError`:
   * `rate_limited` (`retryAt`), `timeout`, `not_connected` (ask again later) or `invalid_request`
   * (asking again will not help). Absent on the legacy API.
   */
  legacyMigration?(accountId: string): Promise<LegacyMigrationFacts>;
}

/**
 * Builds the backend of the settings' API (each API reads its own fields, narrowed by `api`). The
 * controller makes a new one whenever the endpoint changes, after logging out. `renew` is main's
 * way of renewing a grant (absent: the backend keeps its own, e.g. in tests).
 */
export type CreateBackend = (settings: Settings, renew?: RenewGrant) => AccountsBackend;
