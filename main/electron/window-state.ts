/** Remembers the main window's size and position in a small store of its own. */
import { type BrowserWindow, screen } from 'electron';
import Store from 'electron-store';

import { boundsToRestore, type SavedWindowState } from '../core/shell/window-bounds';

export interface WindowStateStore {
  restore(): ReturnType<typeof boundsToRestore>;
  track(window: BrowserWindow): void;
}

export function createWindowStateStore(): WindowStateStore {
  // A broken geometry file is not worth a warning: forget it and open at the default size.
  const store = new Store<{ window?: SavedWindowState }>({ name: 'window-state', clearInvalidConfig: true });
  return {
    restore() {
      const areas = screen.getAllDisplays().map((display) => display.workArea);
      return boundsToRestore(store.get('window'), areas);
    },
    track(window) {
      const save = () => {
        if (window.isDestroyed() || window.isMinimized()) return;
        store.set('window', { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
      };
      window.on('close', save);
      window.on('resized', save);
      window.on('moved', save);
    },
  };
}
