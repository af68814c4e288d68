/**
 * The Electron shell adapters, driven through a recording fake of the `electron` module (the real
 * binary cannot run here). What they must do is Electron's security checklist.
 */
import { EventEmitter } from 'node:events';

import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  return {
    handlers,
    openExternal: vi.fn(async () => undefined),
    exposeInMainWorld: vi.fn(),
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true })), on: vi.fn(), removeListener: vi.fn() },
  };
});

vi.mock('electron', () => ({
  shell: { openExternal: fake.openExternal },
  ipcMain: {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => fake.handlers.set(channel, fn),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  contextBridge: { exposeInMainWorld: fake.exposeInMainWorld },
  ipcRenderer: fake.ipcRenderer,
  BrowserWindow: class {},
}));

const { mainWindowOptions } = await import('../../main/electron/window-options');
const { guardNavigation, lockDownSession } = await import('../../main/electron/main-window');
const { registerCommandHandlers, senderFrameOf } = await import('../../main/electron/ipc');
const { COMMAND_NAMES, commandChannel } = await import('../../main/ipc/contract');
const { APP_ORIGIN } = await import('../../main/core/shell/security-policy');

class FakeWebContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

function navigationEvent() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

beforeEach(() => {
  fake.handlers.clear();
  vi.clearAllMocks();
});

describe('main window options', () => {
  it('isolates and sandboxes the renderer, with no Node and the preload only', () => {
    const options = mainWindowOptions({
      preloadPath: '/app/out/preload/preload.cjs',
      bounds: { width: 900, height: 700 },
    });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(options.minWidth).toBe(800);
    expect(options.minHeight).toBe(600);
    expect(options.show).toBe(false);
  });
});

describe('navigation guard', () => {
  it('allows navigation inside the app and blocks everything else', () => {
    const webContents = new FakeWebContents();
    guardNavigation({ webContents } as never, APP_ORIGIN);
    const inside = navigationEvent();
    webContents.emit('will-navigate', inside, 'app://renderer/index.html');
    const outside = navigationEvent();
    webContents.emit('will-navigate', outside, 'https://evil.example/');
    const redirect = navigationEvent();
    webContents.emit('will-redirect', redirect, 'https://evil.example/');
    const webview = navigationEvent();
    webContents.emit('will-attach-webview', webview);
    expect([
      inside.defaultPrevented,
      outside.defaultPrevented,
      redirect.defaultPrevented,
      webview.defaultPrevented,
    ]).toEqual([false, true, true, true]);
  });

  it('denies every new window and opens only allow-listed links in the system browser', () => {
    const webContents = new FakeWebContents();
    guardNavigation({ webContents } as never, APP_ORIGIN);
    expect(webContents.openHandler?.({ url: 'https://api.deriv.com/dashboard' })).toEqual({ action: 'deny' });
    expect(webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(fake.openExternal).toHaveBeenCalledTimes(1);
    expect(fake.openExternal).toHaveBeenCalledWith('https://api.deriv.com/dashboard');
  });
});

describe('session lock-down', () => {
  it('denies every permission request and check', () => {
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    const onHeadersReceived = vi.fn();
    lockDownSession({
      setPermissionRequestHandler: (fn: typeof request) => (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      webRequest: { onHeadersReceived },
    } as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      request?.({}, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(check?.()).toBe(false);
    expect(onHeadersReceived).not.toHaveBeenCalled();
  });

  it('adds the CSP header to the dev server responses in development', () => {
    let listener: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
    lockDownSession(
      {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: (_filter: unknown, fn: typeof listener) => (listener = fn) },
      } as never,
      'http://localhost:5173',
    );
    let result: { responseHeaders: Record<string, string[]> } | undefined;
    listener?.({ responseHeaders: { a: ['b'] } }, (r) => (result = r as typeof result));
    expect(result?.responseHeaders['Content-Security-Policy']?.[0]).toContain("default-src 'none'");
    expect(result?.responseHeaders.a).toEqual(['b']);
  });
});

describe('IPC registration', () => {
  it('registers one handler per allow-listed command and passes the sender frame to the dispatcher', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 1 }));
    const unregister = registerCommandHandlers(dispatch);
    expect([...fake.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    const frame = { url: 'app://renderer/index.html', parent: null };
    await fake.handlers.get(commandChannel('switchAccount'))?.({ senderFrame: frame }, { loginid: 'CR1' });
    expect(dispatch).toHaveBeenCalledWith(
      'switchAccount',
      { url: 'app://renderer/index.html', isMainFrame: true },
      { loginid: 'CR1' },
    );
    unregister();
    expect(fake.handlers.size).toBe(0);
  });

  it('reports iframes and destroyed frames as such', () => {
    expect(senderFrameOf({ senderFrame: { url: 'app://renderer/', parent: {} } } as never)).toEqual({
      url: 'app://renderer/',
      isMainFrame: false,
    });
    expect(senderFrameOf({ senderFrame: null } as never)).toBeNull();
  });
});

describe('preload', () => {
  it('exposes only the DesktopApi object as window.desktop, never ipcRenderer', async () => {
    await import('../../main/preload');
    expect(fake.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = fake.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('desktop');
    expect(Object.keys(api).sort()).toEqual([...COMMAND_NAMES, 'onState'].sort());
    expect(Object.values(api)).not.toContain(fake.ipcRenderer);
  });
});
