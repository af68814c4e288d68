/**
 * Reading what the server said of the accounts (`AppState.details`) for display. The typed facts
 * come first; fields only one API gives (the v3 user fields, an account's own entry in the answer)
 * are read from the raw answer with every value checked, since it comes from the network as it was sent.
 */
import type { AccountDetails, AccountFacts } from '../../main/ipc/contract';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
const scalar = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;

export interface UserFields {
  fullname: string | null;
  email: string | null;
  country: string | null;
  preferredLanguage: string | null;
  userId: string | null;
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

/**
 * One account's own entry in the answer: v3 `authorize`'s `account_list` item, or the current API's
 * account list item (`{ data: [...] }`, or several such answers when several logins are held).
 */
export function entryOf(details: AccountDetails | null, id: string): Json | null {
  const raw = details?.raw;
  const lists =
    details?.api === 'current'
      ? (Array.isArray(raw) ? raw : [raw]).map((answer) => obj(answer)?.data)
      : [obj(raw)?.account_list];
  for (const list of lists) {
    const entry = Array.isArray(list)
      ? list.map(obj).find((e) => e !== null && (e.loginid ?? e.account_id) === id)
      : undefined;
    if (entry) return entry;
  }
  return null;
}

/** Fields the details show in words (or the account view holds): not repeated among the codes. */
const WORDED = new Set(['loginid', 'account_id', 'currency', 'balance', 'is_virtual', 'is_disabled']);

/**
 * The entry's remaining fields as the server sent them (`broker: CR`, `account_type: binary`,
 * `group: row` …): codes for the technical details, field name and value, never translated.
 */
export function serverCodes(entry: Json | null): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(entry ?? {})) {
    const text = scalar(value);
    if (text !== null && !WORDED.has(key)) out.push([key, text]);
  }
  return out;
}
