/**
 * What the operating system says about sleep and the network, as a port: the core reacts to it
 * (probe a socket that may have died in the sleep, reconnect the moment the network is back, stop
 * burning reconnect attempts while there is none) without knowing where the signal comes from.
 * Main plugs in Electron's `powerMonitor` and `net.online` (`main/electron/os-signals.ts`);
 * tests and benches drive a `ManualOsSignals`.
 *
 * - `suspend`: the machine is going to sleep (sockets will likely be dead on wake).
 * - `resume`: it woke up. `unlock`: the screen was unlocked (a proxy for "the user is back" on
 *   platforms that report it).
 * - `online` / `offline`: the OS network state changed. `offline` is a strong hint (nothing will
 *   connect); `online` is only a hint that trying again is worth it now.
 */
export type OsSignal = 'suspend' | 'resume' | 'unlock' | 'online' | 'offline';

export const OS_SIGNALS: readonly OsSignal[] = ['suspend', 'resume', 'unlock', 'online', 'offline'];

export interface OsSignals {
  /** The OS's current network verdict; null when this platform cannot say. */
  networkAvailable(): boolean | null;
  /** Every signal, in order; returns the unsubscribe function. */
  subscribe(listener: (signal: OsSignal) => void): () => void;
}

/** A port fed by hand: the default when no OS adapter is given, and the tests' and benches' driver. */
export class ManualOsSignals implements OsSignals {
  private readonly listeners = new Set<(signal: OsSignal) => void>();
  private online: boolean | null;

  constructor(initial: boolean | null = null) {
    this.online = initial;
  }

  networkAvailable(): boolean | null {
    return this.online;
  }

  subscribe(listener: (signal: OsSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(signal: OsSignal): void {
    if (signal === 'online') this.online = true;
    if (signal === 'offline') this.online = false;
    for (const listener of [...this.listeners]) {
      try {
        listener(signal);
      } catch {
        // One listener's failure must not keep the signal from the others.
      }
    }
  }
}
