/**
 * Ending a current-API OAuth login at Deriv's authorization server when the trader logs out of it:
 * its refresh token is revoked there (RFC 7009), so that it stops working at once instead of
 * staying valid until it expires. Best effort and bounded: the local logout is already done when
 * this runs, and a server that does not answer within `timeoutMs` is given up on.
 *
 * Where the revocation endpoint is: given by main's configuration for an authorization server
 * (`endpoints`), else what the server's metadata names (`revocation_endpoint`, discovered once per
 * server and run). Where neither names one, nothing is sent and the screen says the session ends
 * when it expires. A PAT is not revoked here: it is made and deleted on Deriv's own page.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009
 */
import type { OAuthCredential } from '../backend/port';
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import {
  discoveryRequestOf,
  processRevocationEndpoint,
  processRevocationResponseOf,
  revocationRequestOf,
  WireError,
} from './wire';

/** What logging out of an OAuth login does at its server: revoke it there, or leave it to expire. */
export type SessionEnd = 'revoked' | 'at_expiry';

/** How one revocation went: done, nothing to ask (no endpoint), or given up (timeout, refusal, no network). */
export type RevocationOutcome = 'revoked' | 'no_endpoint' | 'timeout' | 'failed';

export interface RevocationOptions {
  /** Revocation endpoints by authorization server base, configured (they win over discovery). */
  endpoints?: Readonly<Record<string, string>>;
  /** Discovery and each revocation give up after this long. Default 3 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: Logger;
}

export const DEFAULT_REVOCATION_TIMEOUT_MS = 3_000;

export class GrantRevocation {
  /** Per authorization server: the endpoint found (null: it offers none), or the discovery running. */
  private readonly found = new Map<string, string | null>();
  private readonly discovering = new Map<string, Promise<string | null>>();
  private readonly timeoutMs: number;
  private readonly logger: Logger;

  constructor(private readonly opts: RevocationOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS;
    this.logger = opts.logger ?? silentLogger;
  }

  /** What a logout of a login of this server will do, as far as known now (null: not learnt yet). */
  sessionEnd(authServerUrl: string): SessionEnd | null {
    const endpoint = this.configured(authServerUrl) ?? this.found.get(authServerUrl);
    if (endpoint === undefined) return null;
    return endpoint === null ? 'at_expiry' : 'revoked';
  }

  /**
   * Finds the server's revocation endpoint (once per server; a failed discovery is tried again on
   * the next call). Never rejects. Resolves with the endpoint or null.
   */
  learn(authServerUrl: string): Promise<string | null> {
    const configured = this.configured(authServerUrl);
    if (configured !== undefined) return Promise.resolve(configured);
    const known = this.found.get(authServerUrl);
    if (known !== undefined) return Promise.resolve(known);
    const running = this.discovering.get(authServerUrl);
    if (running) return running;
    const started = this.bounded(async (signal) => {
      const wire = { signal, ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}) };
      return processRevocationEndpoint(authServerUrl, await discoveryRequestOf(authServerUrl, wire));
    }).then(
      (endpoint) => {
        this.found.set(authServerUrl, endpoint);
        return endpoint;
      },
      (error: unknown) => {
        // Not remembered: a server down now may offer revocation on the next logout.
        this.logger.info('revocation endpoint not discovered', { reason: reasonOf(error) });
        return null;
      },
    );
    this.discovering.set(authServerUrl, started);
    void started.finally(() => this.discovering.delete(authServerUrl));
    return started;
  }

  /**
   * Revokes a logged-out login's refresh token (its access token when it has none) for the client
   * it was issued to. Never rejects; bounded by `timeoutMs` in all (a discovery included).
   */
  async revoke(authServerUrl: string, clientId: string, credential: OAuthCredential): Promise<RevocationOutcome> {
    const token =
      credential.refreshToken !== null
        ? { value: credential.refreshToken, hint: 'refresh_token' as const }
        : { value: credential.accessToken, hint: 'access_token' as const };
    const deadline = Date.now() + this.timeoutMs;
    const endpoint = await this.learn(authServerUrl);
    if (endpoint === null) {
      this.logger.info('login not revoked: no revocation endpoint');
      return 'no_endpoint';
    }
    try {
      await this.bounded(async (signal) => {
        const wire = { signal, ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}) };
        await processRevocationResponseOf(await revocationRequestOf(endpoint, clientId, token, wire));
      }, deadline - Date.now());
      this.logger.info('login revoked at the authorization server');
      return 'revoked';
    } catch (error) {
      const reason = reasonOf(error);
      this.logger.warn('login not revoked', { reason });
      return reason === 'timeout' ? 'timeout' : 'failed';
    }
  }

  private configured(authServerUrl: string): string | undefined {
    return this.opts.endpoints?.[authServerUrl];
  }

  /** Runs `work` with a signal aborted after `ms`; a timeout rejects as `WireError('timeout')`. */
  private async bounded<T>(work: (signal: AbortSignal) => Promise<T>, ms = this.timeoutMs): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, ms));
    try {
      return await work(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) throw new WireError('timeout', 'The authorization server did not answer in time.');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof WireError ? error.code : 'unknown';
}
