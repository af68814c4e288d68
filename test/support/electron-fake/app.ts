/**
 * `app`, `protocol`, `ipcMain`, `dialog`, `Menu`, `screen`, `shell` and the preload-side modules,
 * with the rules Electron enforces (see docs/electron-assumptions.md for the sources):
 * - `protocol.registerSchemesAsPrivileged` throws once the app is ready;
 * - sessions, protocol handlers and windows cannot be had before `ready`;
 * - `ipcMain.handle` throws for a channel that already has a handler;
 * - `app.quit()` emits `before-quit` (cancellable), closes the windows, then `will-quit` and `quit`;
 * - `dialog.showMessageBox` answers with the button clicked, or `cancelId` when dismissed;
 * - `app.setAsDefaultProtocolClient(scheme)` records the scheme (docs/api/app.md: the whole link is
 *   then passed to the app as an argument: a second instance's `argv` on Windows and Linux, which
 *   the running instance gets in `second-instance`, after `ready`; `open-url` on macOS only, which
 *   may come before `ready` when the link launched the app: `fakeOpenUrl` emits it whenever told).
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { electronEvent, world } from './events';
import { FakeBrowserWindow, windows } from './window';

export const appWorld = {
  ready: false,
  /** Another instance already holds the single-instance lock. */
  lockHeldElsewhere: false,
  userData: '',
  locale: 'en-US',
  quitRequested: 0,
  exited: false,
  /** Schemes `setAsDefaultProtocolClient` registered this executable for, with its path and args. */
  protocolClients: [] as { scheme: string; path: string | undefined; args: string[] | undefined }[],
  displays: [
    { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
  ],
};

let readyWaiters: Array<() => void> = [];

export function assertReady(what: string): void {
  if (!appWorld.ready) throw new Error(`${what} can only be used after the app is ready`);
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  whenReady(): Promise<void> {
    return appWorld.ready ? Promise.resolve() : new Promise((resolve) => readyWaiters.push(resolve));
  }
  isReady(): boolean {
    return appWorld.ready;
  }
  requestSingleInstanceLock(): boolean {
    return !appWorld.lockHeldElsewhere;
  }
  getPath(name: string): string {
    if (!appWorld.userData) appWorld.userData = mkdtempSync(join(tmpdir(), 'electron-fake-userdata-'));
    return name === 'userData' ? appWorld.userData : join(appWorld.userData, `..${name}`);
  }
  /** Electron throws for a folder that does not exist (electron.d.ts `App.setPath`); only userData is faked. */
  setPath(name: string, path: string): void {
    if (name !== 'userData') throw new Error(`the Electron fake only overrides userData, not ${name}`);
    if (!existsSync(path)) throw new Error(`Failed to set path: ${path} does not exist`);
    if (appWorld.ready) throw new Error('userData must be set before the app is ready');
    appWorld.userData = path;
  }
  getLocale(): string {
    return appWorld.locale;
  }
  getVersion(): string {
    return '0.1.0';
  }
  getName(): string {
    return 'Deriv Desktop Login';
  }
  getAppPath(): string {
    return process.cwd();
  }
  quit(): void {
    appWorld.quitRequested += 1;
    const beforeQuit = electronEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    for (const win of [...windows]) {
      if (win.isDestroyed()) continue;
      win.close();
      if (!win.isDestroyed()) return; // a window refused to close: the quit is aborted
    }
    const willQuit = electronEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    appWorld.exited = true;
    this.emit('quit', electronEvent(), 0);
  }
  exit(): void {
    appWorld.exited = true;
  }
  /** electron.d.ts `App.setAsDefaultProtocolClient(protocol, path?, args?)`: the scheme without `://`; true on success. */
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    if (protocol.includes(':')) return false;
    appWorld.protocolClients.push({ scheme: protocol, path, args });
    return true;
  }
  isDefaultProtocolClient(protocol: string): boolean {
    return appWorld.protocolClients.some((c) => c.scheme === protocol);
  }

  // --- control, not Electron API ---
  /** Electron finished initialising: `will-finish-launching`, then `ready`, then `whenReady()` resolves. */
  fakeReady(): void {
    if (appWorld.ready) return;
    this.emit('will-finish-launching');
    appWorld.ready = true;
    this.emit('ready', electronEvent(), {});
    const waiters = readyWaiters;
    readyWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
  /**
   * A TLS server asks `webContents`' page for a client certificate, and the platform store holds
   * `certificates`. As shell/browser/api/electron_api_app.cc `App::SelectClientCertificate` does:
   * `select-client-certificate` (event, webContents, url, certificateList, callback) on `app`, which
   * lib/browser/api/app.ts routes to the webContents first (event, url, certificateList, callback);
   * if no listener prevented it, the FIRST certificate of the store is used, silently. When prevented,
   * what the callback got is used: nothing (no argument, null or undefined) continues without one
   * (`OnClientCertificateSelected`); `chosen` stays `undefined` until the callback is called.
   */
  fakeSelectClientCertificate(
    webContents: EventEmitter,
    url: string,
    certificates: FakeCertificate[],
  ): { prevented: boolean; chosen: FakeCertificate | null | undefined } {
    const outcome: { prevented: boolean; chosen: FakeCertificate | null | undefined } = {
      prevented: false,
      chosen: undefined,
    };
    const callback = (certificate?: FakeCertificate | null) => {
      outcome.chosen = certificate ?? null;
    };
    const event = electronEvent();
    webContents.emit('select-client-certificate', event, url, certificates, callback);
    this.emit('select-client-certificate', event, webContents, url, certificates, callback);
    outcome.prevented = event.defaultPrevented;
    if (!outcome.prevented && certificates.length > 0) outcome.chosen = certificates[0]!;
    return outcome;
  }
  /**
   * Another instance was started: the primary gets `second-instance` (event, argv, workingDirectory,
   * additionalData). Electron emits it only after `ready` ("guaranteed to be emitted after the
   * ready event"); the fake refuses to pretend otherwise.
   */
  fakeSecondInstance(argv: string[] = [], cwd = '/'): void {
    if (!appWorld.ready) throw new Error('second-instance is only emitted after ready (docs/api/app.md)');
    this.emit('second-instance', electronEvent(), argv, cwd, {});
  }
  /**
   * macOS hands the app a link in a scheme it handles: `open-url` (event, url), before `ready` too
   * when the link launched the app. Never on Windows or Linux (they start a second instance).
   * Returns the event (an adapter that handles the link prevents its default).
   */
  fakeOpenUrl(url: string): { defaultPrevented: boolean } {
    if (world.platform !== 'darwin') throw new Error('open-url is emitted on macOS only (docs/api/app.md)');
    const event = electronEvent();
    this.emit('open-url', event, url);
    return event;
  }
}

