/**
 * The session across a real network link (see test/support/netns.ts): the sandbox in a network
 * namespace behind a veth pair, the link cut without closing anything, restored, flapped, and a
 * relay adding latency and jitter. Waits have generous limits (the machine is shared); where a
 * limit proves something it is far below what the session would take without the feature.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  DerivSession,
  type SessionAccount,
  type SessionSnapshot,
  type Timing,
} from '../../main/core/legacy-api/session';
import type { ConnectionState } from '../../main/core/model';
import { ManualOsSignals } from '../../main/core/net/os-signals';
import { type SocketFactory, wsSocketFactory } from '../../main/core/socket/ports';
import { WS_PATH } from '../../sandbox/index';
import {
  createNetLab,
  type NetLab,
  NETNS_SKIP_MESSAGE,
  netnsTestsEnabled,
  type RemoteSandbox,
  startSandboxInside,
} from '../support/netns';
import { jitteryDelay, type Relay, startRelay } from '../support/tcp-relay';

const enabled = netnsTestsEnabled();
if (!enabled) console.warn(`[network-link] skipped: ${NETNS_SKIP_MESSAGE}`);

/** Production liveness and backoff; only the request/open timeouts are shortened. */
const TIMING: Partial<Timing> = { requestTimeoutMs: 5_000, openTimeoutMs: 5_000 };

interface Rig {
  session: DerivSession;
  os: ManualOsSignals;
  relay: Relay;
  statuses: ConnectionState[];
  pings: { count: number };
}

