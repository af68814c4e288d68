/**
 * The main window's size and position survive a restart, and a crash, on every platform, and never
 * open off-screen. Real electron-store over the Electron fake's userData folder; the fake emits the
 * geometry events each platform really emits (`moved`/`resized` on macOS and Windows only).
 */
import { rmSync } from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createWindowStateStore } from '../../main/electron/window-state';
import { appWorld, BrowserWindow, type FakeBrowserWindow, resetElectronFake } from '../support/electron-fake';

beforeEach(() => resetElectronFake({ ready: true }));
afterEach(() => appWorld.userData && rmSync(appWorld.userData, { recursive: true, force: true }));

function newWindow(): FakeBrowserWindow {
  return new BrowserWindow({ x: 200, y: 100, width: 1000, height: 700 }) as unknown as FakeBrowserWindow;
}

describe('window state', () => {
  it('opens at the default size the first time', () => {
    expect(createWindowStateStore().restore()).toEqual({ bounds: { width: 1100, height: 760 }, maximized: false });
  });

  it.each(['linux', 'darwin', 'win32'] as const)(
    'on %s, keeps the size and position of a window moved and resized, even if the app then crashes (no close)',
    async (platform) => {
      resetElectronFake({ platform, ready: true });
      const window = newWindow();
      createWindowStateStore().track(window as never);
      window.userMove(300, 150);
      window.userResize(900, 650);
      // No `close`: the process dies here. A new start reads what was saved.
      await expect
        .poll(() => createWindowStateStore().restore(), { timeout: 5_000 })
        .toEqual({ bounds: { x: 300, y: 150, width: 900, height: 650 }, maximized: false });
    },
  );

  it('saves at once on close, maximized included', () => {
    const window = newWindow();
    createWindowStateStore({ debounceMs: 60_000 }).track(window as never);
    window.maximize();
    window.close();
    expect(createWindowStateStore().restore()).toEqual({
      bounds: { x: 200, y: 100, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('falls back to the default when the remembered display is gone', () => {
    const window = newWindow();
    createWindowStateStore().track(window as never);
    window.userMove(2500, 0);
    window.close();
    expect(createWindowStateStore().restore().bounds).toEqual({ width: 1100, height: 760 });
  });
});
