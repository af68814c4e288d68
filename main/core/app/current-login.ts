/**
 * What a current-API login becomes in main, kept pure so the controller only wires it: the record
 * the vault keeps (one credential for the login's accounts) and the accounts a backend opens.
 */
import type { CurrentAccount, CurrentLogin } from '../auth/current-flow';
import type { BackendAccount, DerivApi } from '../backend/port';
import type { AccountRecord, AccountSource } from '../model';
import type { CurrentLoginInput, RestoredAccount } from '../vault';

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

/** The vault's input for a login: the durable half of its credential and its accounts. */
export function vaultInputOf(login: CurrentLogin): CurrentLoginInput {
  return {
    appId: login.appId,
    credential: login.credential,
    accounts: login.accounts.map((a) => {
      const r = recordOfCurrentAccount(a);
      return {
        accountId: r.accountId,
        currency: r.currency,
        isVirtual: r.isVirtual,
        isDisabled: r.isDisabled,
        landingCompanyName: r.landingCompanyName,
        accountType: r.accountType,
      };
    }),
  };
}

/** The accounts of one API a backend can open now: those with a usable credential, disabled ones left out. */
export function backendAccountsOf(held: RestoredAccount[], api: DerivApi): BackendAccount[] {
  return held
    .filter((a) => a.api === api && a.credential !== null && !a.isDisabled)
    .map((a) => ({ accountId: a.accountId, credential: a.credential! }));
}
