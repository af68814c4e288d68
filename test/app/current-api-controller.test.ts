/**
 * The controller on Deriv's current API, end to end over real HTTP and sockets: choosing the API on
 * first run, PAT sign-in through signIn({ method: 'pat' }), the accounts online through the
 * current-API backend and labelled with their API, the login kept (one sealed PAT) and restored
 * after a restart without a new login. Nothing the sandbox minted ever reaches the state.
 */
import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { allTokens, findLeakedTokens, type Harness, onSandboxCurrentApi, startHarness } from '../support/app-harness';
import { currentFault } from '../support/current-fault';
import { FormAuthWindow } from '../support/form-auth-window';
import { makeTempDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const open: Harness[] = [];
const dirs: string[] = [];
const window = new FormAuthWindow(() => ({ email: '', password: '' }));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1515 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(dir: string): Promise<Harness> {
  const h = await startHarness({ sandbox, window, dir, defaultMode: 'unconfigured' });
  open.push(h);
  return h;
}

describe("the controller on Deriv's current API", () => {
  it('PAT sign-in: accounts online with their API, kept across a restart without a new login', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const api = sandbox.newApi;
    const alice = api.users[0]!;
    const h = await start(dir);
    await onSandboxCurrentApi(h, sandbox, 'pat');
    expect(h.controller.state().settings.api).toBe('current');

    await h.controller.handlers().signIn({ api: 'current', method: 'pat', token: alice.pat, appId: api.appId });
    const online = await h.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized),
      20_000,
    );
    const active = alice.accounts.filter((a) => a.status === 'active');
    expect(online.accounts.map((a) => [a.accountId, a.api, a.isVirtual])).toEqual(
      alice.accounts.map((a) => [a.account_id, 'current', a.account_type === 'demo']),
    );
    // A demo account first, as Deriv advises for a first run.
    expect(online.activeAccountId).toBe(alice.accounts.find((a) => a.account_type === 'demo')!.account_id);
    expect(active.length).toBeGreaterThan(1);
    expect(findLeakedTokens(online, allTokens(sandbox))).toEqual([]);
    await h.waitFor((s) => s.persistence.tokensPersisted, 10_000);
    await h.close();
    open.splice(open.indexOf(h), 1);

    // Restart: the PAT opened from the vault, no login.
    const again = await start(dir);
    const restored = await again.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized),
      20_000,
    );
    expect(restored.login.status).toBe('idle');
    expect(restored.accounts.map((a) => a.accountId)).toEqual(alice.accounts.map((a) => a.account_id));
    expect(restored.accounts.every((a) => a.api === 'current')).toBe(true);
    expect(findLeakedTokens(restored, allTokens(sandbox))).toEqual([]);
  });

  it('a PAT for another app id is refused with a named error, and nothing is held', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const api = sandbox.newApi;
    const h = await start(dir);
    await onSandboxCurrentApi(h, sandbox, 'pat');
    const state = await h.controller
      .handlers()
      .signIn({ api: 'current', method: 'pat', token: api.users[0]!.pat, appId: '99999' });
    expect(state.login).toMatchObject({ status: 'failed', error: { code: 'invalid_token' }, method: 'pat' });
    expect(state.accounts).toEqual([]);
    expect(findLeakedTokens(state, allTokens(sandbox))).toEqual([]);
  });

  it.each([
    [
      'numbers, the documented envelopes',
      { balance: 'number', accountList: 'flat', otp: 'object', extraFields: false },
    ],
    [
      'strings, data.data, the JSON-string OTP and extra fields',
      { balance: 'string', accountList: 'nested', otp: 'json_string', extraFields: true },
    ],
  ] as const)(
    'balances reach the published state as exact decimal text (%s): 1234567.89 USD, 0.00012345 BTC',
    async (_name, shapes) => {
      const api = sandbox.newApi;
      const alice = api.users[0]!;
      const usd = alice.accounts.find((a) => a.account_type === 'real' && a.currency === 'USD')!.account_id;
      const btc = alice.accounts.find((a) => a.currency === 'BTC')!.account_id;
      await currentFault(sandbox, 'shapes', shapes);
      try {
        await currentFault(sandbox, 'balance', { account_id: usd, balance: '1234567.89' });
        await currentFault(sandbox, 'balance', { account_id: btc, balance: '0.00012345' });
        const dir = makeTempDir();
        dirs.push(dir);
        const h = await start(dir);
        await onSandboxCurrentApi(h, sandbox, 'pat');
        await h.controller.handlers().signIn({ api: 'current', method: 'pat', token: alice.pat, appId: api.appId });
        const balanceOf = (s: ReturnType<typeof h.controller.state>, id: string) =>
          s.accounts.find((a) => a.accountId === id)?.balance;
        const online = await h.waitFor(
          (s) => balanceOf(s, usd) === '1234567.89' && balanceOf(s, btc) === '0.00012345',
          20_000,
        );
        expect(online.accounts.find((a) => a.accountId === usd)!.currency).toBe('USD');
        // A live update over the account's socket keeps its digits too, a trailing zero included
        // (as a number, the sandbox writes these very digits: the app reads the number's own text).
        await h.controller.handlers().switchAccount({ accountId: usd });
        await currentFault(sandbox, 'balance', { account_id: usd, balance: '7654321.10' });
        await h.waitFor((s) => balanceOf(s, usd) === '7654321.10', 20_000);
      } finally {
        await currentFault(sandbox, 'shapes', {
          balance: 'number',
          accountList: 'flat',
          otp: 'object',
          extraFields: false,
        });
      }
    },
  );
});
