/**
 * What a v3 `authorize` answer says of each account, as the port's typed `AccountFacts`. The
 * answer comes from the network: every field is checked, nothing here throws on a malformed one
 * (a non-array `account_list`, a `null` entry, numbers where strings belong).
 */
import type { AccountFacts } from '../backend/port';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const flag = (v: unknown): boolean | null => (v === 1 || v === true ? true : v === 0 || v === false ? false : null);
const strings = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...(v as string[])] : null;

/** One entry per account of `account_list`, plus the primary account when the list omits it. */
export function factsFromAuthorize(authorize: unknown, primaryAccountId: string): AccountFacts[] {
  const auth = typeof authorize === 'object' && authorize !== null ? (authorize as Record<string, unknown>) : {};
  const list = Array.isArray(auth.account_list) ? (auth.account_list as unknown[]) : [];
  const facts: AccountFacts[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const e = item as Record<string, unknown>;
    const id = str(e.loginid);
    if (id === null || facts.some((f) => f.accountId === id)) continue;
    facts.push({
      accountId: id,
      currency: str(e.currency) || null,
      isVirtual: flag(e.is_virtual),
      isDisabled: flag(e.is_disabled),
      landingCompanyName: str(e.landing_company_name),
      accountType: str(e.account_type),
      // The token's scopes are told for the primary account only.
      scopes: id === primaryAccountId ? strings(auth.scopes) : null,
      status: null,
    });
  }
  if (!facts.some((f) => f.accountId === primaryAccountId)) {
    facts.unshift({
      accountId: primaryAccountId,
      currency: str(auth.currency) || null,
      isVirtual: flag(auth.is_virtual),
      isDisabled: null,
      landingCompanyName: str(auth.landing_company_name),
      accountType: null,
      scopes: strings(auth.scopes),
      status: null,
    });
  }
  return facts;
}
