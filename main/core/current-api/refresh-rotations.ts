/**
 * One refresh per refresh token. Deriv's authorization server rotates refresh tokens and treats a
 * second use of one as theft: it answers invalid_grant and revokes the whole grant. A session that
 * is restarted (new account list) or replaced (new settings) while a refresh is in flight builds new
 * holders from credentials that still carry the old refresh token; through this registry they join
 * the refresh already sent, or adopt what it gave, instead of spending that token a second time.
 * One instance is shared by every session of the app (see `backendFactory`).
 */
import type { OAuthCredential } from './credential-refresher';

/** Rotations remembered: far more than one app has credentials, so a late holder always finds its own. */
export const REMEMBERED_ROTATIONS = 64;
/**
 * How long a rotation is remembered: a late holder comes within seconds (a restart racing a
 * refresh); past that the tokens are only secrets kept in memory for nothing.
 */
export const ROTATION_MEMORY_MS = 10 * 60_000;

export class RefreshRotations {
  private readonly running = new Map<string, Promise<OAuthCredential>>();
  /** Spent refresh token → what its refresh gave and when, oldest first (Map keeps insertion order). */
  private readonly spent = new Map<string, { renewed: OAuthCredential; at: number }>();

  constructor(
    private readonly limit = REMEMBERED_ROTATIONS,
    private readonly now: () => number = Date.now,
    private readonly keepMs = ROTATION_MEMORY_MS,
  ) {}

  /** The newest credential known to follow `refreshToken` (following R1→R2→R3), or null. */
  successor(refreshToken: string): OAuthCredential | null {
    this.forgetOld();
    let found: OAuthCredential | null = null;
    let token: string | null = refreshToken;
    // Bounded: a chain never holds more links than are remembered.
    for (let step = 0; token !== null && step <= this.limit; step++) {
      const next: OAuthCredential | undefined = this.spent.get(token)?.renewed;
      if (!next) break;
      found = next;
      token = next.refreshToken;
    }
    return found;
  }

  /**
   * The credential that follows `refreshToken`: the one already known, the refresh already running
   * for it (joined), or `run()` (the one request). A failed run is forgotten, so it can be retried.
   */
  rotate(refreshToken: string, run: () => Promise<OAuthCredential>): Promise<OAuthCredential> {
    const known = this.successor(refreshToken);
    if (known) return Promise.resolve(known);
    const joined = this.running.get(refreshToken);
    if (joined) return joined;
    const started = run().then((renewed) => {
      // An answer that keeps the same refresh token did not spend it: a later refresh may use it again.
      if (renewed.refreshToken !== refreshToken) this.remember(refreshToken, renewed);
      return renewed;
    });
    this.running.set(refreshToken, started);
    const forget = () => {
      if (this.running.get(refreshToken) === started) this.running.delete(refreshToken);
    };
    started.then(forget, forget);
    return started;
  }

  private remember(spent: string, renewed: OAuthCredential): void {
    this.spent.delete(spent);
    this.spent.set(spent, { renewed, at: this.now() });
    while (this.spent.size > this.limit) this.spent.delete(this.spent.keys().next().value!);
    this.forgetOld();
  }

  /** Drops rotations older than `keepMs` (the oldest come first). */
  private forgetOld(): void {
    const before = this.now() - this.keepMs;
    for (const [token, { at }] of this.spent) {
      if (at > before) break;
      this.spent.delete(token);
    }
  }
}
