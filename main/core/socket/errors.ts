/**
 * Typed errors of the Deriv session. None of them carries a request echo, a frame or a token:
 * `echo_req` of an `authorize` error holds the tokens, so it is never kept.
 */
import { BackendError, type BackendErrorCode } from '../backend/port';

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

/**
 * The v3 session's errors are the backend port's (`BackendError`): the controller handles both
 * APIs' failures by the same codes. `not_connected`: requests are not queued (see DerivSession.send);
 * `all_credentials_refused`: every token was refused; `invalid_request`: a call the session makes
 * itself (authorize, req_id, …).
 */
export type SessionErrorCode = BackendErrorCode;

export class SessionError extends BackendError {
  override readonly name: string = 'SessionError';
}
