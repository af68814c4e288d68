/**
 * Keeps one OAuth credential fresh: refreshes the access token ahead of its expiry (oauth4webapi
 * does the protocol), coalesces concurrent refreshes into one request, keeps the previous refresh
 * token when a valid answer omits a new one, retries transient failures within a bound, and says
 * when the refresh token itself is refused (terminal: the accounts need a new login). Every refresh
 * goes through main's `RenewGrant` (one guard: a refresh token is never sent twice, Deriv rotates
 * them), which also hands the renewed grant to main to hold and seal.
 */
import type { OAuthCredential, RenewGrant } from '../backend/port';
import { backoffDelay } from '../socket/backoff';
import type { Clock, Logger } from '../socket/ports';
import { processRefreshResponse, refreshRequest, WireError } from './wire';

export type { OAuthCredential };

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
  /** The grant this credential is, and main's way of renewing it (see `RenewGrant`). */
  grantId: string;
  renew: RenewGrant;
  onTerminal(error: WireError): void;
  /** A refresh began or ended (see `busy`). */
  onBusy?(): void;
}

export class CredentialRefresher {
  private inFlight: Promise<OAuthCredential> | null = null;
  private timer: unknown = null;
  private stopped = false;

  constructor(
    private credential: OAuthCredential,
    private readonly opts: RefresherOptions,
  ) {}

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
      try {
        // Joins a refresh of the same token already sent (by a holder since replaced), or adopts its answer.
        const renewed = await this.opts.renew(this.opts.grantId, this.credential, () => this.refreshOnce());
        this.credential = renewed;
        this.schedule();
        return renewed;
      } catch (e) {
        lastError = e instanceof WireError ? e : new WireError('network', 'The token refresh failed.');
        if (lastError.code === 'unauthorized' || lastError.code === 'insecure_address') {
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
