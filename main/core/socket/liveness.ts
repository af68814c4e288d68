import type { Clock } from './ports';

/**
 * How a session tells a live socket from a dead one within seconds, without loading Deriv.
 *
 * A dropped Wi-Fi, a VPN falling over or a closed lid leave a TCP connection silent, not closed:
 * no FIN ever arrives, and without a rule the app shows frozen balances as live. The rule: any
 * inbound frame is proof of life; after `quietMs` without one, the session sends a probe (a
 * WebSocket protocol ping, answered by the peer's network stack with a pong, so Deriv's API does
 * no work); no inbound frame within `probeTimeoutMs` after the probe means the socket is dead. A
 * silent cut is thus noticed within `quietMs + probeTimeoutMs`.
 *
 * A probe merely late (high latency, a 300 ms spike) is not death: the watch reports `suspect`
 * only after `suspectAfterMs` without an answer, so the UI can say "checking the connection"
 * without flashing on every routine probe. `checkNow` (the OS says the machine woke up or the
 * network came back) probes at once and reports `suspect` at once, since after a sleep the
 * socket is more likely dead than not.
 *
 * Shared by both Deriv sessions (legacy v3 and the current API): the watch knows nothing of
 * either protocol, only of time and of the hooks it is given. Driven by the session's `Clock`.
 */
export interface LivenessTiming {
  /** Silence after which a probe goes out. */
  quietMs: number;
  /** No inbound frame this long after a probe: the socket is dead. */
  probeTimeoutMs: number;
  /** A probe unanswered this long makes the watch `suspect` (shown as "checking the connection"). */
  suspectAfterMs: number;
}

export const DEFAULT_LIVENESS: LivenessTiming = {
  // 2 s + 2.5 s: a silent cut is found within 4.5 s; a probe has 2.5 s to come back, room for
  // 300 ms latency spikes many times over.
  quietMs: 2_000,
  probeTimeoutMs: 2_500,
  suspectAfterMs: 1_000,
};

export interface LivenessHooks {
  /** Send a probe the peer must answer (a protocol ping). */
  probe(): void;
  /** No answer in time: tear the socket down. Called once per `start`. */
  dead(info: { lastHeardAt: number; reason: 'probe_timeout' }): void;
  /** A probe is late (or an OS signal asked for a check): the line is in doubt since `lastHeardAt`. */
  suspect?(info: { lastHeardAt: number }): void;
  /** The doubt is over: a frame came in after a `suspect`. */
  cleared?(): void;
}

export class LivenessWatch {
  private running = false;
  private lastHeard = 0;
  private probeSentAt: number | null = null;
  private suspected = false;
  private quietTimer: unknown = null;
  private probeTimer: unknown = null;
  private suspectTimer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly timing: LivenessTiming,
    private readonly hooks: LivenessHooks,
  ) {}

  /** Begin watching a socket just proven alive (it answered, or just opened). */
  start(): void {
    this.stop();
    this.running = true;
    this.lastHeard = this.clock.now();
    this.armQuiet(this.timing.quietMs);
  }

  /** Stop watching (the socket is gone or the session stopped). Idempotent. */
  stop(): void {
    this.running = false;
    this.probeSentAt = null;
    this.suspected = false;
    this.clear('quietTimer');
    this.clear('probeTimer');
    this.clear('suspectTimer');
  }

  get isRunning(): boolean {
    return this.running;
  }

  get lastHeardAt(): number {
    return this.lastHeard;
  }

  /** Any inbound frame (a message, a pong). Cheap: it re-arms nothing, the quiet timer re-checks. */
  heard(): void {
    if (!this.running) return;
    this.lastHeard = this.clock.now();
    if (this.probeSentAt === null) return;
    this.probeSentAt = null;
    this.clear('probeTimer');
    this.clear('suspectTimer');
    if (this.suspected) {
      this.suspected = false;
      this.hooks.cleared?.();
    }
    this.armQuiet(this.timing.quietMs);
  }

  /** Probe now rather than after the quiet period (the machine woke up, the network changed). */
  checkNow(): void {
    if (!this.running) return;
    if (this.probeSentAt === null) this.sendProbe();
    if (!this.suspected) {
      this.suspected = true;
      this.clear('suspectTimer');
      this.hooks.suspect?.({ lastHeardAt: this.lastHeard });
    }
  }

  private armQuiet(ms: number): void {
    this.clear('quietTimer');
    this.quietTimer = this.clock.setTimeout(() => this.onQuietTimer(), Math.max(0, ms));
  }

  private onQuietTimer(): void {
    this.quietTimer = null;
    if (!this.running || this.probeSentAt !== null) return;
    const quietFor = this.clock.now() - this.lastHeard;
    if (quietFor < this.timing.quietMs) {
      this.armQuiet(this.timing.quietMs - quietFor);
      return;
    }
    this.sendProbe();
  }

  private sendProbe(): void {
    this.clear('quietTimer');
    this.probeSentAt = this.clock.now();
    this.probeTimer = this.clock.setTimeout(() => {
      this.probeTimer = null;
      if (!this.running || this.probeSentAt === null) return;
      const lastHeardAt = this.lastHeard;
      this.stop();
      this.hooks.dead({ lastHeardAt, reason: 'probe_timeout' });
    }, this.timing.probeTimeoutMs);
    this.suspectTimer = this.clock.setTimeout(() => {
      this.suspectTimer = null;
      if (!this.running || this.probeSentAt === null || this.suspected) return;
      this.suspected = true;
      this.hooks.suspect?.({ lastHeardAt: this.lastHeard });
    }, this.timing.suspectAfterMs);
    try {
      this.hooks.probe();
    } catch {
      // A socket that cannot even send is dead; the probe timer says so on schedule.
    }
  }

  private clear(name: 'quietTimer' | 'probeTimer' | 'suspectTimer'): void {
    const handle = this[name];
    if (handle !== null) this.clock.clearTimeout(handle);
    this[name] = null;
  }
}
