/**
 * The one `balance` subscription of the session (`account: "all"`): every account's balance live
 * on one stream, replaced exactly once after a re-authorize, and any stray stream ended on the
 * server so there is never a second one.
 */
import type { Amount } from '../model';
import { type DerivConnection, type DerivMessage, errorOf, subscriptionIdOf } from '../socket/connection';
import { DerivApiError } from '../socket/errors';
import type { Logger } from '../socket/ports';
import { balancesFromFrame } from './state';
import { isTokenRefusal } from './token-triage';

export interface BalanceStreamDeps {
  logger: Logger;
  requestTimeoutMs: number;
  onBalances(balances: Record<string, Amount>): void;
  /** The stream was refused for a token: the session re-authorizes to find out whose. */
  onRefused(): void;
}

export class BalanceStream {
  private id: string | null = null;

  constructor(private readonly deps: BalanceStreamDeps) {}

  /**
   * Subscribe on `conn` while `current()` holds. With several accounts authorized, `loginid` names
   * the primary one (Deriv wants it for multi-token sessions).
   */
  async subscribe(conn: DerivConnection, accountId: string, multi: boolean, current: () => boolean): Promise<void> {
    const onFrame = (m: DerivMessage) => {
      if (current()) this.onFrame(m);
    };
    let first;
    try {
      first = await conn.call(
        'balance',
        { balance: 1, account: 'all', subscribe: 1, ...(multi ? { loginid: accountId } : {}) },
        { timeoutMs: this.deps.requestTimeoutMs, onUpdate: onFrame },
      );
    } catch (error) {
      // An API token without the `read` scope may not read balances: the session stays online
      // without them (the user is told which scope to add) instead of reconnecting forever.
      if (error instanceof DerivApiError && error.code === 'PermissionDenied') {
        this.deps.logger.warn('balance stream not permitted', { code: error.code });
        return;
      }
      throw error;
    }
    if (!current()) return;
    this.id = typeof first.subscription?.id === 'string' ? first.subscription.id : null;
    this.onFrame(first as DerivMessage);
  }

  /** After a re-authorize: a new authorization ends the old one's streams on Deriv; forget_all makes sure. */
  async replace(conn: DerivConnection, accountId: string, multi: boolean, current: () => boolean): Promise<void> {
    if (this.id !== null) conn.dropStream(this.id);
    this.id = null;
    await conn.call('forget_all', { forget_all: 'balance' }, { timeoutMs: this.deps.requestTimeoutMs });
    await this.subscribe(conn, accountId, multi, current);
  }

  /** A connection ended: its stream went with it. */
  reset(): void {
    this.id = null;
  }

  /**
   * A frame nobody waits for. A stream nobody listens to (its subscribe timed out, or it outlived a
   * re-authorize) would be a second balance subscription: end it on the server.
   */
  forgetStray(conn: DerivConnection, message: DerivMessage): void {
    const id = subscriptionIdOf(message);
    if (id !== null && conn.isOpen && id !== this.id) {
      conn.call('forget', { forget: id }, { timeoutMs: this.deps.requestTimeoutMs }).catch(() => undefined);
    }
  }

  private onFrame(message: DerivMessage): void {
    const error = errorOf(message);
    if (error) {
      this.deps.logger.warn('balance stream error', { code: error.code });
      if (isTokenRefusal(error)) this.deps.onRefused();
      return;
    }
    const balances = balancesFromFrame(message);
    if (Object.keys(balances).length > 0) this.deps.onBalances(balances);
  }
}
