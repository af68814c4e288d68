/**
 * The current API's wire client (`wire.ts`): each request function (what it sends, where, and what
 * it refuses to send), each process function (statuses, Retry-After, the `errors[]` envelope, odd
 * shapes → a typed `WireError`, never a crash), the one accounts schema where the two former
 * clients disagreed, the redirect mode and the address rule as the client applies them (over real
 * sockets), the session's per-token budget, and how logins and sessions word a wire error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loginFailureOf } from '../../main/core/auth/current-flow';
import { faultOf, refusalOf } from '../../main/core/current-api/refusal';
import { BudgetedRest, RequestBudget } from '../../main/core/current-api/rest-budget';
import {
  accountsRequest,
  currentAuthorizationServer,
  type CurrentCredential,
  discoveryRequestOf,
  otpRequest,
  processAccountsResponse,
  type ProcessOptions,
  processOtpResponse,
  processRefreshResponse,
  processRevocationEndpoint,
  processRevocationResponseOf,
  refreshRequest,
  revocationRequestOf,
  WIRE_ERROR_CODES,
  WireError,
  type WireErrorCode,
} from '../../main/core/current-api/wire';
import { CURRENCY_PATTERN, MAX_LISTED_ACCOUNTS } from '../../main/core/current-api/wire-schema';
import { ACCOUNT_ID_PATTERN } from '../../main/core/model';
import type { Clock } from '../../main/core/socket/ports';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';

/** Deriv's REST base (its OTP URLs are `wss://api.derivws.com/…`). */
const REST = 'https://api.derivws.com';
const PAT: CurrentCredential = { kind: 'pat', token: `pat_${'a'.repeat(64)}`, appId: 'my-app-7' };
const OAUTH: CurrentCredential = {
  kind: 'oauth',
  accessToken: 'ory_at_secret_0123456789',
  refreshToken: 'ory_rt_secret_0123456789',
  expiresAt: null,
};
const SECRETS = [PAT.kind === 'pat' ? PAT.token : '', 'ory_at_secret_0123456789', 'ory_rt_secret_0123456789'];

/** A fetch that records what it was given and answers `answer`. */
function recording(answer: () => Response | Promise<Response> = () => Response.json({ data: [] })) {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (url: URL | string, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer();
  }) as typeof fetch;
  return { calls, fetch: f };
}

const account = (patch: Record<string, unknown> = {}) => ({
  account_id: 'DOT90000001',
  account_type: 'demo',
  currency: 'USD',
  balance: 10000,
  status: 'active',
  group: 'row',
  ...patch,
});
const listOf = (...accounts: unknown[]) => Response.json({ data: accounts, meta: { endpoint: '/x', method: 'GET' } });
const errorAnswer = (status: number, first: unknown, headers: Record<string, string> = {}) =>
  Response.json({ errors: [first], meta: {} }, { status, headers });

async function failureOf(run: Promise<unknown>): Promise<WireError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WireError);
  return error as WireError;
}

describe('requests: what is sent, and where', () => {
  it('the account list: GET under the REST base (a base path kept, a query dropped), the bearer, no redirect followed', async () => {
    const { calls, fetch } = recording();
    const signal = new AbortController().signal;
    await accountsRequest('https://api.derivws.com/base/?x=1', OAUTH, { fetch, signal });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [{ url: string; init: RequestInit }];
    expect(url).toBe('https://api.derivws.com/base/trading/v1/options/accounts');
    expect(init.method).toBe('GET');
    expect(init.redirect).toBe('error');
    expect(init.signal).toBe(signal);
    // OAuth: no Deriv-App-ID (the token names its client), not even an empty one.
    expect(init.headers).toStrictEqual({ accept: 'application/json', authorization: `Bearer ${OAUTH.accessToken}` });
  });

  it('the OTP: POST for the account (its id encoded), and a PAT goes with its Deriv-App-ID', async () => {
    const { calls, fetch } = recording();
    await otpRequest('https://api.derivws.com', PAT, 'DOT/1?', { fetch });
    const [{ url, init }] = calls as [{ url: string; init: RequestInit }];
    expect(url).toBe('https://api.derivws.com/trading/v1/options/accounts/DOT%2F1%3F/otp');
    expect(init.method).toBe('POST');
    expect(init.redirect).toBe('error');
    expect(init.headers).toMatchObject({ 'deriv-app-id': 'my-app-7', authorization: `Bearer ${SECRETS[0]}` });
  });

  it('a base ending in several slashes: all dropped, for the REST calls and the authorization server alike', async () => {
    const { calls, fetch } = recording();
    await accountsRequest('https://api.derivws.com/base//', OAUTH, { fetch });
    expect(calls.map((c) => c.url)).toEqual(['https://api.derivws.com/base/trading/v1/options/accounts']);
    expect(currentAuthorizationServer('https://auth.example/auth//')).toEqual({
      issuer: 'https://auth.example/auth',
      authorization_endpoint: 'https://auth.example/auth/oauth2/auth',
      token_endpoint: 'https://auth.example/auth/oauth2/token',
    });
  });

  it.each([
    ['plain http elsewhere', 'http://api.example.com'],
    ['ws', 'ws://127.0.0.1:1'],
    ['not a URL', 'api.derivws.com'],
    ['a lookalike of localhost', 'http://localhost.evil.example'],
  ])('the address rule as applied: %s → insecure_address, nothing sent', async (_name, restUrl) => {
    const { calls, fetch } = recording();
    for (const call of [accountsRequest(restUrl, PAT, { fetch }), otpRequest(restUrl, PAT, 'DOT1', { fetch })])
      expect((await failureOf(call)).code).toBe('insecure_address');
    expect((await failureOf(refreshRequest(restUrl, 'my-app-7', 'ory_rt_secret_0123456789', { fetch }))).code).toBe(
      'insecure_address',
    );
    expect(calls).toEqual([]);
  });

  it.each(['https://api.derivws.com', 'http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000'])(
    'the address rule as applied: %s is allowed (https, or http on this computer), token endpoint included',
    async (base) => {
      const { calls, fetch } = recording();
      await accountsRequest(base, PAT, { fetch });
      await refreshRequest(base, 'my-app-7', 'ory_rt_secret_0123456789', { fetch });
      expect(calls.map((c) => c.url)).toEqual([
        `${base}/trading/v1/options/accounts`,
        currentAuthorizationServer(base).token_endpoint,
      ]);
      // oauth4webapi's own calls never follow a redirect either.
      expect(calls[1]!.init.redirect).toBe('manual');
      expect(String(calls[1]!.init.body)).toContain('grant_type=refresh_token');
    },
  );

  it('a fetch that fails is `network` (its text, which could quote a URL, is not kept); the caller’s cancel comes back as is', async () => {
    const failing = (async () => {
      throw new TypeError(`fetch failed: https://x.example/?otp=secret ${SECRETS[0]}`);
    }) as typeof fetch;
    const error = await failureOf(accountsRequest('https://x.example', PAT, { fetch: failing }));
    expect(error.code).toBe('network');
    expect(error.message).toBe("Deriv's server could not be reached.");
    expect(error.message).not.toMatch(/otp=|pat_/);
    // The token endpoint the same, with or without a caller's signal.
    const refresh = await failureOf(refreshRequest('https://x.example', 'my-app-7', 'rt', { fetch: failing }));
    expect([refresh.code, refresh.message]).toEqual(['network', "Deriv's server could not be reached."]);

    const controller = new AbortController();
    controller.abort();
    const aborting = (async (_u: unknown, init?: RequestInit) => {
      throw init?.signal?.reason;
    }) as typeof fetch;
    const cancelled = await accountsRequest('https://x.example', PAT, {
      fetch: aborting,
      signal: controller.signal,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(cancelled).not.toBeInstanceOf(WireError);
    expect((cancelled as Error).name).toBe('AbortError');
  });
});

describe('redirects and loopback over real sockets', () => {
  let target: Server;
  let redirecting: Server;
  let targetHits: string[];
  const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  beforeAll(async () => {
    targetHits = [];
    target = createServer((req, res) => {
      targetHits.push(String(req.headers.authorization));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { url: 'ws://evil.example/ws?otp=1' } }));
    });
    redirecting = createServer((req, res) => {
      res.writeHead(307, { location: `${urlOf(target)}${req.url}` });
      res.end();
    });
    await Promise.all([target, redirecting].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  });
  afterAll(async () => {
    await Promise.all([target, redirecting].map((s) => new Promise((r) => s.close(r))));
  });

  it('a 307 from the REST server is an error, and the bearer never reaches the address it points to', async () => {
    for (const call of [
      () => accountsRequest(urlOf(redirecting), PAT).then(processAccountsResponse),
      () => otpRequest(urlOf(redirecting), OAUTH, 'DOT1').then((r) => processOtpResponse(urlOf(redirecting), r)),
    ])
      expect((await failureOf(call())).code).toBe('network');
    expect(targetHits).toEqual([]);
  });

  it('the loopback server itself is reached over plain http (the sandbox case)', async () => {
    const error = await failureOf(
      otpRequest(urlOf(target), OAUTH, 'DOT1').then((r) => processOtpResponse(urlOf(target), r)),
    );
    // Reached: it answered an OTP URL, which the client then refused (plain ws, not to this computer).
    expect(targetHits).toEqual([`Bearer ${OAUTH.accessToken}`]);
    expect(error.code).toBe('malformed');
    expect(error.message).not.toContain('evil.example');
  });
});

