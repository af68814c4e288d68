import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { control, oauthTokens, patHeaders, rest } from '../current-api/oauth-helpers';

const ACCOUNTS = '/trading/v1/options/accounts';
const otpPath = (id: string) => `/trading/v1/options/accounts/${id}/otp`;

describe("sandbox: the current API's REST (accounts, OTP)", () => {
  let sb: SandboxHandle;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 7 });
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await control(sb, 'limits', { restPerUserPerMinute: 80 });
    await control(sb, 'rate-reset');
    await control(sb, 'otp-fail', { on: false });
  });

  it('publishes one user with a demo and two real accounts in different currencies', () => {
    const alice = sb.newApi.users[0]!;
    expect(alice.pat).toMatch(/^pat_[0-9a-f]{64}$/);
    const active = alice.accounts.filter((a) => a.status === 'active');
    expect(active.filter((a) => a.account_type === 'demo')).toHaveLength(1);
    const real = active.filter((a) => a.account_type === 'real');
    expect(new Set(real.map((a) => a.currency)).size).toBeGreaterThanOrEqual(2);
  });

  it('GET accounts with a PAT + Deriv-App-ID: { data, meta } with the documented fields', async () => {
    const r = await rest(sb, 'GET', ACCOUNTS, patHeaders(sb));
    expect(r.status).toBe(200);
    expect(r.body.meta).toMatchObject({ endpoint: ACCOUNTS, method: 'GET' });
    expect(typeof (r.body.meta as { timing: unknown }).timing).toBe('number');
    const data = r.body.data as Record<string, unknown>[];
    expect(data.map((a) => a.account_id)).toEqual(sb.newApi.users[0]!.accounts.map((a) => a.account_id));
    for (const a of data)
      expect(Object.keys(a).sort()).toEqual(['account_id', 'account_type', 'balance', 'currency', 'group', 'status']);
  });

  it('a PAT without Deriv-App-ID: 401 "Deriv-App-ID header is required for PAT tokens"', async () => {
    const r = await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${sb.newApi.users[0]!.pat}` });
    expect(r.status).toBe(401);
    expect(r.body.errors).toEqual([
      { status: 401, code: 'Unauthorized', message: 'Deriv-App-ID header is required for PAT tokens' },
    ]);
    expect(r.body.meta).toMatchObject({ endpoint: ACCOUNTS, method: 'GET' });
  });

  it('an unknown app id, an unknown PAT, a malformed or missing Bearer: 401', async () => {
    const pat = sb.newApi.users[0]!.pat;
    for (const headers of <Record<string, string>[]>[
      { authorization: `Bearer ${pat}`, 'deriv-app-id': '1089' },
      { authorization: `Bearer pat_${'0'.repeat(64)}`, 'deriv-app-id': sb.newApi.appId },
      { authorization: 'Bearer not-a-token' },
      { authorization: 'Basic abc' },
      {},
    ]) {
      const r = await rest(sb, 'GET', ACCOUNTS, headers);
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.status).toBe(401);
    }
  });

  it('an OAuth token needs no Deriv-App-ID; without the trade scope it gets 403 naming the scope', async () => {
    const ok = await oauthTokens(sb, 'trade');
    expect((await rest(sb, 'GET', ACCOUNTS, { authorization: `Bearer ${ok.accessToken}` })).status).toBe(200);
    const payOnly = await oauthTokens(sb, 'payment');
    for (const [method, path] of [
      ['GET', ACCOUNTS],
      ['POST', otpPath(sb.newApi.users[0]!.accounts[0]!.account_id)],
    ] as const) {
      const r = await rest(sb, method, path, { authorization: `Bearer ${payOnly.accessToken}` });
      expect(r.status).toBe(403);
      expect(r.body.errors?.[0]?.message).toContain('"trade"');
    }
  });

  it("more than the user's budget in a minute: 429 RateLimit with Retry-After for every token of that user; other users unaffected", async () => {
    await control(sb, 'limits', { restPerUserPerMinute: 3 });
    const t = await oauthTokens(sb);
    const h = { authorization: `Bearer ${t.accessToken}` };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await rest(sb, 'GET', ACCOUNTS, h)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const r = await rest(sb, 'POST', otpPath(sb.newApi.users[0]!.accounts[0]!.account_id), h);
    expect(r.status).toBe(429);
    expect(r.body.errors?.[0]?.code).toBe('RateLimit');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same user's PAT shares the budget; Bob's does not.
    expect((await rest(sb, 'GET', ACCOUNTS, patHeaders(sb))).status).toBe(429);
    expect((await rest(sb, 'GET', ACCOUNTS, patHeaders(sb, 1))).status).toBe(200);
  });

  it('OTP: a one-time URL for the socket of the account type; another user’s or an inactive account is refused', async () => {
    const alice = sb.newApi.users[0]!;
    const demo = alice.accounts.find((a) => a.account_type === 'demo')!;
    const real = alice.accounts.find((a) => a.account_type === 'real' && a.status === 'active')!;
    const a = await rest(sb, 'POST', otpPath(demo.account_id), patHeaders(sb));
    expect(a.status).toBe(200);
    expect((a.body.data as { url: string }).url).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/trading\/v1\/options\/ws\/demo\?otp=.+/,
    );
    expect(a.body.meta).toMatchObject({ endpoint: otpPath(demo.account_id), method: 'POST' });
    const b = await rest(sb, 'POST', otpPath(real.account_id), patHeaders(sb));
    expect((b.body.data as { url: string }).url).toContain('/ws/real?otp=');
    const urls = sb
      .secrets()
      .filter((s) => s.kind === 'otp_url')
      .map((s) => s.value);
    expect(urls).toEqual(expect.arrayContaining([(a.body.data as { url: string }).url]));
    const bobs = sb.newApi.users[1]!.accounts[0]!.account_id;
    expect((await rest(sb, 'POST', otpPath(bobs), patHeaders(sb))).status).toBe(400);
    const inactive = alice.accounts.find((x) => x.status === 'inactive')!;
    expect((await rest(sb, 'POST', otpPath(inactive.account_id), patHeaders(sb))).status).toBe(400);
  });

  it('the OTP endpoint failing: 500 InternalError until switched off', async () => {
    const id = sb.newApi.users[0]!.accounts[0]!.account_id;
    const before = sb.newApiLog().otpRequests.length;
    await control(sb, 'otp-fail', { on: true });
    const r = await rest(sb, 'POST', otpPath(id), patHeaders(sb));
    expect(r.status).toBe(500);
    expect(r.body.errors?.[0]).toMatchObject({ status: 500, code: 'InternalError' });
    await control(sb, 'otp-fail', { on: false });
    expect((await rest(sb, 'POST', otpPath(id), patHeaders(sb))).status).toBe(200);
    // The test's record of the OTP endpoint: both requests, with their answers.
    expect(sb.newApiLog().otpRequests.slice(before)).toEqual([
      { accountId: id, status: 500 },
      { accountId: id, status: 200 },
    ]);
  });

  it('a revoked PAT is refused with 401', async () => {
    const own = await startSandbox({ seed: 8 });
    try {
      expect((await rest(own, 'GET', ACCOUNTS, patHeaders(own))).status).toBe(200);
      await control(own, 'revoke', { token: own.newApi.users[0]!.pat });
      const r = await rest(own, 'GET', ACCOUNTS, patHeaders(own));
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.code).toBe('InvalidToken');
    } finally {
      await own.close();
    }
  });

  it('a PAT made later (mintNewApiPat) lists its user’s accounts, is a registered secret, and can be revoked', async () => {
    const bob = sb.newApi.users[1]!;
    const pat = sb.mintNewApiPat(bob.email);
    expect(pat).toMatch(/^pat_[0-9a-f]{64}$/);
    expect(pat).not.toBe(bob.pat);
    expect(sb.secrets().some((s) => s.kind === 'pat' && s.value === pat)).toBe(true);
    const headers = { authorization: `Bearer ${pat}`, 'deriv-app-id': sb.newApi.appId };
    const listed = await rest(sb, 'GET', ACCOUNTS, headers);
    expect(listed.status).toBe(200);
    expect((listed.body.data as { account_id: string }[]).map((a) => a.account_id)).toEqual(
      bob.accounts.map((a) => a.account_id),
    );
    await control(sb, 'revoke', { token: pat });
    expect((await rest(sb, 'GET', ACCOUNTS, headers)).status).toBe(401);
    // Bob's own PAT is untouched.
    expect((await rest(sb, 'GET', ACCOUNTS, patHeaders(sb, 1))).status).toBe(200);
    expect(() => sb.mintNewApiPat('nobody@example.com')).toThrow('unknown email');
  });

  it('the control endpoint validates its bodies and never echoes a credential', async () => {
    const res = await fetch(`${sb.httpUrl}/__sandbox/current/revoke`, {
      method: 'POST',
      body: JSON.stringify({ token: 'pat_unknown' }),
    });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('pat_unknown');
    const bad = await fetch(`${sb.httpUrl}/__sandbox/current/limits`, {
      method: 'POST',
      body: JSON.stringify({ restPerUserPerMinute: -1 }),
    });
    expect(bad.status).toBe(400);
  });
});
