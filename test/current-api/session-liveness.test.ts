/**
 * The current-API session's liveness and OS signals over real sockets: every OTP socket reaches the
 * sandbox through a TCP relay (test/support/tcp-relay.ts) that can go silent without closing
 * anything, as a dropped Wi-Fi does. The liveness timing is production's (the v3 session's); only
 * backoff and the open timeout are shortened. Waits have generous limits (the machine is shared);
 * where a limit proves something it is far below what the session would take without the feature.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { BackendView } from '../../main/core/backend/port';
import type { CurrentTiming } from '../../main/core/current-api/session';
import type { ConnectionState } from '../../main/core/model';
import { ManualOsSignals } from '../../main/core/net/os-signals';
import { type SocketFactory, wsSocketFactory } from '../../main/core/socket/ports';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { type Relay, startRelay } from '../support/tcp-relay';
import { accountsOf, aliceIds, type Harness, makeSession, patCredential, waitFor } from './session-helpers';

interface Rig extends Harness {
  os: ManualOsSignals;
  /** Sockets this session opened (one per OTP presented). */
  opened: { count: number };
  /** OTPs this session asked for over REST. */
  otps: { count: number };
  /** Protocol pings this session sent. */
  pings: { count: number };
}

const status = (h: Harness) => h.session.snapshot().connection.status;

