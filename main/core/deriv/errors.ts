/**
 * Typed errors of the Deriv session. None of them carries a request echo, a frame or a token:
 * `echo_req` of an `authorize` error holds the tokens, so it is never kept.
 */

/** An error answer from the API: `{ error: { code, message, details? } }`. */
export class DerivApiError extends Error {
  override readonly name = 'DerivApiError';
  constructor(
    /** Deriv's error code, e.g. `InvalidToken`, `RateLimit`, `InputValidationFailed`. */
    readonly code: string,
    message: string,
    readonly msgType: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export type SessionErrorCode =
  /** No connection right now; requests are not queued (see DerivSession.send). */
  | 'not_connected'
  /** No answer within the request timeout. */
  | 'timeout'
  /** The socket closed while the request was in flight. */
  | 'connection_closed'
  /** Rate limited by the server; the session refuses requests until `retryAt`. */
  | 'rate_limited'
  /** The session was closed or logged out. */
  | 'closed'
  /** Every token was refused: nothing left to authorize. */
  | 'all_tokens_refused'
  /** More accounts than one authorize can carry (1 + 25). */
  | 'too_many_accounts'
  /** Malformed account list (empty, duplicate loginid, bad token shape). */
  | 'invalid_accounts'
  /** switchAccount / send for a loginid the session does not hold. */
  | 'unknown_account'
  /** That account's token was refused; it needs a new login. */
  | 'account_needs_login'
  /** A request the session does not let callers send (authorize, req_id, …). */
  | 'invalid_request';

export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    readonly retryAt?: number,
  ) {
    super(message);
  }
}
