/** What an account of a current-API login becomes in main: its record (its grant is in `grants.ts`). */
import type { CurrentAccount } from '../auth/current-flow';
import type { AccountRecord, AccountSource } from '../model';

/**
 * The account as the app records it. The current API says `demo`/`real` (kept as `accountType`) and
 * `active`/`inactive`: an inactive account cannot be opened (no OTP), so it shows as disabled.
 */
export function recordOfCurrentAccount(account: CurrentAccount, source: AccountSource = 'oauth'): AccountRecord {
  return {
    accountId: account.account_id,
    api: 'current',
    // A PAT is pasted like an API token; its scopes are not reported per account.
    source,
    scopes: null,
    currency: account.currency,
    isVirtual: account.account_type === 'demo',
    isDisabled: account.status !== 'active',
    landingCompanyName: null,
    accountType: account.account_type,
  };
}
