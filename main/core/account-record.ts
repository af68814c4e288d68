import type { AccountRecord } from './model';

/** The record fields of anything that carries more (a token, a sealed blob, timestamps). */
export function recordOf(a: AccountRecord): AccountRecord {
  return {
    api: a.api,
    source: a.source,
    scopes: a.scopes === null ? null : [...a.scopes],
    accountId: a.accountId,
    currency: a.currency,
    isVirtual: a.isVirtual,
    isDisabled: a.isDisabled,
    landingCompanyName: a.landingCompanyName,
    accountType: a.accountType,
  };
}
