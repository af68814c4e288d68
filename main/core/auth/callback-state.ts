/**
 * The `state` check of an authorization response, named for the user: both OAuth flows (the current
 * API's and the legacy OIDC one) check `state` before they trust either branch of the callback.
 * oauth4webapi's `validateAuthResponse` compares `state` before it looks at `error`, so an
 * `error=access_denied` from another attempt never reads as "you cancelled".
 *
 * An error response WITHOUT `state`: RFC 6749 §4.1.2.1 makes `state` REQUIRED in the error response
 * whenever the request carried one, and ours always does. Such a callback cannot be tied to this
 * attempt (any page could send the window to the redirect URL with `?error=access_denied`), so it is
 * refused like a wrong state, `state_mismatch`, never taken as the user's cancel or as the server's
 * error; its message says the state was missing, so a misbehaving server is diagnosable.
 */
import * as oauth from 'oauth4webapi';

import { LoginFailure } from './login-failure';

/** The `state_mismatch` failure for oauth4webapi's refusal of `state`, or null for any other error. */
export function stateFailure(error: unknown, expectedState: string): LoginFailure | null {
  if (!(error instanceof oauth.OperationProcessingError)) return null;
  const cause = error.cause as { expected?: unknown; parameters?: unknown } | undefined;
  if (cause?.expected !== expectedState) return null;
  const parameters = cause.parameters instanceof URLSearchParams ? cause.parameters : null;
  const kind = parameters?.has('error') ? 'error response' : 'login response';
  if (parameters && !parameters.has('state')) {
    return new LoginFailure(
      'state_mismatch',
      `The ${kind} carried no state, so it cannot be tied to this login attempt (state mismatch). Please log in again.`,
    );
  }
  return new LoginFailure(
    'state_mismatch',
    `The ${kind} does not belong to this login attempt (state mismatch). Please log in again.`,
  );
}
