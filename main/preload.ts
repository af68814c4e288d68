/**
 * The preload: exposes exactly the typed `DesktopApi` as `window.desktop`, never `ipcRenderer`
 * itself. Emitted as CommonJS because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';

import { buildDesktopApi } from './ipc/bridge';

contextBridge.exposeInMainWorld('desktop', buildDesktopApi(ipcRenderer));
