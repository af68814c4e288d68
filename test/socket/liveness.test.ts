import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DEFAULT_LIVENESS, type LivenessTiming, LivenessWatch } from '../../main/core/socket/liveness';
import { FakeClock } from '../support/fake-clock';

/** Round figures for reading the logs; the defaults are checked on their own below. */
const T: LivenessTiming = { quietMs: 2_500, probeTimeoutMs: 2_500, suspectAfterMs: 1_000 };

function watch(timing: LivenessTiming = T) {
  const clock = new FakeClock();
  const log: string[] = [];
  const w = new LivenessWatch(clock, timing, {
    probe: () => log.push(`probe@${clock.now()}`),
    dead: ({ lastHeardAt }) => log.push(`dead@${clock.now()} last=${lastHeardAt}`),
    suspect: ({ lastHeardAt }) => log.push(`suspect@${clock.now()} last=${lastHeardAt}`),
    cleared: () => log.push(`cleared@${clock.now()}`),
  });
  return { clock, log, w, t0: clock.now() };
}

describe('LivenessWatch', () => {
  it('defaults: a silent line is dead within 5 s, and a probe has over 2 s to come back', () => {
    expect(DEFAULT_LIVENESS.quietMs + DEFAULT_LIVENESS.probeTimeoutMs).toBeLessThan(5_000);
    expect(DEFAULT_LIVENESS.probeTimeoutMs).toBeGreaterThanOrEqual(2_000);
    expect(DEFAULT_LIVENESS.suspectAfterMs).toBeLessThan(DEFAULT_LIVENESS.probeTimeoutMs);
  });

  it('a silent line is probed after the quiet period and declared dead when the probe goes unanswered', () => {
    const { clock, log, w, t0 } = watch();
    w.start();
    clock.advance(10_000);
    expect(log).toEqual([`probe@${t0 + 2500}`, `suspect@${t0 + 3500} last=${t0}`, `dead@${t0 + 5000} last=${t0}`]);
    expect(w.isRunning).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('frames keep the line alive without any probe', () => {
    const { clock, log, w } = watch();
    w.start();
    for (let i = 0; i < 100; i++) {
      clock.advance(2_000);
      w.heard();
    }
    expect(log).toEqual([]);
  });

  it('an answer to the probe, even late, clears the doubt and the watch goes on', () => {
    const { clock, log, w, t0 } = watch();
    w.start();
    clock.advance(2_500 + 1_200);
    w.heard();
    expect(log).toEqual([`probe@${t0 + 2500}`, `suspect@${t0 + 3500} last=${t0}`, `cleared@${t0 + 3700}`]);
    clock.advance(2_499);
    expect(log).toHaveLength(3);
    clock.advance(1);
    expect(log[3]).toBe(`probe@${t0 + 6200}`);
  });

  it('checkNow probes at once and says the line is in doubt', () => {
    const { clock, log, w, t0 } = watch();
    w.start();
    clock.advance(100);
    w.checkNow();
    expect(log).toEqual([`probe@${t0 + 100}`, `suspect@${t0 + 100} last=${t0}`]);
    w.checkNow(); // one probe at a time
    expect(log).toHaveLength(2);
    clock.advance(2_500);
    expect(log[2]).toBe(`dead@${t0 + 2600} last=${t0}`);
  });

  it('stop leaves no timer behind, and nothing is reported after it', () => {
    const { clock, log, w } = watch();
    w.start();
    clock.advance(2_600);
    w.stop();
    expect(clock.pending).toBe(0);
    clock.advance(60_000);
    w.heard();
    w.checkNow();
    expect(log).toHaveLength(1);
  });

  it('a probe that throws (a socket that cannot even send) is dead on schedule; nothing escapes the watch', () => {
    const clock = new FakeClock();
    const dead: { lastHeardAt: number; reason: string }[] = [];
    const t0 = clock.now();
    const w = new LivenessWatch(clock, T, {
      probe: () => {
        throw new Error('socket is closing');
      },
      dead: (info) => dead.push(info),
    });
    w.start();
    expect(() => clock.advance(2_500)).not.toThrow();
    expect(dead).toEqual([]);
    clock.advance(2_499);
    expect(dead).toEqual([]);
    clock.advance(1);
    expect(dead).toEqual([{ lastHeardAt: t0, reason: 'probe_timeout' }]);
    // The same through checkNow: the throw stays inside, the watch goes on to its verdict.
    w.start();
    expect(() => w.checkNow()).not.toThrow();
    clock.advance(2_500);
    expect(dead).toHaveLength(2);
  });

  it('works without the optional hooks (suspect, cleared): late probes, answers, checkNow', () => {
    const clock = new FakeClock();
    const probes: number[] = [];
    const w = new LivenessWatch(clock, T, { probe: () => probes.push(clock.now()), dead: () => undefined });
    w.start();
    clock.advance(2_500 + 1_200); // probe, then late: suspect (no hook)
    expect(() => w.heard()).not.toThrow(); // cleared (no hook)
    expect(() => w.checkNow()).not.toThrow();
    expect(probes).toHaveLength(2);
  });

  it('before start and after stop: frames, checkNow and time change nothing (lastHeardAt included)', () => {
    const { clock, log, w, t0 } = watch();
    w.heard();
    w.checkNow();
    expect(log).toEqual([]);
    expect(clock.pending).toBe(0);
    expect(w.isRunning).toBe(false);
    w.start();
    expect(w.lastHeardAt).toBe(t0);
    clock.advance(1_000);
    w.heard();
    expect(w.lastHeardAt).toBe(t0 + 1_000);
    w.stop();
    clock.advance(500);
    w.heard();
    expect(w.lastHeardAt).toBe(t0 + 1_000);
    expect(log).toEqual([]);
  });

  it('timers: one quiet timer while listening, probe and suspect timers while a probe is out, none after stop', () => {
    const { clock, w } = watch();
    w.start();
    expect(clock.pending).toBe(1);
    w.stop(); // during the quiet period
    expect(clock.pending).toBe(0);
    w.start();
    clock.advance(2_500); // the probe is out: its timeout and its suspect timer
    expect(clock.pending).toBe(2);
    w.heard(); // answered: back to the quiet timer alone
    expect(clock.pending).toBe(1);
    w.checkNow(); // a probe out, the doubt said at once: the probe timer alone (no quiet, no suspect timer)
    expect(clock.pending).toBe(1);
    w.heard();
    expect(clock.pending).toBe(1);
  });

  it('a frame re-arms no timer (the quiet timer re-checks): a busy line costs no timer per message', () => {
    const clock = new FakeClock();
    let armed = 0;
    const counting = {
      now: () => clock.now(),
      setTimeout: (fn: () => void, ms: number) => {
        armed += 1;
        return clock.setTimeout(fn, ms);
      },
      clearTimeout: (h: unknown) => clock.clearTimeout(h),
    };
    const w = new LivenessWatch(counting, T, { probe: () => undefined, dead: () => undefined });
    w.start();
    for (let i = 0; i < 100; i++) {
      clock.advance(20);
      w.heard();
    }
    expect(armed).toBe(1);
  });

  it('a probe answered before it is late says nothing; every late probe says suspect, then cleared', () => {
    const { clock, log, w, t0 } = watch();
    w.start();
    clock.advance(2_500 + 500); // answered within suspectAfterMs
    w.heard();
    expect(log).toEqual([`probe@${t0 + 2500}`]);
    clock.advance(2_500 + 1_000 + 100); // late
    w.heard();
    clock.advance(2_500 + 1_000 + 100); // late again: the doubt is said again
    w.heard();
    expect(log.slice(1)).toEqual([
      `probe@${t0 + 5500}`,
      `suspect@${t0 + 6500} last=${t0 + 3000}`,
      `cleared@${t0 + 6600}`,
      `probe@${t0 + 9100}`,
      `suspect@${t0 + 10100} last=${t0 + 6600}`,
      `cleared@${t0 + 10200}`,
    ]);
  });

  it('property: dead only after quiet + probe timeout of silence, never while answers come within the timeout', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 7_000 }), { maxLength: 40 }), (gaps) => {
        const { clock, log, w } = watch();
        w.start();
        let last = clock.now();
        for (const gap of gaps) {
          clock.advance(gap);
          if (!w.isRunning) break;
          w.heard();
          last = clock.now();
        }
        clock.advance(20_000);
        const dead = log.filter((l) => l.startsWith('dead'));
        expect(dead).toHaveLength(1);
        const deadAt = Number(/dead@(\d+)/.exec(dead[0]!)![1]);
        // Death comes exactly quiet + timeout after the last frame heard, and every shorter silence survived.
        const lastHeard = Number(/last=(\d+)/.exec(dead[0]!)![1]);
        expect(deadAt - lastHeard).toBe(5_000);
        if (gaps.every((g) => g < 5_000)) expect(lastHeard).toBe(last);
      }),
    );
  });
});
