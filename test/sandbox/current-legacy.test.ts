/**
 * The sandbox's temporary "Options Trading (Legacy)" endpoints, over real HTTP: the migration
 * status (each value, `Cache-Control: no-store`), the legacy loginid → account mapping (200, 404
 * NotFound without a mapping, 409 MigrationPending while pending or failed), the statement (its
 * parameters' bounds), `Deriv-App-ID` required beside the Bearer, and every status and error
 * reachable through `POST /__sandbox/current/migration`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { control, oauthTokens, patHeaders, rest } from '../current-api/oauth-helpers';

const STATUS = '/trading/v1/options/legacy/migration-status';
const ACCOUNTS = '/trading/v1/options/legacy/accounts';
const STATEMENT = '/trading/v1/options/legacy/statement';

describe("sandbox: the current API's legacy endpoints (migration status, accounts, statement)", () => {
  let sb: SandboxHandle;
  let bearer: Record<string, string>;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 26 });
    bearer = { authorization: `Bearer ${(await oauthTokens(sb)).accessToken}`, 'deriv-app-id': sb.newApi.appId };
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await control(sb, 'limits', {
      restPerUserPerMinute: 1000,
      restPerIpPerMinute: 1000,
      restPerIpPer10Minutes: 10_000,
    });
    await control(sb, 'migration', { status: 'complete', shape: 'data', fail: null });
  });

  const alice = () => sb.users[0]!;
  const aliceNow = () => sb.newApi.users[0]!;

  it('migration-status: each status through the control API, with the OAuth bearer and Deriv-App-ID, never cached', async () => {
    for (const status of ['complete', 'pending', 'failed', 'not_applicable'] as const) {
      await control(sb, 'migration', { status });
      const r = await rest(sb, 'GET', STATUS, bearer);
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({ status });
      expect(r.body.meta).toMatchObject({ endpoint: STATUS, method: 'GET' });
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('the "bare" shape puts the fields at the top level beside meta', async () => {
    await control(sb, 'migration', { shape: 'bare' });
    const r = await rest(sb, 'GET', STATUS, bearer);
    expect(r.body).toMatchObject({ status: 'complete', meta: { endpoint: STATUS } });
    expect(r.body.data).toBeUndefined();
    const a = await rest(sb, 'GET', ACCOUNTS, bearer);
    expect(Object.keys(a.body.loginids as object).length).toBeGreaterThan(0);
  });

  it('accounts: each legacy loginid with the current account of its kind and currency (a PAT works too)', async () => {
    const r = await rest(sb, 'GET', ACCOUNTS, bearer);
    expect(r.status).toBe(200);
    const { loginids } = r.body.data as { loginids: Record<string, { account_id: string; currency: string }[]> };
    const usd = alice().accounts.find((a) => a.currency === 'USD' && !a.is_virtual)!;
    const realUsd = aliceNow().accounts.find((a) => a.currency === 'USD' && a.account_type === 'real')!;
    expect(loginids[usd.loginid]).toEqual([{ account_id: realUsd.account_id, currency: 'USD' }]);
    const virtual = alice().accounts.find((a) => a.is_virtual)!;
    const demo = aliceNow().accounts.find((a) => a.account_type === 'demo')!;
    expect(loginids[virtual.loginid]).toEqual([{ account_id: demo.account_id, currency: demo.currency }]);
    const pat = await rest(sb, 'GET', ACCOUNTS, patHeaders(sb));
    expect(pat.body.data).toEqual(r.body.data);
  });

  it('accounts: 409 MigrationPending while pending or failed, 404 NotFound without a mapping or not applicable', async () => {
    for (const status of ['pending', 'failed'] as const) {
      await control(sb, 'migration', { status });
      const r = await rest(sb, 'GET', ACCOUNTS, bearer);
      expect(r.status).toBe(409);
      expect(r.body.errors).toEqual([
        { status: 409, code: 'MigrationPending', message: 'User migration is pending or has failed' },
      ]);
      expect(r.body.meta).toMatchObject({ endpoint: ACCOUNTS, method: 'GET' });
    }
    await control(sb, 'migration', { status: 'not_applicable' });
    expect((await rest(sb, 'GET', ACCOUNTS, bearer)).status).toBe(404);
    const saved = (await control(sb, 'migration', { status: 'complete' })).migration as { mapping: unknown };
    await control(sb, 'migration', { mapping: null });
    const r = await rest(sb, 'GET', ACCOUNTS, bearer);
    expect(r.status).toBe(404);
    expect(r.body.errors).toEqual([{ status: 404, code: 'NotFound', message: 'User has no legacy account mapping' }]);
    await control(sb, 'migration', { mapping: saved.mapping });
    expect((await rest(sb, 'GET', ACCOUNTS, bearer)).status).toBe(200);
  });

  it('a set mapping is served as given; another user’s migration is its own', async () => {
    const bob = sb.newApi.users[1]!;
    await control(sb, 'migration', { email: bob.email, status: 'pending' });
    expect((await rest(sb, 'GET', STATUS, patHeaders(sb, 1))).body.data).toEqual({ status: 'pending' });
    expect((await rest(sb, 'GET', STATUS, bearer)).body.data).toEqual({ status: 'complete' });
    await control(sb, 'migration', { email: bob.email, status: 'complete', mapping: { CR900001: [] } });
    expect((await rest(sb, 'GET', ACCOUNTS, patHeaders(sb, 1))).body.data).toEqual({ loginids: { CR900001: [] } });
  });

  it('statement: the default account’s transactions newest first, paged; 400, 404, 409, 422 as published', async () => {
    const usd = alice().accounts.find((a) => a.currency === 'USD' && !a.is_virtual)!.loginid;
    const all = await rest(sb, 'GET', `${STATEMENT}?loginid=${usd}`, bearer);
    expect(all.status).toBe(200);
    const data = all.body.data as { transactions: { transaction_time: number }[]; count: number };
    expect(data.count).toBe(data.transactions.length);
    const times = data.transactions.map((t) => t.transaction_time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const page = await rest(sb, 'GET', `${STATEMENT}?loginid=${usd}&limit=1&offset=1`, bearer);
    expect((page.body.data as { transactions: unknown[] }).transactions).toEqual([data.transactions[1]]);

    const bad = await rest(sb, 'GET', `${STATEMENT}?loginid=cr-1`, bearer);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]).toEqual({
      status: 400,
      code: 'ValidationError',
      message: 'loginid must match ^[A-Z]+[0-9]+$',
    });
    const late = await rest(sb, 'GET', `${STATEMENT}?loginid=${usd}&date_to=2147483648`, bearer);
    expect(late.status).toBe(422);
    expect(late.body.errors?.[0]).toEqual({
      status: 422,
      code: 'ValidationError',
      message: 'date_to must be <= 2147483647',
    });
    expect((await rest(sb, 'GET', `${STATEMENT}?loginid=${usd}&limit=1000`, bearer)).status).toBe(422);
    expect((await rest(sb, 'GET', `${STATEMENT}?loginid=${usd}&action_type=bet`, bearer)).status).toBe(422);
    expect((await rest(sb, 'GET', `${STATEMENT}?loginid=CR1`, bearer)).status).toBe(404);
    await control(sb, 'migration', { status: 'pending' });
    expect((await rest(sb, 'GET', `${STATEMENT}?loginid=${usd}`, bearer)).status).toBe(409);
  });

  it('500 and 503 through the control API, with the documented envelope', async () => {
    await control(sb, 'migration', { fail: 500 });
    const r = await rest(sb, 'GET', STATUS, bearer);
    expect(r.status).toBe(500);
    expect(r.body.errors).toEqual([
      { status: 500, code: 'InternalServerError', message: 'An internal error occurred' },
    ]);
    expect(r.body.meta).toMatchObject({ endpoint: STATUS, method: 'GET' });
    await control(sb, 'migration', { fail: 503 });
    for (const path of [STATUS, ACCOUNTS]) expect((await rest(sb, 'GET', path, bearer)).status).toBe(503);
  });

  it('Deriv-App-ID is required (also with an OAuth token), the Bearer too, and the trade scope', async () => {
    const noAppId = await rest(sb, 'GET', STATUS, { authorization: bearer.authorization! });
    expect(noAppId.status).toBe(401);
    expect(noAppId.body.errors?.[0]).toEqual({
      status: 401,
      code: 'Unauthorized',
      message: 'Deriv-App-ID header is required',
    });
    expect((await rest(sb, 'GET', STATUS, { ...bearer, 'deriv-app-id': '999' })).status).toBe(401);
    expect((await rest(sb, 'GET', ACCOUNTS, { 'deriv-app-id': sb.newApi.appId })).status).toBe(401);
    const other = await oauthTokens(sb, 'account_manage');
    const noTrade = await rest(sb, 'GET', STATUS, {
      authorization: `Bearer ${other.accessToken}`,
      'deriv-app-id': sb.newApi.appId,
    });
    expect(noTrade.status).toBe(403);
    // The control API refuses what it does not know.
    await expect(control(sb, 'migration', { status: 'done' })).rejects.toThrow(/HTTP 400/);
    await expect(control(sb, 'migration', { email: 'nobody@demo.sandbox' })).rejects.toThrow(/HTTP 404/);
  });
});
