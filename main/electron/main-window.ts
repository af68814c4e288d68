/**
 * The main window and the locks around it: navigation only to the app's own origin, no new
 * windows (allow-listed https links go to the system browser), no permissions, CSP on every
 * response (the dev server's included).
 */
import { BrowserWindow, type Session, shell } from 'electron';

import { contentSecurityPolicy, isAllowedExternalUrl, isAppUrl } from '../core/shell/security-policy';
import { mainWindowFrame } from './window-options';
import type { WindowStateStore } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  /** The page to load: the dev server URL, or app://renderer/index.html. */
  pageUrl: string;
  appOrigin: string;
  devServerOrigin?: string;
  windowState: WindowStateStore;
}

export function lockDownSession(ses: Session, devServerOrigin?: string): void {
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  if (devServerOrigin) {
    // In production the app:// handler sets the CSP itself; the dev server's responses need it added.
    ses.webRequest.onHeadersReceived({ urls: [`${devServerOrigin}/*`] }, (details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [contentSecurityPolicy(devServerOrigin)],
        },
      });
    });
  }
}

export function guardNavigation(window: BrowserWindow, appOrigin: string): void {
  const { webContents } = window;
  webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const restored = opts.windowState.restore();
  const window = new BrowserWindow({
    ...mainWindowFrame(restored.bounds),
    // Electron's security checklist, written here so that the scanner sees it (test/electron/shell-adapters.test.ts).
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
      // Middle-click opens no window either (the window-open handler denies all); off at the source.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  guardNavigation(window, opts.appOrigin);
  opts.windowState.track(window);
  window.once('ready-to-show', () => {
    if (restored.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(opts.pageUrl);
  return window;
}
