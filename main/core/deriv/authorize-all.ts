/**
 * One authorize round on a connection: every usable token in one `authorize` (first token plus
 * `tokens`), refused ones found and marked in the account list (see `token-triage`).
 */
import type { Authorize } from '@deriv/api-types';

import type { AccountList, SessionAccount } from './account-list';
import type { DerivConnection } from './connection';
import type { Logger } from './ports';
import { triageTokens } from './token-triage';

export interface AuthorizeRound {
  /** Null when every token was refused. */
  response: Authorize | null;
  /** The account the answer's top-level fields describe. */
  primaryLoginid: string | null;
  accepted: string[];
}

export async function authorizeAll(
  conn: DerivConnection,
  accounts: AccountList,
  opts: { timeoutMs: number; logger: Logger; current: () => boolean },
): Promise<AuthorizeRound> {
  const send = (list: SessionAccount[]): Promise<{ authorize?: Authorize }> => {
    const [first, ...rest] = list;
    return conn.call(
      'authorize',
      { authorize: first!.token, ...(rest.length > 0 ? { tokens: rest.map((a) => a.token) } : {}) },
      { timeoutMs: opts.timeoutMs },
    );
  };
  const result = await triageTokens(accounts.candidates(), send, opts.current);
  for (const { account, error } of result.refused) {
    accounts.mark(account, error.code === 'DisabledClient' ? 'disabled' : 'refused');
    opts.logger.warn('token refused', { loginid: account.loginid, code: error.code });
  }
  const auth = result.response?.authorize ?? null;
  if (auth === null || result.accepted.length === 0) return { response: null, primaryLoginid: null, accepted: [] };
  const primary = typeof auth.loginid === 'string' ? auth.loginid : result.accepted[0]!.loginid;
  return { response: auth, primaryLoginid: primary, accepted: result.accepted.map((a) => a.loginid) };
}
