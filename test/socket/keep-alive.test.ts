/**
 * Deriv's idle rule on one connection (main/core/socket/keep-alive.ts), over a real `ws` server:
 * a `ping` every interval; no answer in time terminates the socket; a `RateLimit` answer is
 * reported and the pings go on; the link's abort ends them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

import { DerivConnection } from '../../main/core/socket/connection';
import { keepAlive } from '../../main/core/socket/keep-alive';
import { silentLogger, systemClock, wsSocketFactory } from '../../main/core/socket/ports';

type Answer = 'pong' | 'ratelimit' | 'silent';

async function server() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let answer: Answer = 'pong';
  let pings = 0;
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const req = JSON.parse(String(data)) as { req_id: number };
      pings++;
      if (answer === 'silent') return;
      const body =
        answer === 'pong'
          ? { msg_type: 'ping', ping: 'pong' }
          : { msg_type: 'ping', error: { code: 'RateLimit', message: 'slow down' } };
      socket.send(JSON.stringify({ ...body, req_id: req.req_id }));
    });
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/`,
    answer: (a: Answer) => (answer = a),
    pings: () => pings,
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function open(url: string, onClose: () => void = () => undefined) {
  const conn = await DerivConnection.open(url, {
    factory: wsSocketFactory,
    clock: systemClock,
    logger: silentLogger,
    openTimeoutMs: 2_000,
    onClose,
  });
  cleanup.push(() => conn.close());
  return conn;
}

const timing = { clock: systemClock, logger: silentLogger, intervalMs: 30, pongTimeoutMs: 100 };
const waitFor = async (ok: () => boolean, what: string) => {
  const end = Date.now() + 3_000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('keepAlive', () => {
  it('pings every interval; a missing pong terminates the socket', async () => {
    const srv = await server();
    cleanup.push(srv.close);
    let closed = false;
    const conn = await open(srv.url, () => (closed = true));
    const ac = new AbortController();
    cleanup.push(() => ac.abort());
    keepAlive({ conn, signal: ac.signal }, timing, () => undefined);
    await waitFor(() => srv.pings() >= 3, 'three pings');
    expect(conn.isOpen).toBe(true);
    srv.answer('silent');
    await waitFor(() => closed, 'the socket given up');
    expect(conn.isOpen).toBe(false);
  });

  it('a RateLimit answer is reported and proves the socket alive: the pings go on', async () => {
    const srv = await server();
    cleanup.push(srv.close);
    srv.answer('ratelimit');
    const conn = await open(srv.url);
    const ac = new AbortController();
    cleanup.push(() => ac.abort());
    let limited = 0;
    keepAlive({ conn, signal: ac.signal }, timing, () => limited++);
    await waitFor(() => limited >= 2, 'two RateLimit answers');
    expect(conn.isOpen).toBe(true);
  });

  it('an aborted link sends no more pings', async () => {
    const srv = await server();
    cleanup.push(srv.close);
    const conn = await open(srv.url);
    const ac = new AbortController();
    keepAlive({ conn, signal: ac.signal }, timing, () => undefined);
    await waitFor(() => srv.pings() >= 1, 'a ping');
    ac.abort();
    const count = srv.pings();
    // Ten intervals: a bounded wait for something that must not happen.
    await new Promise((r) => setTimeout(r, 300));
    expect(srv.pings()).toBeLessThanOrEqual(count + 1); // at most the one already in flight
    expect(conn.isOpen).toBe(true);
  });
});
