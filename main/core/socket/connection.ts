import type {
  AuthorizeRequest,
  AuthorizeResponse,
  BalanceRequest,
  BalanceResponse,
  ForgetAllRequest,
  ForgetAllResponse,
  ForgetRequest,
  ForgetResponse,
  LogOutRequest,
  LogOutResponse,
  PingRequest,
  PingResponse,
} from '@deriv/api-types';

import { parseJson } from '../net/exact-json';
import { DerivApiError, SessionError } from './errors';
import type { Clock, Logger, SocketFactory, WebSocketLike } from './ports';

/** The calls the session itself makes, typed by `@deriv/api-types`. */
export interface KnownCalls {
  authorize: { request: AuthorizeRequest; response: AuthorizeResponse };
  balance: { request: BalanceRequest; response: BalanceResponse };
  ping: { request: PingRequest; response: PingResponse };
  forget: { request: ForgetRequest; response: ForgetResponse };
  forget_all: { request: ForgetAllRequest; response: ForgetAllResponse };
  logout: { request: LogOutRequest; response: LogOutResponse };
}
export type KnownCall = keyof KnownCalls;

/** Any well-formed frame from the API: an object with a string `msg_type`. */
export interface DerivMessage {
  msg_type: string;
  req_id?: number;
  error?: { code?: unknown; message?: unknown; details?: unknown };
  subscription?: { id?: unknown };
  [key: string]: unknown;
}

export interface ConnectionOptions {
  factory: SocketFactory;
  clock: Clock;
  logger: Logger;
  /** Give up on the handshake after this long. */
  openTimeoutMs: number;
  /** A frame that matches no request and no subscription: reported, never thrown. */
  onUnmatched?: (message: DerivMessage) => void;
  /** Every inbound frame, pongs included, well-formed or not: proof that the peer is alive. */
  onActivity?: () => void;
  /** The socket is gone (closed by either side, or terminated). Called once. */
  onClose?: (info: { code: number; reason: string; byUs: boolean }) => void;
}

export interface RequestOptions {
  timeoutMs: number;
  /** For `subscribe: 1` requests: every later frame of the stream (matched by `subscription.id`). */
  onUpdate?: (message: DerivMessage) => void;
}

interface Pending {
  resolve(message: DerivMessage): void;
  reject(error: Error): void;
  timer: unknown;
  msgType: string;
  onUpdate?: ((message: DerivMessage) => void) | undefined;
}

