import type { Authorize } from '@deriv/api-types';

import type { Amount, ConnectionState } from '../model';
import { exactBalanceOf } from '../net/exact-json';

/** The last `authorize` answer, whole, as Deriv sent it (it carries no tokens). */
export interface AuthorizeSnapshot {
  response: Authorize;
  /** The account whose token went first: the answer's top-level account fields describe it. */
  primaryAccountId: string;
  receivedAt: number;
}

/** What the session exposes. Never holds a token. */
export interface SessionSnapshot {
  connection: ConnectionState;
  authorize: AuthorizeSnapshot | null;
  /** loginid → live balance, exact decimal text (from the `account: "all"` subscription). */
  balances: Record<string, Amount>;
  /** loginids whose token the server accepted in the current authorization. */
  authorized: string[];
  /** loginids whose token was refused (`InvalidToken`): they need a new login. */
  refused: string[];
  /** loginids the server reports as disabled (`DisabledClient`): no login will help. */
  disabled: string[];
  activeAccountId: string | null;
}

export type SessionEvent =
  | { type: 'connection'; connection: ConnectionState }
  | {
      type: 'authorized';
      /** Null when no token was accepted. */
      response: Authorize | null;
      primaryAccountId: string | null;
      receivedAt: number;
      accepted: string[];
      refused: string[];
      disabled: string[];
      preferredActive: string | null;
    }
  | { type: 'balances'; balances: Record<string, Amount> }
  | { type: 'switched'; accountId: string }
  /**
   * The account list was replaced: what the server said applies to the tokens it was told about,
   * so only accounts still held with the same token (`kept`) keep it; the others wait for the next
   * authorize (an account logged out and logged in again is not "authorized" by its old token).
   */
  | { type: 'accounts'; kept: string[] }
  /** Back to idle (the port's contract for logout); `reason` is for the reader of the log. */
  | { type: 'cleared'; reason: 'starting' | 'logged_out' };

export const initialSnapshot: SessionSnapshot = Object.freeze({
  connection: { status: 'idle' },
  authorize: null,
  balances: {},
  authorized: [],
  refused: [],
  disabled: [],
  activeAccountId: null,
}) as SessionSnapshot;

/**
 * Pure transition of the session's visible state. Returns the same object when nothing changed, so
 * the session only notifies listeners on real changes.
 */
export function reduceSession(state: SessionSnapshot, event: SessionEvent): SessionSnapshot {
  switch (event.type) {
    case 'connection':
      return sameConnection(state.connection, event.connection) ? state : { ...state, connection: event.connection };
    case 'authorized': {
      const accepted = [...new Set(event.accepted)];
      const keep = (id: string | null) => (id !== null && accepted.includes(id) ? id : null);
      const activeAccountId =
        keep(state.activeAccountId) ??
        keep(event.preferredActive) ??
        keep(event.primaryAccountId) ??
        accepted[0] ??
        null;
      const primary = event.primaryAccountId;
      const balance = v3BalanceOf(event.response);
      const opening = primary !== null && balance !== null ? { [primary]: balance } : {};
      return {
        ...state,
        authorize:
          event.response === null || primary === null
            ? null
            : { response: event.response, primaryAccountId: primary, receivedAt: event.receivedAt },
        authorized: accepted,
        refused: [...new Set(event.refused)].filter((id) => !accepted.includes(id)),
        disabled: [...new Set(event.disabled)].filter((id) => !accepted.includes(id)),
        activeAccountId,
        balances: { ...state.balances, ...opening },
      };
    }
    case 'balances': {
      let changed = false;
      for (const [id, value] of Object.entries(event.balances)) {
        if (state.balances[id] !== value) {
          changed = true;
          break;
        }
      }
      return changed ? { ...state, balances: { ...state.balances, ...event.balances } } : state;
    }
    case 'switched':
      if (!state.authorized.includes(event.accountId) || state.activeAccountId === event.accountId) return state;
      return { ...state, activeAccountId: event.accountId };
    case 'accounts': {
      const kept = (id: string) => event.kept.includes(id);
      if ([...state.authorized, ...state.refused, ...state.disabled, ...Object.keys(state.balances)].every(kept))
        return state;
      return {
        ...state,
        authorized: state.authorized.filter(kept),
        refused: state.refused.filter(kept),
        disabled: state.disabled.filter(kept),
        balances: Object.fromEntries(Object.entries(state.balances).filter(([id]) => kept(id))),
        activeAccountId: state.activeAccountId !== null && kept(state.activeAccountId) ? state.activeAccountId : null,
      };
    }
    case 'cleared':
      return initialSnapshot;
  }
}

function sameConnection(a: ConnectionState, b: ConnectionState): boolean {
  if (a.status !== b.status) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A v3 `balance` field as exact decimal text: v3's schemas say number (`balance/receive.json`,
 * `authorize/receive.json`) and the v3 API has never been seen sending a string, so only a number
 * is read, as the digits the frame carried (`exactBalanceOf`); anything else is ignored.
 */
function v3BalanceOf(holder: unknown): Amount | null {
  return typeof (holder as { balance?: unknown } | null)?.balance === 'number' ? exactBalanceOf(holder) : null;
}

/**
 * The balances a `balance` frame carries: the `accounts` map of an `account: "all"` answer, and
 * the single account of a stream update, each as the exact digits the frame carried.
 */
export function balancesFromFrame(frame: unknown): Record<string, Amount> {
  const out: Record<string, Amount> = {};
  if (typeof frame !== 'object' || frame === null) return out;
  const balance = (frame as { balance?: unknown }).balance;
  if (typeof balance !== 'object' || balance === null) return out;
  const b = balance as { balance?: unknown; loginid?: unknown; accounts?: unknown };
  if (typeof b.accounts === 'object' && b.accounts !== null && !Array.isArray(b.accounts)) {
    for (const [accountId, entry] of Object.entries(b.accounts as Record<string, unknown>)) {
      const value = v3BalanceOf(entry);
      if (value !== null) out[accountId] = value;
    }
  }
  const single = v3BalanceOf(b);
  if (typeof b.loginid === 'string' && single !== null) out[b.loginid] = single;
  return out;
}

/** The session's current snapshot and its listeners: a listener hears of real changes only. */
export class SnapshotStore {
  state: SessionSnapshot = initialSnapshot;
  private readonly listeners = new Set<(s: SessionSnapshot) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  dispatch(event: SessionEvent): void {
    const next = reduceSession(this.state, event);
    if (next === this.state) return;
    this.state = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  onChange(listener: (s: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
