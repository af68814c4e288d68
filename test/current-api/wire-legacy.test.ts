/**
 * The wire client's calls to the temporary legacy endpoints: what is sent (`Deriv-App-ID` with an
 * OAuth token too, never cached), what is accepted (the status under `data` or at the top level,
 * `not_started` as pending, the mapping under either envelope, a 404 as "no mapping", a 409 as
 * the typed refusal), anything else `malformed`, never a crash; and against the sandbox over HTTP.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type CurrentCredential,
  LEGACY_ACCOUNTS_PATH,
  legacyAccountsRequest,
  MIGRATION_STATUS_PATH,
  migrationStatusRequest,
  processLegacyAccountsResponse,
  processMigrationStatusResponse,
  WireError,
} from '../../main/core/current-api/wire';
import { MAX_LISTED_ACCOUNTS } from '../../main/core/current-api/wire-schema';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { control, oauthTokens } from './oauth-helpers';

const OAUTH: CurrentCredential = {
  kind: 'oauth',
  accessToken: 'ory_at_secret_42',
  refreshToken: null,
  expiresAt: null,
};
const PAT: CurrentCredential = { kind: 'pat', token: `pat_${'b'.repeat(64)}`, appId: 'pat-app' };

function recording(answer: () => Response = () => Response.json({ data: { status: 'complete' } })) {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (url: URL | string, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer();
  }) as typeof fetch;
  return { calls, fetch: f };
}

const failure = async (p: Promise<unknown>): Promise<WireError> => {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(WireError);
  return e as WireError;
};

describe('requests to the legacy endpoints', () => {
  it('GET under the REST base with the bearer and Deriv-App-ID (an OAuth token too), not cached, no redirect followed', async () => {
    const r = recording();
    await migrationStatusRequest('https://api.example.com/base/', OAUTH, 'client-7', { fetch: r.fetch });
    await legacyAccountsRequest('https://api.example.com/base/', OAUTH, 'client-7', { fetch: r.fetch });
    expect(r.calls.map((c) => c.url)).toEqual([
      `https://api.example.com/base${MIGRATION_STATUS_PATH}`,
      `https://api.example.com/base${LEGACY_ACCOUNTS_PATH}`,
    ]);
    for (const { init } of r.calls) {
      expect(init.method).toBe('GET');
      expect(init.redirect).toBe('error');
      expect(init.headers).toMatchObject({ authorization: 'Bearer ory_at_secret_42', 'deriv-app-id': 'client-7' });
    }
    expect(r.calls[0]!.init.cache).toBe('no-store');
  });

  it('the app id given is the one sent, a PAT’s own included; nothing goes to an insecure address', async () => {
    const r = recording();
    await migrationStatusRequest('https://api.example.com', PAT, 'pat-app', { fetch: r.fetch });
    expect(r.calls[0]!.init.headers).toMatchObject({ 'deriv-app-id': 'pat-app' });
    const e = await failure(migrationStatusRequest('http://api.example.com', OAUTH, 'x', { fetch: r.fetch }));
    expect(e.code).toBe('insecure_address');
    expect(r.calls).toHaveLength(1);
  });
});

describe('process functions of the legacy endpoints', () => {
  it('the status under data or at the top level; not_started reads as pending; anything else is malformed', async () => {
    for (const status of ['complete', 'pending', 'failed', 'not_applicable'] as const) {
      expect(await processMigrationStatusResponse(Response.json({ data: { status }, meta: {} }))).toBe(status);
      expect(await processMigrationStatusResponse(Response.json({ status }))).toBe(status);
    }
    expect(await processMigrationStatusResponse(Response.json({ data: { status: 'not_started' } }))).toBe('pending');
    for (const body of [{ data: { status: 'done' } }, { data: {} }, { status: 1 }, [], null])
      expect((await failure(processMigrationStatusResponse(Response.json(body)))).code).toBe('malformed');
  });

  it('the status endpoint’s errors as documented: 401, 500 (its errors[] code kept), 503', async () => {
    const body = (status: number, code: string) => ({ errors: [{ status, code, message: 'm' }], meta: {} });
    const e500 = await failure(
      processMigrationStatusResponse(Response.json(body(500, 'InternalServerError'), { status: 500 })),
    );
    expect([e500.code, e500.status, e500.derivCode]).toEqual(['server_error', 500, 'InternalServerError']);
    expect((await failure(processMigrationStatusResponse(new Response('', { status: 503 })))).code).toBe(
      'server_error',
    );
    expect(
      (await failure(processMigrationStatusResponse(Response.json(body(401, 'Unauthorized'), { status: 401 })))).code,
    ).toBe('unauthorized');
  });

  it('the mapping under either envelope; 404 is no mapping; 409 MigrationPending is a typed refusal', async () => {
    const loginids = { CR123456: [{ account_id: 'DOT90004', currency: 'USD' }], VRTC7: [] };
    const want = { CR123456: [{ accountId: 'DOT90004', currency: 'USD' }], VRTC7: [] };
    expect(await processLegacyAccountsResponse(Response.json({ data: { loginids }, meta: {} }))).toEqual(want);
    expect(await processLegacyAccountsResponse(Response.json({ loginids }))).toEqual(want);
    const notFound = { errors: [{ status: 404, code: 'NotFound', message: 'User has no legacy account mapping' }] };
    expect(await processLegacyAccountsResponse(Response.json(notFound, { status: 404 }))).toEqual({});
    // A 404 without a body (a proxy's) is no mapping too.
    expect(await processLegacyAccountsResponse(new Response(null, { status: 404 }))).toEqual({});
    const pending = { errors: [{ status: 409, code: 'MigrationPending', message: 'pending' }] };
    const e = await failure(processLegacyAccountsResponse(Response.json(pending, { status: 409 })));
    expect([e.code, e.status, e.derivCode]).toEqual(['rejected', 409, 'MigrationPending']);
  });

  it('a mapping with a loginid or account id that breaks the rules, or too many entries, is malformed', async () => {
    const one = [{ account_id: 'DOT1', currency: 'USD' }];
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`CR${i + 1}`, one]));
    for (const loginids of [
      { 'cr-1': one },
      { __proto__x: one },
      { CR1: [{ account_id: '../x', currency: 'USD' }] },
      { CR1: [{ account_id: 'DOT1', currency: 'US D' }] },
      { CR1: 'DOT1' },
      many,
    ])
      expect((await failure(processLegacyAccountsResponse(Response.json({ data: { loginids } })))).code).toBe(
        'malformed',
      );
  });

  it(`a mapping of exactly ${MAX_LISTED_ACCOUNTS} loginids is read; an answer not understood says which, with its status`, async () => {
    const one = [{ account_id: 'DOT1', currency: 'USD' }];
    const full = Object.fromEntries(Array.from({ length: MAX_LISTED_ACCOUNTS }, (_, i) => [`CR${i + 1}`, one]));
    expect(Object.keys(await processLegacyAccountsResponse(Response.json({ loginids: full })))).toHaveLength(
      MAX_LISTED_ACCOUNTS,
    );
    const status = await failure(processMigrationStatusResponse(Response.json({ data: {} }, { status: 201 })));
    expect([status.code, status.message, status.status]).toEqual([
      'malformed',
      'The migration status from Deriv could not be understood.',
      201,
    ]);
    const mapping = await failure(processLegacyAccountsResponse(Response.json({ data: {} }, { status: 201 })));
    expect([mapping.code, mapping.message, mapping.status]).toEqual([
      'malformed',
      'The legacy accounts from Deriv could not be understood.',
      201,
    ]);
  });

  it('property: whatever the status and body, a checked value or a WireError, never a crash', async () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const shaped = fc.oneof(
      json,
      fc.record({ data: fc.record({ status: fc.oneof(fc.string(), json) }) }),
      fc.record({ loginids: fc.dictionary(fc.string(), json) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(200, 201, 400, 401, 404, 409, 429, 500, 503), shaped, async (status, body) => {
        for (const process of [processMigrationStatusResponse, processLegacyAccountsResponse]) {
          try {
            await process(new Response(JSON.stringify(body), { status }));
          } catch (e) {
            expect(e).toBeInstanceOf(WireError);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('against the sandbox (real HTTP)', () => {
  let sb: SandboxHandle;
  let oauth: CurrentCredential;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 77 });
    const tokens = await oauthTokens(sb);
    oauth = { kind: 'oauth', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: null };
  });
  afterAll(() => sb.close());

  it('an OAuth token with its client id: the status and mapping in both shapes; pending is a 409 on the mapping', async () => {
    const appId = sb.newApi.clientId;
    const status = () =>
      migrationStatusRequest(sb.newApi.restUrl, oauth, appId).then((r) => processMigrationStatusResponse(r));
    const mapping = () =>
      legacyAccountsRequest(sb.newApi.restUrl, oauth, appId).then((r) => processLegacyAccountsResponse(r));
    expect(await status()).toBe('complete');
    const moved = await mapping();
    expect(Object.keys(moved).length).toBeGreaterThan(0);
    await control(sb, 'migration', { shape: 'bare' });
    expect(await status()).toBe('complete');
    expect(await mapping()).toEqual(moved);
    await control(sb, 'migration', { status: 'pending', shape: 'data' });
    expect(await status()).toBe('pending');
    expect((await failure(mapping())).status).toBe(409);
    await control(sb, 'migration', { status: 'complete', mapping: null });
    expect(await mapping()).toEqual({});
    // Without the app id the sandbox refuses it, in the words the wire client knows.
    const e = await failure(
      migrationStatusRequest(sb.newApi.restUrl, oauth, '').then((r) => processMigrationStatusResponse(r)),
    );
    expect(e.code).toBe('app_id_required');
  });
});
