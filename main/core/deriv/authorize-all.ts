/**
 * One authorize round on a connection: every usable token in one `authorize` (first token plus
 * `tokens`), refused ones found and marked in the account list (see `token-triage`). `Authorizer`
 * runs the session's rounds: on connect, and again on the live socket when the accounts change or
 * a token went bad (one re-authorize at a time, the balance stream replaced once after it).
 */
import type { Authorize } from '@deriv/api-types';

import type { AccountList, SessionAccount } from './account-list';
import type { DerivConnection } from './connection';
import { SessionError } from './errors';
import type { Clock, Logger } from './ports';
import { reauthorizeReason } from './send-gate';
import { SingleFlight } from './single-flight';
import type { SessionEvent } from './state';
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
  const send = (list: SessionAccount[]): Promise<{ authorize?: Authorize }> => {
    const [first, ...rest] = list;
    return conn.call(
      'authorize',
      { authorize: first!.token, ...(rest.length > 0 ? { tokens: rest.map((a) => a.token) } : {}) },
      { timeoutMs: opts.timeoutMs },
    );
  };
  const result = await triageTokens(accounts.candidates(), send, opts.current);
  for (const { account, error } of result.refused) {
    accounts.mark(account, error.code === 'DisabledClient' ? 'disabled' : 'refused');
    opts.logger.warn('token refused', { accountId: account.accountId, code: error.code });
  }
  const auth = result.response?.authorize ?? null;
  if (auth === null || result.accepted.length === 0) return { response: null, primaryAccountId: null, accepted: [] };
  const primary = typeof auth.loginid === 'string' ? auth.loginid : result.accepted[0]!.accountId;
  return { response: auth, primaryAccountId: primary, accepted: result.accepted.map((a) => a.accountId) };
}

export interface AuthorizeHost {
  accounts: AccountList;
  logger: Logger;
  clock: Clock;
  timeoutMs: number;
  isCurrent(gen: number): boolean;
  dispatch(event: SessionEvent): void;
  /** The account the user chose last, kept active when it is authorized again. */
  preferredActive(): string | null;
  /** Every token was refused: the session stops for good with this error. */
  fail(error: SessionError): void;
  /** The connection in use and its generation, null when not online. */
  online(): { conn: DerivConnection; gen: number } | null;
  replaceBalances(conn: DerivConnection, gen: number): Promise<void>;
  describe(error: unknown): string;
}

export class Authorizer {
  /** One re-authorize at a time: a second request joins the one in flight. */
  private readonly inFlight = new SingleFlight();

  constructor(private readonly host: AuthorizeHost) {}

  /** The re-authorize in flight, if any. */
  get running(): Promise<void> | null {
    return this.inFlight.running;
  }

  /** The connection was abandoned: its re-authorize in flight is no longer current. */
  forget(): void {
    this.inFlight.forget();
  }

  /**
   * Authorize every usable token in one call and publish the outcome. False when nothing more is
   * to be done on this connection (every token refused: the session stops; or it was replaced).
   */
  async round(conn: DerivConnection, gen: number): Promise<boolean> {
    const { accounts, logger, timeoutMs } = this.host;
    const current = () => this.host.isCurrent(gen);
    const round = await authorizeAll(conn, accounts, { timeoutMs, logger, current });
    if (!current()) return false;
    const primary = round.primaryAccountId;
    this.host.dispatch({
      type: 'authorized',
      ...round,
      receivedAt: this.host.clock.now(),
      refused: accounts.marked('refused'),
      disabled: accounts.marked('disabled'),
      preferredActive: primary === null ? null : this.host.preferredActive(),
    });
    if (primary !== null) return true;
    this.host.fail(
      new SessionError('all_credentials_refused', 'The server refused every account token; log in again.'),
    );
    return false;
  }

  /** Re-authorize on the live socket and replace the balance stream exactly once. */
  reauthorize(why: string): Promise<void> {
    const live = this.host.online();
    if (this.inFlight.running) return this.inFlight.running;
    if (live === null) return Promise.resolve();
    const { conn, gen } = live;
    return this.inFlight.run(async () => {
      this.host.logger.info('re-authorizing', { why });
      try {
        if (!(await this.round(conn, gen))) return;
        await this.host.replaceBalances(conn, gen);
      } catch (error) {
        if (!this.host.isCurrent(gen)) return;
        this.host.logger.warn('re-authorize failed; reconnecting', { error: this.host.describe(error) });
        // A fresh connection re-authorizes and restores the stream from a clean slate.
        conn.terminate('re-authorize failed');
      }
    });
  }

  /** A caller's request failed: re-authorize if a token went bad (the caller and the other accounts go on). */
  afterCallerError(error: { code: string }, accountId: string | undefined): void {
    const why = reauthorizeReason(error, accountId);
    if (why !== null) void this.reauthorize(why).catch(() => undefined);
  }
}
