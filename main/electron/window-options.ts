/**
 * Options of the main window: its look and geometry. The security settings (`webPreferences`) are
 * written out where the window is created (main-window.ts), where a reviewer and the
 * electronegativity scanner (`npm run audit:electron`) can read them.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

import { MIN_SIZE } from '../core/shell/window-bounds';

export function mainWindowFrame(bounds: {
  x?: number;
  y?: number;
  width: number;
  height: number;
}): Omit<BrowserWindowConstructorOptions, 'webPreferences'> {
  return {
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Deriv Desktop Login',
    backgroundColor: '#0e0e0e',
    autoHideMenuBar: false,
  };
}
