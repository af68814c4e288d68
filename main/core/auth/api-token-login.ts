/**
 * Sign-in with Deriv API tokens: the tokens a trader makes in Deriv's settings, with chosen scopes,
 * that work with any app_id. Each token is one account (the `loginid` its `authorize` answers with).
 *
 * Tokens are checked locally against Deriv's token pattern first, then each is authorized on its
 * own short-lived socket, so that a bad token is refused before anything is held, stored or handed
 * to the running session ("a failed token sign-in stores nothing and changes nothing"). Errors are
 * typed and never carry a token: a token is named by its position in what the user pasted.
 */
import { TOKEN_PATTERN } from '../deriv-patterns';
import { authorize, type AuthorizeAnswer } from '../legacy-api/authorize';
import { buildSocketUrl, type SessionEndpoint } from '../legacy-api/endpoints';
import { MAX_ACCOUNTS_PER_SOCKET } from '../model';
import { DerivConnection } from '../socket/connection';
import { DerivApiError } from '../socket/errors';
import { type Logger, silentLogger, type SocketFactory, systemClock, wsSocketFactory } from '../socket/ports';

export { API_TOKEN_PAGE_URL } from '../model';

/** The scope balances need (or `trading_information`); a token without `read` gets a warning. */
export const READ_SCOPE = 'read';

/** Most tokens one paste may hold: more than one socket can carry is refused anyway. */
export const MAX_TOKENS_PER_PASTE = MAX_ACCOUNTS_PER_SOCKET;

export type ApiTokenErrorCode =
  /** Nothing pasted. */
  | 'no_tokens'
  /** Not a Deriv token (pattern `^[\w\-]{1,128}$`); checked before anything leaves the machine. */
  | 'malformed'
  /** Deriv does not know the token, or it was revoked. */
  | 'invalid_token'
  /** Deriv says the token's account is disabled. */
  | 'disabled_account'
  /** The token's account is already signed in with that token, or two pasted tokens open one account. */
  | 'already_signed_in'
  /**
   * The token is another Deriv user's than the accounts signed in (or pasted with it): one
   * `authorize` carries the tokens of one user only ("additional tokens of authorized user").
   */
  | 'other_user'
  /** With these, more accounts than one socket holds (Deriv: 1 + 25). */
  | 'too_many_accounts'
  /** Deriv could not be reached. */
  | 'network_error'
  /** Deriv answered with another error. */
  | 'refused';

export class ApiTokenError extends Error {
  override readonly name = 'ApiTokenError';
  constructor(
    readonly code: ApiTokenErrorCode,
    message: string,
    /** 1-based position of the token in the paste, when one token is at fault. */
    readonly position: number | null = null,
    /** The account concerned, when known (never a token). */
    readonly accountId: string | null = null,
  ) {
    super(message);
  }
}

/** What one API token opens: the account of its `authorize` answer, its flags and the token's scopes. */
export interface ApiTokenAccount {
  accountId: string;
  currency: string;
  token: string;
  scopes: string[];
  isVirtual: boolean;
  isDisabled: boolean;
  landingCompanyName: string | null;
  accountType: string | null;
}

/** An account main already holds, with its token if it has a usable one. */
export interface HeldCredential {
  accountId: string;
  token: string | null;
}

export interface CheckOptions {
  endpoint: SessionEndpoint;
  held: readonly HeldCredential[];
  createSocket?: SocketFactory;
  logger?: Logger;
  /** Per request, and for opening the socket. */
  timeoutMs?: number;
}

/**
 * The tokens in a paste: separated by white space, commas or semicolons, duplicates dropped, each
 * matching Deriv's token pattern. Throws `no_tokens` or `malformed` (with the position).
 */
export function parseApiTokens(input: string): string[] {
  const tokens = input.split(/[\s,;]+/).filter((t) => t.length > 0);
  if (tokens.length === 0) throw new ApiTokenError('no_tokens', 'Paste at least one API token.');
  tokens.forEach((token, i) => {
    if (!TOKEN_PATTERN.test(token)) {
      throw new ApiTokenError(
        'malformed',
        `Token ${i + 1} is not a Deriv API token (letters, digits, "_" and "-" only, at most 128).`,
        i + 1,
      );
    }
  });
  const unique = [...new Set(tokens)];
  if (unique.length > MAX_TOKENS_PER_PASTE) {
    throw new ApiTokenError(
      'too_many_accounts',
      `At most ${MAX_TOKENS_PER_PASTE} tokens at once: one connection holds ${MAX_ACCOUNTS_PER_SOCKET} accounts.`,
    );
  }
  return unique;
}

/**
 * Authorizes each token on its own (one short-lived socket, closed without `logout`: a logout
 * would end OAuth tokens pasted here) and returns the accounts they open. Throws `ApiTokenError`;
 * on any error nothing is returned, so the caller holds nothing.
 */
