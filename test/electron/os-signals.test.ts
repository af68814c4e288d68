/**
 * The OS-signals adapter against a fake powerMonitor and `net`, and its assumptions against
 * Electron's own `electron.d.ts` (which events exist, on which platforms, and that `net.online` is
 * the network signal main gets: there is no network-change event in the main process).
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import type { OsSignal } from '../../main/core/net/os-signals';
import { createElectronOsSignals } from '../../main/electron/os-signals';
import { fakePowerEvent, netWorld, resetElectronFake } from '../support/electron-fake';

function rig(online = true) {
  const powerMonitor = new EventEmitter();
  const net = { online };
  let tick: (() => void) | null = null;
  const signals = createElectronOsSignals({
    powerMonitor: powerMonitor as unknown as Electron.PowerMonitor,
    net,
    setInterval: (fn) => ((tick = fn), 1),
    clearInterval: () => (tick = null),
  });
  const seen: OsSignal[] = [];
  signals.subscribe((s) => seen.push(s));
  return { powerMonitor, net, signals, seen, poll: () => tick?.(), polling: () => tick !== null };
}

describe('Electron OS signals adapter', () => {
  it('passes on suspend, resume and unlock-screen', () => {
    const { powerMonitor, seen } = rig();
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    powerMonitor.emit('lock-screen'); // not a signal the core uses
    expect(seen).toEqual(['suspend', 'resume', 'unlock']);
  });

  it('turns changes of net.online into offline / online, once per change', () => {
    const { net, signals, seen, poll } = rig(true);
    expect(signals.networkAvailable()).toBe(true);
    poll();
    net.online = false;
    poll();
    poll();
    expect(signals.networkAvailable()).toBe(false);
    net.online = true;
    poll();
    expect(seen).toEqual(['offline', 'online']);
  });

  it('dispose stops polling and listening', () => {
    const { powerMonitor, signals, seen, polling } = rig();
    signals.dispose();
    powerMonitor.emit('resume');
    expect(seen).toEqual([]);
    expect(polling()).toBe(false);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
  });

  it('with the Electron fake itself: not before ready; unlock-screen never on Linux, on macOS it is', () => {
    resetElectronFake({ platform: 'linux' });
    expect(() => createElectronOsSignals()).toThrow(/after the app is ready/);
    for (const platform of ['linux', 'darwin'] as const) {
      resetElectronFake({ platform, ready: true });
      netWorld.online = false;
      const signals = createElectronOsSignals({ setInterval: () => 0, clearInterval: () => undefined });
      const seen: OsSignal[] = [];
      signals.subscribe((s) => seen.push(s));
      expect(signals.networkAvailable()).toBe(false);
      fakePowerEvent('unlock-screen');
      fakePowerEvent('resume');
      expect(seen).toEqual(platform === 'linux' ? ['resume'] : ['unlock', 'resume']);
      signals.dispose();
    }
    resetElectronFake();
  });

  it('follows electron.d.ts: the events and property it relies on exist, unlock-screen only on macOS and Windows', () => {
    const dts = readFileSync(createRequire(import.meta.url).resolve('electron/electron.d.ts'), 'utf8');
    const pm = dts.slice(
      dts.indexOf('interface PowerMonitor extends'),
      dts.indexOf('interface PowerMonitor extends') + 40_000,
    );
    for (const event of ['suspend', 'resume', 'unlock-screen']) {
      expect(pm).toContain(`on(event: '${event}', listener: () => void): this;`);
    }
    const platformOf = (event: string) => {
      const at = pm.indexOf(`on(event: '${event}'`);
      const doc = pm.slice(pm.lastIndexOf('/**', at), at);
      return /@platform ([\w,]+)/.exec(doc)?.[1] ?? 'all';
    };
    expect(platformOf('suspend')).toBe('all');
    expect(platformOf('resume')).toBe('all');
    expect(platformOf('unlock-screen')).toBe('darwin,win32');
    const net = dts.slice(dts.indexOf('interface Net {'), dts.indexOf('interface Net {') + 20_000);
    expect(net).toContain('readonly online: boolean;');
    expect(net).not.toMatch(/on\(event: '(online|offline|network-change)/);
  });
});
