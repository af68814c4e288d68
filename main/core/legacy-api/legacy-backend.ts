/**
 * The v3 session as the controller's `AccountsBackend` (`api: 'legacy'`): each grant holds one token
 * per account (`{kind: 'tokens'}`), all authorized on the one socket; the view's `details` are the
 * typed facts of `account_list` plus
 * the `authorize` answer whole. Nothing else of v3 crosses the port.
 */
import type { AccountDetails, AccountsBackend, BackendGrant, BackendView } from '../backend/port';
import type { OsSignal } from '../net/os-signals';
import { SessionError } from '../socket/errors';
import { factsFromAuthorize } from './account-facts';
import type { SessionAccount } from './account-list';
import type { DerivSession, SessionSnapshot } from './session';

export class LegacyBackend implements AccountsBackend {
  readonly api = 'legacy' as const;
  private lastSnapshot: SessionSnapshot | null = null;
  private lastView: BackendView | null = null;

  constructor(private readonly session: DerivSession) {}

  preconnect(): Promise<void> {
    return this.session.preconnect();
  }

  async start(grants: BackendGrant[], activeAccountId?: string): Promise<BackendView> {
    return this.viewOf(await this.session.start(tokenAccounts(grants), activeAccountId));
  }

  /** Async so that a bad list rejects, as the port says, rather than throwing at the caller. */
  async setGrants(grants: BackendGrant[]): Promise<void> {
    return this.session.setAccounts(tokenAccounts(grants));
  }

  switchAccount(id: string): void {
    this.session.switchAccount(id);
  }

  retryNow(): void {
    this.session.retryNow();
  }

  osSignal(signal: OsSignal): void {
    this.session.osSignal(signal);
  }

  logout(): Promise<void> {
    return this.session.logout();
  }

  close(): Promise<void> {
    return this.session.close();
  }

  snapshot(): BackendView {
    return this.viewOf(this.session.snapshot());
  }

  onChange(listener: (view: BackendView) => void): () => void {
    return this.session.onChange((s) => listener(this.viewOf(s)));
  }

  /** The same snapshot gives the same view object, so "no change" stays detectable by identity. */
  private viewOf(s: SessionSnapshot): BackendView {
    if (s === this.lastSnapshot && this.lastView !== null) return this.lastView;
    const view: BackendView = {
      connection: s.connection,
      balances: s.balances,
      authorized: s.authorized,
      refused: s.refused,
      // v3 says only that a token was refused; its tokens are never renewed.
      refusals: {},
      disabled: s.disabled,
      refreshing: false,
      activeAccountId: s.activeAccountId,
      details: this.detailsOf(s),
    };
    this.lastSnapshot = s;
    this.lastView = view;
    return view;
  }

  private cachedFor: SessionSnapshot['authorize'] = null;
  private cachedDetails: AccountDetails | null = null;

  /** Facts are recomputed only when a new authorize answer arrived (not on every balance tick). */
  private detailsOf(s: SessionSnapshot): AccountDetails | null {
    const a = s.authorize;
    if (a === null) return null;
    if (a !== this.cachedFor || this.cachedDetails === null) {
      this.cachedFor = a;
      this.cachedDetails = {
        api: 'legacy',
        primaryAccountId: a.primaryAccountId,
        facts: factsFromAuthorize(a.response, a.primaryAccountId),
        raw: a.response,
        receivedAt: a.receivedAt,
      };
    }
    return this.cachedDetails;
  }
}

/** The session's accounts: every account of every grant with its token, in the grants' order. */
function tokenAccounts(grants: BackendGrant[]): SessionAccount[] {
  if (!Array.isArray(grants)) throw new SessionError('invalid_accounts', 'At least one account is needed.');
  return grants.flatMap((g) => {
    const credential = g?.credential;
    if (credential?.kind !== 'tokens' || !Array.isArray(g.accountIds)) {
      throw new SessionError('invalid_accounts', 'The legacy API opens accounts with tokens only.');
    }
    return g.accountIds.map((accountId) => ({ accountId, token: credential.tokens[accountId] ?? '' }));
  });
}
