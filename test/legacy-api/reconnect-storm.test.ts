/**
 * Issue 18 item 9: a server that accepts, answers `authorize`, then drops the socket must not be
 * reconnected every few hundred milliseconds forever. The backoff resets only after a connection
 * stayed healthy, and connection attempts per minute are capped (the rules themselves, as pure
 * transitions: test/socket/machine.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';

import { DerivSession } from '../../main/core/legacy-api/session';
import { FAST, until } from './helpers';

/** Accepts, answers authorize and balance, then drops the socket: every time. */
async function droppingServer() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  let connections = 0;
  server.on('connection', (socket: WebSocket) => {
    connections++;
    socket.on('message', (data) => {
      const req = JSON.parse(String(data)) as Record<string, unknown>;
      const reply = (body: object) => socket.send(JSON.stringify({ ...body, echo_req: {}, req_id: req.req_id }));
      if ('authorize' in req) {
        reply({
          msg_type: 'authorize',
          authorize: { loginid: 'CR100', currency: 'USD', balance: 1, account_list: [] },
        });
      } else if ('balance' in req) {
        reply({
          msg_type: 'balance',
          balance: { balance: 1, currency: 'USD', loginid: 'CR100', id: 's1' },
          subscription: { id: 's1' },
        });
        setImmediate(() => socket.terminate());
      }
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/websockets/v3`,
    connections: () => connections,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('DerivSession against a server that drops every socket after authorize', () => {
  it('backs off further each time and caps connection attempts per minute', async () => {
    const server = await droppingServer();
    const session = new DerivSession({
      endpoint: { wsUrl: server.url, appId: '1', language: 'en' },
      timing: { ...FAST, backoffBaseMs: 20, backoffCapMs: 100, maxConnectsPerMinute: 5 },
    });
    cleanup.push(server.close, () => session.close());
    void session.start([{ accountId: 'CR100', token: 'a1-storm-token-000' }]).catch(() => undefined);

    // The backoff is not reset by coming online: attempts climb.
    await until(
      session,
      (s) => s.connection.status === 'reconnecting' && s.connection.attempt >= 3,
      'attempt 3',
      15_000,
    );
    // Then the per-minute cap holds the next attempt for the rest of the minute.
    const held = await until(
      session,
      (s) => s.connection.status === 'reconnecting' && s.connection.nextRetryAt - Date.now() > 30_000,
      'a retry held back by the per-minute cap',
      15_000,
    );
    expect(server.connections()).toBe(5);
    expect(held.connection).toMatchObject({ status: 'reconnecting', attempt: 5 });
  });
});
