import { net, powerMonitor } from 'electron';

import type { OsSignal, OsSignals } from '../core/net/os-signals';

/** The part of Electron this adapter reads; the real modules in main, fakes in tests. */
export interface ElectronOsDeps {
  powerMonitor: Pick<Electron.PowerMonitor, 'on' | 'off'>;
  net: Pick<Electron.Net, 'online'>;
  /** Electron offers no network-change event in main: `net.online` is polled at this period. */
  pollMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

const POWER_EVENTS = [
  // All platforms (electron.d.ts: no @platform tag).
  ['suspend', 'suspend'],
  ['resume', 'resume'],
  // macOS and Windows only (@platform darwin,win32); never emitted on Linux, where `resume` covers it.
  ['unlock-screen', 'unlock'],
] as const satisfies readonly (readonly [string, OsSignal])[];

/**
 * OS signals from Electron: `powerMonitor`'s `suspend`, `resume`, `unlock-screen`, and `net.online`
 * polled once a second (a change becomes `online` / `offline`). See docs/electron-assumptions.md.
 * Call after app `ready` (powerMonitor cannot be used before).
 */
export function createElectronOsSignals(deps: Partial<ElectronOsDeps> = {}): OsSignals & { dispose(): void } {
  const pm = deps.powerMonitor ?? powerMonitor;
  const netModule = deps.net ?? net;
  const pollMs = deps.pollMs ?? 1_000;
  const every = deps.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms).unref());
  const stopEvery = deps.clearInterval ?? ((h: unknown) => clearInterval(h as ReturnType<typeof setInterval>));
  const listeners = new Set<(signal: OsSignal) => void>();
  const emit = (signal: OsSignal) => {
    for (const listener of [...listeners]) {
      try {
        listener(signal);
      } catch {
        /* one listener's failure must not starve the others */
      }
    }
  };
  const handlers = POWER_EVENTS.map(([event, signal]) => {
    const handler = () => emit(signal);
    (pm.on as (e: string, l: () => void) => unknown)(event, handler);
    return [event, handler] as const;
  });
  let online = readOnline(netModule);
  const timer = every(() => {
    const now = readOnline(netModule);
    if (now === null || now === online) return;
    online = now;
    emit(now ? 'online' : 'offline');
  }, pollMs);
  return {
    networkAvailable: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      stopEvery(timer);
      for (const [event, handler] of handlers) (pm.off as (e: string, l: () => void) => unknown)(event, handler);
      listeners.clear();
    },
  };
}

function readOnline(netModule: Pick<Electron.Net, 'online'>): boolean | null {
  try {
    return typeof netModule.online === 'boolean' ? netModule.online : null;
  } catch {
    return null;
  }
}
