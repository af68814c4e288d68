import type { BackendView } from '../backend/port';
import type { Logger } from '../socket/ports';

/**
 * Who hears from the current-API session: view listeners (every new view). One listener's failure
 * never keeps the news from the others, nor breaks the session. (Renewed grants do not pass here:
 * they go to main through the `RenewGrant` the session was given.)
 */
export class SessionListeners {
  private readonly views = new Set<(view: BackendView) => void>();

  constructor(private readonly logger: Logger) {}

  onView(listener: (view: BackendView) => void): () => void {
    this.views.add(listener);
    return () => this.views.delete(listener);
  }

  view(view: BackendView): void {
    for (const l of this.views) this.safely('view listener threw', () => l(view));
  }

  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger.error(what, { error: (e as Error).message });
    }
  }
}
