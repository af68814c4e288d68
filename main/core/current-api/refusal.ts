/**
 * What the user reads about a current-API credential: why it was refused (in the port's words,
 * never the server's) and whether one is being renewed. A dead refresh token (or an OAuth token
 * that can no longer be renewed) is "session expired"; a 403 names the missing scope; anything
 * else the server refused is plainly refused.
 */
import type { Credential, Refusal } from '../backend/port';
import { TRADE_SCOPE, type WireError } from './wire';

/**
 * What a wire error means to a session: its credential is refused (every account under it needs a
 * new login), this one account is refused (the OTP endpoint refused it), wait until `retryAt`, or
 * a passing failure to retry within a bound.
 */
export type SessionFault = 'refused' | 'account_refused' | 'rate_limited' | 'transient';

export function faultOf(error: WireError): SessionFault {
  switch (error.code) {
    case 'unauthorized':
    case 'app_id_required':
    case 'forbidden':
    case 'insecure_address':
    case 'answer_lost':
      return 'refused';
    case 'rejected':
      return 'account_refused';
    case 'rate_limited':
      return 'rate_limited';
    case 'server_error':
    case 'network':
    case 'timeout':
    case 'malformed':
      return 'transient';
  }
}

export function refusalOf(error: WireError, credential: Credential): Refusal {
  if (error.code === 'forbidden') return { reason: 'scope_missing', scope: TRADE_SCOPE };
  // The session ended because a renewal's answer was lost (said so, not a plain expiry).
  if (error.code === 'answer_lost') return { reason: 'renewal_lost', scope: null };
  // An OAuth credential refused with 401 could not be renewed: its session is over.
  if (error.code === 'unauthorized' && credential.kind === 'oauth') return { reason: 'session_expired', scope: null };
  return { reason: 'token_refused', scope: null };
}
