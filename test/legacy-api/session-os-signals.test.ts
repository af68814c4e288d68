/**
 * How the session answers the OS (wake, network gone and back) on loopback, where the sandbox's
 * faults make each case quick to reach. The same cases across a real cut link are in
 * network-link.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { DerivSession } from '../../main/core/legacy-api/session';
import { WS_PATH } from '../../sandbox/index';
import { aliceAccounts, fault, makeSession, type Sandbox, sandbox as startSandbox, sleep, until } from './helpers';

let sb: Sandbox;
const sessions: DerivSession[] = [];
const upgrades = () => sb.httpHits().filter((h) => h.path === WS_PATH).length;

beforeAll(async () => {
  sb = await startSandbox();
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await fault(sb, 'reset');
  await fault(sb, 'refuse', { on: false });
  await fault(sb, 'ratelimit', { on: false });
});
afterAll(async () => {
  await sb.close();
});

function open(timing: Parameters<typeof makeSession>[1] = {}): DerivSession {
  const s = makeSession(sb, timing);
  sessions.push(s);
  return s;
}

describe('session and OS signals', () => {
  it('a wake while waiting out a long backoff reconnects at once', async () => {
    const s = open({ backoffBaseMs: 60_000, backoffCapMs: 60_000 });
    await s.start(aliceAccounts(sb));
    await fault(sb, 'drop');
    await until(s, (x) => x.connection.status === 'reconnecting', 'waiting a minute');
    s.osSignal('resume');
    expect(s.snapshot().connection.status).toBe('connecting');
    await until(s, (x) => x.connection.status === 'online', 'online after the wake');
  });

  it('no network: no attempt, "no network" with since when the data is stale; the return starts one at once', async () => {
    const s = open({ backoffBaseMs: 50, backoffCapMs: 50 });
    await s.start(aliceAccounts(sb));
    await fault(sb, 'refuse', { on: true });
    await fault(sb, 'drop');
    await until(s, (x) => x.connection.status === 'reconnecting', 'reconnecting');
    s.osSignal('offline');
    const c = s.snapshot().connection;
    expect(c.status).toBe('no_network');
    expect(c.status === 'no_network' && typeof c.lastLiveAt).toBe('number');
    const attempts = upgrades();
    await sleep(500); // ten backoff periods: none may be used
    expect(upgrades()).toBe(attempts);
    await fault(sb, 'refuse', { on: false });
    s.osSignal('online');
    expect(s.snapshot().connection.status).toBe('connecting');
    await until(s, (x) => x.connection.status === 'online', 'online after the network returned');
  });

  it("a wake does not override Deriv's RateLimit wait", async () => {
    const s = open({ rateLimitBackoffMs: 5_000 });
    await s.start(aliceAccounts(sb));
    await fault(sb, 'ratelimit', { on: true });
    await fault(sb, 'drop');
    await until(
      s,
      (x) => x.connection.status === 'reconnecting' && (x.connection.lastError ?? '').startsWith('RateLimit'),
      'rate-limited retry',
    );
    const attempts = upgrades();
    s.osSignal('resume');
    s.osSignal('online');
    const c = s.snapshot().connection;
    expect(c.status).toBe('reconnecting');
    expect(c.status === 'reconnecting' && c.nextRetryAt).toBeGreaterThan(Date.now() + 3_000);
    expect(upgrades()).toBe(attempts);
  });

  it('a wake while online with a live socket: "checking", then online again on the same socket', async () => {
    const s = open();
    await s.start(aliceAccounts(sb));
    const attempts = upgrades();
    s.osSignal('resume');
    expect(s.snapshot().connection.status).toBe('checking');
    await until(s, (x) => x.connection.status === 'online', 'probe answered');
    expect(upgrades()).toBe(attempts);
  });
});