/** The fields of docs/api/structures/certificate.md a test needs to tell certificates apart. */
export interface FakeCertificate {
  data: string;
  subjectName: string;
  issuerName: string;
  fingerprint: string;
}

export const app = new FakeApp();

export const protocolWorld = {
  privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (appWorld.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    protocolWorld.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    assertReady('protocol.handle');
    if (protocolWorld.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    protocolWorld.handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    protocolWorld.handlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return protocolWorld.handlers.has(scheme);
  },
};

/**
 * A request for `url` as Chromium hands it to a `protocol.handle` handler: a scheme registered as
 * `standard` is canonicalised like http (host lowercased, dot segments resolved, default port
 * dropped) before the handler sees it (docs/api/protocol.md "protocol.registerSchemesAsPrivileged").
 */
export function fakeProtocolRequest(url: string): Promise<Response> {
  const scheme = url.slice(0, url.indexOf(':'));
  const handler = protocolWorld.handlers.get(scheme);
  if (!handler) throw new Error(`no handler for ${scheme}:`);
  const standard = protocolWorld.privileged.some((s) => s.scheme === scheme && s.privileges?.standard);
  let canonical = url;
  if (standard) {
    const asHttp = new URL(`http${url.slice(scheme.length)}`);
    canonical = `${scheme}${asHttp.href.slice('http'.length)}`;
  }
  return Promise.resolve(handler(new Request(canonical)));
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;
export const ipcWorld = { handlers: new Map<string, Handler>(), listeners: new EventEmitter() };

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (ipcWorld.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcWorld.handlers.set(channel, handler);
  },
  handleOnce(channel: string, handler: Handler): void {
    ipcMain.handle(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcWorld.handlers.delete(channel);
  },
  on(channel: string, listener: (...args: unknown[]) => void) {
    ipcWorld.listeners.on(channel, listener);
    return ipcMain;
  },
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    ipcWorld.listeners.removeListener(channel, listener);
    return ipcMain;
  },
};

export const shellWorld = { opened: [] as string[] };
export const shell = {
  async openExternal(url: string): Promise<void> {
    shellWorld.opened.push(url);
  },
  async openPath(): Promise<string> {
    return '';
  },
};

/** A message box as the OS would show it: its options and the window it is modal to (null: none). */
export interface FakeMessageBox {
  parent: FakeBrowserWindow | null;
  options: { message: string; buttons?: string[]; defaultId?: number; cancelId?: number } & Record<string, unknown>;
}

export const dialogWorld = {
  errorBoxes: [] as Array<{ title: string; content: string }>,
  messageBoxes: [] as FakeMessageBox[],
  /**
   * What the user does with a message box: the index of the button clicked, or `'dismiss'` (Escape,
   * or the box closed), which Electron reports as `cancelId`. Default: dismissed.
   */
  answer: (_box: FakeMessageBox): number | 'dismiss' => 'dismiss',
};

/**
 * `showMessageBox([window,] options)` resolves `{ response, checkboxChecked }`: the index of the
 * button clicked; Escape or closing gives `cancelId`, which defaults to the first button labelled
 * "cancel" or "no", else 0 (electron.d.ts `MessageBoxOptions.cancelId`). Only after `ready`.
 */
function showMessageBox(
  windowOrOptions: FakeBrowserWindow | FakeMessageBox['options'],
  maybeOptions?: FakeMessageBox['options'],
): Promise<{ response: number; checkboxChecked: boolean }> {
  assertReady('dialog.showMessageBox');
  const parent = windowOrOptions instanceof FakeBrowserWindow ? windowOrOptions : null;
  const options = (parent ? maybeOptions : windowOrOptions) as FakeMessageBox['options'];
  if (parent?.isDestroyed()) throw new TypeError('Object has been destroyed');
  const box = { parent, options };
  dialogWorld.messageBoxes.push(box);
  const answer = dialogWorld.answer(box);
  const buttons = options.buttons ?? [];
  const labelled = buttons.findIndex((b) => /^(cancel|no)$/i.test(b.trim()));
  const cancelId = options.cancelId ?? (labelled >= 0 ? labelled : 0);
  return Promise.resolve({ response: answer === 'dismiss' ? cancelId : answer, checkboxChecked: false });
}

export const dialog = {
  showErrorBox(title: string, content: string): void {
    dialogWorld.errorBoxes.push({ title, content });
  },
  showMessageBox,
};

export const menuWorld = { application: null as { template: unknown[] } | null };
export const Menu = {
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] } | null): void {
    menuWorld.application = menu;
  },
  getApplicationMenu(): { template: unknown[] } | null {
    return menuWorld.application;
  },
};

