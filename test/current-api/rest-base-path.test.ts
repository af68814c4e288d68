/**
 * One URL rule for the REST base (issue 27.10): a base with a path (`https://host/api/`) keeps it,
 * in the login's account list and in the session's calls alike, because both address the REST
 * server through `restEndpoint` (wire.ts). `new URL(path, restUrl)` would drop `/api`.
 *
 * The server here is real: a reverse proxy on 127.0.0.1 that serves the sandbox's REST API under
 * `/api/` only (as a deployment behind a gateway would), and answers 404 anywhere else.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { signInWithPat } from '../../main/core/auth/current-flow';
import { BudgetedRest, RequestBudget } from '../../main/core/current-api/rest-budget';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { accountsOf, aliceIds, type Harness, makeSession, patCredential } from './session-helpers';

const BASE_PATH = '/api';

describe('a REST base with a path keeps it, in the login and in the session', () => {
  let sb: SandboxHandle;
  let gateway: Server;
  let restUrl: string;
  /** Every path the gateway was asked for. */
  const asked: string[] = [];
  const harnesses: Harness[] = [];

  beforeAll(async () => {
    sb = await startSandbox({ seed: 10 });
    const target = new URL(sb.newApi.restUrl);
    gateway = createServer((req, res) => {
      const path = req.url ?? '/';
      asked.push(path);
      if (!path.startsWith(`${BASE_PATH}/`)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"errors":[{"status":404,"code":"NotFound","message":"no such route"}]}');
        return;
      }
      const upstream = request(
        {
          host: target.hostname,
          port: Number(target.port),
          method: req.method,
          path: path.slice(BASE_PATH.length),
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    restUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}${BASE_PATH}/`;
  });
  afterEach(async () => {
    asked.length = 0;
    await Promise.all(harnesses.splice(0).map((h) => h.session.close()));
  });
  afterAll(async () => {
    await new Promise((resolve) => gateway.close(resolve));
    await sb.close();
  });

  it('the PAT login lists the accounts under the base path', async () => {
    const alice = sb.newApi.users[0]!;
    const login = await signInWithPat({
      restUrl,
      token: alice.pat,
      appId: sb.newApi.appId,
      signal: new AbortController().signal,
    });
    expect(login.accounts.map((a) => a.account_id)).toEqual(alice.accounts.map((a) => a.account_id));
    expect(asked).toEqual([`${BASE_PATH}/trading/v1/options/accounts`]);
  });

  it('the session’s client lists and asks OTPs under the same base path', async () => {
    const clock = {
      now: () => Date.now(),
      setTimeout,
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    };
    const rest = new BudgetedRest({
      restUrl,
      clock,
      timeoutMs: 5_000,
      budget: new RequestBudget([{ ms: 60_000, max: 60 }], clock as never),
    });
    const credential = patCredential(sb);
    const { demo } = aliceIds(sb);
    expect((await rest.listAccounts(credential)).accounts.length).toBeGreaterThan(0);
    expect(await rest.requestOtp(credential, demo)).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/trading\/v1\/options\/ws\/demo\?/,
    );
    expect(asked).toEqual([
      `${BASE_PATH}/trading/v1/options/accounts`,
      `${BASE_PATH}/trading/v1/options/accounts/${demo}/otp`,
    ]);
  });

  it('a session on that base opens an account: every REST call it made was under the base path', async () => {
    const h = makeSession(sb, { restUrl });
    harnesses.push(h);
    const { demo, usd } = aliceIds(sb);
    const view = await h.session.start(accountsOf([demo, usd], patCredential(sb)), demo);
    expect(view.connection.status).toBe('online');
    expect(asked.length).toBeGreaterThanOrEqual(2);
    for (const path of asked) expect(path.startsWith(`${BASE_PATH}/trading/v1/options/accounts`), path).toBe(true);
  });
});
