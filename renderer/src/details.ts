/**
 * Reading what the server said of the accounts (`AppState.details`) for display. The typed facts
 * come first; fields only one API gives (the v3 user fields, `account_list` extras) are read from
 * the raw answer with every value checked, since it comes from the network as it was sent.
 */
import type { AccountDetails, AccountFacts } from '../../main/ipc/contract';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
const scalar = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
const scalars = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(scalar).filter((x): x is string => x !== null) : [];

export interface UserFields {
  fullname: string | null;
  email: string | null;
  country: string | null;
  preferredLanguage: string | null;
  userId: string | null;
  upgradeable: string[];
  landingCompanyFull: string | null;
}

/** User-level fields of the answer (v3 `authorize`); nulls where the answer has none. */
export function userFields(details: AccountDetails): UserFields {
  const r = obj(details.raw) ?? {};
  return {
    fullname: scalar(r.fullname),
    email: scalar(r.email),
    country: scalar(r.country),
    preferredLanguage: scalar(r.preferred_language),
    userId: scalar(r.user_id),
    upgradeable: scalars(r.upgradeable_landing_companies),
    landingCompanyFull: scalar(r.landing_company_fullname),
  };
}

/** `{ EUR: { fractional_digits: 2 } }` with only sane entries (0–20 digits). */
export function localCurrencies(details: AccountDetails | null): Record<string, { fractional_digits: number }> {
  const out: Record<string, { fractional_digits: number }> = {};
  const local = obj(obj(details?.raw)?.local_currencies);
  for (const [code, v] of Object.entries(local ?? {})) {
    const digits = obj(v)?.fractional_digits;
    if (typeof digits === 'number' && Number.isInteger(digits) && digits >= 0 && digits <= 20) {
      out[code] = { fractional_digits: digits };
    }
  }
  return out;
}

export function factsOf(details: AccountDetails | null, id: string): AccountFacts | null {
  return details?.facts.find((f) => f.accountId === id) ?? null;
}

export interface EntryExtras {
  category: string | null;
  broker: string | null;
  createdAt: number | null;
  linkedTo: string[];
}

/** What v3's `account_list` entry adds for one account; empty for an API that has no such entry. */
export function entryExtras(details: AccountDetails | null, id: string): EntryExtras {
  const list = obj(details?.raw)?.account_list;
  const entry = Array.isArray(list) ? (list.map(obj).find((e) => e?.loginid === id) ?? null) : null;
  const created = entry?.created_at;
  return {
    category: scalar(entry?.account_category),
    broker: scalar(entry?.broker),
    createdAt: typeof created === 'number' && Number.isFinite(created) ? created : null,
    linkedTo: Array.isArray(entry?.linked_to)
      ? entry.linked_to.map(obj).map((l) => `${scalar(l?.loginid) ?? '?'} (${scalar(l?.platform) ?? '?'})`)
      : [],
  };
}

export interface CurrentEntry {
  group: string | null;
}

/**
 * What the current API's account list says of one account beyond the typed facts (its `group`),
 * read from the raw answer: `{ data: [...] }`, or several such answers when several logins are held.
 */
export function currentEntry(details: AccountDetails | null, id: string): CurrentEntry {
  const raw = details?.api === 'current' ? details.raw : null;
  const answers = Array.isArray(raw) ? raw : [raw];
  for (const answer of answers) {
    const data = obj(answer)?.data;
    const entry = Array.isArray(data) ? data.map(obj).find((e) => e?.account_id === id) : undefined;
    if (entry) return { group: scalar(entry.group) };
  }
  return { group: null };
}
