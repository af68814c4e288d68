import type { BackendView, Credential, DeadCredentialListener, RenewalListener } from '../backend/port';
import type { Logger } from '../socket/ports';

/**
 * Who hears from the current-API session: view listeners (every new view), credential-renewal
 * listeners (an OAuth refresh, for main to re-seal) and dead-credential listeners (a refresh token
 * the server refused for good, for main to forget). One listener's failure never keeps the news
 * from the others, nor breaks the session. A renewal is told once per account: a holder torn down by
 * `setAccounts` and its successor, which joined the same refresh, both report it.
 */
export class SessionListeners {
  private readonly views = new Set<(view: BackendView) => void>();
  private readonly renewals = new Set<RenewalListener>();
  private readonly deaths = new Set<DeadCredentialListener>();
  /** Recent renewals (the refresh answer's tokens) → the accounts already told; oldest first. */
  private readonly told = new Map<string, Set<string>>();

  constructor(private readonly logger: Logger) {}

  onView(listener: (view: BackendView) => void): () => void {
    this.views.add(listener);
    return () => this.views.delete(listener);
  }

  onRenewed(listener: RenewalListener): () => void {
    this.renewals.add(listener);
    return () => this.renewals.delete(listener);
  }

  onDead(listener: DeadCredentialListener): () => void {
    this.deaths.add(listener);
    return () => this.deaths.delete(listener);
  }

  /** A refresh token refused for good: told every time (the listener keeps it only where still held). */
  dead(accountIds: readonly string[], credential: Credential): void {
    for (const l of this.deaths) this.safely('dead-credential listener threw', () => l([...accountIds], credential));
  }

  view(view: BackendView): void {
    for (const l of this.views) this.safely('view listener threw', () => l(view));
  }

  renewed(accountIds: readonly string[], credential: Credential, replaces: Credential): void {
    const key = credential.kind === 'oauth' ? `${credential.accessToken} ${credential.refreshToken}` : '';
    const told = this.told.get(key) ?? new Set<string>();
    const fresh = accountIds.filter((id) => !told.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) told.add(id);
    this.told.delete(key);
    this.told.set(key, told);
    if (this.told.size > 16) this.told.delete(this.told.keys().next().value!);
    for (const l of this.renewals) this.safely('renewal listener threw', () => l([...fresh], credential, replaces));
  }

  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger.error(what, { error: (e as Error).message });
    }
  }
}
