/**
 * The one guard on the way from the token endpoint to the vault: one refresh per refresh token.
 * Deriv's authorization server rotates refresh tokens and treats a second use of one as theft (it
 * answers `invalid_grant` and revokes the whole grant). A backend restarted (new grants) or replaced
 * (new settings, a new language) while a refresh is in flight builds new holders from a credential
 * that still carries the old refresh token; through this guard they join the refresh already sent,
 * or adopt what it gave, instead of spending that token a second time.
 *
 * The rule is the grant's own: a grant follows its refresh token. The ledger (main's held grants,
 * or a backend's own in tests) holds each grant's credential now; a renewal made from a refresh
 * token the grant no longer holds is the grant's current credential (adopted, no request); the
 * answer of a refresh replaces that one grant, by its id, only while it still holds the token the
 * refresh spent (a grant logged out meanwhile is not brought back by it). Nothing spent is remembered
 * beyond the refresh in flight, and a grant logged out is forgotten at once (`forget`): no renewed
 * token of it stays in memory, and a refresh of it still in flight is handed to the caller (its
 * answer is a live token to revoke), never to the ledger.
 */
import type { Credential, OAuthCredential, RenewGrant } from './port';

/** Where grants are held: what a grant's credential is now, and replacing it after a refresh. */
export interface GrantLedger {
  /** The grant's credential now; null when the grant is not held (any more). */
  credentialOf(grantId: string): Credential | null;
  /**
   * The refresh of `grantId` gave `renewed`: replace that grant's credential. Not called while the
   * grant holds another refresh token than the one spent; a ledger that no longer holds the grant
   * ignores it.
   */
  renewed(grantId: string, renewed: OAuthCredential): void;
  /** The grant was logged out: drop what is held of it (a ledger of its own; main's drops it itself). */
  forget?(grantId: string): void;
}

export class GrantRenewals {
  /** Refreshes in flight, by the refresh token they spend, with the grant they renew. */
  private readonly running = new Map<string, { grantId: string; renewal: Promise<OAuthCredential> }>();

  constructor(private readonly ledger: GrantLedger) {}

  /** A ledger of its own, in memory (a backend built without main's, e.g. in tests). */
  static inMemory(): GrantRenewals {
    const held = new Map<string, OAuthCredential>();
    return new GrantRenewals({
      credentialOf: (id) => held.get(id) ?? null,
      renewed: (id, renewed) => held.set(id, renewed),
      forget: (id) => held.delete(id),
    });
  }

  /** Whether a refresh of this grant is in flight. */
  renewing(grantId: string): boolean {
    return [...this.running.values()].some((r) => r.grantId === grantId);
  }

  /**
   * The grant was logged out: nothing of it is kept here, and a refresh of it in flight no longer
   * renews anything (nobody joins it, the ledger never gets its answer). Returns those refreshes:
   * each may still bring a live token, which the caller revokes.
   */
  forget(grantId: string): Promise<OAuthCredential>[] {
    const late: Promise<OAuthCredential>[] = [];
    for (const [spent, r] of this.running) {
      if (r.grantId !== grantId) continue;
      this.running.delete(spent);
      late.push(r.renewal);
    }
    this.ledger.forget?.(grantId);
    return late;
  }

  /** Resolves once no refresh is in flight (each ended, its answer handed to the ledger or failed). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.renewal));
  }

  readonly renew: RenewGrant = (grantId, replaces, exchange) => {
    const spent = replaces.refreshToken;
    const now = this.ledger.credentialOf(grantId);
    // Renewed already (by a holder since torn down, a backend since replaced): the grant's credential now.
    if (now?.kind === 'oauth' && spent !== null && now.refreshToken !== spent) return Promise.resolve(now);
    if (spent === null) return exchange();
    const joined = this.running.get(spent);
    if (joined) return joined.renewal;
    // Its `renewal` is set below, before anything can read it (the exchange answers later).
    const entry = { grantId } as { grantId: string; renewal: Promise<OAuthCredential> };
    const started = exchange().then((renewed) => {
      // Not for a grant logged out meanwhile (`forget`), nor while it holds another token now
      // (renewed or logged in again meanwhile).
      if (this.running.get(spent) !== entry) return renewed;
      const held = this.ledger.credentialOf(grantId);
      if (held === null || (held.kind === 'oauth' && held.refreshToken === spent))
        this.ledger.renewed(grantId, renewed);
      return renewed;
    });
    entry.renewal = started;
    this.running.set(spent, entry);
    const done = () => {
      if (this.running.get(spent) === entry) this.running.delete(spent);
    };
    started.then(done, done);
    return started;
  };
}
