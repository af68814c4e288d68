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

  it('start: a clean slate (attempts, history, errors forgotten) but the OS network state kept', () => {
    const l = { ...limits, maxConnectsPerMinute: 2 };
    const worn = run(
      [
        { type: 'start', now: T0 },
        { type: 'failed', now: T0 + 1, failure: { ...lost, retryAt: T0 + 9_000, rateLimited: true }, jitter: 0 },
        { type: 'due', now: T0 + 9_000 },
        { type: 'failed', now: T0 + 9_001, failure: lost, jitter: 0 },
      ],
      initialState,
      l,
    ).state;
    expect(worn).toMatchObject({ attempt: 2, connects: [T0, T0 + 9_000], serverWaitUntil: T0 + 9_000 });
    expect(transition(worn, { type: 'start', now: T0 + 9_002 }, l)).toEqual({
      state: { ...initialState, phase: 'connecting', connects: [T0 + 9_002], dialing: true },
      effects: [{ type: 'disarm' }, { type: 'disarm' }, { type: 'dial' }],
    });
    const offline = run([{ type: 'offline', now: T0 + 9_003 }], worn, l).state;
    expect(transition(offline, { type: 'start', now: T0 + 9_004 }, l).state).toMatchObject({
      phase: 'connecting',
      networkDown: true,
    });
  });

  it('an event that changes nothing returns the very same state and no effect (the owner publishes only changes)', () => {
    const idle = initialState;
    const live = run([
      { type: 'start', now: T0 },
      { type: 'live', now: T0 + 1 },
    ]).state;
    const waiting = run(
      [{ type: 'failed', now: T0 + 1, failure: lost, jitter: 0 }],
      run([{ type: 'start', now: T0 }]).state,
    ).state;
    const noEffect: [SocketState, SocketEvent][] = [
      [idle, { type: 'stop' }],
      [live, { type: 'opened' }],
      [waiting, { type: 'opened' }],
      [waiting, { type: 'live', now: T0 + 2 }],
      [waiting, { type: 'healthy' }],
      [waiting, { type: 'dropped', now: T0 + 2, lastHeardAt: null, message: 'lost', jitter: 0 }],
      [live, { type: 'due', now: T0 + 2 }],
      [waiting, { type: 'suspect', lastHeardAt: T0 }],
      [live, { type: 'cleared' }],
      [waiting, { type: 'cleared' }],
      [idle, { type: 'failed', now: T0, failure: lost, jitter: 0 }],
    ];
    for (const [state, event] of noEffect) {
      const step = transition(state, event, limits);
      expect(step.state, `${state.phase} + ${event.type}`).toBe(state);
      expect(step.effects, `${state.phase} + ${event.type}`).toEqual([]);
    }
  });

  it('each transition that acts: its exact state and effects', () => {
    const dialing = run([{ type: 'start', now: T0 }]).state;
    // stop while dialing: idle, the attempt aborted, the timer cleared.
    expect(transition(dialing, { type: 'stop' }, limits)).toEqual({
      state: { ...dialing, phase: 'idle', dialing: false },
      effects: [{ type: 'abort' }, { type: 'disarm' }],
    });
    // A transient failure while dialing: waiting, no longer dialing, the attempt aborted, the timer armed.
    const waiting = transition(dialing, { type: 'failed', now: T0 + 4, failure: lost, jitter: 0 }, limits);
    expect(waiting).toEqual({
      state: {
        ...dialing,
        phase: 'waiting',
        dialing: false,
        attempt: 1,
        lastError: lost.message,
        nextRetryAt: T0 + 129,
      },
      effects: [{ type: 'abort' }, { type: 'arm', ms: 125 }],
    });
    // due: a new attempt, nothing before the disarm and the dial.
    expect(transition(waiting.state, { type: 'due', now: T0 + 129 }, limits).effects).toEqual([
      { type: 'disarm' },
      { type: 'dial' },
    ]);
    // A terminal failure while dialing: closed, the attempt aborted, the timer cleared, the owner told.
    const refused: Failure = { message: 'Refused.', terminal: true, retryAt: null, rateLimited: false };
    expect(transition(dialing, { type: 'failed', now: T0 + 5, failure: refused, jitter: 0 }, limits)).toEqual({
      state: { ...dialing, phase: 'closed', dialing: false, lastError: 'Refused.' },
      effects: [{ type: 'abort' }, { type: 'disarm' }, { type: 'closed', failure: refused }],
    });
    // offline while dialing: only the flag (the attempt fails on its own, then waits for the network).
    expect(transition(dialing, { type: 'offline', now: T0 + 6 }, limits)).toEqual({
      state: { ...dialing, networkDown: true },
      effects: [],
    });
    // ... and its failure then: no_network, not dialing, aborted and disarmed, no attempt counted.
    const down = run(
      [
        { type: 'offline', now: T0 + 6 },
        { type: 'failed', now: T0 + 7, failure: lost, jitter: 0 },
      ],
      dialing,
    );
    expect(down.state).toEqual({
      ...dialing,
      phase: 'no_network',
      since: T0 + 7,
      networkDown: true,
      dialing: false,
      lastError: lost.message,
    });
    expect(down.effects).toEqual([{ type: 'abort' }, { type: 'disarm' }]);
    // offline while live: the flag and a probe; suspect and cleared: the doubt, no effect.
    const live = run([{ type: 'live', now: T0 + 10 }], dialing).state;
    expect(transition(live, { type: 'offline', now: T0 + 11 }, limits)).toEqual({
      state: { ...live, networkDown: true },
      effects: [{ type: 'probe' }],
    });
    const doubt = transition(live, { type: 'suspect', lastHeardAt: T0 + 10 }, limits);
    expect(doubt).toEqual({ state: { ...live, checking: { lastHeardAt: T0 + 10 } }, effects: [] });
    expect(transition(doubt.state, { type: 'cleared' }, limits)).toEqual({ state: live, effects: [] });
    expect(transition(live, { type: 'rate_limited', until: T0 + 20 }, limits)).toEqual({
      state: { ...live, serverWaitUntil: T0 + 20 },
      effects: [],
    });
    // A drop after the server's wait on the live line: waiting, not shown as the server's rate limit.
    const limitedLive = run([{ type: 'rate_limited', until: T0 + 20 }], live).state;
    const dropped = run(
      [{ type: 'dropped', now: T0 + 12, lastHeardAt: null, message: 'lost', jitter: 1 }],
      limitedLive,
    );
    expect(dropped.state).toMatchObject({ phase: 'waiting', rateLimited: false, nextRetryAt: T0 + 262 });
    // A stale healthy timer while waiting keeps the backoff's exponent; while live it resets it, no effect.
    expect(run([{ type: 'healthy' }], dropped.state).state.attempt).toBe(1);
    const liveAgain = run(
      [
        { type: 'due', now: T0 + 300 },
        { type: 'live', now: T0 + 301 },
      ],
      dropped.state,
    ).state;
    expect(liveAgain.attempt).toBe(1);
    expect(transition(liveAgain, { type: 'healthy' }, limits)).toEqual({
      state: { ...liveAgain, attempt: 0 },
      effects: [],
    });
  });

  it('a connection live after a rate-limited wait is no longer shown as rate limited', () => {
    const limited: Failure = { ...lost, retryAt: T0 + 15_000, rateLimited: true };
    const s = run([
      { type: 'start', now: T0 },
      { type: 'failed', now: T0 + 1, failure: limited, jitter: 0 },
      { type: 'due', now: T0 + 15_000 },
      { type: 'live', now: T0 + 15_010 },
    ]).state;
    expect(s).toMatchObject({ phase: 'live', rateLimited: false, lastError: null, attempt: 1 });
  });

  it('the cap counts the attempts of the last 60 s only: one a minute old no longer counts', () => {
    const l = { ...limits, maxConnectsPerMinute: 2 };
    const at = (connects: number[]) => ({ ...initialState, connects });
    expect(capWait(at([T0, T0 + 10]), l, T0 + 59_999)).toBe(1);
    expect(capWait(at([T0, T0 + 10]), l, T0 + 60_000)).toBe(0);
    // Attempts long gone never make a negative wait.
    expect(capWait(at([T0, T0 + 10, T0 + 20]), l, T0 + 500_000)).toBe(0);
    // A new attempt forgets the ones a minute old or older.
    const dialed = transition(
      { ...initialState, phase: 'waiting', connects: [T0, T0 + 10] },
      { type: 'due', now: T0 + 60_000 },
      l,
    );
    expect(dialed.state.connects).toEqual([T0 + 10, T0 + 60_000]);
    // A wake while an attempt still dials long after older ones: they do not hold the redial back.
    const stale = { ...initialState, phase: 'connecting' as const, dialing: true, connects: [T0, T0 + 10, T0 + 20] };
    expect(types(transition(stale, { type: 'wake', now: T0 + 500_000 }, l).effects)).toEqual(['disarm', 'dial']);
    expect(CAP_MESSAGE).toMatch(/too many reconnects/i);
  });

  it('a wake against the cap: a retry planned sooner is postponed to the free slot (saying why); one planned later stays', () => {
    const l = { ...limits, maxConnectsPerMinute: 2 };
    const full = [T0, T0 + 100];
    const soon = { ...initialState, phase: 'waiting' as const, attempt: 1, connects: full, nextRetryAt: T0 + 300 };
    expect(transition(soon, { type: 'wake', now: T0 + 200 }, l)).toEqual({
      state: { ...soon, nextRetryAt: T0 + 60_000, lastError: CAP_MESSAGE, rateLimited: false },
      effects: [{ type: 'arm', ms: 60_000 - 200 }],
    });
    const later = { ...soon, nextRetryAt: T0 + 70_000 };
    expect(transition(later, { type: 'wake', now: T0 + 200 }, l)).toEqual({ state: later, effects: [] });
    const rateLimitedSoon = { ...soon, rateLimited: true, serverWaitUntil: T0 + 100 };
    expect(transition(rateLimitedSoon, { type: 'wake', now: T0 + 200 }, l).state.rateLimited).toBe(false);
  });

  it("a wake against the server's wait: a retry planned at or after it stays; else it waits for the later of the wait and the cap", () => {
    const l = { ...limits, maxConnectsPerMinute: 2 };
    const base = { ...initialState, phase: 'waiting' as const, attempt: 1, serverWaitUntil: T0 + 15_000 };
    for (const nextRetryAt of [T0 + 15_000, T0 + 30_000]) {
      const s = { ...base, nextRetryAt };
      expect(transition(s, { type: 'wake', now: T0 + 100 }, l)).toEqual({ state: s, effects: [] });
    }
    // No network before: the later of the server's wait and the cap's slot.
    const capped = { ...base, phase: 'no_network' as const, connects: [T0 + 50, T0 + 60] };
    expect(transition(capped, { type: 'online', now: T0 + 100 }, l)).toEqual({
      state: { ...capped, phase: 'waiting', nextRetryAt: T0 + 60_050, rateLimited: true },
      effects: [{ type: 'arm', ms: 59_950 }],
    });
    const free = { ...base, phase: 'no_network' as const };
    expect(transition(free, { type: 'online', now: T0 + 100 }, l)).toEqual({
      state: { ...free, phase: 'waiting', nextRetryAt: T0 + 15_000, rateLimited: true },
      effects: [{ type: 'arm', ms: 14_900 }],
    });
    // The server's wait just over: a wake connects now, whatever backoff was planned.
    const over = { ...base, nextRetryAt: T0 + 40_000 };
    expect(types(transition(over, { type: 'wake', now: T0 + 15_000 }, l).effects)).toEqual(['disarm', 'dial']);
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
