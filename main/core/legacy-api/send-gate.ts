/**
 * The gate in front of a caller's request (`DerivSession.send`): a plain object naming no call the
 * session makes itself, an account that is held and authorized, a connection that is online now
 * (requests are never queued to be replayed later behind the user's back), no rate limit in force.
 */
import type { ConnectionState } from '../model';
import type { DerivConnection } from '../socket/connection';
import { DerivApiError, SessionError } from '../socket/errors';
import type { AccountList } from './account-list';
import { redactedError } from './redact';

/** Calls only the session may make: they change the authorization or the connection's identity. */
const RESERVED_CALLS = ['authorize', 'logout', 'req_id', 'tokens'] as const;

/** A caller's request as a fresh object, refused when it is not one or names a reserved call. */
export function callerRequest(request: unknown): Record<string, unknown> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new SessionError('invalid_request', 'A request must be an object.');
  }
  const body = { ...(request as Record<string, unknown>) };
  for (const key of RESERVED_CALLS) {
    if (Object.hasOwn(body, key)) throw new SessionError('invalid_request', `The session manages "${key}" itself.`);
  }
  return body;
}

export interface GateState {
  running: boolean;
  /** The session's connection when it is online, else null. */
  online: DerivConnection | null;
  connection: ConnectionState;
  rateLimitedUntil: number;
  now: number;
  accounts: AccountList;
  authorized: readonly string[];
}

/** The request to send and where, or a typed `SessionError`. */
export function admitRequest(
  request: unknown,
  accountId: string | undefined,
  s: GateState,
): { body: Record<string, unknown>; conn: DerivConnection; accountId: string | undefined } {
  const body = callerRequest(request);
  if (!s.running) throw new SessionError('closed', 'The session is not running.');
  const id = accountId === undefined ? undefined : s.accounts.require(accountId, s.authorized);
  if (id !== undefined) body.loginid = id;
  if (s.online === null || !s.online.isOpen) {
    const retryAt = s.connection.status === 'reconnecting' ? s.connection.nextRetryAt : undefined;
    throw new SessionError('not_connected', 'Not connected to the Deriv server.', retryAt);
  }
  if (s.now < s.rateLimitedUntil) {
    throw new SessionError('rate_limited', 'Rate limited by the Deriv server; try again later.', s.rateLimitedUntil);
  }
  return { body, conn: s.online, accountId: id };
}

/**
 * Send a caller's request through the gate. A Deriv error answer goes to `onApiError` (rate limit,
 * bad token) before it is rethrown; every error leaves with no token in it.
 */
export async function sendThroughGate<T>(
  request: unknown,
  accountId: string | undefined,
  s: GateState & { timeoutMs: number; onApiError(error: DerivApiError, accountId: string | undefined): void },
): Promise<T> {
  const { body, conn, accountId: id } = admitRequest(request, accountId, s);
  try {
    return (await conn.request(body, { timeoutMs: s.timeoutMs })) as T;
  } catch (error) {
    if (error instanceof DerivApiError) s.onApiError(error, id);
    throw redactedError(error, s.accounts.secrets());
  }
}

/**
 * Whether a caller's error means an authorization went bad, and why (for the log): a refused token
 * of an account-scoped call, or the server forgetting the authorization. Null otherwise.
 */
export function reauthorizeReason(error: { code: string }, accountId: string | undefined): string | null {
  if (error.code === 'AuthorizationRequired') return 'server lost the authorization';
  if (error.code === 'InvalidToken' && accountId !== undefined) return `token of ${accountId} refused`;
  return null;
}
