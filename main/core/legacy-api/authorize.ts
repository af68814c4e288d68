/**
 * Deriv's legacy `authorize` call, written once for the app (the session's authorize of every
 * token, and the API-token sign-in's check of each pasted token): the request, and what the answer
 * says, checked field by field (it comes from the network). An error answer is a `DerivApiError`
 * (see `DerivConnection.request`); its echo, which holds the tokens, is never kept.
 *
 * @see ../../../../shared/deriv-api-schemas/config/v3/authorize/send.json (request: `authorize`,
 *   plus up to 25 more `tokens` of the same user)
 * @see ../../../../shared/deriv-api-schemas/config/v3/authorize/receive.json (answer)
 * @see https://api.deriv.com/api-explorer#authorize
 */
import type { Authorize, AuthorizeRequest } from '@deriv/api-types';

import type { DerivConnection } from '../socket/connection';

/** One entry of the answer's `account_list`: the accounts of the token's user. */
export interface AuthorizedAccount {
  /** The account's `loginid`. */
  accountId: string;
  isDisabled: boolean;
  accountType: string | null;
}

export interface AuthorizeAnswer {
  /** The answer whole, as Deriv sent it (it carries no token); null when the frame holds none. */
  authorize: Authorize | null;
  /** The account of the first token (`loginid`): the answer's top-level fields describe it; null when unnamed. */
  accountId: string | null;
  /** Every account of the user (`account_list`), malformed entries left out. */
  accounts: AuthorizedAccount[];
  /** The first token's scopes. */
  scopes: string[];
}

/** One `authorize` for `tokens` (non-empty): the first as `authorize`, the others as `tokens`. */
export function authorizeRequest(tokens: readonly string[]): AuthorizeRequest {
  const [first, ...rest] = tokens;
  if (first === undefined) throw new TypeError('authorize needs at least one token');
  return { authorize: first, ...(rest.length > 0 ? { tokens: rest } : {}) };
}

/** What an `authorize` answer frame says; nothing in it is trusted (a frame without an `authorize` object names no account). */
export function processAuthorizeResponse(frame: unknown): AuthorizeAnswer {
  const body = typeof frame === 'object' && frame !== null ? (frame as { authorize?: unknown }).authorize : undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { authorize: null, accountId: null, accounts: [], scopes: [] };
  }
  const auth = body as Authorize & Record<string, unknown>;
  const list: unknown[] = Array.isArray(auth.account_list) ? auth.account_list : [];
  const accounts: AuthorizedAccount[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const e = item as Record<string, unknown>;
    if (typeof e.loginid !== 'string' || e.loginid.length === 0) continue;
    accounts.push({
      accountId: e.loginid,
      isDisabled: e.is_disabled === 1,
      accountType: typeof e.account_type === 'string' ? e.account_type : null,
    });
  }
  return {
    authorize: auth,
    accountId: typeof auth.loginid === 'string' && auth.loginid.length > 0 ? auth.loginid : null,
    accounts,
    scopes: Array.isArray(auth.scopes) ? auth.scopes.filter((s): s is string => typeof s === 'string') : [],
  };
}

/** Send one `authorize` on `conn` and process its answer. */
export async function authorize(
  conn: DerivConnection,
  tokens: readonly string[],
  timeoutMs: number,
): Promise<AuthorizeAnswer> {
  return processAuthorizeResponse(await conn.call('authorize', authorizeRequest(tokens), { timeoutMs }));
}