describe('process functions: statuses and the errors[] envelope', () => {
  const NOW = 1_000_000;
  const at = { now: () => NOW };

  it.each<[string, number, unknown, WireErrorCode]>([
    ['401', 401, { status: 401, code: 'InvalidToken', message: 'Token is invalid or expired' }, 'unauthorized'],
    [
      '401 for a PAT without its app id (documented text)',
      401,
      { code: 'Unauthorized', message: 'Deriv-App-ID header is required for PAT tokens' },
      'app_id_required',
    ],
    ['403', 403, { code: 'Forbidden', message: 'insufficient scope' }, 'forbidden'],
    ['400', 400, { code: 'ValidationError', message: 'bad' }, 'rejected'],
    ['404', 404, { code: 'NotFound', message: 'no such account' }, 'rejected'],
    ['409', 409, { code: 'MigrationPending' }, 'rejected'],
    ['408', 408, {}, 'server_error'],
    ['500', 500, { code: 'InternalError', message: 'oops' }, 'server_error'],
    ['504', 504, null, 'server_error'],
  ])('%s → %s, with the status and Deriv’s code', async (_name, status, first, code) => {
    const otp = (response: Response, options: ProcessOptions) => processOtpResponse(REST, response, options);
    for (const process of [processAccountsResponse, otp]) {
      const error = await failureOf(process(errorAnswer(status, first), at));
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      const derivCode = (first as { code?: string } | null)?.code ?? null;
      expect(error.derivCode).toBe(derivCode);
      // Deriv's free text is never the app's message.
      const said = (first as { message?: string } | null)?.message;
      if (said) expect(error.message).not.toContain(said);
    }
  });

  it('429: Retry-After in seconds, as an HTTP date, or absent (a minute)', async () => {
    const retryAt = async (headers: Record<string, string>) =>
      (await failureOf(processAccountsResponse(errorAnswer(429, { code: 'RateLimit' }, headers), at))).retryAt;
    expect(await retryAt({ 'retry-after': '7' })).toBe(NOW + 7_000);
    expect(await retryAt({ 'retry-after': new Date(NOW + 30_000).toUTCString() })).toBe(NOW + 30_000);
    // A date in the past is "now", never earlier.
    expect(await retryAt({ 'retry-after': new Date(0).toUTCString() })).toBe(NOW);
    expect(await retryAt({})).toBe(NOW + 60_000);
    expect(await retryAt({ 'retry-after': 'soon' })).toBe(NOW + 60_000);
    expect(await retryAt({ 'retry-after': '-5' })).toBe(NOW + 60_000);
    const error = await failureOf(processOtpResponse(REST, errorAnswer(429, {}, { 'retry-after': '2' }), at));
    expect([error.code, error.retryAt]).toEqual(['rate_limited', NOW + 2_000]);
  });

  it('odd envelopes keep their status: errors not a list, an empty list, a code with control characters or too long', async () => {
    const raw = (status: number, body: string) => new Response(body, { status });
    expect((await failureOf(processAccountsResponse(raw(401, '{"errors":"nope"}')))).code).toBe('unauthorized');
    expect((await failureOf(processAccountsResponse(raw(403, '{"errors":[]}')))).code).toBe('forbidden');
    expect((await failureOf(processAccountsResponse(raw(500, '<html>')))).code).toBe('server_error');
    const odd = await failureOf(
      processAccountsResponse(errorAnswer(404, { code: `Not\u0000Found\n${'x'.repeat(80)}`, message: 7 })),
    );
    expect(odd.code).toBe('rejected');
    expect(odd.derivCode).toBe(`NotFound${'x'.repeat(32)}`);
    // Several entries: the first is read.
    const several = await failureOf(
      processAccountsResponse(Response.json({ errors: [{ code: 'First' }, { code: 'Second' }] }, { status: 400 })),
    );
    expect([several.code, several.derivCode]).toEqual(['rejected', 'First']);
    // An unexpected non-error status is not an answer of this API.
    expect((await failureOf(processAccountsResponse(raw(302, '')))).code).toBe('malformed');
  });

  it('a body cut off by the caller’s cancel: the cancel comes back as is, not as a malformed answer', async () => {
    const cut = () =>
      new Response(
        new ReadableStream({ start: (c) => c.error(new DOMException('The operation was aborted.', 'AbortError')) }),
      );
    for (const run of [processAccountsResponse(cut()), processOtpResponse(REST, cut())]) {
      const error = await run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeInstanceOf(WireError);
      expect((error as Error).name).toBe('AbortError');
    }
  });

  it('an answer not understood says which, with its status', async () => {
    const list = await failureOf(processAccountsResponse(new Response('{"data":{}}', { status: 201 })));
    expect([list.code, list.message, list.status]).toEqual([
      'malformed',
      'The account list from Deriv could not be understood.',
      201,
    ]);
    const otp = await failureOf(processOtpResponse(REST, new Response('{"data":{}}', { status: 201 })));
    expect([otp.code, otp.message, otp.status]).toEqual([
      'malformed',
      'The OTP answer from Deriv could not be understood.',
      201,
    ]);
  });

  it('a 2xx that is not the documented shape is malformed: no body, not JSON, no data, data not a list', async () => {
    for (const body of ['', 'not json', '{}', '{"data":{}}', '{"data":null}', '[]', 'null', '{"data":[1]}'])
      expect((await failureOf(processAccountsResponse(new Response(body)))).code, body).toBe('malformed');
    for (const body of ['', '{"data":{}}', '{"data":{"url":""}}', '{"data":{"url":7}}', '{"data":"wss://x"}'])
      expect((await failureOf(processOtpResponse(REST, new Response(body)))).code, body).toBe('malformed');
  });
});

