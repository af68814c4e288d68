import type { AccountDetails, AccountFacts, BackendView } from '../backend/port';
import type { ConnectionState } from '../model';
import type { ApiAccount } from './wire';

export const idleView: BackendView = Object.freeze({
  connection: { status: 'idle' },
  balances: {},
  authorized: [],
  refused: [],
  refusals: {},
  disabled: [],
  refreshing: false,
  activeAccountId: null,
  details: null,
}) as BackendView;

export function factsOf(a: ApiAccount): AccountFacts {
  return {
    accountId: a.account_id,
    currency: a.currency || null,
    isVirtual: a.account_type === 'demo',
    isDisabled: a.status !== 'active',
    landingCompanyName: null,
    accountType: a.account_type,
    scopes: null,
    status: a.status,
  };
}

export function detailsOf(
  primaryAccountId: string | null,
  lists: { accounts: ApiAccount[]; raw: unknown }[],
  receivedAt: number,
): AccountDetails | null {
  const facts = lists.flatMap((l) => l.accounts.map(factsOf));
  const primary = primaryAccountId ?? facts[0]?.accountId;
  if (!primary) return null;
  return {
    api: 'current',
    primaryAccountId: primary,
    facts,
    raw: lists.length === 1 ? lists[0]!.raw : lists.map((l) => l.raw),
    receivedAt,
  };
}

/**
 * The connection as the active account's socket sees it (the user's account is what is "online"),
 * with `lastLiveAt` on every state that is not live so stale data can say since when.
 */
/** What the view reads of an account's socket (`AccountSocket` has it). */
export interface SocketFacts {
  status: 'connecting' | 'open' | 'waiting' | 'no_network' | 'closed';
  attempt: number;
  nextRetryAt: number;
  lastError: string | null;
  rateLimited: boolean;
  checking: { lastHeardAt: number } | null;
  lastLiveAt: number | null;
  noNetworkSince: number;
}

export function connectionOf(
  socket: SocketFacts | undefined,
  onlineSince: number,
  fallback: ConnectionState,
): ConnectionState {
  if (!socket) return fallback;
  const lastLiveAt = socket.lastLiveAt;
  const reconnecting = (): ConnectionState => ({
    status: 'reconnecting',
    attempt: socket.attempt,
    nextRetryAt: socket.nextRetryAt,
    lastError: socket.lastError,
    ...(lastLiveAt !== null ? { lastLiveAt } : {}),
  });
  switch (socket.status) {
    case 'open':
      return socket.checking
        ? { status: 'checking', since: onlineSince, lastHeardAt: socket.checking.lastHeardAt }
        : { status: 'online', since: onlineSince };
    case 'connecting':
      if (socket.attempt > 0) return reconnecting();
      return lastLiveAt !== null ? { status: 'connecting', lastLiveAt } : { status: 'connecting' };
    case 'waiting':
      // Deriv (or the request budget) said to wait: the next attempt is not before `nextRetryAt`.
      if (socket.rateLimited)
        return {
          status: 'rate_limited',
          until: socket.nextRetryAt,
          attempt: socket.attempt,
          ...(lastLiveAt !== null ? { lastLiveAt } : {}),
        };
      return reconnecting();
    case 'no_network':
      return { status: 'no_network', since: socket.noNetworkSince, lastLiveAt };
    case 'closed':
      return {
        status: 'offline',
        reason: socket.lastError === null ? 'closed' : 'connection_closed',
        ...(lastLiveAt !== null ? { lastLiveAt } : {}),
      };
  }
}

export function sameView(a: BackendView, b: BackendView): boolean {
  if (a.activeAccountId !== b.activeAccountId || a.details !== b.details) return false;
  if (JSON.stringify(a.connection) !== JSON.stringify(b.connection)) return false;
  if (a.refreshing !== b.refreshing || JSON.stringify(a.refusals) !== JSON.stringify(b.refusals)) return false;
  const list = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  if (!list(a.authorized, b.authorized) || !list(a.refused, b.refused) || !list(a.disabled, b.disabled)) return false;
  const ka = Object.keys(a.balances);
  if (ka.length !== Object.keys(b.balances).length) return false;
  return ka.every((k) => a.balances[k] === b.balances[k]);
}

/** A fresh, immutable view: the session's own maps and lists are copied, never shared. */
export function buildView(parts: BackendView): BackendView {
  return { ...parts, balances: { ...parts.balances }, authorized: [...parts.authorized] };
}
