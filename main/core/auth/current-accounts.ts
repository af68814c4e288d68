/**
 * The current API's account list (`GET /trading/v1/options/accounts`), as a login uses it: to check
 * the credential it just obtained (an OAuth access token or a PAT) and to learn the accounts it
 * opens. Every failure is a `LoginFailure` with a code the renderer can name (invalid or expired
 * token, missing app id, missing scope, rate limited); no message ever quotes a credential.
 */
import { z } from 'zod';

import { ACCOUNT_ID_PATTERN, isSecureOrLoopback, MAX_ACCOUNTS_PER_REDIRECT } from '../model';
import { LoginFailure } from './login-failure';
import { isAbort } from './oauth-http';

export const ACCOUNTS_PATH = '/trading/v1/options/accounts';

/** One account as the current API lists it (`get_accounts_response`). */
export interface CurrentAccount {
  account_id: string;
  account_type: 'demo' | 'real';
  currency: string;
  balance: number;
  status: string;
  group: string;
}

export interface AccountList {
  accounts: CurrentAccount[];
  /** The answer whole (it carries no secret), for the raw-JSON view. */
  raw: unknown;
}

const accountSchema = z.object({
  account_id: z.string().regex(ACCOUNT_ID_PATTERN),
  account_type: z.enum(['demo', 'real']),
  currency: z.string().regex(/^[A-Za-z0-9]{0,20}$/),
  balance: z.number().finite(),
  // Documented as active|inactive; another value is shown as it comes rather than refusing the login.
  status: z.string().max(32),
  group: z.string().max(64),
});
const answerSchema = z.object({ data: z.array(z.unknown()).max(MAX_ACCOUNTS_PER_REDIRECT) });
const errorSchema = z.object({
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional() })).min(1),
});

export type AccountListAuth = { kind: 'bearer'; token: string } | { kind: 'pat'; token: string; appId: string };

export interface ListAccountsOptions {
  restUrl: string;
  auth: AccountListAuth;
  signal: AbortSignal;
  fetch?: typeof fetch;
}

export function accountsUrl(restUrl: string): URL {
  if (!isSecureOrLoopback(restUrl, 'http')) {
    throw new LoginFailure(
      'not_configured',
      "The current API's REST address must be an https:// address (http:// only on this computer). Check the settings and try again.",
    );
  }
  const base = new URL(restUrl);
  base.pathname = base.pathname.replace(/\/+$/, '') + ACCOUNTS_PATH;
  base.search = '';
  return base;
}

export async function listCurrentAccounts(opts: ListAccountsOptions): Promise<AccountList> {
  const url = accountsUrl(opts.restUrl);
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${opts.auth.token}` };
  if (opts.auth.kind === 'pat') headers['deriv-app-id'] = opts.auth.appId;
  let response: Response;
  try {
    response = await (opts.fetch ?? fetch)(url, { headers, signal: opts.signal, redirect: 'error' });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new LoginFailure(
      'network_error',
      "Deriv's account service could not be reached. Check your internet connection (or that demo mode is running) and try again.",
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw failureFor(response, body, opts.auth.kind);
  const answer = answerSchema.safeParse(body);
  if (!answer.success) {
    throw new LoginFailure('malformed', 'The account list from Deriv could not be understood. Please log in again.');
  }
  const accounts: CurrentAccount[] = [];
  const seen = new Set<string>();
  for (const item of answer.data.data) {
    const parsed = accountSchema.safeParse(item);
    if (!parsed.success) {
      throw new LoginFailure('malformed', 'The account list from Deriv has an account the app cannot read.');
    }
    if (seen.has(parsed.data.account_id)) continue;
    seen.add(parsed.data.account_id);
    accounts.push({ ...parsed.data, currency: parsed.data.currency.toUpperCase() });
  }
  if (accounts.length === 0) {
    throw new LoginFailure('no_accounts', 'Deriv lists no Options trading account for this login.');
  }
  return { accounts, raw: body };
}

/** The status and Deriv's error code decide; Deriv's own message is only used to tell PAT cases apart. */
function failureFor(response: Response, body: unknown, kind: AccountListAuth['kind']): LoginFailure {
  const first = errorSchema.safeParse(body).data?.errors[0];
  const said = (first?.message ?? '').toLowerCase();
  switch (response.status) {
    case 401:
      // "Deriv-App-ID header is required for PAT tokens" (documented); another app id is an invalid token.
      if (kind === 'pat' && said.includes('deriv-app-id') && said.includes('required')) {
        return new LoginFailure('missing_app_id');
      }
      return new LoginFailure(
        'invalid_token',
        kind === 'pat'
          ? 'Deriv did not accept this personal access token: it is invalid, expired or revoked, or was made for another app ID.'
          : 'Deriv did not accept the login (the token is invalid or expired). Please log in again.',
      );
    case 403:
      return new LoginFailure(
        'scope_missing',
        `This login does not have the "trade" scope the app needs${kind === 'pat' ? ': make a token with the trade scope' : ''}.`,
      );
    case 429: {
      const after = Number(response.headers.get('retry-after'));
      const when =
        Number.isFinite(after) && after > 0 ? ` Try again in ${Math.ceil(after)} s.` : ' Wait a minute and try again.';
      return new LoginFailure('rate_limited', `Deriv is receiving too many requests with this login.${when}`);
    }
    default:
      return new LoginFailure(
        response.status >= 500 ? 'network_error' : 'provider_error',
        `Deriv's account service answered HTTP ${response.status}${first?.code ? ` (${printable(first.code)})` : ''}. Please try again later.`,
      );
  }
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '').slice(0, 40);
}
