/**
 * The account list a v3 session holds: validated once when it is handed over, and the one check
 * every account-scoped call goes through (`requireAuthorized`).
 */
import { LOGINID_PATTERN, TOKEN_PATTERN } from '../deriv-patterns';
import { MAX_ACCOUNTS_PER_SOCKET } from '../model';
import { SessionError } from '../socket/errors';

/** One account of the v3 session: its loginid and the token that opens it. */
export interface SessionAccount {
  accountId: string;
  token: string;
}

export function normalizeAccountId(accountId: unknown): string {
  return typeof accountId === 'string' ? accountId.trim().toUpperCase() : '';
}

/** A loginid fit for a message: only when it looks like one (never echo arbitrary input). */
export function safeId(accountId: unknown): string {
  return typeof accountId === 'string' && LOGINID_PATTERN.test(accountId.trim()) ? accountId.trim() : '(invalid id)';
}

/**
 * A usable list or a typed error: at least one account, at most one authorize's worth, each loginid
 * once, each token of Deriv's shape. Returns normalized copies (the caller's objects are not kept).
 */
export function validateAccounts(accounts: readonly SessionAccount[]): SessionAccount[] {
  if (!Array.isArray(accounts) || accounts.length === 0) {
    throw new SessionError('invalid_accounts', 'At least one account is needed.');
  }
  if (accounts.length > MAX_ACCOUNTS_PER_SOCKET) {
    throw new SessionError(
      'too_many_accounts',
      `${accounts.length} accounts: one Deriv connection authorizes at most ${MAX_ACCOUNTS_PER_SOCKET}.`,
    );
  }
  const seen = new Set<string>();
  return accounts.map((a, i) => {
    const accountId = normalizeAccountId(a?.accountId);
    if (!LOGINID_PATTERN.test(accountId)) {
      throw new SessionError('invalid_accounts', `Account ${i + 1} has an invalid loginid.`);
    }
    if (seen.has(accountId)) throw new SessionError('invalid_accounts', `Account ${accountId} is listed twice.`);
    seen.add(accountId);
    if (typeof a.token !== 'string' || !TOKEN_PATTERN.test(a.token)) {
      throw new SessionError('invalid_accounts', `The token for ${accountId} is not a valid Deriv token.`);
    }
    return { accountId, token: a.token };
  });
}

/**
 * The normalized loginid of an account the session holds and the server accepted; otherwise
 * `unknown_account` or `account_needs_login`.
 */
export function requireAuthorized(
  accounts: readonly SessionAccount[],
  authorized: readonly string[],
  accountId: string,
): string {
  const id = normalizeAccountId(accountId);
  if (!accounts.some((a) => a.accountId === id)) {
    throw new SessionError('unknown_account', `No account ${safeId(accountId)} in this session.`);
  }
  if (!authorized.includes(id)) {
    throw new SessionError('account_needs_login', `Account ${id} is not authorized in this session.`);
  }
  return id;
}

/**
 * The accounts of a running session with what the server said of their tokens: refused (a new
 * login is needed) or disabled (no login helps). A new list clears the marks: after a re-login the
 * server may accept the very token it refused before.
 */
export class AccountList {
  private accounts: SessionAccount[] = [];
  private readonly marks = new Map<string, 'refused' | 'disabled'>();

  /** `accounts` must come from `validateAccounts`. Returns the ids held before with the same token. */
  set(accounts: SessionAccount[]): string[] {
    const before = new Map(this.accounts.map((a) => [a.accountId, a.token]));
    this.accounts = accounts;
    this.marks.clear();
    return accounts.filter((a) => before.get(a.accountId) === a.token).map((a) => a.accountId);
  }

  /** The accounts worth sending to `authorize`. */
  candidates(): SessionAccount[] {
    return this.accounts.filter((a) => !this.marks.has(a.accountId));
  }

  mark(account: SessionAccount, as: 'refused' | 'disabled'): void {
    this.marks.set(account.accountId, as);
  }

  marked(as: 'refused' | 'disabled'): string[] {
    return [...this.marks].filter(([, mark]) => mark === as).map(([accountId]) => accountId);
  }

  require(accountId: string, authorized: readonly string[]): string {
    return requireAuthorized(this.accounts, authorized, accountId);
  }

  /** Every token held, for scrubbing messages. */
  secrets(): string[] {
    return this.accounts.map((a) => a.token);
  }
}
