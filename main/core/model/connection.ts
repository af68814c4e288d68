/**
 * The connection as the domain model states it: the state the user reads, and the codes a backend
 * fails with (shown as reasons, translated by the renderer). Part of `model.ts`; imports no code.
 */

/**
 * The connection as the user should read it. Only `online` means the balances and account details
 * are live; every other state may carry `lastLiveAt` (epoch ms), the last moment they were known
 * live (null or absent: never live in this session), so stale data can say since when.
 * `checking`: the line went quiet or the machine woke up, a probe is out (`lastHeardAt`: the last
 * frame heard). `no_network`: the OS reports no network; no attempt is made until it returns.
 * `rate_limited`: Deriv (or the app's own request budget) says to wait; nothing is attempted before
 * `until` (epoch ms), when the next attempt goes out by itself.
 */
/**
 * Every failure a backend reports (`BackendError.code`), in both APIs. Shown to the user as a
 * reason (a notice, the offline status): the renderer translates each one.
 */
export const BACKEND_ERROR_CODES = [
  /** No connection right now; requests are not queued. */
  'not_connected',
  /** No answer within the request timeout. */
  'timeout',
  /** The connection closed while the request was in flight. */
  'connection_closed',
  /** Rate limited by the server; retry after `retryAt`. */
  'rate_limited',
  /** The backend was closed, logged out or restarted. */
  'closed',
  /** The server refused every credential. */
  'all_credentials_refused',
  /** More accounts than the backend can hold. */
  'too_many_accounts',
  /** Malformed account list (empty, duplicate id, bad credential shape). */
  'invalid_accounts',
  /** An id the backend does not hold. */
  'unknown_account',
  /** That account's credential was refused or expired; it needs a new login. */
  'account_needs_login',
  /** A request the backend does not let callers send. */
  'invalid_request',
] as const;
export type BackendErrorCode = (typeof BACKEND_ERROR_CODES)[number];
/** Why accounts could not be opened or a connection went offline: a backend code, or `unknown`. */
export type FailureReason = BackendErrorCode | 'unknown';

export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; lastLiveAt?: number | null }
  | { status: 'online'; since: number }
  | { status: 'checking'; since: number; lastHeardAt: number }
  | {
      status: 'reconnecting';
      attempt: number;
      nextRetryAt: number;
      lastError: string | null;
      lastLiveAt?: number | null;
    }
  | { status: 'no_network'; since: number; lastLiveAt?: number | null }
  | { status: 'rate_limited'; until: number; attempt: number; lastLiveAt?: number | null }
  | { status: 'offline'; reason: FailureReason; lastLiveAt?: number | null };

/** Since when the shown data is not live; null when it is live (or there is none yet). */
export function staleSince(connection: ConnectionState): number | null {
  switch (connection.status) {
    case 'idle':
    case 'online':
      return null;
    case 'checking':
      return connection.lastHeardAt;
    default:
      return connection.lastLiveAt ?? null;
  }
}
