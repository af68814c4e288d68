import type { BackendView, Credential } from '../backend/port';
import type { Logger } from '../deriv/ports';

/**
 * Who hears from the current-API session: view listeners (every new view) and credential-renewal
 * listeners (an OAuth refresh, for main to re-seal). One listener's failure never keeps the news
 * from the others, nor breaks the session.
 */
export class SessionListeners {
  private readonly views = new Set<(view: BackendView) => void>();
  private readonly renewals = new Set<(accountIds: string[], credential: Credential) => void>();

  constructor(private readonly logger: Logger) {}

  onView(listener: (view: BackendView) => void): () => void {
    this.views.add(listener);
    return () => this.views.delete(listener);
  }

  onRenewed(listener: (accountIds: string[], credential: Credential) => void): () => void {
    this.renewals.add(listener);
    return () => this.renewals.delete(listener);
  }

  view(view: BackendView): void {
    for (const l of this.views) this.safely('view listener threw', () => l(view));
  }

  renewed(accountIds: readonly string[], credential: Credential): void {
    for (const l of this.renewals) this.safely('renewal listener threw', () => l([...accountIds], credential));
  }

  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger.error(what, { error: (e as Error).message });
    }
  }
}
