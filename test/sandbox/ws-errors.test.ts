import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_FRAME_BYTES, type SandboxHandle, startSandbox } from '../../sandbox/index';
import { type Json, WsClient } from './ws-client';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox({ seed: 13 });
});
afterAll(() => sb.close());

const usd = () => sb.users[0]!.accounts[0]!;

async function withClient<T>(fn: (c: WsClient) => Promise<T>): Promise<T> {
  const c = await WsClient.open(sb.wsUrl);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

describe('bad requests get Deriv-shaped errors', () => {
  it('an unknown call is UnrecognisedRequest with msg_type error', () =>
    withClient(async (c) => {
      const r = await c.call({ buy_everything: 1, req_id: 4 });
      expect(r).toEqual({
        echo_req: { buy_everything: 1, req_id: 4 },
        msg_type: 'error',
        req_id: 4,
        error: { code: 'UnrecognisedRequest', message: 'Unrecognised request' },
      });
    }));

  it('bad types and unknown fields are InputValidationFailed with details per field', () =>
    withClient(async (c) => {
      const r = await c.call({ balance: 1, subscribe: 'yes', account: 42, req_id: 5 });
      expect(r).toMatchObject({ msg_type: 'balance', req_id: 5, error: { code: 'InputValidationFailed' } });
      expect(Object.keys((r.error as Json).details as Json).sort()).toEqual(['account', 'subscribe']);
      const extra = await c.call({ ping: 1, surprise: true });
      expect((extra.error as Json).details).toEqual({ surprise: 'Properties not allowed.' });
      const badToken = await c.call({ authorize: 'has spaces!' });
      expect(badToken.error).toMatchObject({
        code: 'InputValidationFailed',
        details: { authorize: expect.any(String) },
      });
      const tooMany = await c.call({ authorize: usd().token, tokens: Array.from({ length: 26 }, () => usd().token) });
      expect((tooMany.error as Json).details).toHaveProperty('tokens');
    }));

  it('account calls before authorize are AuthorizationRequired; public calls are not', () =>
    withClient(async (c) => {
      for (const call of [{ balance: 1 }, { get_settings: 1 }, { logout: 1 }]) {
        const r = await c.call(call);
        expect(r.error).toEqual({ code: 'AuthorizationRequired', message: 'Please log in.' });
        expect(r.msg_type).toBe(Object.keys(call)[0]);
      }
      expect((await c.call({ website_status: 1 })).error).toBeUndefined();
    }));

  it('a multi-token session needs loginid on account calls, and only an authorized one', () =>
    withClient(async (c) => {
      const [a, b] = sb.users[0]!.accounts;
      await c.call({ authorize: a!.token, tokens: [b!.token] });
      for (const call of [{ balance: 1 }, { get_settings: 1 }]) {
        const r = await c.call(call);
        expect(r.error).toMatchObject({ code: 'InputValidationFailed', details: { loginid: expect.any(String) } });
      }
      const other = await c.call({ balance: 1, loginid: sb.users[0]!.accounts[2]!.loginid });
      expect((other.error as Json).code).toBe('PermissionDenied');
    }));

  it('a frame that is not JSON (or not an object) gets BadRequest and the socket stays open', () =>
    withClient(async (c) => {
      for (const frame of ['not json', '[1,2]', '42', 'null']) {
        const answer = c.next((m) => m.msg_type === 'error');
        c.send(frame);
        expect(await answer).toMatchObject({ echo_req: {}, error: { code: 'BadRequest' } });
      }
      expect((await c.call({ ping: 1 })).ping).toBe('pong');
    }));

  it('an oversized frame closes the socket with 1009', () =>
    withClient(async (c) => {
      c.send(JSON.stringify({ ping: 1, padding: 'x'.repeat(MAX_FRAME_BYTES) }));
      expect((await c.closed).code).toBe(1009);
    }));

  it('a WebSocket on another path is refused', async () => {
    const err = await WsClient.open(sb.wsUrl.replace('/websockets/v3', '/other')).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
  });

  it('any JSON object gets exactly one answer with echo_req and req_id right, and nothing crashes', async () => {
    const c = await WsClient.open(sb.wsUrl);
    const key = fc.oneof(
      fc.constantFrom(
        'ping',
        'balance',
        'authorize',
        'forget',
        'forget_all',
        'time',
        'logout',
        'loginid',
        'subscribe',
        'tokens',
        'passthrough',
      ),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      fc.integer(),
      fc.string({ maxLength: 20 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    );
    let reqId = 1;
    try {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 5 }), async (body) => {
          const request = { ...body, req_id: reqId++ };
          const answer = await c.call(request);
          // echo_req is the request, except the fields Deriv marks sensitive (never echoed).
          const echo: Record<string, unknown> = { ...request };
          for (const f of ['authorize', 'tokens']) if (f in echo) echo[f] = '<not shown>';
          expect(answer.echo_req).toEqual(echo);
          expect(answer.req_id).toBe(request.req_id);
          expect(typeof answer.msg_type).toBe('string');
        }),
        { numRuns: 150 },
      );
      expect((await c.call({ ping: 1 })).ping).toBe('pong');
    } finally {
      await c.close();
    }
  });
});
