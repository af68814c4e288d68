/**
 * `powerMonitor` and `net.online` of the Electron fake, as electron.d.ts and Electron's docs have
 * them:
 * - powerMonitor is an EventEmitter that "cannot be used until the `ready` event of the app module
 *   is emitted" (docs/api/power-monitor.md): adding a listener before `ready` throws here;
 * - `suspend` and `resume` fire on every platform, `lock-screen` / `unlock-screen` only on macOS
 *   and Windows (`@platform darwin,win32`): `fakePowerEvent` drops them on Linux;
 * - `net.online` is a read-only boolean of the main process; the main process has no network-change
 *   event, so there is none here. Anything else on `net` is not modelled and throws.
 */
import { EventEmitter } from 'node:events';

import { assertReady } from './app';
import { world } from './events';

export const netWorld = { online: true };

class FakePowerMonitor extends EventEmitter {
  override on(event: string | symbol, listener: (...args: unknown[]) => void): this {
    assertReady('powerMonitor');
    return super.on(event, listener);
  }
}

export const powerMonitor = new FakePowerMonitor();

const DARWIN_WIN32_ONLY = new Set(['lock-screen', 'unlock-screen']);

/** The OS reports a power event; returns whether Electron would emit it on the fake's platform. */
export function fakePowerEvent(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen'): boolean {
  if (DARWIN_WIN32_ONLY.has(event) && world.platform === 'linux') return false;
  return powerMonitor.emit(event);
}

export const net = new Proxy(
  {},
  {
    get: (_t, p) => {
      if (p === 'online') return netWorld.online;
      throw new Error(`electron.net.${String(p)} is not modelled by the fake`);
    },
    set: () => {
      throw new TypeError('electron.net.online is read-only');
    },
  },
);

export function resetPowerNetWorld(): void {
  powerMonitor.removeAllListeners();
  netWorld.online = true;
}
