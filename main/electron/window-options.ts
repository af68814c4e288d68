/** Options of the main window: the security settings of Electron's checklist, asserted by tests. */
import type { BrowserWindowConstructorOptions } from 'electron';

import { MIN_SIZE } from '../core/shell/window-bounds';

export function mainWindowOptions(opts: {
  preloadPath: string;
  bounds: { x?: number; y?: number; width: number; height: number };
}): BrowserWindowConstructorOptions {
  return {
    ...opts.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Deriv Desktop Login',
    backgroundColor: '#0e0e0e',
    autoHideMenuBar: false,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