describe('the one accounts schema (where the two former clients disagreed)', () => {
  const list = (...accounts: unknown[]) => processAccountsResponse(listOf(...accounts));
  const refused = async (...accounts: unknown[]) => (await failureOf(list(...accounts))).code;

  it('currency: Deriv’s pattern, empty or 2–20 letters and digits, kept in the case Deriv wrote it', async () => {
    // The login client upper-cased (eUSDT would have become EUSDT); the session client kept it.
    const kept = await list(
      account({ account_id: 'A1', currency: 'eUSDT' }),
      account({ account_id: 'A2', currency: 'usd' }),
      account({ account_id: 'A3', currency: '' }),
      account({ account_id: 'A4', currency: 'B'.repeat(20) }),
    );
    expect(kept.accounts.map((a) => a.currency)).toEqual(['eUSDT', 'usd', '', 'B'.repeat(20)]);
    // The session client took any string up to 20; the login client took a single character.
    for (const currency of ['US$', 'U S', '<b>', 'U', 'B'.repeat(21), 7, null])
      expect(await refused(account({ currency })), String(currency)).toBe('malformed');
    expect(CURRENCY_PATTERN.test('eUSDT')).toBe(true);
  });

  it(`a list holds at most ${MAX_LISTED_ACCOUNTS} accounts: one more and it is refused whole (the session client had no cap)`, async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => account({ account_id: `DOT${i + 1}` }));
    expect((await list(...many(MAX_LISTED_ACCOUNTS))).accounts).toHaveLength(MAX_LISTED_ACCOUNTS);
    expect(await refused(...many(MAX_LISTED_ACCOUNTS + 1))).toBe('malformed');
  });

  it('a repeated account id is kept once, its first entry (the session client kept both)', async () => {
    const out = await list(account({ balance: 1 }), account({ balance: 2 }), account({ account_id: 'DOT2' }));
    expect(out.accounts.map((a) => [a.account_id, a.balance])).toEqual([
      ['DOT90000001', '1'],
      ['DOT2', '10000'],
    ]);
  });

  it('balance: a number (Deriv’s page) or a decimal string (Deriv’s own client); anything else refuses the list', async () => {
    const out = await list(account({ balance: '10000.50' }), account({ account_id: 'DOT2', balance: -3.25 }));
    expect(out.accounts.map((a) => a.balance)).toEqual(['10000.50', '-3.25']);
    for (const balance of ['abc', '1e400', '1e3', 'Infinity', '', ' 1', '+1', '0x10', '1,000.00', null, { v: 1 }])
      expect(await refused(account({ balance })), String(balance)).toBe('malformed');
  });

  it('the account id is the model’s one rule; type, status and group as documented (an unknown status is shown as it comes)', async () => {
    for (const id of ['../x', 'DOT 1', '<b>', 'x'.repeat(65), ''])
      expect(await refused(account({ account_id: id })), id).toBe('malformed');
    expect(await refused(account({ account_type: 'wallet' }))).toBe('malformed');
    expect((await list(account({ status: 'suspended' }))).accounts[0]!.status).toBe('suspended');
    expect(await refused(account({ group: 'g'.repeat(65) }))).toBe('malformed');
    const raw = { data: [account()], meta: { endpoint: '/trading/v1/options/accounts' } };
    expect((await processAccountsResponse(Response.json(raw))).raw).toEqual(raw);
  });

  it('an empty list is a list (the login, not the wire, says an empty list is no login)', async () => {
    expect((await list()).accounts).toEqual([]);
    expect(loginFailureOf(new WireError('malformed', 'x'), 'pat').code).toBe('malformed');
  });
});

