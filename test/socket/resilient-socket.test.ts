/**
 * The resilient socket over a real `ws` server on loopback: drop and redial, an abandoned attempt
 * (its signal aborted, its late handshake ignored), the dial's typed failures (the server's wait,
 * a terminal refusal), a silent peer found dead by the liveness rule, and a pre-opened socket
 * adopted by the first attempt. The rules' arithmetic is in machine.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';

import { SessionError } from '../../main/core/socket/errors';
import { silentLogger, systemClock, wsSocketFactory } from '../../main/core/socket/ports';
import {
  type Failure,
  type Link,
  ResilientSocket,
  type SocketPlan,
  type SocketState,
  type SocketTiming,
} from '../../main/core/socket/resilient-socket';

const FAST: SocketTiming = {
  openTimeoutMs: 2_000,
  pingIntervalMs: 60_000,
  pongTimeoutMs: 2_000,
  backoffBaseMs: 20,
  backoffCapMs: 100,
  healthyAfterMs: 0,
  maxConnectsPerMinute: 100,
  rateLimitBackoffMs: 400,
  livenessQuietMs: 60_000,
  livenessProbeTimeoutMs: 60_000,
  livenessSuspectAfterMs: 60_000,
};

/** A server answering `ping` and `hello`; `hold` keeps `hello` unanswered. */
async function server(opts: { autoPong?: boolean } = {}) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: opts.autoPong ?? true });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const sockets: WebSocket[] = [];
  let hold = false;
  let silent = false;
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      if (silent) return;
      const req = JSON.parse(String(data)) as Record<string, unknown>;
      const reply = (body: object) => socket.send(JSON.stringify({ ...body, req_id: req.req_id }));
      if ('ping' in req) reply({ msg_type: 'ping', ping: 'pong' });
      if ('hello' in req && !hold) reply({ msg_type: 'hello', hello: 1 });
    });
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/`,
    connections: () => sockets.length,
    dropAll: () => sockets.forEach((s) => s.terminate()),
    hold: (on: boolean) => (hold = on),
    silence: () => (silent = true),
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const retry = (message: string): Failure => ({ message, terminal: false, retryAt: null, rateLimited: false });

function make(plan: Partial<SocketPlan> & Pick<SocketPlan, 'url'>, timing: Partial<SocketTiming> = {}) {
  const links: Link[] = [];
  const socket = new ResilientSocket({
    plan: {
      handshake: async (link) => {
        links.push(link);
        await link.conn.request({ hello: 1 }, { timeoutMs: 2_000 });
      },
      failure: (e) => (e instanceof Error ? retry(e.message) : retry('failed')),
      ...plan,
    },
    factory: wsSocketFactory,
    clock: systemClock,
    logger: silentLogger,
    timing: { ...FAST, ...timing },
    random: () => 0.5,
  });
  const states: SocketState[] = [];
  socket.onChange((s) => states.push(s));
  cleanup.push(() => socket.stop());
  return { socket, links, states };
}

function until(socket: ResilientSocket, ok: (s: SocketState) => boolean, what: string, ms = 5_000) {
  if (ok(socket.state)) return Promise.resolve(socket.state);
  return new Promise<SocketState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave up waiting for ${what} (${socket.state.phase})`)), ms);
    const off = socket.onChange((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

describe('ResilientSocket over a real ws server', () => {
  it('drop → waits a backoff → redials and runs the handshake again on a new connection', async () => {
    const srv = await server();
    cleanup.push(srv.close);
    const { socket, links, states } = make({ url: async () => srv.url });
    socket.start();
    await until(socket, (s) => s.phase === 'live', 'live');
    expect(socket.link?.conn).toBe(links[0]!.conn);
    srv.dropAll();
    await until(socket, (s) => s.phase === 'waiting', 'waiting');
    expect(links[0]!.signal.aborted).toBe(true);
    await until(socket, (s) => s.phase === 'live', 'live again');
    expect(links).toHaveLength(2);
    expect(srv.connections()).toBe(2);
    expect(socket.connections).toBe(2);
    expect(states.map((s) => s.phase)).toEqual(['connecting', 'live', 'waiting', 'connecting', 'live']);
    expect(socket.state.lastLiveAt).not.toBeNull();
  });

  it('stop during a handshake aborts the attempt: its late answer goes nowhere, no redial', async () => {
    const srv = await server();
    cleanup.push(srv.close);
    srv.hold(true);
    const { socket, links } = make({ url: async () => srv.url });
    socket.start();
    await until(socket, () => links.length === 1, 'the handshake under way');
    socket.stop();
    expect(links[0]!.signal.aborted).toBe(true);
    expect(links[0]!.conn.isOpen).toBe(false);
    expect(socket.state.phase).toBe('idle');
    await new Promise((r) => setTimeout(r, 150)); // several backoff periods: none may be used
    expect(srv.connections()).toBe(1);
    expect(socket.state.phase).toBe('idle');
  });

  it("a dial failing with the server's wait holds the next attempt until then; a terminal one closes for good", async () => {
    const srv = await server();
    cleanup.push(srv.close);
    let dials = 0;
    const retryAt = Date.now() + 300;
    const limited = make({
      url: async () => {
        dials++;
        throw new SessionError('rate_limited', 'slow down', retryAt);
      },
      failure: (e) => ({
        message: 'slow down',
        terminal: false,
        retryAt: (e as SessionError).retryAt ?? null,
        rateLimited: true,
      }),
    });
    limited.socket.start();
    const waiting = await until(limited.socket, (s) => s.phase === 'waiting', 'waiting');
    expect(waiting.nextRetryAt).toBeGreaterThanOrEqual(retryAt);
    limited.socket.wake();
    expect(dials).toBe(1);
    limited.socket.stop();

    const refused = new Error('refused');
    const closed = make({
      url: async () => {
        throw refused;
      },
      failure: () => ({ message: 'refused', terminal: true, retryAt: null, rateLimited: false }),
    });
    closed.socket.start();
    await until(closed.socket, (s) => s.phase === 'closed', 'closed');
    expect(closed.socket.closedError).toBe(refused);
    expect(srv.connections()).toBe(0);
  });

  it('a silent peer (no frame, no pong) is found dead by the liveness rule and replaced', async () => {
    const srv = await server({ autoPong: false });
    cleanup.push(srv.close);
    const { socket } = make(
      { url: async () => srv.url },
      { livenessQuietMs: 100, livenessProbeTimeoutMs: 150, livenessSuspectAfterMs: 50 },
    );
    socket.start();
    const live = await until(socket, (s) => s.phase === 'live', 'live');
    srv.silence();
    const checking = await until(socket, (s) => s.checking !== null, 'checking');
    expect(checking.checking!.lastHeardAt).toBeGreaterThanOrEqual(live.since);
    const waiting = await until(socket, (s) => s.phase === 'waiting', 'declared dead');
    // Data was live until the last frame heard, not until the socket was given up.
    expect(waiting.lastLiveAt).toBe(checking.checking!.lastHeardAt);
  });

  it('a pre-opened connection is adopted by the first attempt: one upgrade in all', async () => {
    const srv = await server();
    cleanup.push(srv.close);
    let dials = 0;
    const { socket, links } = make({
      url: async () => {
        dials++;
        return srv.url;
      },
    });
    await socket.preconnect();
    expect(srv.connections()).toBe(1);
    socket.start();
    // Adopted synchronously: the handshake is under way before start() returns.
    expect(links).toHaveLength(1);
    await until(socket, (s) => s.phase === 'live', 'live');
    expect(srv.connections()).toBe(1);
    expect(dials).toBe(1);
  });
});
