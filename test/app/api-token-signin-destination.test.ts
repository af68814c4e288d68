/**
 * The API-token sign-in alone, with a scripted check: tokens checked against one server are never
 * held once the app points to another.
 */
import { describe, expect, it } from 'vitest';

import { type ApiTokenHost, ApiTokenSignIn } from '../../main/core/app/api-token-signin';
import type { ApiTokenAccount } from '../../main/core/auth/api-token-login';

const ACCOUNT: ApiTokenAccount = {
  accountId: 'CR100001',
  currency: 'USD',
  token: 'a1-abcdefghijklmnop',
  scopes: ['read'],
  isVirtual: false,
  isDisabled: false,
  landingCompanyName: 'svg',
  accountType: 'binary',
};

function scripted() {
  let answer!: (accounts: ApiTokenAccount[]) => void;
  const accepted: ApiTokenAccount[][] = [];
  let endpoint: ReturnType<ApiTokenHost['endpoint']> = {
    wsUrl: 'wss://ws.derivws.com/websockets/v3',
    appId: '1089',
    language: 'en',
    api: 'legacy',
  };
  let checks = 0;
  const host: ApiTokenHost = {
    configured: () => true,
    endpoint: () => endpoint,
    held: () => [],
    accept: (accounts) => void accepted.push(accounts),
    notice: () => undefined,
    changed: () => undefined,
    check: () => {
      checks += 1;
      return new Promise<ApiTokenAccount[]>((r) => (answer = r));
    },
  };
  return {
    host,
    accepted,
    checks: () => checks,
    answer: (accounts: ApiTokenAccount[]) => answer(accounts),
    moveTo: (patch: Partial<typeof endpoint>) => (endpoint = { ...endpoint, ...patch }),
  };
}

describe('ApiTokenSignIn and the server it checked against', () => {
  it('holds the accounts when the app still points to the same server', async () => {
    const s = scripted();
    const signIn = new ApiTokenSignIn(s.host);
    const run = signIn.run('abcdefghijklmnop');
    s.answer([ACCOUNT]);
    await run;
    expect(s.accepted).toEqual([[ACCOUNT]]);
  });

  it.each([
    ['another server', { wsUrl: 'wss://ws.example.com/websockets/v3' }],
    ['another app id', { appId: '2024' }],
    ["Deriv's current API", { api: 'current' as const }],
  ])('drops a check that ends once the app points to %s', async (_, patch) => {
    const s = scripted();
    const signIn = new ApiTokenSignIn(s.host);
    const run = signIn.run('abcdefghijklmnop');
    s.moveTo(patch);
    s.answer([ACCOUNT]);
    await run;
    expect(s.accepted).toEqual([]);
    expect(signIn.state).toEqual({ status: 'idle' });
  });

  it("refuses API tokens while the settings speak Deriv's current API: a typed error, nothing checked or held", async () => {
    const s = scripted();
    s.moveTo({ api: 'current' });
    const signIn = new ApiTokenSignIn(s.host);
    await signIn.run('abcdefghijklmnop');
    expect(s.checks()).toBe(0);
    expect(s.accepted).toEqual([]);
    expect(signIn.state).toMatchObject({ status: 'failed', error: { code: 'wrong_api', position: null } });
    // The error names neither the token nor anything pasted.
    expect(JSON.stringify(signIn.state)).not.toContain('abcdefghijklmnop');
  });
});
