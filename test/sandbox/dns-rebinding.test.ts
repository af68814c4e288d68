/**
 * DNS rebinding against the sandbox (issue 27.3). A page on `http://evil.example:PORT` whose name
 * is re-pointed at 127.0.0.1 reaches the sandbox as its own origin: its requests carry
 * `Host: evil.example:PORT` and the same name in `Origin`, so an Origin-equals-Host check passes.
 * Here the requests go over real sockets to 127.0.0.1 with the Host and Origin such a page sends
 * (node:http lets a test set `Host`, which a browser's fetch would not).
 */
import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { patHeaders } from '../current-api/oauth-helpers';
import { type Json, WsClient } from './ws-client';

interface Answer {
  status: number;
  body: string;
}

/** One HTTP request to the sandbox's socket, with the `Host` (and `Origin`) given. */
function send(
  sb: SandboxHandle,
  method: string,
  path: string,
  host: string,
  extra: { origin?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const target = new URL(sb.httpUrl);
  const body = extra.body === undefined ? undefined : JSON.stringify(extra.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: Number(target.port),
        method,
        path,
        headers: {
          ...extra.headers,
          host,
          ...(extra.origin ? { origin: extra.origin } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('sandbox: DNS rebinding (every HTTP route answers only to this computer’s names)', () => {
  let sb: SandboxHandle;
  let port: string;
  let rebound: string;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 27 });
    port = new URL(sb.httpUrl).port;
    rebound = `evil.example:${port}`;
  });
  afterAll(() => sb.close());

  const balanceOf = async (token: string, loginid: string): Promise<number> => {
    const c = await WsClient.open(sb.wsUrl);
    try {
      await c.call({ authorize: token });
      return (((await c.call({ balance: 1, loginid })) as Json).balance as Json).balance as number;
    } finally {
      await c.close();
    }
  };

  it('a rebound page driving the control endpoints (Origin = its own Host) → 421, and nothing changes', async () => {
    const account = sb.users[0]!.accounts[0]!;
    const before = await balanceOf(account.token, account.loginid);
    const origin = `http://${rebound}`;
    const legacy = await send(sb, 'POST', '/__sandbox/balance', rebound, {
      origin,
      body: { loginid: account.loginid, balance: before + 1234 },
    });
    expect(legacy.status).toBe(421);
    expect(await balanceOf(account.token, account.loginid)).toBe(before);

    const limitsNow = async () =>
      (
        JSON.parse(
          (await send(sb, 'POST', '/__sandbox/current/limits', `127.0.0.1:${port}`, { body: {} })).body,
        ) as Json
      ).limits;
    const limits = await limitsNow();
    const current = await send(sb, 'POST', '/__sandbox/current/limits', rebound, {
      origin,
      body: { restPerUserPerMinute: 1 },
    });
    expect(current.status).toBe(421);
    expect(await limitsNow()).toEqual(limits);
    // The same call under this computer's name goes through: the refusal above was the Host's.
    expect(
      (await send(sb, 'POST', '/__sandbox/reset', `localhost:${port}`, { origin: `http://localhost:${port}` })).status,
    ).toBe(200);
  });

  it('the login pages, OIDC and the current API’s REST refuse a rebound Host too, and record nothing', async () => {
    const hits = sb.httpHits().length;
    const lists = sb.newApiLog().accountLists.length;
    for (const [method, path, headers] of [
      ['GET', `/oauth2/authorize?app_id=${sb.appId}&state=s`, {}],
      ['GET', '/.well-known/openid-configuration', {}],
      ['GET', '/auth/.well-known/openid-configuration', {}],
      ['GET', '/trading/v1/options/accounts', patHeaders(sb)],
      ['POST', `/trading/v1/options/accounts/${sb.newApi.users[0]!.accounts[0]!.account_id}/otp`, patHeaders(sb)],
      ['GET', '/redirect', {}],
    ] as const) {
      const answer = await send(sb, method, path, rebound, { headers });
      expect(answer.status, path).toBe(421);
      expect(answer.body, path).not.toMatch(/pat_|otp=|acct1|token/);
    }
    expect(sb.httpHits().length).toBe(hits);
    expect(sb.newApiLog().accountLists.length).toBe(lists);
    expect(sb.newApiLog().otpRequests.some((o) => JSON.stringify(o).includes(rebound))).toBe(false);
  });

  it.each([
    ['127.0.0.1 at its port', 200, (p: string) => `127.0.0.1:${p}`],
    ['localhost at its port', 200, (p: string) => `localhost:${p}`],
    ['LOCALHOST (a Host is case-insensitive)', 200, (p: string) => `LOCALHOST:${p}`],
    ['[::1] at its port', 200, (p: string) => `[::1]:${p}`],
    ['127.0.0.1 at another port', 421, (p: string) => `127.0.0.1:${Number(p) + 1}`],
    ['127.0.0.1 without a port', 421, () => '127.0.0.1'],
    ['a lookalike of localhost', 421, (p: string) => `localhost.evil.example:${p}`],
    ['a name that resolves to 127.0.0.1 elsewhere', 421, (p: string) => `127.0.0.1.nip.io:${p}`],
  ])('Host %s → %i', async (_name, status, hostOf) => {
    expect((await send(sb, 'POST', '/__sandbox/current/limits', hostOf(port), { body: {} })).status).toBe(status);
    expect((await send(sb, 'GET', '/.well-known/openid-configuration', hostOf(port))).status).toBe(status);
  });
});
