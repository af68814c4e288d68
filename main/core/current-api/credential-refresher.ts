/**
 * Keeps one OAuth credential fresh: refreshes the access token ahead of its expiry (oauth4webapi
 * does the protocol), coalesces concurrent refreshes into one request, keeps the previous refresh
 * token when a valid answer omits a new one, retries transient failures within a bound, and says
 * when the refresh token itself is refused (terminal: the accounts need a new login). A refresh whose
 * answer was lost after it was sent is not sent again (the server may have rotated the token, and a
 * second use of a rotated one is what Deriv treats as theft): the login ends saying so, unless the
 * server is known to accept a reuse (`refreshReuseAllowed`), then it is retried once. Every refresh
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
  /**
   * The authorization server accepts a refresh token presented again shortly after it rotated it
   * (a reuse interval, as some servers offer). Only then is a refresh whose answer was lost
   * retried, once, with the same token. Deriv documents no such interval (and oidc-provider, the
   * sandbox's server, has none): default false, and a lost answer ends the login at once, saying why
   * (`answer_lost`) rather than spending the token a second time.
   * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2 (refresh token rotation: a reused token is revoked)
   */
  refreshReuseAllowed?: boolean;
}

/**
 * Failures of `fetch` before the request is written (nothing to connect to, no route, name not
 * found, the TLS handshake refused): the server never saw the refresh token, so a retry is safe.
 * Anything else (the connection cut after it opened, no answer in time) may have reached it.
 */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | null)?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' && NOT_SENT.has(code);
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
    let lostOnce = false;
    for (let attempt = 1; attempt <= this.opts.maxAttempts && !this.stopped; attempt++) {
      try {
        // Joins a refresh of the same token already sent (by a holder since replaced), or adopts its answer.
        const renewed = await this.opts.renew(this.opts.grantId, this.credential, () => this.refreshOnce());
        this.credential = renewed;
        this.schedule();
        return renewed;
      } catch (e) {
        lastError = e instanceof WireError ? e : new WireError('network', 'The token refresh failed.');
        if (lastError.code === 'answer_lost' && this.opts.refreshReuseAllowed && !lostOnce) {
          // The server accepts a reuse: the same token once more, at once (its grace is short).
          lostOnce = true;
          attempt--;
          this.opts.logger.warn('token refresh answer lost; retrying once (reuse allowed)', {});
          continue;
        }
        // The retry after a lost answer was refused: the server had rotated it; that is what to say.
        if (lostOnce && lastError.code === 'unauthorized')
          lastError = new WireError('answer_lost', 'The refresh answer was lost and the token was already rotated.', {
            status: lastError.status,
            derivCode: lastError.derivCode,
          });
        if (
          lastError.code === 'unauthorized' ||
          lastError.code === 'insecure_address' ||
          lastError.code === 'answer_lost'
        ) {
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
    // Whether the refresh token may have reached the server: until fetch says it never left.
    let sent = true;
    const base = this.opts.fetch ?? fetch;
    const tracked: typeof fetch = async (input, init) => {
      try {
        return await base(input, init);
      } catch (e) {
        if (neverSent(e)) sent = false;
        throw e;
      }
    };
    try {
      const wire = { signal: controller.signal, fetch: tracked };
      const response = await refreshRequest(authServerUrl, clientId, previous.refreshToken!, wire);
      return await processRefreshResponse(authServerUrl, clientId, response, previous, { now: () => clock.now() });
    } catch (e) {
      const error =
        e instanceof WireError
          ? e
          : controller.signal.aborted
            ? new WireError('timeout', 'The token endpoint did not answer in time.')
            : new WireError('network', 'The token refresh failed.');
      if (sent && lostAnswer(error))
        throw new WireError('answer_lost', "The token endpoint's answer was lost after the refresh was sent.", {
          status: error.status,
        });
      throw error;
    } finally {
      clock.clearTimeout(timer);
    }
  }
}

/**
 * The request went out and no usable answer came back: cut or timed out, or a 2xx that could not be
 * read (the server did its work). A 5xx, a 4xx or a 429 is an answer: nothing is lost.
 */
function lostAnswer(error: WireError): boolean {
  if (error.code === 'network' || error.code === 'timeout') return true;
  return error.code === 'malformed' && error.status !== null && error.status >= 200 && error.status < 300;
}