describe('the OTP URL rule: where the REST server may send the socket', () => {
  const otp = (url: unknown, restUrl = REST) => processOtpResponse(restUrl, Response.json({ data: { url }, meta: {} }));

  it('wss on the REST host or its domain; ws only when the REST base is on this computer too', async () => {
    for (const ok of [
      'wss://api.derivws.com/trading/v1/options/ws/real?otp=x',
      'wss://api.derivws.com:8443/trading/v1/options/ws/demo?otp=x',
      'wss://ws.derivws.com/ws?otp=x',
      'wss://derivws.com/ws?otp=x',
    ])
      expect(await otp(ok)).toBe(ok);
    for (const local of ['ws://127.0.0.1:1/ws/demo?otp=x', 'ws://localhost:1/ws?otp=x', 'ws://[::1]:1/ws?otp=x'])
      for (const restUrl of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000'])
        expect(await otp(local, restUrl)).toBe(local);
    expect(await otp('wss://localhost:1/ws?otp=x', 'http://127.0.0.1:4000')).toBe('wss://localhost:1/ws?otp=x');
    // A REST base on its own two-label domain: that domain and its hosts.
    expect(await otp('wss://ws.derivws.com/ws?otp=x', 'https://derivws.com')).toBe('wss://ws.derivws.com/ws?otp=x');
  });

  it.each([
    ['ws to this computer while the REST base is https', 'ws://127.0.0.1:1/ws/demo?otp=x', REST],
    ['ws to this computer while the REST base is https (localhost)', 'ws://localhost:1/ws?otp=x', REST],
    ['wss to another host', 'wss://evil.example/ws?otp=x', REST],
    ['wss to a lookalike domain', 'wss://api.derivws.com.evil.example/ws?otp=x', REST],
    ['wss to a name ending like the domain', 'wss://evilderivws.com/ws?otp=x', REST],
    ['wss to the parent of a two-label REST host', 'wss://com/ws?otp=x', 'https://derivws.com'],
    ['wss to a sibling of a two-label REST host', 'wss://evil.com/ws?otp=x', 'https://derivws.com'],
    ['wss to another loopback-looking host while REST is https', 'wss://127.0.0.1/ws?otp=x', REST],
    ['wss to another address than a REST IP address', 'wss://10.0.0.2/ws?otp=x', 'https://10.0.0.1'],
    ['wss elsewhere while the REST base is on this computer', 'wss://evil.example/ws?otp=x', 'http://127.0.0.1:4000'],
    ['ws to another computer', 'ws://evil.example/ws?otp=x', 'http://127.0.0.1:4000'],
    ['ws to a lookalike of localhost', 'ws://localhost.evil.example/ws?otp=x', 'http://127.0.0.1:4000'],
    ['https', 'https://api.derivws.com/x?otp=x', REST],
    ['http on this computer', 'http://127.0.0.1/ws?otp=x', 'http://127.0.0.1:4000'],
    ['not a URL', 'not a url otp=x', REST],
    ['javascript:', 'javascript:alert(1)//otp=x', REST],
  ])('%s → malformed, the URL in no message', async (_name, url, restUrl) => {
    const error = await failureOf(otp(url, restUrl));
    expect(error.code).toBe('malformed');
    expect(error.message).not.toMatch(/otp=|evil|derivws|127\.0\.0\.1/);
  });

  it('a REST base at an IP address or a one-label name opens that host only; a name made of digits is still a name', async () => {
    expect(await otp('wss://10.20.30.40/ws?otp=x', 'https://10.20.30.40')).toBe('wss://10.20.30.40/ws?otp=x');
    expect(await otp('wss://intranet/ws?otp=x', 'https://intranet')).toBe('wss://intranet/ws?otp=x');
    // nip.io style: the labels are a name's, so its domain's hosts are the REST server's.
    expect(await otp('wss://ws.0.0.1.nip.io/ws?otp=x', 'https://10.0.0.1.nip.io')).toBe(
      'wss://ws.0.0.1.nip.io/ws?otp=x',
    );
    for (const [url, restUrl] of [
      // Not "the domain 20.30.40": an address is only itself.
      ['wss://11.20.30.40/ws?otp=x', 'https://10.20.30.40'],
      ['wss://ws.intranet/ws?otp=x', 'https://intranet'],
      // A fully qualified name (trailing dot) is another host, not "under" a one-label one.
      ['wss://evil.example./ws?otp=x', 'https://intranet'],
    ])
      expect((await failureOf(otp(url, restUrl))).code, `${url} from ${restUrl}`).toBe('malformed');
  });

  it('the JSON-string form: read up to 8 KiB, a longer one or a string inside a list is not an answer', async () => {
    const url = 'wss://api.derivws.com/trading/v1/options/ws/demo?otp=x';
    const answer = (data: unknown) => processOtpResponse(REST, Response.json({ data, meta: {} }));
    const padded = (length: number) => {
      const bare = JSON.stringify({ url, pad: '' });
      return JSON.stringify({ url, pad: 'p'.repeat(length - bare.length) });
    };
    expect(padded(8192)).toHaveLength(8192);
    expect(await answer(padded(8192))).toBe(url);
    expect((await failureOf(answer(padded(8193)))).code).toBe('malformed');
    expect((await failureOf(answer([JSON.stringify({ url })]))).code).toBe('malformed');
  });

  it('each refusal says what was wrong with the URL, never the URL', async () => {
    const words = async (url: string, restUrl = REST) => (await failureOf(otp(url, restUrl))).message;
    expect(await words('not a url otp=x')).toBe('The server sent an OTP that is not a URL.');
    expect(await words('ws://127.0.0.1:1/ws?otp=x')).toBe(
      'The server sent an OTP URL that is not a secure WebSocket URL.',
    );
    expect(await words('https://api.derivws.com/x?otp=x')).toBe(
      'The server sent an OTP URL that is not a WebSocket URL.',
    );
    expect(await words('wss://evil.example/ws?otp=x')).toBe(
      "The server sent an OTP URL on another host than Deriv's REST server.",
    );
  });

  it('applied by the session’s client: an https REST base’s OTP URL to ws or to another host is refused, its own is used', async () => {
    const clock = { now: () => 1_000, setTimeout: () => 0, clearTimeout: () => undefined };
    const answering = (url: string) =>
      new BudgetedRest({
        restUrl: REST,
        clock: clock as never,
        timeoutMs: 1000,
        budget: minuteBudget(60, clock as never),
        fetch: async () => Response.json({ data: { url }, meta: {} }),
      });
    for (const url of ['ws://127.0.0.1:9/trading/v1/options/ws/demo?otp=x', 'wss://evil.example/ws/demo?otp=x'])
      for (const credential of [PAT, OAUTH])
        expect((await failureOf(answering(url).requestOtp(credential, 'DOT1'))).code, url).toBe('malformed');
    const own = 'wss://api.derivws.com/trading/v1/options/ws/demo?otp=x';
    expect(await answering(own).requestOtp(PAT, 'DOT1')).toBe(own);
  });
});

describe('property: untrusted answers', () => {
  const statuses = fc.oneof(fc.integer({ min: 200, max: 599 }), fc.constantFrom(200, 401, 403, 429, 500));
  const accountish = fc.record(
    {
      account_id: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('DOT1', 'CR90000001', 'VRTC1')),
      account_type: fc.oneof(fc.constantFrom('demo', 'real'), fc.string({ maxLength: 8 })),
      currency: fc.oneof(fc.constantFrom('USD', 'eUSDT', '', 'btc'), fc.string({ maxLength: 24 }), fc.integer()),
      balance: fc.oneof(fc.double(), fc.string({ maxLength: 20 }), fc.constant('12.5')),
      status: fc.oneof(fc.constantFrom('active', 'inactive'), fc.string({ maxLength: 40 })),
      group: fc.string({ maxLength: 70 }),
    },
    { requiredKeys: [] },
  );
  const bodies = fc.oneof(
    fc.json(),
    fc.string(),
    fc.array(accountish, { maxLength: 4 }).map((data) => JSON.stringify({ data })),
    fc
      .array(accountish, { maxLength: 4 })
      .map((data) => JSON.stringify({ data: data.map((d) => ({ ...account(), ...d })) })),
    fc
      .record({ status: fc.anything(), code: fc.anything(), message: fc.anything() }, { requiredKeys: [] })
      .map((e) => JSON.stringify({ errors: [e] })),
    fc.oneof(fc.webUrl(), fc.string()).map((url) => JSON.stringify({ data: { url } })),
  );
  const headers = fc.option(
    fc.oneof(
      fc.string({ maxLength: 30 }).filter((h) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(h)),
      fc.nat().map(String),
      fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
    ),
    { nil: undefined },
  );
  /** A Response as a server could send it (statuses without a body carry none). */
  const answer = (status: number, body: string, init: ResponseInit = {}) =>
    new Response([204, 205, 304].includes(status) ? null : body, { ...init, status });

  it('whatever the status, body and Retry-After: a checked value or a WireError without a credential, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(statuses, bodies, headers, async (status, body, retryAfter) => {
        const init: ResponseInit = { headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } };
        try {
          const out = await processAccountsResponse(answer(status, body, init), { now: () => 5 });
          expect(status).toBeLessThan(300);
          expect(out.accounts.length).toBeLessThanOrEqual(MAX_LISTED_ACCOUNTS);
          for (const a of out.accounts) {
            expect(a.account_id).toMatch(ACCOUNT_ID_PATTERN);
            // Deriv's pattern written out, not the module's constant: a looser constant must fail here.
            expect(a.currency).toMatch(/^(|[A-Za-z0-9]{2,20})$/);
            // Exact decimal text, written out (not the model's constant): no exponent, no float.
            expect(a.balance).toMatch(/^-?\d{1,20}(\.\d{1,20})?$/);
            expect(['demo', 'real']).toContain(a.account_type);
          }
          expect(new Set(out.accounts.map((a) => a.account_id)).size).toBe(out.accounts.length);
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
          const error = e as WireError;
          expect(WIRE_ERROR_CODES).toContain(error.code);
          if (error.code === 'rate_limited') expect(error.retryAt).toBeGreaterThanOrEqual(5);
          if (error.derivCode !== null) expect(error.derivCode).toMatch(/^[\x21-\x7e]{0,40}$/);
        }
        try {
          const url = await processOtpResponse(REST, answer(status, body, init));
          expect(status).toBeLessThan(300);
          // Deriv's REST base is https: only wss on its own domain can pass.
          expect(url).toMatch(/^wss:\/\/([a-z0-9-]+\.)*derivws\.com[:/]/i);
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
          expect((e as Error).message).not.toMatch(/otp=|https?:\/\/|wss?:\/\//i);
        }
      }),
      { seed: 20261207, numRuns: 600 },
    );
  });

  it('through the session’s client too: every failure is a WireError that names no credential', async () => {
    const clock = {
      now: () => Date.now(),
      setTimeout,
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    };
    await fc.assert(
      fc.asyncProperty(statuses, bodies, async (status, body) => {
        const rest = new BudgetedRest({
          restUrl: 'https://api.example',
          clock: clock as never,
          timeoutMs: 1000,
          budget: minuteBudget(1_000_000, clock as never),
          fetch: async () => answer(status, body),
        });
        for (const credential of [PAT, OAUTH])
          for (const call of [() => rest.listAccounts(credential), () => rest.requestOtp(credential, 'DOT1')]) {
            const outcome = await call().then(
              () => null,
              (e: unknown) => e,
            );
            if (outcome === null) continue;
            expect(outcome).toBeInstanceOf(WireError);
            for (const secret of SECRETS)
              expect(JSON.stringify({ ...(outcome as object), m: (outcome as Error).message })).not.toContain(secret);
          }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

const minuteBudget = (max: number, clock: Clock) => new RequestBudget([{ ms: 60_000, max }], clock);

describe('the session’s budgeted client', () => {
  const fakeClock = () => {
    let now = 1_000;
    return {
      clock: { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined },
      advance: (ms: number) => (now += ms),
    };
  };

  it('one budget for every token (Deriv counts per IP and per user): spent, it answers rate_limited without sending', async () => {
    const { clock, advance } = fakeClock();
    const { calls, fetch } = recording(() => listOf(account()));
    const rest = new BudgetedRest({
      restUrl: 'https://api.example',
      clock,
      timeoutMs: 1000,
      budget: minuteBudget(2, clock),
      fetch,
    });
    await rest.listAccounts(PAT);
    await rest.requestOtp(PAT, 'DOT1').catch(() => undefined);
    const spent = await failureOf(rest.listAccounts(PAT));
    expect([spent.code, spent.retryAt]).toEqual(['rate_limited', 1_000 + 60_000]);
    // Another login may be the same Deriv user: it waits too.
    const other = await failureOf(rest.listAccounts(OAUTH));
    expect([other.code, other.retryAt]).toEqual(['rate_limited', 1_000 + 60_000]);
    expect(calls).toHaveLength(2);
    expect(rest.remaining()).toBe(0);
    advance(60_001);
    expect(rest.remaining()).toBe(2);
    await rest.listAccounts(OAUTH);
    expect(calls).toHaveLength(3);
  });

  it('a 429 stops that token until Retry-After: nothing is sent before, a request goes after', async () => {
    const { clock, advance } = fakeClock();
    let answer = () => errorAnswer(429, { code: 'RateLimit' }, { 'retry-after': '10' });
    const { calls, fetch } = recording(() => answer());
    const rest = new BudgetedRest({
      restUrl: 'https://api.example',
      clock,
      timeoutMs: 1000,
      budget: minuteBudget(60, clock),
      fetch,
    });
    const limited = await failureOf(rest.requestOtp(OAUTH, 'DOT1'));
    expect([limited.code, limited.retryAt, limited.status]).toEqual(['rate_limited', 11_000, 429]);
    expect((await failureOf(rest.listAccounts(OAUTH))).retryAt).toBe(11_000);
    expect(calls).toHaveLength(1);
    advance(10_000);
    answer = () => listOf(account());
    expect((await rest.listAccounts(OAUTH)).accounts).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });

  it('no answer within the time → timeout (the request is aborted)', async () => {
    const clock = {
      now: () => Date.now(),
      setTimeout,
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    };
    let aborted = false;
    const hanging = ((_u: unknown, init?: RequestInit) =>
      new Promise((_r, reject) =>
        init?.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(init.signal!.reason);
        }),
      )) as typeof fetch;
    const rest = new BudgetedRest({
      restUrl: 'https://api.example',
      clock: clock as never,
      timeoutMs: 30,
      budget: minuteBudget(60, clock as never),
      fetch: hanging,
    });
    const error = await failureOf(rest.listAccounts(PAT));
    expect([error.code, error.message]).toEqual(['timeout', 'No answer from the server within 30 ms.']);
    expect(aborted).toBe(true);
  });

  it('a legacy credential is refused before anything is spent or sent; a spent budget says so', async () => {
    const { clock } = fakeClock();
    const { calls, fetch } = recording(() => listOf(account()));
    const rest = new BudgetedRest({
      restUrl: 'https://api.example',
      clock,
      timeoutMs: 1000,
      budget: minuteBudget(1, clock),
      fetch,
    });
    const legacy = { kind: 'tokens', tokens: { CR1: 'a1-token-CR1' } } as const;
    // Refused as the call is made (no promise to wait for): nothing reaches the budget or the wire.
    for (const call of [
      () => rest.listAccounts(legacy),
      () => rest.requestOtp(legacy, 'CR1'),
      () => rest.migrationStatus(legacy, 'my-app-7'),
      () => rest.legacyAccounts(legacy, 'my-app-7'),
    ])
      expect(call).toThrow(expect.objectContaining({ code: 'unauthorized', message: 'Not a current-API credential.' }));
    expect(rest.remaining()).toBe(1);
    expect(calls).toEqual([]);
    expect(rest.availableAt()).toBeNull();
    await rest.listAccounts(PAT);
    expect(rest.availableAt()).toBe(1_000 + 60_000);
    const spent = await failureOf(rest.listAccounts(PAT));
    expect([spent.code, spent.message]).toEqual(['rate_limited', "The app's request budget is spent."]);
  });

  it('the legacy endpoints through it: the status and the mapping, each within the budget', async () => {
    const { clock } = fakeClock();
    const answers = [
      () => Response.json({ data: { status: 'not_started' } }),
      () => Response.json({ data: { loginids: { CR1: [{ account_id: 'DOT1', currency: 'USD' }] } } }),
    ];
    const { calls, fetch } = recording(() => answers[calls.length - 1]!());
    const rest = new BudgetedRest({
      restUrl: 'https://api.example',
      clock,
      timeoutMs: 1000,
      budget: minuteBudget(2, clock),
      fetch,
    });
    expect(await rest.migrationStatus(OAUTH, 'my-app-7')).toBe('pending');
    expect(await rest.legacyAccounts(OAUTH, 'my-app-7')).toEqual({ CR1: [{ accountId: 'DOT1', currency: 'USD' }] });
    expect(calls.map((c) => [c.url, (c.init.headers as Record<string, string>)['deriv-app-id']])).toEqual([
      ['https://api.example/trading/v1/options/legacy/migration-status', 'my-app-7'],
      ['https://api.example/trading/v1/options/legacy/accounts', 'my-app-7'],
    ]);
    expect(rest.remaining()).toBe(0);
  });

  it('each call’s timer is cleared when it ends, answered or failed; a base that is not a URL fails at once', async () => {
    const pending = new Set<number>();
    let made = 0;
    const clock = {
      now: () => 1_000,
      setTimeout: () => {
        pending.add(++made);
        return made;
      },
      clearTimeout: (handle: unknown) => pending.delete(handle as number),
    } as unknown as Clock;
    let answer = () => listOf(account());
    const { fetch } = recording(() => answer());
    const rest = new BudgetedRest({
      restUrl: 'https://api.example',
      clock,
      timeoutMs: 1000,
      budget: minuteBudget(60, clock),
      fetch,
    });
    await rest.listAccounts(PAT);
    answer = () => errorAnswer(500, {});
    await failureOf(rest.listAccounts(PAT));
    expect(made).toBe(2);
    expect([...pending]).toEqual([]);
    expect(
      () => new BudgetedRest({ restUrl: 'api.example', clock, timeoutMs: 1000, budget: minuteBudget(60, clock) }),
    ).toThrow(TypeError);
  });
});

describe('the token endpoint: refresh answers', () => {
  const AS = 'https://auth.deriv.com';
  const refresh = (response: Response, previous = OAUTH as Extract<CurrentCredential, { kind: 'oauth' }>) =>
    processRefreshResponse(AS, 'my-app-7', response, previous, { now: () => 1_000 });
  const tokenAnswer = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

  it('a renewed credential: a new refresh token when given, the previous one kept when not, expiry from expires_in', async () => {
    expect(
      await refresh(tokenAnswer({ access_token: 'at2', token_type: 'bearer', expires_in: 60, refresh_token: 'rt2' })),
    ).toEqual({ kind: 'oauth', accessToken: 'at2', refreshToken: 'rt2', expiresAt: 61_000 });
    expect(await refresh(tokenAnswer({ access_token: 'at3', token_type: 'bearer' }))).toEqual({
      kind: 'oauth',
      accessToken: 'at3',
      refreshToken: OAUTH.kind === 'oauth' ? OAUTH.refreshToken : null,
      expiresAt: null,
    });
  });

  it('each failure in its own words, with the status and the server’s error code', async () => {
    const of = async (response: Response) => {
      const e = await failureOf(refresh(response));
      return [e.code, e.message, e.status, e.derivCode];
    };
    expect(await of(tokenAnswer({ error: 'invalid_grant' }, 400))).toEqual([
      'unauthorized',
      'The refresh token was refused (invalid_grant).',
      400,
      'invalid_grant',
    ]);
    expect(await of(tokenAnswer({ error: 'unauthorized_client' }, 400))).toEqual([
      'unauthorized',
      'The refresh token was refused (unauthorized_client).',
      400,
      'unauthorized_client',
    ]);
    expect(await of(tokenAnswer({ error: 'slow_down' }, 429, { 'retry-after': '3' }))).toEqual([
      'rate_limited',
      'Too many token requests; the server asks to wait.',
      429,
      'slow_down',
    ]);
    expect(await of(tokenAnswer({ error: 'invalid_request' }, 400))).toEqual([
      'rejected',
      'The token endpoint answered 400.',
      400,
      'invalid_request',
    ]);
    expect(await of(new Response('<html>bad gateway</html>', { status: 502 }))).toEqual([
      'server_error',
      'The token endpoint answered 502.',
      502,
      null,
    ]);
    // A request timeout is the server's (RFC 9110 §15.5.9): try again later, not a broken answer.
    expect(await of(new Response('request timeout', { status: 408 }))).toEqual([
      'server_error',
      'The token endpoint answered 408.',
      408,
      null,
    ]);
    expect(await of(tokenAnswer({ token_type: 'bearer' }))).toEqual([
      'malformed',
      'The token endpoint answered unexpectedly.',
      200,
      null,
    ]);
  });

  it.each<[string, () => Response, WireErrorCode]>([
    [
      'invalid_grant (a dead or reused refresh token)',
      () => tokenAnswer({ error: 'invalid_grant' }, 400),
      'unauthorized',
    ],
    ['invalid_client', () => tokenAnswer({ error: 'invalid_client' }, 401), 'unauthorized'],
    ['429', () => tokenAnswer({ error: 'slow_down' }, 429, { 'retry-after': '3' }), 'rate_limited'],
    ['500 with an OAuth error', () => tokenAnswer({ error: 'server_error' }, 500), 'server_error'],
    ['400 invalid_request', () => tokenAnswer({ error: 'invalid_request' }, 400), 'rejected'],
    ['a 200 without an access token', () => tokenAnswer({ token_type: 'bearer' }), 'malformed'],
    ['a 502 page', () => new Response('<html>bad gateway</html>', { status: 502 }), 'server_error'],
    [
      'a 302',
      () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }),
      'malformed',
    ],
  ])('%s → the code in the third column', async (_name, response, code) => {
    const error = await failureOf(refresh(response()));
    expect(error.code).toBe(code);
    for (const secret of SECRETS) expect(error.message).not.toContain(secret);
    if (code === 'rate_limited') expect(error.retryAt).toBe(4_000);
  });
});

describe('discovery and revocation: the wire calls', () => {
  const AS = 'https://auth.example/auth';
  const metadata = (body: unknown, status = 200) => Response.json(body, { status });
  const failing = (async () => {
    throw new TypeError('fetch failed');
  }) as typeof fetch;

  it('discovery: the metadata under the issuer (a trailing slash dropped); an insecure issuer is not asked; a failure is network', async () => {
    const { calls, fetch } = recording(() => metadata({ issuer: AS }));
    await discoveryRequestOf(`${AS}/`, { fetch });
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([[`${AS}/.well-known/openid-configuration`, 'GET']]);
    expect((await failureOf(discoveryRequestOf('http://auth.example', { fetch }))).code).toBe('insecure_address');
    expect(calls).toHaveLength(1);
    const error = await failureOf(discoveryRequestOf(AS, { fetch: failing }));
    expect([error.code, error.message]).toEqual(['network', "Deriv's server could not be reached."]);
  });

  it('the revocation endpoint the metadata names, only on the issuer’s own origin and under the address rule', async () => {
    const endpoint = (revocation_endpoint: unknown, issuer = AS) =>
      processRevocationEndpoint(issuer, metadata({ issuer, revocation_endpoint }));
    expect(await endpoint(`${AS}/oauth2/revoke`)).toBe(`${AS}/oauth2/revoke`);
    expect(await endpoint('https://auth.example:8443/oauth2/revoke')).toBeNull();
    expect(await endpoint('https://other.example/auth/oauth2/revoke')).toBeNull();
    expect(await endpoint('not a url')).toBeNull();
    expect(await endpoint(undefined)).toBeNull();
    // Only a string is an address (a list holding one is not).
    expect(await endpoint([`${AS}/oauth2/revoke`])).toBeNull();
    // The issuer's own origin, but plain http away from this computer: not used either.
    expect(await endpoint('http://auth.example/revoke', 'http://auth.example')).toBeNull();
    expect(await endpoint('http://127.0.0.1:4000/revoke', 'http://127.0.0.1:4000')).toBe(
      'http://127.0.0.1:4000/revoke',
    );
  });

  it('metadata that cannot be read: server_error from 500 on, malformed below, in the same words', async () => {
    for (const [status, code] of [
      [500, 'server_error'],
      [503, 'server_error'],
      [404, 'malformed'],
      [200, 'malformed'],
    ] as const) {
      const error = await failureOf(
        processRevocationEndpoint(
          AS,
          status === 200 ? metadata({ issuer: 'https://else.example' }) : new Response('', { status }),
        ),
      );
      expect([error.code, error.message, error.status]).toEqual([
        code,
        'The server metadata could not be read.',
        status,
      ]);
    }
  });

  it('revocation: RFC 7009’s form for the public client at that endpoint only; an insecure one is not used; a failure is network', async () => {
    const { calls, fetch } = recording(() => new Response(null, { status: 200 }));
    const endpoint = `${AS}/oauth2/revoke`;
    await revocationRequestOf(endpoint, 'my-app-7', { value: 'ory_rt_secret', hint: 'refresh_token' }, { fetch });
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([[endpoint, 'POST']]);
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]!.init.body)))).toEqual({
      token: 'ory_rt_secret',
      token_type_hint: 'refresh_token',
      client_id: 'my-app-7',
    });
    const insecure = await failureOf(
      revocationRequestOf('http://auth.example/revoke', 'my-app-7', { value: 'x', hint: 'access_token' }, { fetch }),
    );
    expect(insecure.code).toBe('insecure_address');
    expect(calls).toHaveLength(1);
    const error = await failureOf(
      revocationRequestOf(endpoint, 'my-app-7', { value: 'x', hint: 'access_token' }, { fetch: failing }),
    );
    expect([error.code, error.message]).toEqual(['network', "Deriv's server could not be reached."]);
  });

  it('the revocation’s answer: a 200 is done; else rejected, or server_error from 500 on, with the status', async () => {
    await expect(processRevocationResponseOf(new Response(null, { status: 200 }))).resolves.toBeUndefined();
    for (const [status, code] of [
      [400, 'rejected'],
      [499, 'rejected'],
      [500, 'server_error'],
      [503, 'server_error'],
    ] as const) {
      const error = await failureOf(
        processRevocationResponseOf(Response.json({ error: 'invalid_request' }, { status })),
      );
      expect([error.code, error.message, error.status]).toEqual([
        code,
        `The revocation endpoint answered ${status}.`,
        status,
      ]);
    }
  });
});

