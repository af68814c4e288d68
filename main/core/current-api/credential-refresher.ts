/**
 * Keeps one OAuth credential fresh: refreshes the access token ahead of its expiry (oauth4webapi
 * does the protocol), coalesces concurrent refreshes into one request, keeps the previous refresh
 * token when a valid answer omits a new one, retries transient failures within a bound, and says
 * when the refresh token itself is refused (terminal: the accounts need a new login). Every refresh
 * goes through a `RefreshRotations` so that a refresh token is never sent twice (Deriv rotates them).
 *
 * A refresh token the token endpoint refuses (invalid_grant, invalid_client, unauthorized_client) is
 * dead for good: `onDead` says which one, so that main forgets it rather than send it again at every
 * start. Nothing else (network, timeout, 429, 5xx, any other error) kills one: those are retried.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
import { backoffDelay } from '../socket/backoff';
import type { Clock, Logger } from '../socket/ports';
import { RefreshRotations } from './refresh-rotations';
import { type OAuthCredential, processRefreshResponse, refreshRequest, WireError } from './wire';

export type { OAuthCredential } from './wire';

export interface RefresherOptions {
  /** The authorization server's base; its token endpoint is the wire's (`currentAuthorizationServer`). */
  authServerUrl: string;
  clientId: string;
  clock: Clock;
  logger: Logger;
  /** Refresh this long before expiry (capped at half the remaining lifetime). */
  leadMs: number;
  timeoutMs: number;
  /** Transient failures are retried this many times per refresh, with backoff. */
  maxAttempts: number;
  backoffBaseMs: number;
  random: () => number;
  fetch?: typeof fetch;
  /** Shared with every refresher of the app; by default this refresher's own. */
  rotations?: RefreshRotations;
  /** `replaces` is the credential the refresh started from. */
  onRenewed(credential: OAuthCredential, replaces: OAuthCredential): void;
  onTerminal(error: WireError): void;
  /**
   * The token endpoint refused `credential`'s refresh token for good (before `onTerminal`): it will
   * never be accepted again, so it is to be forgotten. Never called for a transient failure.
   */
  onDead?(credential: OAuthCredential): void;
  /** A refresh began or ended (see `busy`). */
  onBusy?(): void;
}

export class CredentialRefresher {
  private inFlight: Promise<OAuthCredential> | null = null;
  private timer: unknown = null;
  private stopped = false;
  private readonly rotations: RefreshRotations;

  constructor(
    private credential: OAuthCredential,
    private readonly opts: RefresherOptions,
  ) {
    this.rotations = opts.rotations ?? new RefreshRotations();
  }

  current(): OAuthCredential {
    return this.credential;
  }

  /** A refresh is in flight. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  canRefresh(): boolean {
    return this.credential.refreshToken !== null;
  }

  /** Arms the timer that refreshes ahead of expiry. */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** One refresh for every caller that asks while it runs. Rejects with a WireError. */
  refresh(): Promise<OAuthCredential> {
    if (this.inFlight) return this.inFlight;
    const run = this.refreshWithRetries().finally(() => {
      if (this.inFlight !== run) return;
      this.inFlight = null;
      this.opts.onBusy?.();
    });
    this.inFlight = run;
    this.opts.onBusy?.();
    return run;
  }

  private schedule(): void {
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
    const { expiresAt } = this.credential;
    if (this.stopped || expiresAt === null || !this.canRefresh()) return;
    const left = expiresAt - this.opts.clock.now();
    const delay = Math.max(0, left - Math.min(this.opts.leadMs, left / 2));
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      this.refresh().catch(() => {
        /* reported through onTerminal, or retried on the next 401 */
      });
    }, delay);
  }

  private async refreshWithRetries(): Promise<OAuthCredential> {
    if (!this.canRefresh()) {
      const error = new WireError('unauthorized', 'The access token expired and there is no refresh token.');
      this.opts.onTerminal(error);
      throw error;
    }
    let lastError: WireError | null = null;
    for (let attempt = 1; attempt <= this.opts.maxAttempts && !this.stopped; attempt++) {
      const replaces = this.credential;
      try {
        // Joins a refresh of the same token already sent (by a holder since replaced), or adopts its answer.
        const renewed = await this.rotations.rotate(replaces.refreshToken!, () => this.refreshOnce());
        this.credential = renewed;
        this.schedule();
        this.opts.onRenewed(renewed, replaces);
        return renewed;
      } catch (e) {
        lastError = e instanceof WireError ? e : new WireError('network', 'The token refresh failed.');
        if (lastError.code === 'unauthorized' || lastError.code === 'insecure_address') {
          // Only the token endpoint's own refusal is `unauthorized` here (see `processRefreshResponse`);
          // an address refused before sending says nothing of the token.
          if (lastError.code === 'unauthorized') this.opts.onDead?.(replaces);
          this.opts.onTerminal(lastError);
          throw lastError;
        }
        this.opts.logger.warn('token refresh failed; retrying', { attempt, status: lastError.status });
        if (attempt < this.opts.maxAttempts)
          await new Promise<void>((resolve) =>
            this.opts.clock.setTimeout(
              resolve,
              backoffDelay(attempt, { baseMs: this.opts.backoffBaseMs, capMs: 30_000 }, this.opts.random),
            ),
          );
      }
    }
    throw lastError ?? new WireError('network', 'The token refresh was stopped.');
  }

  private async refreshOnce(): Promise<OAuthCredential> {
    const { authServerUrl, clientId, clock } = this.opts;
    const controller = new AbortController();
    const timer = clock.setTimeout(() => controller.abort(), this.opts.timeoutMs);
    const previous = this.credential;
    try {
      const wire = { signal: controller.signal, ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}) };
      const response = await refreshRequest(authServerUrl, clientId, previous.refreshToken!, wire);
      return await processRefreshResponse(authServerUrl, clientId, response, previous, { now: () => clock.now() });
    } catch (e) {
      if (e instanceof WireError) throw e;
      if (controller.signal.aborted) throw new WireError('timeout', 'The token endpoint did not answer in time.');
      throw new WireError('network', 'The token refresh failed.');
    } finally {
      clock.clearTimeout(timer);
    }
  }
}
