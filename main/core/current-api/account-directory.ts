/**
 * Which accounts a current-API session holds, under which grant, and what the account lists
 * said of them: open (listed, active), disabled (listed, inactive) or refused (credential refused,
 * or not listed by its credential). Balances from the lists stand for accounts without a socket.
 */
import type { AccountDetails, BackendGrant, Refusal } from '../backend/port';
import type { Amount } from '../model';
import type { CredentialHolder } from './credentials';
import { faultOf, refusalOf } from './refusal';
import type { BudgetedRest } from './rest-budget';
import { detailsOf } from './view';
import { type ApiAccount, WireError } from './wire';

interface Listing {
  accounts: ApiAccount[];
  raw: unknown;
  at: number;
}

export interface Classification {
  authorized: string[];
  refused: Set<string>;
  disabled: Set<string>;
  /** Exact decimal text, as the list carried it. */
  listBalances: Record<string, Amount>;
}

export class AccountDirectory {
  readonly order: string[];
  readonly holders: CredentialHolder[];
  private readonly holderOf = new Map<string, CredentialHolder>();
  private readonly lists = new Map<CredentialHolder, Listing>();

  constructor(grants: BackendGrant[], makeHolder: (grant: BackendGrant) => CredentialHolder) {
    this.order = grants.flatMap((g) => g.accountIds);
    this.holders = grants.map((g) => {
      const holder = makeHolder(g);
      for (const id of g.accountIds) this.holderOf.set(id, holder);
      return holder;
    });
  }

  holder(id: string): CredentialHolder | undefined {
    return this.holderOf.get(id);
  }

  /** Lists every credential not listed yet; resolves with a transient error to retry after, or null. */
  async listMissing(rest: BudgetedRest, stale: () => boolean): Promise<WireError | null> {
    let transient: WireError | null = null;
    for (const holder of this.holders) {
      if (holder.refusal || this.lists.has(holder)) continue;
      try {
        const list = await holder.use((c) => rest.listAccounts(c));
        if (stale()) return null;
        this.lists.set(holder, { ...list, at: Date.now() });
      } catch (e) {
        if (stale()) return null;
        if (!(e instanceof WireError)) transient = new WireError('network', 'The account list failed.');
        else if (faultOf(e) === 'account_refused') holder.refuse(e);
        else if (!holder.refusal) transient = e;
      }
    }
    return transient;
  }

  /** Refreshes the lists while more than `reserve` requests are left in the budget; returns the earliest retry time hint. */
  async refresh(rest: BudgetedRest, reserve: number, stale: () => boolean): Promise<number | null> {
    let retryAt: number | null = null;
    for (const holder of this.holders) {
      if (holder.refusal || rest.remaining() <= reserve) continue;
      try {
        const list = await holder.use((c) => rest.listAccounts(c));
        if (stale()) return null;
        this.lists.set(holder, { ...list, at: Date.now() });
      } catch (e) {
        if (stale()) return null;
        if (e instanceof WireError && e.retryAt) retryAt = Math.max(retryAt ?? 0, e.retryAt);
      }
    }
    return retryAt;
  }

  classify(): Classification {
    const listed = new Map<string, ApiAccount>();
    for (const [holder, list] of this.lists)
      for (const a of list.accounts) if (holder.accountIds.includes(a.account_id)) listed.set(a.account_id, a);
    const out: Classification = { authorized: [], refused: new Set(), disabled: new Set(), listBalances: {} };
    for (const id of this.order) {
      const holder = this.holderOf.get(id)!;
      const a = listed.get(id);
      if (holder.refusal || !a) {
        if (holder.refusal || this.lists.has(holder)) out.refused.add(id);
        continue;
      }
      if (a.status !== 'active') out.disabled.add(id);
      else out.authorized.push(id);
      out.listBalances[id] = a.balance;
    }
    return out;
  }

  /**
   * What the lists say for the primary account: its own credential's list (that login's accounts,
   * as the legacy side shows the primary token's `authorize`; none while it is not listed), or
   * every list without a primary. The same object while nothing changed, so an unchanged view is
   * not published again.
   */
  details(primaryAccountId: string | null): AccountDetails | null {
    const holder = primaryAccountId === null ? undefined : this.holderOf.get(primaryAccountId);
    const own = holder && this.lists.get(holder);
    const lists = own ? [own] : primaryAccountId === null ? [...this.lists.values()] : [];
    if (lists.length === 0) return null;
    const last = this.lastDetails;
    if (
      last?.primaryAccountId === primaryAccountId &&
      last.lists.length === lists.length &&
      last.lists.every((l, i) => l === lists[i])
    )
      return last.value;
    const value = detailsOf(primaryAccountId, lists, Math.max(0, ...lists.map((l) => l.at)));
    this.lastDetails = { primaryAccountId, lists, value };
    return value;
  }

  private lastDetails: { primaryAccountId: string | null; lists: Listing[]; value: AccountDetails | null } | null =
    null;

  start(): void {
    for (const h of this.holders) h.start();
  }

  stop(): void {
    for (const h of this.holders) h.stop();
  }
}

/** The view's `refusals` (for refused accounts whose credential was refused) and `refreshing`. */
export function credentialStateOf(
  dir: AccountDirectory | null,
  refused: ReadonlySet<string>,
): { refusals: Record<string, Refusal>; refreshing: boolean } {
  const refusals: Record<string, Refusal> = {};
  // In the accounts' own order, not the set's: a set rebuilt in another order is no change to publish.
  for (const id of dir?.order.filter((x) => refused.has(x)) ?? []) {
    const holder = dir?.holder(id);
    if (holder?.refusal) refusals[id] = refusalOf(holder.refusal, holder.current());
  }
  return { refusals, refreshing: dir?.holders.some((h) => h.refreshing) ?? false };
}