describe('each edge words a wire error its own way', () => {
  it('the session: refused (the credential), account refused, rate limited, or transient; and the refusal the view shows', () => {
    const expected: Record<WireErrorCode, ReturnType<typeof faultOf>> = {
      insecure_address: 'refused',
      unauthorized: 'refused',
      app_id_required: 'refused',
      forbidden: 'refused',
      rejected: 'account_refused',
      rate_limited: 'rate_limited',
      server_error: 'transient',
      network: 'transient',
      timeout: 'transient',
      malformed: 'transient',
      answer_lost: 'refused',
    };
    for (const code of WIRE_ERROR_CODES) expect(faultOf(new WireError(code, 'x')), code).toBe(expected[code]);
    expect(refusalOf(new WireError('forbidden', 'x'), PAT)).toEqual({ reason: 'scope_missing', scope: 'trade' });
    expect(refusalOf(new WireError('unauthorized', 'x'), OAUTH)).toEqual({ reason: 'session_expired', scope: null });
    expect(refusalOf(new WireError('unauthorized', 'x'), PAT)).toEqual({ reason: 'token_refused', scope: null });
    // A renewal whose answer was lost: said so, not a plain expiry.
    expect(refusalOf(new WireError('answer_lost', 'x'), OAUTH)).toEqual({ reason: 'renewal_lost', scope: null });
  });

  it('the login: a code the renderer can name for every wire code, the wait in seconds, no credential', () => {
    const expected: Record<WireErrorCode, string> = {
      insecure_address: 'not_configured',
      unauthorized: 'invalid_token',
      app_id_required: 'missing_app_id',
      forbidden: 'scope_missing',
      rejected: 'provider_error',
      rate_limited: 'rate_limited',
      server_error: 'network_error',
      network: 'network_error',
      timeout: 'network_error',
      malformed: 'malformed',
      answer_lost: 'network_error',
    };
    for (const code of WIRE_ERROR_CODES)
      for (const kind of ['pat', 'oauth'] as const)
        expect(loginFailureOf(new WireError(code, 'x', { status: 400 }), kind).code, code).toBe(expected[code]);
    const limited = loginFailureOf(new WireError('rate_limited', 'x', { retryAt: 1_000 + 7_500 }), 'pat', 1_000);
    expect(limited.message).toMatch(/try again in 8 s/i);
    expect(loginFailureOf(new WireError('unauthorized', 'x'), 'pat').message).toMatch(/another app ID/);
  });
});

