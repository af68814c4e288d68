/**
 * Parsing what Deriv's OAuth hands back: the legacy redirect
 * (`…/redirect?acct1=CR1&token1=…&cur1=USD&acct2=…&state=…`) and the same `acctN/tokenN/curN` map
 * returned as JSON by `POST /oauth2/legacy/tokens` after the OIDC flow.
 *
 * The input comes from outside the app, so bad input is normal input: every failure is an
 * `AuthError` with a code, nothing else is ever thrown, and either every account is returned or
 * none is (a half-parsed login would store an incomplete account list).
 */
import { LOGINID_PATTERN, TOKEN_PATTERN } from '../deriv-patterns';
import { MAX_ACCOUNTS_PER_REDIRECT, OAUTH_ERROR_CODE_PATTERN } from '../model';

export type AuthErrorCode = 'provider_error' | 'state_mismatch' | 'no_accounts' | 'invalid_token' | 'malformed';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;

  constructor(
    code: AuthErrorCode,
    message: string,
    /** `provider_error`: the OAuth `error` code the provider sent, when it is an identifier. */
    readonly providerError: string | null = null,
  ) {
    super(message);
    this.code = code;
  }
}

export interface LoginAccount {
  accountId: string;
  token: string;
  currency: string;
}

/** Deriv's currency pattern: empty, or 2–20 letters and digits. */
const CURRENCY_PATTERN = /^(|[A-Za-z0-9]{2,20})$/;

const ACCOUNT_KEY = /^(acct|token|cur)(\d{1,6})$/;
/** Longest provider text kept in a message: it is shown to the user, so it stays short and printable. */
const MAX_DESCRIPTION = 200;

type Slot = { acct?: string; token?: string; cur?: string };

/**
 * Parse the legacy redirect URL. Keys and values are trimmed (the seed's own example has stray
 * spaces after `&`), login ids and currencies are upper-cased, accounts come in `acctN` order.
 *
 * `state` is checked first, on every branch (as the OIDC and current-API flows do, `callback-state.ts`):
 * any page can send the login window to the redirect URL, and an `error=…&error_description=<text>`
 * that is not tied to this attempt must not show its text as Deriv's. RFC 6749 §4.1.2.1 requires
 * `state` in an error response whenever the request carried one, and ours always does.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function parseLegacyRedirect(url: string, options?: { expectedState?: string }): LoginAccount[] {
  let parsed: URL;
  try {
    if (typeof url !== 'string') throw new TypeError('not a string');
    parsed = new URL(url);
  } catch {
    throw new AuthError('malformed', 'The login redirect is not a valid URL.');
  }
  const entries = [...parsed.searchParams].map(([k, v]) => [k.trim(), v.trim()] as const);

  const error = firstValue(entries, 'error');
  const isError = error !== undefined && error !== '';

  if (options?.expectedState !== undefined) {
    const states = entries.filter(([k]) => k === 'state').map(([, v]) => v);
    const kind = isError ? 'error response' : 'login response';
    if (states.length === 0) {
      throw new AuthError(
        'state_mismatch',
        `The ${kind} carried no state, so it cannot be tied to this login attempt (state mismatch). Please log in again.`,
      );
    }
    if (states.some((s) => s !== options.expectedState)) {
      throw new AuthError(
        'state_mismatch',
        `The ${kind} does not belong to this login attempt (state mismatch). Please log in again.`,
      );
    }
  }

  if (error !== undefined && error !== '') throw providerError(error, firstValue(entries, 'error_description'));

  return accountsFromEntries(entries);
}

/**
 * Parse the JSON body of `POST /oauth2/legacy/tokens` (`{acct1, token1, cur1, …}`) with the same
 * rules as the redirect. Non-string values are malformed.
 */
export function parseLegacyTokenMap(body: unknown): LoginAccount[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AuthError('malformed', 'The account list from Deriv is not an object.');
  }
  const entries: (readonly [string, string])[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!ACCOUNT_KEY.test(key.trim())) continue;
    if (typeof value !== 'string') {
      throw new AuthError('malformed', `The account list from Deriv has a non-text value for "${safeKey(key)}".`);
    }
    entries.push([key.trim(), value.trim()]);
  }
  return accountsFromEntries(entries);
}