export const screen = {
  getAllDisplays() {
    assertReady('screen');
    return appWorld.displays;
  },
  getPrimaryDisplay() {
    assertReady('screen');
    return appWorld.displays[0];
  },
};

export const contextBridgeWorld = { exposed: new Map<string, unknown>() };
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridgeWorld.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoke: async (): Promise<unknown> => {
    throw new Error('ipcRenderer.invoke has no main process in tests; drive the bridge with its own fake');
  },
  on: () => ipcRenderer,
  removeListener: () => ipcRenderer,
};

export function resetAppWorld(): void {
  app.removeAllListeners();
  Object.assign(appWorld, {
    ready: false,
    lockHeldElsewhere: false,
    userData: '',
    locale: 'en-US',
    quitRequested: 0,
    exited: false,
    protocolClients: [],
  });
  readyWaiters = [];
  protocolWorld.privileged.length = 0;
  protocolWorld.handlers.clear();
  ipcWorld.handlers.clear();
  ipcWorld.listeners.removeAllListeners();
  shellWorld.opened.length = 0;
  dialogWorld.errorBoxes.length = 0;
  dialogWorld.messageBoxes.length = 0;
  dialogWorld.answer = () => 'dismiss';
  menuWorld.application = null;
  contextBridgeWorld.exposed.clear();
}

export { FakeBrowserWindow };
