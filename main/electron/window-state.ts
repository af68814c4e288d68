/** Remembers the main window's size and position in a small store of its own. */
import { type BrowserWindow, screen } from 'electron';
import Store from 'electron-store';

import { boundsToRestore, type SavedWindowState } from '../core/shell/window-bounds';

export interface WindowStateStore {
  restore(): ReturnType<typeof boundsToRestore>;
  track(window: BrowserWindow): void;
}

/** Geometry events come in bursts while the user drags: one write per pause is enough. */
export const SAVE_DEBOUNCE_MS = 400;

/**
 * Events after which the geometry is saved. `moved`/`resized` fire on macOS and Windows only
 * (docs/api/browser-window.md, "Event: 'moved' _macOS_ _Windows_"); Linux only has `move`/`resize`,
 * which every platform emits while the window changes. Saving only on `close` would lose the
 * geometry on a crash.
 */
const GEOMETRY_EVENTS = ['move', 'resize', 'moved', 'resized', 'maximize', 'unmaximize'] as const;

export function createWindowStateStore(opts: { debounceMs?: number } = {}): WindowStateStore {
  // A broken geometry file is not worth a warning: forget it and open at the default size.
  const store = new Store<{ window?: SavedWindowState }>({ name: 'window-state', clearInvalidConfig: true });
  const debounceMs = opts.debounceMs ?? SAVE_DEBOUNCE_MS;
  return {
    restore() {
      const areas = screen.getAllDisplays().map((display) => display.workArea);
      return boundsToRestore(store.get('window'), areas);
    },
    track(window) {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const save = () => {
        if (timer) clearTimeout(timer);
        timer = null;
        if (window.isDestroyed() || window.isMinimized()) return;
        store.set('window', { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
      };
      const saveSoon = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(save, debounceMs);
      };
      for (const name of GEOMETRY_EVENTS) window.on(name as 'move', saveSoon);
      window.on('close', save);
      window.on('closed', () => timer && clearTimeout(timer));
    },
  };
}