export async function checkApiTokens(tokens: readonly string[], opts: CheckOptions): Promise<ApiTokenAccount[]> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let conn: DerivConnection;
  try {
    conn = await DerivConnection.open(buildSocketUrl(opts.endpoint), {
      factory: opts.createSocket ?? wsSocketFactory,
      clock: systemClock,
      logger: opts.logger ?? silentLogger,
      openTimeoutMs: timeoutMs,
    });
  } catch (error) {
    throw new ApiTokenError('network_error', `Deriv could not be reached: ${messageOf(error)}`);
  }
  try {
    const accounts: ApiTokenAccount[] = [];
    for (const [i, token] of tokens.entries()) {
      const { userAccountIds, ...account } = await authorizeOne(conn, token, i + 1, timeoutMs);
      const together = [
        ...opts.held.filter((h) => h.token !== null && h.accountId !== account.accountId).map((h) => h.accountId),
        ...accounts.map((a) => a.accountId),
      ];
      // The user's account list names every account of that user: none of the others in it, another user.
      if (together.length > 0 && userAccountIds.length > 0 && !together.some((id) => userAccountIds.includes(id))) {
        throw new ApiTokenError(
          'other_user',
          `Token ${i + 1} opens ${account.accountId}, an account of another Deriv user than the accounts signed in with it.`,
          i + 1,
          account.accountId,
        );
      }
      if (accounts.some((a) => a.accountId === account.accountId)) {
        throw new ApiTokenError(
          'already_signed_in',
          `Tokens ${accounts.findIndex((a) => a.accountId === account.accountId) + 1} and ${i + 1} open the same account, ${account.accountId}.`,
          i + 1,
          account.accountId,
        );
      }
      if (opts.held.some((h) => h.accountId === account.accountId && h.token === token)) {
        throw new ApiTokenError(
          'already_signed_in',
          `${account.accountId} is already signed in with this token.`,
          i + 1,
          account.accountId,
        );
      }
      accounts.push(account);
    }
    const total = new Set([
      ...opts.held.filter((h) => h.token !== null).map((h) => h.accountId),
      ...accounts.map((a) => a.accountId),
    ]);
    if (total.size > MAX_ACCOUNTS_PER_SOCKET) {
      throw new ApiTokenError(
        'too_many_accounts',
        `That would make ${total.size} accounts; one connection to Deriv holds at most ${MAX_ACCOUNTS_PER_SOCKET}. Log out of some first.`,
      );
    }
    return accounts;
  } finally {
    conn.close();
  }
}

async function authorizeOne(
  conn: DerivConnection,
  token: string,
  position: number,
  timeoutMs: number,
): Promise<ApiTokenAccount & { userAccountIds: string[] }> {
  let answer: AuthorizeAnswer;
  try {
    answer = await authorize(conn, [token], timeoutMs);
  } catch (error) {
    throw refusal(error, position);
  }
  const { authorize: body, accountId, accounts } = answer;
  if (body === null || accountId === null) {
    throw new ApiTokenError('refused', `Deriv's answer for token ${position} names no account.`, position);
  }
  const entry = accounts.find((a) => a.accountId === accountId);
  if (entry?.isDisabled) {
    throw new ApiTokenError('disabled_account', `Deriv says ${accountId} is disabled.`, position, accountId);
  }
  return {
    accountId,
    currency: typeof body.currency === 'string' ? body.currency : '',
    token,
    scopes: answer.scopes,
    isVirtual: body.is_virtual === 1,
    isDisabled: false,
    landingCompanyName: typeof body.landing_company_name === 'string' ? body.landing_company_name : null,
    accountType: entry?.accountType ?? null,
    userAccountIds: accounts.map((a) => a.accountId),
  };
}

function refusal(error: unknown, position: number): ApiTokenError {
  if (error instanceof DerivApiError) {
    if (error.code === 'InvalidToken')
      return new ApiTokenError(
        'invalid_token',
        `Deriv refused token ${position}: it is not valid or was deleted.`,
        position,
      );
    if (error.code === 'DisabledClient' || error.code === 'AccountDisabled')
      return new ApiTokenError(
        'disabled_account',
        `Deriv says the account of token ${position} is disabled.`,
        position,
      );
    // Deriv's message is about the call, never the token (the echo is not kept).
    return new ApiTokenError('refused', `Deriv refused token ${position}: ${error.message}`, position);
  }
  return new ApiTokenError('network_error', `Deriv could not be reached: ${messageOf(error)}`, position);
}

/** A token without `read`: balances and account details need it, so the user is told to add it. */
export function missingReadScope(scopes: readonly string[] | null): boolean {
  return scopes !== null && !scopes.includes(READ_SCOPE);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