/** Parse one text frame; null when it is not an API message. Exported for property tests. */
export function parseFrame(text: string): DerivMessage | null {
  let value: unknown;
  try {
    // A `balance` number keeps its digits beside the frame (`exactBalanceOf`), never only a double.
    value = parseJson(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const msgType = (value as { msg_type?: unknown }).msg_type;
  if (typeof msgType !== 'string' || msgType.length === 0) return null;
  const reqId = (value as { req_id?: unknown }).req_id;
  if (reqId !== undefined && !(typeof reqId === 'number' && Number.isSafeInteger(reqId))) return null;
  return value as DerivMessage;
}

/** The error carried by a frame, as a typed error without the echo (it may hold tokens). */
export function errorOf(message: DerivMessage): DerivApiError | null {
  const e = message.error;
  if (e === undefined || e === null || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : 'UnknownError';
  const text = typeof e.message === 'string' ? e.message : 'The server returned an error.';
  const details =
    typeof e.details === 'object' && e.details !== null && !Array.isArray(e.details)
      ? (e.details as Record<string, unknown>)
      : undefined;
  return new DerivApiError(code, text, message.msg_type, details);
}

export function subscriptionIdOf(message: DerivMessage): string | null {
  const id = message.subscription?.id;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

/**
 * One WebSocket to a Deriv API (either of them: both speak JSON frames matched by `req_id`), for its
 * whole life: opened once, never reopened (`ResilientSocket` makes a new one to reconnect). Requests get a `req_id` and a timeout; answers are matched by
 * `req_id`; stream frames by `subscription.id`.
 */
export class DerivConnection {
  private socket: WebSocketLike | null = null;
  private nextReqId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<string, (message: DerivMessage) => void>();
  private closed = false;
  private closing = false;

  private constructor(private opts: ConnectionOptions) {}

  /**
   * Send this connection's events elsewhere from now on: a socket opened ahead of a login (see
   * `ResilientSocket.preconnect`) is handed to the attempt that adopts it.
   */
  listen(handlers: Pick<ConnectionOptions, 'onUnmatched' | 'onActivity' | 'onClose'>): void {
    this.opts = { ...this.opts, ...handlers };
  }

  /** Open a socket; resolves once it is open, rejects (typed) if it cannot be. */
  static open(url: string, opts: ConnectionOptions): Promise<DerivConnection> {
    const conn = new DerivConnection(opts);
    return new Promise<DerivConnection>((resolve, reject) => {
      let settled = false;
      const timer = opts.clock.setTimeout(() => {
        if (settled) return;
        settled = true;
        conn.terminate('open timeout');
        reject(new SessionError('timeout', 'The connection to the Deriv server timed out.'));
      }, opts.openTimeoutMs);
      let lastError = '';
      try {
        conn.socket = opts.factory(url, {
          onOpen: () => {
            if (settled) return;
            settled = true;
            opts.clock.clearTimeout(timer);
            resolve(conn);
          },
          onMessage: (text) => {
            if (!conn.closed) conn.opts.onActivity?.();
            conn.handleFrame(text);
          },
          onPong: () => {
            if (!conn.closed) conn.opts.onActivity?.();
          },
          onError: (error) => {
            // Network errors say nothing secret; the URL carries only app_id, language, brand.
            lastError = error.message;
            opts.logger.debug('socket error', { error: error.message });
          },
          onClose: (code, reason) => {
            if (!settled) {
              settled = true;
              opts.clock.clearTimeout(timer);
              conn.closed = true;
              reject(
                new SessionError(
                  'connection_closed',
                  `Could not connect to the Deriv server${lastError ? `: ${lastError}` : ''}.`,
                ),
              );
              return;
            }
            conn.handleClose(code, reason);
          },
        });
      } catch (error) {
        settled = true;
        opts.clock.clearTimeout(timer);
        conn.closed = true;
        reject(new SessionError('connection_closed', `Could not connect: ${(error as Error).message}`));
      }
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.closing;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** A typed call the session makes itself. */
  call<K extends KnownCall>(
    name: K,
    request: KnownCalls[K]['request'],
    options: RequestOptions,
  ): Promise<KnownCalls[K]['response']> {
    void name;
    return this.request(request as unknown as Record<string, unknown>, options) as unknown as Promise<
      KnownCalls[K]['response']
    >;
  }

  /**
   * Send a request; resolves with the answer frame, rejects with `DerivApiError` for an error
   * answer, `SessionError('timeout')` after the timeout, `SessionError('connection_closed')`.
   */
  request(request: Record<string, unknown>, options: RequestOptions): Promise<DerivMessage> {
    if (!this.isOpen || this.socket === null) {
      return Promise.reject(new SessionError('connection_closed', 'The connection is closed.'));
    }
    const reqId = this.nextReqId++;
    const msgType = requestName(request);
    const frame = JSON.stringify({ ...request, req_id: reqId });
    return new Promise<DerivMessage>((resolve, reject) => {
      const timer = this.opts.clock.setTimeout(() => {
        if (!this.pending.delete(reqId)) return;
        reject(new SessionError('timeout', `No answer to ${msgType} within ${options.timeoutMs} ms.`));
      }, options.timeoutMs);
      this.pending.set(reqId, { resolve, reject, timer, msgType, onUpdate: options.onUpdate });
      try {
        this.socket!.send(frame);
      } catch (error) {
        this.pending.delete(reqId);
        this.opts.clock.clearTimeout(timer);
        reject(new SessionError('connection_closed', `Could not send ${msgType}: ${(error as Error).message}`));
      }
    });
  }

  /**
   * Ask the peer for a sign of life: a protocol ping when the socket can send one, else Deriv's
   * `ping` call. The answer arrives through `onActivity`; its absence is the caller's to judge.
   */
  probe(): void {
    if (!this.isOpen || this.socket === null) return;
    if (this.socket.ping) {
      this.socket.ping();
      return;
    }
    this.request({ ping: 1 }, { timeoutMs: this.opts.openTimeoutMs }).catch(() => undefined);
  }

  /** Stop routing a stream locally (the caller sends `forget` if the server should stop too). */
  dropStream(id: string): void {
    this.streams.delete(id);
  }

  /** Polite close: pending requests fail with `connection_closed`. */
  close(): void {
    if (this.closed || this.closing) return;
    this.closing = true;
    try {
      this.socket?.close(1000);
    } catch {
      /* already gone */
    }
    // Do not wait for the peer's close frame: a dead peer would never send it.
    this.handleClose(1000, 'closed by client', true);
  }

  /** Immediate teardown for a socket believed dead. */
  terminate(reason: string): void {
    if (this.closed) return;
    this.closing = true;
    try {
      this.socket?.terminate();
    } catch {
      /* already gone */
    }
    this.handleClose(1006, reason, true);
  }

  private handleClose(code: number, reason: string, byUs = false): void {
    if (this.closed) return;
    this.closed = true;
    const failure = new SessionError('connection_closed', 'The connection closed before the answer arrived.');
    for (const [, p] of this.pending) {
      this.opts.clock.clearTimeout(p.timer);
      p.reject(failure);
    }
    this.pending.clear();
    this.streams.clear();
    this.opts.onClose?.({ code, reason, byUs: byUs || this.closing });
  }

  private handleFrame(text: string): void {
    if (this.closed) return;
    const message = parseFrame(text);
    if (message === null) {
      // The frame itself may echo a token; log only its size.
      this.opts.logger.warn('malformed frame ignored', { bytes: text.length });
      return;
    }
    const subId = subscriptionIdOf(message);
    if (subId !== null) {
      const stream = this.streams.get(subId);
      if (stream) {
        this.safely(() => stream(message));
        return;
      }
    }
    const reqId = message.req_id;
    const pending = reqId === undefined ? undefined : this.pending.get(reqId);
    if (reqId !== undefined && pending) {
      this.pending.delete(reqId);
      this.opts.clock.clearTimeout(pending.timer);
      const error = errorOf(message);
      if (error) {
        pending.reject(error);
        return;
      }
      if (subId !== null && pending.onUpdate) this.streams.set(subId, pending.onUpdate);
      pending.resolve(message);
      return;
    }
    this.safely(() => this.opts.onUnmatched?.(message));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.opts.logger.error('listener threw', { error: (error as Error).message });
    }
  }
}

/** The call name of a request: its first own key that is a known call, else its first key. */
export function requestName(request: Record<string, unknown>): string {
  const keys = Object.keys(request).filter((k) => k !== 'req_id' && k !== 'passthrough' && k !== 'loginid');
  return keys[0] ?? 'unknown';
}
