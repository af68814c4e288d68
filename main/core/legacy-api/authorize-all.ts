/**
 * One authorize round on a connection: every usable token in one `authorize` (see `authorize.ts`), refused ones found and marked in the account list (see `token-triage`). The session
 * runs a round on every connect, and again on the live socket when the accounts change or a token
 * went bad.
 */
import type { Authorize } from '@deriv/api-types';

import type { DerivConnection } from '../socket/connection';
import type { Logger } from '../socket/ports';
import type { AccountList, SessionAccount } from './account-list';
import { authorize } from './authorize';
import { triageTokens } from './token-triage';

export interface AuthorizeRound {
  /** Null when every token was refused. */
  response: Authorize | null;
  /** The account the answer's top-level fields describe. */
  primaryAccountId: string | null;
  accepted: string[];
}

export async function authorizeAll(
  conn: DerivConnection,
  accounts: AccountList,
  opts: { timeoutMs: number; logger: Logger; current: () => boolean },
): Promise<AuthorizeRound> {
  const send = (list: SessionAccount[]) =>
    authorize(
      conn,
      list.map((a) => a.token),
      opts.timeoutMs,
    );
  const result = await triageTokens(accounts.candidates(), send, opts.current);
  for (const { account, error } of result.refused) {
    accounts.mark(account, error.code === 'DisabledClient' ? 'disabled' : 'refused');
    opts.logger.warn('token refused', { accountId: account.accountId, code: error.code });
  }
  const auth = result.response?.authorize ?? null;
  if (auth === null || result.accepted.length === 0) return { response: null, primaryAccountId: null, accepted: [] };
  const primary = result.response!.accountId ?? result.accepted[0]!.accountId;
  return { response: auth, primaryAccountId: primary, accepted: result.accepted.map((a) => a.accountId) };
}
