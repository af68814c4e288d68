/**
 * Each account's last known balance and when it was received: learnt from the backend's live view,
 * restored from the vault after a restart, and handed back to the vault (not a secret: it is kept
 * with the account records, coalesced, see `Vault.noteBalances`). The screen shows a restored
 * figure, marked as not live, from the first paint until the server's own arrives (issue 24).
 */
import type { BackendView } from '../backend/port';
import type { LastBalance } from '../model';

export class LastBalances {
  private readonly known = new Map<string, LastBalance>();
  /** The figures of the last view learnt: one that appears or changes there was received now. */
  private live: Record<string, string> = {};

  constructor(
    private readonly now: () => number,
    /** Where changed figures go to be remembered (the vault, for the accounts it stores). */
    private readonly remember: (changed: Record<string, LastBalance>) => void,
  ) {}

  /** The figures restored from disk (what a previous run saw last). */
  restore(stored: Record<string, LastBalance>): void {
    this.known.clear();
    for (const [accountId, last] of Object.entries(stored)) this.known.set(accountId, { ...last });
  }

  /**
   * The live figures of a view: one that is new in it or changed is stamped with the time it
   * arrived (a restored figure the server confirms is received again now).
   */
  learn(view: BackendView): void {
    const changed: Record<string, LastBalance> = {};
    const before = this.live;
    this.live = view.balances;
    for (const [accountId, amount] of Object.entries(view.balances)) {
      if (before[accountId] === amount) continue;
      const last = { amount, at: this.now() };
      this.known.set(accountId, last);
      changed[accountId] = last;
    }
    if (Object.keys(changed).length > 0) this.remember(changed);
  }

  of(accountId: string): LastBalance | undefined {
    return this.known.get(accountId);
  }

  /** Logged out: their figures go (the vault's go with their records). */
  forget(accountIds?: readonly string[]): void {
    if (!accountIds) this.known.clear();
    else for (const id of accountIds) this.known.delete(id);
  }
}
