/**
 * The one stand-in for the `electron` module in every test (aliased in vitest.config.ts; the real
 * module would try to fetch a binary). It follows electron.d.ts and Electron's documentation and
 * specs, never what an adapter would like: which events fire, on which platform and frame, with
 * which arguments, and what calls throw or reject with. docs/electron-assumptions.md lists each
 * behaviour, its source and the test that relies on it.
 *
 * Tests drive it through the `fake…` helpers and the `*World` records exported here (they are not
 * Electron API), and call `resetElectronFake()` between cases.
 */
import {
  app,
  appWorld,
  assertReady,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  protocol,
  resetAppWorld,
  screen,
  shell,
} from './electron-fake/app';
import { type FakePlatform, removeAllListenersOf, world } from './electron-fake/events';
import { net, powerMonitor, resetPowerNetWorld } from './electron-fake/power-net';
import { resetSafeStorageWorld, safeStorage } from './electron-fake/safe-storage';
import { session as sessionModule, sessions } from './electron-fake/session';
import { FakeBrowserWindow, web, windows } from './electron-fake/window';

export {
  appWorld,
  contextBridgeWorld,
  dialogWorld,
  type FakeCertificate,
  fakeProtocolRequest,
  ipcWorld,
  menuWorld,
  protocolWorld,
  shellWorld,
} from './electron-fake/app';
export { type FakePlatform, NET_ERROR, world } from './electron-fake/events';
export { fakePowerEvent, netWorld } from './electron-fake/power-net';
export { rotateSafeStorageKey, safeStorageWorld } from './electron-fake/safe-storage';
export { FakeDownloadItem, FakeSession, sessions } from './electron-fake/session';
export { FakeBrowserWindow, FakeWebContents, web, type WebAnswer, windows } from './electron-fake/window';

/** Sessions cannot be had before `ready` (shell/browser/api/electron_api_session.cc FromPartition). */
export const session = {
  get defaultSession() {
    assertReady('session');
    return sessionModule.defaultSession;
  },
  fromPartition(partition: string) {
    assertReady('session');
    return sessionModule.fromPartition(partition);
  },
};

/** `new BrowserWindow()` before `ready` throws ("Cannot create BrowserWindow before app is ready"). */
export const BrowserWindow = new Proxy(FakeBrowserWindow, {
  construct(target, args: [Record<string, unknown>?]) {
    if (!appWorld.ready) throw new Error('Cannot create BrowserWindow before app is ready');
    return new target(args[0]);
  },
});

export {
  app,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  shell,
};

/** A fresh Electron: not ready, no windows, sessions, handlers or listeners; `platform` to pretend. */
export function resetElectronFake(opts: { platform?: FakePlatform; ready?: boolean } = {}): void {
  for (const win of windows) removeAllListenersOf(win, win.webContents);
  windows.length = 0;
  sessions.clear();
  resetAppWorld();
  resetSafeStorageWorld();
  resetPowerNetWorld();
  web.answer = () => ({ page: true });
  world.platform =
    opts.platform ??
    (['linux', 'darwin', 'win32'].includes(process.platform) ? (process.platform as FakePlatform) : 'linux');
  if (opts.ready) app.fakeReady();
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
};