describe('against the sandbox’s current API (real HTTP)', () => {
  let sb: SandboxHandle;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0, seed: 2323 });
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('a PAT lists its accounts and gets an OTP URL; without its app id the server says so (app_id_required)', async () => {
    const user = sb.newApi.users[0]!;
    const pat: CurrentCredential = { kind: 'pat', token: user.pat, appId: sb.newApi.appId };
    const list = await processAccountsResponse(await accountsRequest(sb.newApi.restUrl, pat));
    expect(list.accounts.map((a) => a.account_id)).toEqual(user.accounts.map((a) => a.account_id));
    const active = user.accounts.find((a) => a.status === 'active')!.account_id;
    expect(await processOtpResponse(sb.newApi.restUrl, await otpRequest(sb.newApi.restUrl, pat, active))).toMatch(
      /^ws:\/\/127\.0\.0\.1:/,
    );

    const noAppId = await failureOf(
      accountsRequest(sb.newApi.restUrl, { ...pat, appId: '' }).then((r) => processAccountsResponse(r)),
    );
    expect([noAppId.code, noAppId.status]).toEqual(['app_id_required', 401]);
    expect(loginFailureOf(noAppId, 'pat').code).toBe('missing_app_id');
    const unknown = await failureOf(
      accountsRequest(sb.newApi.restUrl, { ...pat, token: `pat_${'0'.repeat(64)}` }).then((r) =>
        processAccountsResponse(r),
      ),
    );
    expect(unknown.code).toBe('unauthorized');
    // Another user's account: refused for this credential, not a refused credential.
    const other = sb.newApi.users[1]!.accounts[0]!.account_id;
    const refused = await failureOf(
      otpRequest(sb.newApi.restUrl, pat, other).then((r) => processOtpResponse(sb.newApi.restUrl, r)),
    );
    expect(faultOf(refused)).toBe('account_refused');
  });
});
