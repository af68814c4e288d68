/**
 * The Electron shell adapters, driven through the shared Electron fake (the real binary cannot run
 * here). What they must do is Electron's security checklist.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { APP_ORIGIN } from '../../main/core/shell/security-policy';
import { registerCommandHandlers, senderFrameOf } from '../../main/electron/ipc';
import { guardNavigation, lockDownSession } from '../../main/electron/main-window';
import { COMMAND_NAMES, commandChannel } from '../../main/ipc/contract';
import {
  BrowserWindow,
  contextBridgeWorld,
  type FakeBrowserWindow,
  ipcWorld,
  resetElectronFake,
  session,
  shellWorld,
} from '../support/electron-fake';

beforeEach(() => resetElectronFake({ ready: true }));

function appWindow(): FakeBrowserWindow {
  const window = new BrowserWindow({}) as unknown as FakeBrowserWindow;
  guardNavigation(window as never, APP_ORIGIN);
  return window;
}

describe('main window', () => {
  it('isolates and sandboxes the renderer, with no Node and the preload only, and shows once painted', async () => {
    const { createMainWindow } = await import('../../main/electron/main-window');
    const restore = () => ({ bounds: { width: 900, height: 700 }, maximized: false });
    const window = createMainWindow({
      preloadPath: '/app/out/preload/preload.cjs',
      pageUrl: 'app://renderer/index.html',
      appOrigin: APP_ORIGIN,
      windowState: { restore, track: () => undefined },
    }) as unknown as FakeBrowserWindow;
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(window.options).toMatchObject({ minWidth: 800, minHeight: 600, show: false });
    await vi.waitFor(() => expect(window.isVisible()).toBe(true));
  });
});

describe('navigation guard', () => {
  it('allows navigation inside the app and blocks everything else, in the main frame and on redirects', async () => {
    const { webContents } = appWindow();
    await webContents.loadURL('app://renderer/index.html');
    await webContents.userNavigate('app://renderer/index.html#settings');
    expect(webContents.getURL()).toBe('app://renderer/index.html#settings');
    await webContents.userNavigate('https://evil.example/');
    expect(webContents.getURL()).toBe('app://renderer/index.html#settings');
    const { web } = await import('../support/electron-fake');
    web.answer = (url) => (url.endsWith('/bounce') ? { redirect: 'https://evil.example/' } : { page: true });
    await webContents.userNavigate('app://renderer/bounce');
    expect(webContents.getURL()).toBe('app://renderer/index.html#settings');
  });

  it('refuses to attach a webview', () => {
    const { webContents } = appWindow();
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies every new window and opens only allow-listed links in the system browser', () => {
    const { webContents } = appWindow();
    expect(webContents.windowOpen('https://api.deriv.com/dashboard')).toEqual({ action: 'deny' });
    expect(webContents.windowOpen('https://evil.example/')).toEqual({ action: 'deny' });
    expect(shellWorld.opened).toEqual(['https://api.deriv.com/dashboard']);
  });
});

describe('session lock-down', () => {
  it('denies every permission request and check', () => {
    const ses = session.defaultSession;
    lockDownSession(ses as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      ses.permissionRequestHandler?.({}, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(ses.permissionCheckHandler?.()).toBe(false);
    expect(ses.webRequest.headersReceived).toBeNull();
  });

  it('adds the CSP header to the dev server responses in development', () => {
    const ses = session.defaultSession;
    lockDownSession(ses as never, 'http://localhost:5173');
    let result: { responseHeaders?: Record<string, string[]> } | undefined;
    ses.webRequest.headersReceived?.listener(
      { url: 'http://localhost:5173/', responseHeaders: { a: ['b'] } },
      (r) => (result = r),
    );
    expect(result?.responseHeaders?.['Content-Security-Policy']?.[0]).toContain("default-src 'none'");
    expect(result?.responseHeaders?.a).toEqual(['b']);
  });
});

describe('IPC registration', () => {
  it('registers one handler per allow-listed command and passes the sender frame to the dispatcher', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 1 }));
    const unregister = registerCommandHandlers(dispatch);
    expect([...ipcWorld.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    const frame = { url: 'app://renderer/index.html', parent: null };
    await ipcWorld.handlers.get(commandChannel('switchAccount'))?.({ senderFrame: frame }, { accountId: 'CR1' });
    expect(dispatch).toHaveBeenCalledWith(
      'switchAccount',
      { url: 'app://renderer/index.html', isMainFrame: true },
      { accountId: 'CR1' },
    );
    unregister();
    expect(ipcWorld.handlers.size).toBe(0);
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
    const { ipcRenderer } = await import('../support/electron-fake');
    await import('../../main/preload');
    expect([...contextBridgeWorld.exposed.keys()]).toEqual(['desktop']);
    const api = contextBridgeWorld.exposed.get('desktop') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...COMMAND_NAMES, 'onState'].sort());
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });
});
