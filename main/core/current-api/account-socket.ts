/**
 * One account's socket on the current API, for as long as the account is open: a `ResilientSocket`
 * (backoff, the per-minute cap, keep-alive, liveness and OS signals, as the legacy session's) whose
 * every attempt dials a fresh OTP URL (a consumed OTP URL is never reopened, logged or kept: it
 * lives in one local variable between the REST answer and the connect). Open means usable: the
 * balance subscription is sent at once and its figure replaces the list's when it comes, so a cold
 * switch costs one OTP request and one connect; without its stream the socket is replaced.
 */
import { BackendError, type BackendErrorCode } from '../backend/port';
import type { Amount } from '../model';
import { exactBalanceOf } from '../net/exact-json';
import type { OsSignal } from '../net/os-signals';
import type { DerivMessage } from '../socket/connection';
import { SessionError } from '../socket/errors';
import type { Clock, Logger, SocketFactory } from '../socket/ports';
import {
  type Failure,
  type Link,
  ResilientSocket,
  type SocketState,
  type SocketTiming as ResilientTiming,
} from '../socket/resilient-socket';
import { faultOf } from './refusal';
import { WireError } from './wire';

/** The socket timing of the current API (its backoff starts afresh as soon as a socket is open). */
export type SocketTiming = Omit<ResilientTiming, 'healthyAfterMs' | 'rateLimitBackoffMs'> & {
  /** Every request's timeout on the socket. */
  requestTimeoutMs: number;
};

/** `no_network`: it would be waiting to reconnect, but the OS says there is no network. */
export type SocketStatus = 'connecting' | 'open' | 'waiting' | 'no_network' | 'closed';

export interface AccountSocketDeps {
  accountId: string;
  /** A fresh one-time socket URL for this account (REST, with the current credential). */
  getOtpUrl(): Promise<string>;
  factory: SocketFactory;
  clock: Clock;
  logger: Logger;
  timing: SocketTiming;
  random: () => number;
  /** The OS reports no network at the start: no attempt is made until it returns. */
  networkDown(): boolean;
  onChange(): void;
  /** The balance as the exact decimal text the socket carried (a number's own digits, or a string). */
  onBalance(accountId: string, balance: Amount): void;
  /** The credential was refused (401/403) or the account cannot be opened: stop, needs login. */
  onTerminal(accountId: string, error: WireError): void;
}

/** Calls only the socket itself makes, or that the API refuses on OTP sockets. */
const RESERVED = ['authorize', 'loginid', 'req_id', 'tokens', 'logout'];

/** A Deriv `RateLimit` answer on an OTP socket: the same wait as the legacy session's. */
const RATE_LIMIT_BACKOFF_MS = 15_000;