describe.skipIf(!enabled)('the session across a real network link', () => {
  let lab: NetLab;
  let sandbox: RemoteSandbox;
  const rigs: Rig[] = [];

  beforeAll(async () => {
    lab = createNetLab();
    sandbox = await startSandboxInside(lab);
  }, 90_000);

  afterAll(() => {
    sandbox?.close();
    lab?.close();
  });

  afterEach(async () => {
    if (!lab.isUp) await lab.restore();
    for (const rig of rigs.splice(0)) {
      await rig.session.close();
      await rig.relay.close();
    }
  });

  const accounts = (): SessionAccount[] =>
    sandbox.users[0]!.accounts.filter((a) => a.is_disabled === 0).map((a) => ({
      accountId: a.loginid,
      token: a.token,
    }));

  async function rig(timing: Partial<Timing> = {}, delayMs?: () => number): Promise<Rig> {
    const relay = await startRelay({
      target: { host: sandbox.host, port: sandbox.port },
      ...(delayMs ? { delayMs } : {}),
    });
    const pings = { count: 0 };
    const counting: SocketFactory = (url, handlers) => {
      const socket = wsSocketFactory(url, handlers);
      return { ...socket, ping: () => (pings.count++, socket.ping!()) };
    };
    const os = new ManualOsSignals(true);
    const session = new DerivSession({
      endpoint: { wsUrl: `ws://127.0.0.1:${relay.port}${WS_PATH}`, appId: sandbox.appId, language: 'en' },
      timing: { ...TIMING, ...timing },
      createSocket: counting,
    });
    os.subscribe((signal) => session.osSignal(signal));
    const statuses: ConnectionState[] = [];
    session.onChange((s) => statuses.push(s.connection));
    const r = { session, os, relay, statuses, pings };
    rigs.push(r);
    await session.start(accounts());
    statuses.length = 0; // from here on, only what happened after the login
    return r;
  }

  const until = (session: DerivSession, what: string, predicate: (s: SessionSnapshot) => boolean, limitMs: number) =>
    new Promise<SessionSnapshot>((resolve, reject) => {
      if (predicate(session.snapshot())) return resolve(session.snapshot());
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${what} within ${limitMs} ms; last ${JSON.stringify(session.snapshot().connection)}`));
      }, limitMs);
      const off = session.onChange((s) => {
        if (!predicate(s)) return;
        clearTimeout(timer);
        off();
        resolve(s);
      });
    });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const live = (s: SessionSnapshot) => s.connection.status === 'online';

  it('half-open cut: a silent link is found dead (without any OS signal), the data is labelled since when, and the session is back once the link is', async () => {
    const { session, statuses } = await rig();
    const accountId = session.snapshot().activeAccountId!;
    const cutAt = Date.now();
    lab.cut();
    // Without liveness the 30 s Deriv ping would find it after 30–35 s; the limit is far below that.
    const dead = await until(session, 'dead-link detection', (s) => s.connection.status === 'reconnecting', 15_000);
    expect(statuses.map((c) => c.status)).toContain('checking');
    const c = dead.connection as Extract<ConnectionState, { status: 'reconnecting' }>;
    expect(c.lastLiveAt).toBeLessThanOrEqual(cutAt);
    expect(c.lastLiveAt).toBeGreaterThan(cutAt - 10_000);
    await sandbox.setBalance(accountId, 4321.5);
    await lab.restore();
    const back = await until(session, 'reconnection', (s) => live(s) && s.balances[accountId] === '4321.5', 45_000);
    expect(back.authorized).toEqual(expect.arrayContaining(accounts().map((a) => a.accountId)));
  }, 90_000);

  it('resume from sleep with a dead socket: the wake probes at once and reconnects, long before the quiet period ends', async () => {
    // A quiet period of a minute: only the resume signal can find the dead socket within the limit.
    const { session, os, relay } = await rig({ livenessQuietMs: 60_000 });
    const accountId = session.snapshot().activeAccountId!;
    lab.cut();
    os.emit('suspend');
    // While we "slept" the server forgot our connection and the balance moved.
    expect(await sandbox.dropConnections()).toBeGreaterThan(0);
    await sandbox.setBalance(accountId, 777.25);
    await lab.restore();
    const before = relay.accepted;
    os.emit('resume');
    await until(session, 'reconnection after resume', (s) => live(s) && s.balances[accountId] === '777.25', 20_000);
    expect(relay.accepted).toBeGreaterThan(before);
  }, 60_000);

  it('resume with a live socket: one probe, no reconnection', async () => {
    const { session, os, relay, statuses, pings } = await rig({ livenessQuietMs: 60_000 });
    const accepted = relay.accepted;
    const probes = pings.count;
    statuses.length = 0;
    os.emit('resume');
    expect(session.snapshot().connection.status).toBe('checking');
    await until(session, 'the probe answered', live, 20_000);
    expect(pings.count).toBe(probes + 1);
    expect(statuses.map((c) => c.status)).toEqual(['checking', 'online']);
    expect(relay.accepted).toBe(accepted);
  }, 60_000);

  it('network gone then back: no attempt is burnt while the OS says there is none, "no network" is shown, and the return reconnects at once', async () => {
    const { session, os, relay } = await rig({ backoffCapMs: 1_000 });
    const accountId = session.snapshot().activeAccountId!;
    lab.cut();
    os.emit('offline');
    await until(session, 'no network', (s) => s.connection.status === 'no_network', 20_000);
    const attempts = relay.accepted;
    await pause(3_000); // an observation window: with a 1 s backoff cap, attempts would pile up here
    expect(relay.accepted).toBe(attempts);
    expect(session.snapshot().connection.status).toBe('no_network');
    await sandbox.setBalance(accountId, 99.5);
    await lab.restore();
    os.emit('online');
    expect(session.snapshot().connection.status).toBe('connecting');
    await until(
      session,
      'online after the network returned',
      (s) => live(s) && s.balances[accountId] === '99.5',
      20_000,
    );
  }, 60_000);

  it('a link flapping every second for 30 s with the OS reporting each change: no reconnect storm, and online after', async () => {
    const { session, os, relay } = await rig();
    const accountId = session.snapshot().activeAccountId!;
    const start = relay.accepted;
    let flaps = 0;
    for (let i = 0; i < 30; i++) {
      if (lab.isUp) {
        lab.cut();
        os.emit('offline');
      } else {
        await lab.restore();
        os.emit('online');
        flaps++;
      }
      await pause(1_000);
    }
    if (!lab.isUp) {
      await lab.restore();
      os.emit('online');
      flaps++;
    }
    // At most one connection per return of the network, and never more than the session's cap of
    // connects per minute (10): the rest wait for a slot.
    expect(relay.accepted - start).toBeLessThanOrEqual(Math.min(2 * flaps + 2, 10));
    await sandbox.setBalance(accountId, 1234.75);
    // A slot frees within a minute of the first reconnect.
    await until(session, 'online after the flapping', (s) => live(s) && s.balances[accountId] === '1234.75', 70_000);
  }, 150_000);

  it('~150 ms round trips with 300 ms spikes: login and switching work, probes are answered, nothing is declared dead', async () => {
    const { session, relay, statuses, pings } = await rig({}, jitteryDelay());
    const ids = session.snapshot().authorized;
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) session.switchAccount(id);
    // Three quiet periods: the liveness probes go out and come back late, never too late.
    for (let i = 0; pings.count < 3 && i < 60; i++) await pause(500);
    expect(pings.count).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((c) => c.status !== 'online')).toEqual([]);
    expect(relay.accepted).toBe(1);
    expect(session.snapshot().connection.status).toBe('online');
  }, 90_000);
});
