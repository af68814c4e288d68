/** The main window's size and position survive a restart, and never open off-screen. */
import { EventEmitter } from 'node:events';

import { describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  saved: new Map<string, unknown>(),
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
}));

vi.mock('electron', () => ({ screen: { getAllDisplays: () => fake.displays } }));
// electron-store's file engine needs Electron's app paths; the store itself is exercised elsewhere.
vi.mock('electron-store', () => ({
  default: class {
    get(key: string) {
      return fake.saved.get(key);
    }
    set(key: string, value: unknown) {
      fake.saved.set(key, value);
    }
  },
}));

const { createWindowStateStore } = await import('../../main/electron/window-state');

class FakeWindow extends EventEmitter {
  bounds = { x: 200, y: 100, width: 1000, height: 700 };
  maximized = false;
  isDestroyed = () => false;
  isMinimized = () => false;
  isMaximized = () => this.maximized;
  getNormalBounds = () => this.bounds;
}

describe('window state', () => {
  it('opens at the default size the first time', () => {
    expect(createWindowStateStore().restore()).toEqual({ bounds: { width: 1100, height: 760 }, maximized: false });
  });

  it('remembers size, position and maximized on move, resize and close, and restores them', () => {
    const window = new FakeWindow();
    createWindowStateStore().track(window as never);
    window.bounds = { x: 300, y: 150, width: 900, height: 650 };
    window.emit('moved');
    expect(createWindowStateStore().restore()).toEqual({
      bounds: { x: 300, y: 150, width: 900, height: 650 },
      maximized: false,
    });
    window.maximized = true;
    window.emit('close');
    expect(createWindowStateStore().restore().maximized).toBe(true);
  });

  it('falls back to the default when the remembered display is gone', () => {
    fake.saved.set('window', { bounds: { x: 2500, y: 0, width: 900, height: 650 }, maximized: false });
    expect(createWindowStateStore().restore().bounds).toEqual({ width: 1100, height: 760 });
  });
});