/** Build a provider_error from an OAuth `error` / `error_description` pair (used by both flows). */
export function providerError(error: string, description?: string): AuthError {
  const code = printable(error, 64);
  const detail = description ? printable(description, MAX_DESCRIPTION) : '';
  const reason = detail ? `${code}: ${detail}` : code;
  const hint =
    code === 'access_denied'
      ? 'You declined access, so the app was not given your accounts. Log in again and choose Approve to continue.'
      : 'Please try again; if it keeps happening, check the app ID and redirect URL in the settings.';
  const typed = OAUTH_ERROR_CODE_PATTERN.test(error) ? error : null;
  return new AuthError('provider_error', `Deriv refused the login (${reason}). ${hint}`, typed);
}

function accountsFromEntries(entries: readonly (readonly [string, string])[]): LoginAccount[] {
  const slots = new Map<number, Slot>();
  for (const [key, value] of entries) {
    const match = ACCOUNT_KEY.exec(key);
    if (!match) continue;
    const kind = match[1] as keyof Slot;
    const index = Number(match[2]);
    let slot = slots.get(index);
    if (!slot) {
      // Checked as slots appear, so a URL with thousands of accounts is refused without building them all.
      if (slots.size >= MAX_ACCOUNTS_PER_REDIRECT * 3) {
        throw new AuthError(
          'malformed',
          `The login response lists more accounts than Deriv ever sends (over ${MAX_ACCOUNTS_PER_REDIRECT}).`,
        );
      }
      slot = {};
      slots.set(index, slot);
    }
    const previous = slot[kind];
    if (previous !== undefined && previous !== value) {
      throw new AuthError('malformed', `The login response has two different values for ${kind}${index}.`);
    }
    slot[kind] = value;
  }

  const accountSlots = [...slots.entries()]
    .filter(([, s]) => s.acct !== undefined && s.acct !== '')
    .sort(([a], [b]) => a - b);
  if (accountSlots.length > MAX_ACCOUNTS_PER_REDIRECT) {
    throw new AuthError(
      'malformed',
      `The login response lists more accounts than Deriv ever sends (over ${MAX_ACCOUNTS_PER_REDIRECT}).`,
    );
  }

  const accounts: LoginAccount[] = [];
  const seen = new Map<string, LoginAccount>();
  for (const [index, slot] of accountSlots) {
    // An account without its token cannot be used; like a token without its account, it is skipped.
    if (slot.token === undefined) continue;
    const acct = slot.acct as string;
    if (!LOGINID_PATTERN.test(acct)) {
      throw new AuthError('malformed', `The login response has an invalid account id in acct${index}.`);
    }
    if (!TOKEN_PATTERN.test(slot.token)) {
      throw new AuthError(
        'invalid_token',
        `The login response has a token for acct${index} that is not a valid Deriv token. Please log in again.`,
      );
    }
    const currency = slot.cur ?? '';
    if (!CURRENCY_PATTERN.test(currency)) {
      throw new AuthError('malformed', `The login response has an invalid currency in cur${index}.`);
    }
    const account: LoginAccount = {
      accountId: acct.toUpperCase(),
      token: slot.token,
      currency: currency.toUpperCase(),
    };
    const twin = seen.get(account.accountId);
    if (twin) {
      if (twin.token !== account.token || twin.currency !== account.currency) {
        throw new AuthError(
          'malformed',
          `The login response lists account ${account.accountId} twice with different values.`,
        );
      }
      continue;
    }
    seen.set(account.accountId, account);
    accounts.push(account);
  }

  if (accounts.length === 0) {
    throw new AuthError(
      'no_accounts',
      'Deriv did not return any account with a token. Please log in again; if it persists, check the account on deriv.com.',
    );
  }
  return accounts;
}

function firstValue(entries: readonly (readonly [string, string])[], key: string): string | undefined {
  return entries.find(([k]) => k === key)?.[1];
}

/** Keep provider text displayable: no control characters, bounded length. */
function printable(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function safeKey(key: string): string {
  return printable(key, 32);
}