describe('current-API session: liveness and OS signals over a relay that can go silent', () => {
  let sb: SandboxHandle;
  let relay: Relay;
  const rigs: Rig[] = [];

  beforeAll(async () => {
    sb = await startSandbox({ seed: 47 });
    const target = new URL(sb.httpUrl);
    relay = await startRelay({ target: { host: target.hostname, port: Number(target.port) } });
  });
  afterEach(async () => {
    relay.resume();
    await Promise.all(rigs.splice(0).map((r) => r.session.close()));
  });
  afterAll(async () => {
    await relay.close();
    await sb.close();
  });

  /** A session whose OTP sockets go through the relay, started on one account (Alice's demo). */
  async function rig(timing: Partial<CurrentTiming> = {}): Promise<Rig> {
    const opened = { count: 0 };
    const otps = { count: 0 };
    const pings = { count: 0 };
    const viaRelay: SocketFactory = (url, handlers) => {
      const u = new URL(url);
      u.host = `127.0.0.1:${relay.port}`;
      opened.count++;
      const socket = wsSocketFactory(u.toString(), handlers);
      return { ...socket, ping: () => (pings.count++, socket.ping!()) };
    };
    const counting: typeof fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (/\/otp$/.test(new URL(url).pathname)) otps.count++;
      return fetch(input, init);
    };
    const h = makeSession(sb, {
      createSocket: viaRelay,
      fetch: counting,
      timing: { openTimeoutMs: 1_500, requestTimeoutMs: 5_000, backoffBaseMs: 100, backoffCapMs: 400, ...timing },
    });
    const os = new ManualOsSignals(true);
    os.subscribe((signal) => h.session.osSignal(signal));
    const r: Rig = { ...h, os, opened, otps, pings };
    rigs.push(r);
    const ids = aliceIds(sb);
    await h.session.start(accountsOf([ids.demo], patCredential(sb)), ids.demo);
    h.views.length = 0; // from here on, only what happened after the login
    return r;
  }

  const connections = (views: BackendView[]) => views.map((v) => v.connection);

  it('half-open cut: found dead within seconds (no OS signal), labelled since when, back through a fresh OTP', async () => {
    const r = await rig();
    const { demo } = aliceIds(sb);
    const upgradesBefore = sb.newApiLog().upgrades.length;
    const cutAt = Date.now();
    relay.stall();
    // Without liveness, the 30 s keep-alive ping (+5 s for its pong) would be first to notice.
    await waitFor(() => status(r) === 'reconnecting', 'dead-link detection', 15_000);
    expect(connections(r.views).map((c) => c.status)).toContain('checking');
    const dead = connections(r.views).find((c) => c.status === 'reconnecting') as Extract<
      ConnectionState,
      { status: 'reconnecting' }
    >;
    expect(dead.lastLiveAt).toBeLessThanOrEqual(cutAt);
    expect(dead.lastLiveAt).toBeGreaterThan(cutAt - 10_000);
    sb.setNewApiBalance(demo, 4321.5);
    relay.resume();
    await waitFor(
      () => status(r) === 'online' && r.session.snapshot().balances[demo] === '4321.5',
      'back online',
      30_000,
    );
    // Every socket after the cut was opened with its own, never reused, OTP; the last one took.
    const after = sb.newApiLog().upgrades.slice(upgradesBefore);
    expect(after.at(-1)).toMatchObject({ status: 101, accountId: demo });
    const otps = sb.newApiLog().upgrades.map((u) => u.otp);
    expect(new Set(otps).size).toBe(otps.length);
    expect(r.session.connectionsOf(demo)).toBe(2);
  }, 60_000);

  it('resume with a live socket: one probe, "checking" then "online", no reconnection', async () => {
    // A quiet period of a minute: only the resume signal sends a probe within this test.
    const r = await rig({ livenessQuietMs: 60_000 });
    const { demo } = aliceIds(sb);
    const opened = r.opened.count;
    const probes = r.pings.count;
    r.os.emit('resume');
    expect(status(r)).toBe('checking');
    await waitFor(() => status(r) === 'online', 'the probe answered', 15_000);
    expect(r.pings.count).toBe(probes + 1);
    expect(connections(r.views).map((c) => c.status)).toEqual(['checking', 'online']);
    expect(r.opened.count).toBe(opened);
    expect(r.session.connectionsOf(demo)).toBe(1);
  }, 30_000);

  it('resume from sleep with a dead socket: the wake probes at once and reconnects, long before the quiet period ends', async () => {
    // A quiet period of a minute: only the resume signal can find the dead socket within the limit.
    const r = await rig({ livenessQuietMs: 60_000 });
    const { demo } = aliceIds(sb);
    relay.stall();
    r.os.emit('suspend');
    sb.setNewApiBalance(demo, 777.25);
    r.os.emit('resume');
    expect(status(r)).toBe('checking');
    await waitFor(() => status(r) === 'reconnecting', 'the dead socket found', 20_000);
    relay.resume();
    await waitFor(
      () => status(r) === 'online' && r.session.snapshot().balances[demo] === '777.25',
      'back online',
      20_000,
    );
    expect(r.session.connectionsOf(demo)).toBe(2);
  }, 60_000);

  it('network gone then back: no attempt (no OTP, no socket) while offline, "no network" shown, the return reconnects at once', async () => {
    const r = await rig();
    // A witness without OS signals on the same silent link: its attempts show the time that went by.
    const witness = await rig();
    const { demo } = aliceIds(sb);
    relay.stall();
    r.os.emit('offline');
    // The offline hint probes the socket at once; unanswered, it is dead, and nothing is retried.
    await waitFor(() => status(r) === 'no_network', 'no network', 15_000);
    const c = r.session.snapshot().connection as Extract<ConnectionState, { status: 'no_network' }>;
    expect(typeof c.lastLiveAt).toBe('number');
    const { opened, otps } = { opened: r.opened.count, otps: r.otps.count };
    // With a 400 ms backoff cap and a 1.5 s open timeout, three failed attempts of the witness are
    // time enough for several of ours, had any been made.
    await waitFor(() => {
      const w = witness.session.snapshot().connection;
      return w.status === 'reconnecting' && w.attempt >= 3;
    }, 'the witness retrying');
    expect(r.opened.count).toBe(opened);
    expect(r.otps.count).toBe(otps);
    expect(status(r)).toBe('no_network');
    sb.setNewApiBalance(demo, 99.5);
    relay.resume();
    r.os.emit('online');
    // At once: no backoff wait, the attempt (a fresh OTP) is under way before `emit` returns.
    expect(status(r)).toBe('connecting');
    await waitFor(
      () => status(r) === 'online' && r.session.snapshot().balances[demo] === '99.5',
      'online after the network returned',
      15_000,
    );
    expect(r.otps.count).toBe(otps + 1);
  }, 60_000);
});
