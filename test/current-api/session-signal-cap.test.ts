/**
 * The current-API session under a storm of OS signals: each wake or "network back" skips the
 * backoff wait of a reconnecting account socket (a fresh OTP, a connect), but never the cap on
 * connection attempts per minute, as on the v3 session. Real sockets and REST against the sandbox,
 * whose OTP endpoint is made to fail so every attempt ends quickly and the socket keeps waiting.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ManualOsSignals } from '../../main/core/net/os-signals';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { currentFault } from '../support/current-fault';
import { accountsOf, aliceIds, type Harness, makeSession, patCredential, waitFor } from './session-helpers';

const CAP = 3;

describe('current-API session: reconnects per minute, whatever the OS signals', () => {
  let sb: SandboxHandle;
  const sessions: Harness[] = [];

  beforeAll(async () => {
    sb = await startSandbox({ seed: 48 });
  });
  afterEach(async () => {
    await control('otp-fail', { on: false });
    await Promise.all(sessions.splice(0).map((h) => h.session.close()));
  });
  afterAll(() => sb.close());

  const control = (name: string, body: unknown = {}) => currentFault(sb, name, body);

  it(`wake and network signals skip the backoff but not the cap: at most ${CAP} connects in the minute, then a wait shown`, async () => {
    const otps = { count: 0 };
    const counting: typeof fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (/\/otp$/.test(new URL(url).pathname)) otps.count++;
      return fetch(input, init);
    };
    // A long backoff: within this test only the signals can bring an attempt forward.
    const h = makeSession(sb, {
      fetch: counting,
      timing: { backoffBaseMs: 20_000, backoffCapMs: 20_000, maxConnectsPerMinute: CAP },
    });
    sessions.push(h);
    const os = new ManualOsSignals(true);
    os.subscribe((signal) => h.session.osSignal(signal));
    const { demo } = aliceIds(sb);
    const startedAt = Date.now();
    await h.session.start(accountsOf([demo], patCredential(sb)), demo);
    expect(otps.count).toBe(1); // the first connect counts against the cap

    await control('otp-fail', { on: true });
    await control('drop');
    const reconnecting = () => {
      const c = h.session.snapshot().connection;
      return c.status === 'reconnecting' ? c : null;
    };
    // Lost; the next attempt waits on the long backoff.
    await waitFor(() => reconnecting() !== null, 'the socket lost');
    expect(otps.count).toBe(1);

    // A storm of wake and network signals: each would start an attempt (a fresh OTP) at once; the
    // cap lets CAP - 1 more through in this minute.
    for (let i = 0; i < 40; i++) os.emit(i % 2 ? 'resume' : 'online');
    await waitFor(() => otps.count === CAP, 'the attempts the cap allows');
    // The last of them failed (the OTP endpoint is down): the next one waits for the minute of the
    // first connect to pass, however long the backoff.
    await waitFor(() => (reconnecting()?.nextRetryAt ?? 0) >= startedAt + 60_000, 'a wait for the cap');

    // More signals now change nothing: no attempt, no OTP, the same wait and the same reason (the
    // last failure), since the wait already planned is no sooner than the cap's.
    const planned = reconnecting()!;
    for (let i = 0; i < 20; i++) os.emit(i % 2 ? 'resume' : 'online');
    expect(reconnecting()).toEqual(planned);
    expect(planned.nextRetryAt).toBeGreaterThanOrEqual(startedAt + 60_000);
    expect(planned.lastError).toBe('Server error 500.');
    expect(otps.count).toBe(CAP);
  }, 60_000);
});
