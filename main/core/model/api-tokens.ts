/**
 * The legacy API's API-token sign-in as the domain model states it: where tokens are made, why a
 * sign-in failed, and its state on screen. Part of `model.ts`; imports no code.
 */

/** Deriv's page where a trader makes API tokens (opened in the system browser; allow-listed origin). */
export const API_TOKEN_PAGE_URL = 'https://app.deriv.com/account/api-token';

/** Why an API-token sign-in failed; nothing was stored and nothing signed in changed. */
export const API_TOKEN_ERROR_CODES = [
  'not_configured',
  'no_tokens',
  'malformed',
  'invalid_token',
  'disabled_account',
  'already_signed_in',
  'other_user',
  'too_many_accounts',
  'network_error',
  'refused',
  /** API tokens are the legacy API's sign-in: refused while the settings speak the current API. */
  'wrong_api',
] as const;
export type ApiTokenErrorCode = (typeof API_TOKEN_ERROR_CODES)[number];
