/**
 * The resilient socket's phases as pure transitions (main/core/socket/machine.ts): backoff, the
 * healthy reset, the per-minute cap, the server's wait, OS signals and terminal failures, each
 * checked on the state and the effects a transition returns. No clock, no socket.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  CAP_MESSAGE,
  capWait,
  type Effect,
  type Failure,
  initialState,
  type Limits,
  type SocketEvent,
  type SocketState,
  transition,
} from '../../main/core/socket/machine';

const limits: Limits = { backoffBaseMs: 250, backoffCapMs: 30_000, healthyAfterMs: 30_000, maxConnectsPerMinute: 10 };
const T0 = 1_000_000;
const lost: Failure = { message: 'Could not connect.', terminal: false, retryAt: null, rateLimited: false };

/** Runs events in order; returns the last state and every effect on the way. */
function run(events: SocketEvent[], from: SocketState = initialState, l: Limits = limits) {
  let state = from;
  const effects: Effect[] = [];
  for (const e of events) {
    const step = transition(state, e, l);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}
const types = (effects: Effect[]) => effects.map((e) => e.type);
const armed = (effects: Effect[]) => effects.filter((e) => e.type === 'arm').map((e) => (e as { ms: number }).ms);

describe('socket state machine', () => {
  it('start dials; the handshake makes it live and watched; a drop waits with the first backoff', () => {
    const started = run([{ type: 'start', now: T0 }]);
    expect(started.state).toMatchObject({ phase: 'connecting', dialing: true, connects: [T0] });
    expect(types(started.effects)).toContain('dial');
    const live = run([{ type: 'opened' }, { type: 'live', now: T0 + 5 }], started.state);
    expect(live.state).toMatchObject({ phase: 'live', since: T0 + 5, dialing: false });
    expect(live.effects).toEqual([{ type: 'watch', healthyInMs: limits.healthyAfterMs }]);
    // Equal jitter: the first retry within [base/2, base].
    for (const [jitter, ms] of [
      [0, 125],
      [1, 250],
    ] as const) {
      const dropped = run(
        [{ type: 'dropped', now: T0 + 10, lastHeardAt: T0 + 8, message: 'lost', jitter }],
        live.state,
      );
      expect(dropped.state).toMatchObject({
        phase: 'waiting',
        attempt: 1,
        nextRetryAt: T0 + 10 + ms,
        lastLiveAt: T0 + 8,
      });
      expect(types(dropped.effects)).toEqual(['abort', 'arm']);
      expect(armed(dropped.effects)).toEqual([ms]);
    }
  });

  it('the backoff climbs while connections drop soon after going live, up to the cap, and restarts once healthy', () => {
    let s = run([{ type: 'start', now: T0 }]).state;
    let now = T0;
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      s = run([{ type: 'live', now }], s).state;
      const step = run([{ type: 'dropped', now: now + 1, lastHeardAt: null, message: 'lost', jitter: 1 }], s);
      delays.push(armed(step.effects)[0]!);
      now += 1 + armed(step.effects)[0]! + 61_000; // past the minute: the cap plays no part here
      s = run([{ type: 'due', now }], step.state).state;
    }
    expect(delays.slice(0, 4)).toEqual([250, 500, 1_000, 2_000]);
    expect(Math.max(...delays)).toBe(30_000);
    // Healthy: the next drop starts afresh.
    s = run([{ type: 'live', now }, { type: 'healthy' }], s).state;
    expect(s.attempt).toBe(0);
    const after = run([{ type: 'dropped', now: now + 1, lastHeardAt: null, message: 'lost', jitter: 1 }], s);
    expect(armed(after.effects)).toEqual([250]);
  });

  it('healthyAfterMs 0: the backoff starts afresh as soon as the connection is live', () => {
    const l = { ...limits, healthyAfterMs: 0 };
    const s = run(
      [
        { type: 'start', now: T0 },
        { type: 'failed', now: T0 + 1, failure: lost, jitter: 1 },
      ],
      initialState,
      l,
    );
    expect(s.state.attempt).toBe(1);
    const live = run(
      [
        { type: 'due', now: T0 + 300 },
        { type: 'live', now: T0 + 301 },
      ],
      s.state,
      l,
    );
    expect(live.state.attempt).toBe(0);
    expect(live.effects.at(-1)).toEqual({ type: 'watch', healthyInMs: null });
  });

  it('at most maxConnectsPerMinute attempts in any minute: the next waits for the oldest to age out', () => {
    const l = { ...limits, maxConnectsPerMinute: 3 };
    let s = run([{ type: 'start', now: T0 }], initialState, l).state;
    let now = T0;
    for (let i = 0; i < 2; i++) {
      now += 10;
      s = run([{ type: 'failed', now, failure: lost, jitter: 0 }], s, l).state;
      s = run([{ type: 'due', now: (now += 200) }], s, l).state;
    }
    expect(s.connects).toHaveLength(3);
    const held = run([{ type: 'failed', now: now + 1, failure: lost, jitter: 0 }], s, l);
    expect(held.state.nextRetryAt).toBe(T0 + 60_000);
    expect(capWait(held.state, l, now + 1)).toBe(T0 + 60_000 - (now + 1));
    // A wake changes nothing: the cap never brings forward, nor renames, the retry planned.
    const woken = transition(held.state, { type: 'wake', now: now + 2 }, l);
    expect(woken.state).toBe(held.state);
    expect(woken.effects).toEqual([]);
    // The network coming back while the cap is full: a wait for the slot, saying why.
    const back = run(
      [
        { type: 'offline', now: now + 3 },
        { type: 'online', now: now + 4 },
      ],
      held.state,
      l,
    );
    expect(back.state).toMatchObject({ phase: 'waiting', nextRetryAt: T0 + 60_000, lastError: CAP_MESSAGE });
    expect(types(back.effects)).not.toContain('dial');
  });

  it("the server's wait (RateLimit, a 429) holds the next attempt, and no wake or network signal brings it forward", () => {
    const limited: Failure = {
      message: 'RateLimit: slow down',
      terminal: false,
      retryAt: T0 + 15_000,
      rateLimited: true,
    };
    const s = run([
      { type: 'start', now: T0 },
      { type: 'failed', now: T0 + 5, failure: limited, jitter: 0 },
    ]);
    expect(s.state).toMatchObject({ phase: 'waiting', rateLimited: true, serverWaitUntil: T0 + 15_000 });
    expect(s.state.nextRetryAt).toBe(T0 + 15_000);
    const after = run(
      [
        { type: 'wake', now: T0 + 100 },
        { type: 'offline', now: T0 + 200 },
        { type: 'online', now: T0 + 300 },
        { type: 'wake', now: T0 + 400 },
      ],
      s.state,
    );
    expect(types(after.effects)).not.toContain('dial');
    expect(after.state).toMatchObject({ phase: 'waiting', nextRetryAt: T0 + 15_000 });
    // Once the wait is over, a wake connects at once.
    expect(types(run([{ type: 'wake', now: T0 + 15_001 }], after.state).effects)).toContain('dial');
  });

  it('a RateLimit answered on the live connection also holds a later wake', () => {
    let s = run([
      { type: 'start', now: T0 },
      { type: 'live', now: T0 + 1 },
    ]).state;
    s = run([{ type: 'rate_limited', until: T0 + 15_000 }], s).state;
    s = run([{ type: 'dropped', now: T0 + 10, lastHeardAt: null, message: 'lost', jitter: 0 }], s).state;
    const woken = run([{ type: 'wake', now: T0 + 20 }], s);
    expect(types(woken.effects)).toEqual(['arm']);
    expect(woken.state).toMatchObject({ phase: 'waiting', nextRetryAt: T0 + 15_000, rateLimited: true });
  });

  it('a wake while waiting out a long backoff connects at once; while live it probes', () => {
    const l = { ...limits, backoffBaseMs: 60_000, backoffCapMs: 60_000 };
    const s = run(
      [
        { type: 'start', now: T0 },
        { type: 'failed', now: T0 + 5, failure: lost, jitter: 1 },
      ],
      initialState,
      l,
    );
    expect(s.state.nextRetryAt).toBe(T0 + 60_005);
    const woken = run([{ type: 'wake', now: T0 + 10 }], s.state, l);
    expect(woken.state.phase).toBe('connecting');
    expect(types(woken.effects)).toEqual(['disarm', 'dial']);
    const live = run(
      [
        { type: 'live', now: T0 + 20 },
        { type: 'wake', now: T0 + 30 },
      ],
      woken.state,
      l,
    );
    expect(live.effects.at(-1)).toEqual({ type: 'probe' });
  });

  it('a wake restarts an attempt still dialing (a lost SYN), not one whose socket is open', () => {
    const s = run([{ type: 'start', now: T0 }]).state;
    const again = run([{ type: 'wake', now: T0 + 100 }], s);
    expect(types(again.effects)).toEqual(['disarm', 'dial']);
    expect(again.state.connects).toEqual([T0, T0 + 100]);
    const opened = run([{ type: 'opened' }, { type: 'wake', now: T0 + 200 }], again.state);
    expect(types(opened.effects)).toEqual([]);
  });

  it('no network: a failure makes no attempt and counts none; the return connects at once', () => {
    let s = run([
      { type: 'start', now: T0 },
      { type: 'offline', now: T0 + 1 },
    ]).state;
    const failed = run([{ type: 'failed', now: T0 + 5, failure: lost, jitter: 0 }], s);
    expect(failed.state).toMatchObject({ phase: 'no_network', since: T0 + 5, attempt: 0 });
    expect(types(failed.effects)).not.toContain('arm');
    s = failed.state;
    expect(types(run([{ type: 'wake', now: T0 + 10 }], s).effects)).toEqual([]);
    const back = run([{ type: 'online', now: T0 + 20 }], s);
    expect(back.state.phase).toBe('connecting');
    expect(types(back.effects)).toContain('dial');
  });

  it('offline while waiting: the timer is disarmed and no_network shown; while live: a probe', () => {
    const waiting = run([
      { type: 'start', now: T0 },
      { type: 'failed', now: T0 + 5, failure: lost, jitter: 0 },
    ]).state;
    const off = run([{ type: 'offline', now: T0 + 10 }], waiting);
    expect(off.state).toMatchObject({ phase: 'no_network', since: T0 + 10, networkDown: true });
    expect(types(off.effects)).toContain('disarm');
    const live = run([
      { type: 'start', now: T0 },
      { type: 'live', now: T0 + 1 },
    ]).state;
    expect(run([{ type: 'offline', now: T0 + 2 }], live).effects).toEqual([{ type: 'probe' }]);
  });

  it('liveness doubt shows while live and clears; a terminal failure closes for good; stop goes idle', () => {
    let s = run([
      { type: 'start', now: T0 },
      { type: 'live', now: T0 + 1 },
    ]).state;
    s = run([{ type: 'suspect', lastHeardAt: T0 + 1 }], s).state;
    expect(s.checking).toEqual({ lastHeardAt: T0 + 1 });
    s = run([{ type: 'cleared' }], s).state;
    expect(s.checking).toBeNull();
    const refused: Failure = { message: 'Refused.', terminal: true, retryAt: null, rateLimited: false };
    const closed = run([{ type: 'failed', now: T0 + 2, failure: refused, jitter: 0 }], s);
    expect(closed.state).toMatchObject({ phase: 'closed', lastError: 'Refused.' });
    expect(closed.effects).toContainEqual({ type: 'closed', failure: refused });
    // Nothing brings a closed socket back but `start`.
    expect(
      run(
        [
          { type: 'wake', now: T0 + 3 },
          { type: 'due', now: T0 + 4 },
        ],
        closed.state,
      ).effects,
    ).toEqual([]);
    const stopped = run([{ type: 'start', now: T0 + 5 }, { type: 'stop' }], closed.state);
    expect(stopped.state.phase).toBe('idle');
    expect(types(stopped.effects).slice(-2)).toEqual(['abort', 'disarm']);
  });

  it('property: whatever the signals, no attempt begins before the server’s wait or beyond the cap', () => {
    const l = { ...limits, maxConnectsPerMinute: 4 };
    const event = fc.oneof(
      fc.constant('wake' as const),
      fc.constant('online' as const),
      fc.constant('offline' as const),
      fc.constant('due' as const),
      fc.constant('fail' as const),
      fc.constant('limited' as const),
      fc.constant('live' as const),
      fc.constant('drop' as const),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(event, fc.integer({ min: 0, max: 5_000 })), { maxLength: 60 }), (steps) => {
        let now = T0;
        let s = run([{ type: 'start', now }], initialState, l).state;
        let dueAt = Infinity;
        for (const [kind, dt] of steps) {
          if (kind === 'due' && dueAt === Infinity) continue; // no timer armed: it cannot fire
          now += dt;
          const e: SocketEvent =
            kind === 'fail'
              ? { type: 'failed', now, failure: lost, jitter: 0.5 }
              : kind === 'limited'
                ? { type: 'failed', now, failure: { ...lost, retryAt: now + 15_000, rateLimited: true }, jitter: 0.5 }
                : kind === 'drop'
                  ? { type: 'dropped', now, lastHeardAt: null, message: 'lost', jitter: 0.5 }
                  : kind === 'live'
                    ? { type: 'live', now }
                    : kind === 'due'
                      ? { type: 'due', now: Math.max(now, dueAt) }
                      : { type: kind, now };
          if (e.type === 'due') now = e.now;
          const step = transition(s, e, l);
          if (step.effects.some((x) => x.type === 'dial')) {
            expect(now).toBeGreaterThanOrEqual(s.serverWaitUntil);
            expect(s.networkDown && e.type !== 'online').toBe(false);
            expect(step.state.connects.filter((t) => now - t < 60_000).length).toBeLessThanOrEqual(4);
          }
          const arm = step.effects.find((x) => x.type === 'arm') as { ms: number } | undefined;
          if (arm) dueAt = now + arm.ms;
          else if (step.effects.some((x) => x.type === 'disarm')) dueAt = Infinity;
          s = step.state;
        }
      }),
      { numRuns: 300 },
    );
  });
});
