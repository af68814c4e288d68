import WebSocket from 'ws';

/** What the connection hears from one socket. */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(code: number, reason: string): void;
  onError(error: Error): void;
  /** A protocol pong: the peer is alive (liveness counts it like any inbound frame). */
  onPong?(): void;
}

/** The little a connection needs from a WebSocket; `ws` in main and in tests. */
export interface WebSocketLike {
  send(data: string): void;
  /** Polite close (close frame). */
  close(code?: number): void;
  /** Immediate teardown, for a socket believed dead. */
  terminate(): void;
  /** Send a WebSocket protocol ping (answered by the peer's stack, not by Deriv's API). */
  ping?(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => WebSocketLike;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The longest delay `setTimeout` keeps (2^31 − 1 ms, about 24.8 days): a longer one fires at once,
 * in Node as in browsers. Deriv's access tokens live 30 days (`expires_in` 2591999), so the renewal
 * timer of a fresh one is longer than that; `systemClock` takes such a wait in hops.
 * @see https://nodejs.org/api/timers.html#settimeoutcallback-delay-args
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

type Timer = ReturnType<typeof setTimeout>;
/** A wait longer than `MAX_TIMER_MS`: its current hop. */
interface LongWait {
  hop: Timer;
}

function unrefd(fn: () => void, ms: number): Timer {
  const t = setTimeout(fn, ms);
  // Timers of the session must never keep a process (tests, benches, a quitting app) alive.
  t.unref?.();
  return t;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    if (!(ms > MAX_TIMER_MS)) return unrefd(fn, ms);
    const due = Date.now() + ms;
    const wait: LongWait = { hop: unrefd(next, MAX_TIMER_MS) };
    function next() {
      const left = due - Date.now();
      if (left <= 0) fn();
      else wait.hop = unrefd(next, Math.min(left, MAX_TIMER_MS));
    }
    return wait;
  },
  clearTimeout: (h) =>
    clearTimeout(typeof h === 'object' && h !== null && 'hop' in h ? (h as LongWait).hop : (h as Timer)),
};

export { type Logger, silentLogger } from '../logger';

/** The default factory: a real `ws` client socket. */
export const wsSocketFactory: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url, { handshakeTimeout: 10_000, perMessageDeflate: false });
  socket.on('open', () => handlers.onOpen());
  socket.on('message', (data: WebSocket.RawData) => {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(data).toString('utf8');
    handlers.onMessage(text);
  });
  socket.on('close', (code: number, reason: Buffer) => handlers.onClose(code, reason.toString('utf8')));
  socket.on('error', (error: Error) => handlers.onError(error));
  socket.on('pong', () => handlers.onPong?.());
  // `ws` also reports a failed upgrade (HTTP 503 …) through 'error' followed by 'close'.
  return {
    send: (data) => socket.send(data),
    close: (code) => {
      try {
        socket.close(code);
      } catch {
        socket.terminate();
      }
    },
    terminate: () => socket.terminate(),
    ping: () => {
      // `ws` throws only while still connecting; a closed socket's ping is a no-op.
      if (socket.readyState === WebSocket.OPEN) socket.ping();
    },
  };
};
