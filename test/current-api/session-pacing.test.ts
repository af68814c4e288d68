/**
 * The session paces itself inside Deriv's published budgets (`rest-budget.ts`), against the sandbox
 * enforcing them at Deriv's numbers: a socket asks its OTP only when both the REST budget and the
 * balance budget (the subscription it sends on open) have room; a reconnect of many accounts is
 * spaced by those budgets, never answered 429; sessions built by one backend factory share them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { CurrentSettings } from '../../main/core/model';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import {
  accountsOf,
  control,
  type Harness,
  leakedSecrets,
  makeSession,
  patCredential,
  waitFor,
} from './session-helpers';

describe('current-API session: pacing within the published limits', () => {
  let sb: SandboxHandle;
  const harnesses: Harness[] = [];
  const make = (extra: Parameters<typeof makeSession>[1] = {}) => {
    const h = makeSession(sb, extra);
    harnesses.push(h);
    return h;
  };
  const ids = () =>
    sb.newApi.users[0]!.accounts.filter((a) => a.status === 'active').map((a) => a.account_id) as [
      string,
      string,
      string,
      string,
      string,
    ];
  const otpsFor = (id: string) => sb.newApiLog().otpRequests.filter((o) => o.accountId === id);
  const refusedBySandbox = () => sb.newApiRates().reduce((n, b) => n + b.refused, 0);

  beforeAll(async () => {
    // Five active accounts for Alice; every rate budget at Deriv's numbers (the old copy's five sockets
    // per user lifted: not what is measured here).
    sb = await startSandbox({ seed: 52, currentApi: { extraAccounts: 2, socketsPerUser: 10 } });
  });
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.session.close()));
    await control(sb, 'rate-reset');
  });
  afterAll(() => sb.close());

  it('the balance budget spent: the next socket waits "rate limited" without asking an OTP', async () => {
    const [demo, usd, btc] = ids();
    const h = make({ timing: { balanceBudgetPerMinute: 2 } });
    await h.session.start(accountsOf([demo, usd, btc], patCredential(sb)), demo);
    h.session.switchAccount(usd);
    await waitFor(
      () => h.session.snapshot().connection.status === 'online' && h.session.snapshot().activeAccountId === usd,
      'usd online',
    );
    const asked = Date.now();
    h.session.switchAccount(btc);
    await waitFor(() => h.session.snapshot().connection.status === 'rate_limited', 'btc waits for the budget');
    const c = h.session.snapshot().connection;
    if (c.status !== 'rate_limited') throw new Error('unreachable');
    // The two subscriptions of this minute leave it about a minute after they were made.
    expect(c.until).toBeGreaterThan(asked + 30_000);
    expect(otpsFor(btc)).toEqual([]);
    expect(h.session.snapshot().refused).toEqual([]);
    expect(refusedBySandbox()).toBe(0);
    expect(leakedSecrets(sb, [JSON.stringify(h.views), JSON.stringify(h.logs)])).toEqual([]);
  });

  it('every socket dropped: the reconnect asks only the OTPs the REST budget allows, the rest wait; Deriv refuses nothing', async () => {
    const all = ids();
    // 1 list + 5 OTPs to open the pool leaves 2 in this minute for the reconnect.
    const h = make({ poolSize: 5, timing: { restBudgetPerMinute: 8, listRefreshMs: 3_600_000 } });
    await h.session.start(accountsOf(all, patCredential(sb)), all[0]);
    for (const id of all) {
      h.session.switchAccount(id);
      await waitFor(
        () => h.session.snapshot().connection.status === 'online' && h.session.snapshot().activeAccountId === id,
        `${id} online`,
      );
    }
    await waitFor(() => all.every((id) => h.session.connectionsOf(id) === 1), 'five sockets open');
    const before = sb.newApiLog().otpRequests.length;
    await control(sb, 'drop');
    // The active account is among those the budget cannot serve now, or among the two it can.
    await waitFor(() => sb.newApiLog().otpRequests.length - before === 2, 'two OTPs asked');
    await waitFor(
      () => all.filter((id) => h.session.connectionsOf(id) === 2).length === 2,
      'two sockets back, three waiting for the budget',
    );
    expect(sb.newApiLog().otpRequests.length - before).toBe(2);
    expect(refusedBySandbox()).toBe(0);
    expect(h.session.snapshot().refused).toEqual([]);
  });

  it('sessions built by one backend factory share the budgets: a replacement does not start afresh', async () => {
    const { backendFactory } = await import('../../main/core/backend/create-backend');
    const create = backendFactory({ currentApi: { timing: { restBudgetPerMinute: 2 } } });
    const settings: CurrentSettings = {
      api: 'current',
      language: 'en',
      authServerUrl: sb.newApi.issuer,
      restUrl: sb.newApi.restUrl,
      clientId: sb.newApi.clientId,
      clientRedirectUrl: sb.newApi.redirectUrl,
    };
    const [demo] = ids();
    const first = create(settings);
    // A list and an OTP: the minute's two.
    expect((await first.start(accountsOf([demo], patCredential(sb)))).connection.status).toBe('online');
    await first.close();
    const lists = sb.newApiLog().accountLists.length;
    const second = create(settings);
    const started = second.start(accountsOf([demo], patCredential(sb)));
    await waitFor(() => second.snapshot().connection.status === 'rate_limited', 'the replacement waits');
    expect(sb.newApiLog().accountLists.length).toBe(lists);
    await second.close();
    await expect(started).rejects.toMatchObject({ code: 'closed' });
  });
});