export class AccountSocket {
  private readonly socket: ResilientSocket;
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly deps: AccountSocketDeps) {
    this.socket = new ResilientSocket({
      plan: {
        url: () => deps.getOtpUrl(),
        handshake: async (link) => void this.subscribeBalance(link),
        failure: failureOf,
      },
      factory: deps.factory,
      clock: deps.clock,
      logger: deps.logger,
      // Reset on open, as this API's sockets always did: a drop right after is retried quickly.
      timing: { ...deps.timing, healthyAfterMs: 0, rateLimitBackoffMs: RATE_LIMIT_BACKOFF_MS },
      random: deps.random,
    });
    this.socket.onChange((state) => this.changed(state));
  }

  get accountId(): string {
    return this.deps.accountId;
  }

  get status(): SocketStatus {
    const { phase } = this.socket.state;
    if (phase === 'live') return 'open';
    if (phase === 'idle') return this.started ? 'closed' : 'connecting';
    return phase;
  }

  get attempt(): number {
    return this.socket.state.attempt;
  }

  get nextRetryAt(): number {
    return this.socket.state.nextRetryAt;
  }

  get lastError(): string | null {
    return this.socket.state.lastError;
  }

  /** The wait is the server's (429) or the request budget's: not before `nextRetryAt`. */
  get rateLimited(): boolean {
    return this.socket.state.phase === 'waiting' && this.socket.state.rateLimited;
  }

  /** Connections opened so far (for tests and benches: one per OTP). */
  get connections(): number {
    return this.socket.connections;
  }

  /** Open but a liveness probe is late (or the OS woke us): the last frame heard, else null. */
  get checking(): { lastHeardAt: number } | null {
    return this.socket.state.checking;
  }

  /** The last moment this socket's data was known live (null: never yet). */
  get lastLiveAt(): number | null {
    return this.socket.state.lastLiveAt;
  }

  /** Since when `no_network` is shown. */
  get noNetworkSince(): number {
    return this.socket.state.since;
  }

  private started = false;

  start(): void {
    this.started = true;
    if (this.deps.networkDown()) this.socket.network(false);
    this.socket.start();
  }

  /** Resolves once open (or closed for good). */
  ready(): Promise<void> {
    if (this.status === 'open' || this.status === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** The user's retry: skip the backoff wait, never the server's wait nor the cap. */
  retryNow(): void {
    this.socket.wake();
  }

  /** What the OS says: a wake probes an open socket or skips the backoff wait; no attempt without a network. */
  osSignal(signal: OsSignal): void {
    if (signal === 'offline') this.socket.network(false);
    else if (signal === 'online') this.socket.network(true);
    else if (signal !== 'suspend') this.socket.wake();
  }

  close(): void {
    this.socket.stop();
    this.changed(this.socket.state);
  }

  /** A request on this account's socket; the same typed errors as the legacy session. */
  async send(request: Record<string, unknown>): Promise<DerivMessage> {
    const reserved = RESERVED.find((k) => Object.hasOwn(request, k));
    if (reserved) throw new BackendError('invalid_request', `"${reserved}" cannot be sent on an OTP socket.`);
    const link = this.socket.link;
    if (link === null) throw new BackendError('not_connected', 'The account is not connected.');
    try {
      return await link.conn.request(request, { timeoutMs: this.deps.timing.requestTimeoutMs });
    } catch (e) {
      if (e instanceof SessionError) throw new BackendError(e.code as BackendErrorCode, e.message, e.retryAt);
      throw e;
    }
  }

  private changed(state: SocketState): void {
    if (state.phase === 'closed') {
      const error = this.socket.closedError;
      if (error instanceof WireError) this.deps.onTerminal(this.accountId, error);
    }
    if (this.status === 'open' || this.status === 'closed') for (const w of this.readyWaiters.splice(0)) w();
    this.deps.onChange();
  }

  /** The balance stream of one connection; its failure replaces the connection (a fresh OTP). */
  private async subscribeBalance(link: Link): Promise<void> {
    // A push can be handled before the answer's continuation runs (same TCP read): the answer's
    // older figure must not overwrite it.
    let pushed = false;
    try {
      const answer = await link.conn.request(
        { balance: 1, subscribe: 1 },
        {
          timeoutMs: this.deps.timing.requestTimeoutMs,
          onUpdate: (m) => {
            pushed = true;
            this.onBalanceFrame(link, m);
          },
        },
      );
      if (!pushed) this.onBalanceFrame(link, answer);
    } catch (e) {
      this.socket.reject(link, e);
    }
  }

  private onBalanceFrame(link: Link, message: DerivMessage): void {
    if (link.signal.aborted) return;
    // A number or a decimal string (as the account list may send it); anything else is not a figure.
    const value = exactBalanceOf(message.balance);
    if (value !== null) this.deps.onBalance(this.accountId, value);
  }
}

/** How a failure of this API counts; messages only written here or by the REST client (a socket library's could quote the OTP URL). */
function failureOf(error: unknown): Failure {
  if (error instanceof WireError) {
    const fault = faultOf(error);
    const terminal = fault === 'refused' || fault === 'account_refused';
    return { message: error.message, terminal, retryAt: error.retryAt, rateLimited: error.code === 'rate_limited' };
  }
  const message =
    error instanceof SessionError && error.code === 'timeout'
      ? 'The account socket did not open in time.'
      : 'Could not connect the account socket.';
  return { message, terminal: false, retryAt: null, rateLimited: false };
}
