/**
 * Boots the BUILT app (`out/main/index.js`, the composition root `main/index.ts` as it ships) in Node,
 * with the Electron fake in place of `electron`, and drives its lifecycle the way Electron would:
 * module load before `ready`, `ready`, a second instance, quit, and a failure at start.
 */
import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { COMMAND_NAMES, commandChannel } from '../../main/ipc/contract';
import type * as ElectronFake from '../support/electron-fake';
import { ensureMainBuilt } from '../support/main-build';

type Fake = typeof ElectronFake;
let built = '';

beforeAll(() => {
  built = ensureMainBuilt();
}, 120_000);

let fake: Fake | null = null;
afterEach(async () => {
  // Let a running app shut down (demo sandbox closed) before the next boot.
  if (fake && !fake.appWorld.exited && fake.appWorld.ready) {
    fake.app.quit();
    await vi.waitFor(() => expect(fake!.appWorld.exited).toBe(true), { timeout: 10_000 });
  }
  if (fake?.appWorld.userData) rmSync(fake.appWorld.userData, { recursive: true, force: true });
  fake = null;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** A fresh Electron and a fresh load of the built main module, as at process start. */
async function boot(before: (f: Fake) => void = () => undefined): Promise<Fake> {
  vi.resetModules();
  fake = await import('../support/electron-fake');
  fake.resetElectronFake({ platform: 'linux' });
  before(fake);
  await import(/* @vite-ignore */ built);
  return fake;
}

async function mainWindowOf(f: Fake) {
  await vi.waitFor(() => expect(f.windows.length).toBe(1), { timeout: 15_000 });
  return f.windows[0]!;
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const APP_FRAME = { senderFrame: { url: 'app://renderer/index.html', parent: null } };

describe('the built app under the Electron fake', () => {
  it('registers app:// before ready, then on ready builds the shell, the vault, the controller, IPC and a secure window', async () => {
    const f = await boot();
    // Module load, before `ready`: the privileged scheme only; nothing that needs a ready app.
    expect(f.appWorld.ready).toBe(false);
    expect(f.protocolWorld.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(f.windows).toHaveLength(0);
    expect(f.ipcWorld.handlers.size).toBe(0);

    f.app.fakeReady();
    const window = await mainWindowOf(f);
    expect(f.menuWorld.application?.template.length).toBeGreaterThan(0);
    const ses = f.session.defaultSession;
    expect(ses.permissionCheckHandler?.()).toBe(false);
    expect(f.protocolWorld.handlers.has('app')).toBe(true);
    expect([...f.ipcWorld.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());

    const prefs = window.options.webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(prefs.preload).toMatch(/out[\\/]preload[\\/]preload\.cjs$/);

    // The page it loads is served by the app:// handler from out/renderer, with the CSP.
    expect(window.webContents.getURL()).toBe('app://renderer/index.html');
    const page = await f.fakeProtocolRequest('app://renderer/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(window.isVisible()).toBe(true);

    // The vault was opened and the controller initialised: a command from the app's frame answers
    // with the state, and the state is pushed to the window.
    const answer = (await f.ipcWorld.handlers.get(commandChannel('getState'))!(APP_FRAME, undefined)) as {
      ok: boolean;
      value: { mode: string };
    };
    expect(answer.ok).toBe(true);
    expect(answer.value.mode).toBe('unconfigured');
    const foreign = (await f.ipcWorld.handlers.get(commandChannel('getState'))!(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      undefined,
    )) as { ok: boolean };
    expect(foreign.ok).toBe(false);
  });

  it('a second instance brings the existing window back instead of opening another', async () => {
    const f = await boot();
    f.app.fakeReady();
    const window = await mainWindowOf(f);
    window.minimize();
    const focusedBefore = window.focused;
    f.app.fakeSecondInstance(['deriv-desktop-login'], '/');
    expect(window.isMinimized()).toBe(false);
    expect(window.focused).toBe(focusedBefore + 1);
    expect(f.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('the app’s own scheme: registered when packaged; a link by open-url before ready (macOS) and one in a second instance’s argv are taken quietly: no window of their own, nothing logged', async () => {
    const printed: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    }
    const link = 'com.derivdesktop.login:/callback?code=secret-code-0001&state=s';
    const f = await boot((g) => (g.app.isPackaged = true));
    expect(f.appWorld.protocolClients.map((c) => c.scheme)).toEqual(['com.derivdesktop.login']);
    // The link launched the app: macOS says so before `ready`. (Only for that event: the built app
    // reads process.platform elsewhere, which is this computer's.)
    f.world.platform = 'darwin';
    expect(f.app.fakeOpenUrl(link).defaultPrevented).toBe(true);
    f.world.platform = 'linux';
    f.app.fakeReady();
    const window = await mainWindowOf(f);
    window.minimize();
    f.app.fakeSecondInstance(['/Applications/Deriv Desktop Login.app/Contents/MacOS/x', link], '/');
    expect(window.isMinimized()).toBe(false);
    expect(f.BrowserWindow.getAllWindows()).toHaveLength(1);
    expect(f.shellWorld.opened).toEqual([]);
    expect(printed.filter((line) => line.includes('secret-code-0001'))).toEqual([]);
  });

  it('when another instance holds the lock, it quits without building anything', async () => {
    const f = await boot((g) => (g.appWorld.lockHeldElsewhere = true));
    expect(f.appWorld.quitRequested).toBe(1);
    f.app.fakeReady();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(f.windows).toHaveLength(0);
    expect(f.ipcWorld.handlers.size).toBe(0);
  });

  it('before-quit shuts the controller down (the demo server closes) before the app quits', async () => {
    vi.stubEnv('DERIV_DESKTOP_DEFAULT_MODE', 'demo');
    const f = await boot();
    f.app.fakeReady();
    const window = await mainWindowOf(f);
    const answer = (await f.ipcWorld.handlers.get(commandChannel('getState'))!(APP_FRAME, undefined)) as {
      value: { mode: string; settingsByApi: { legacy: { wsUrl: string } } };
    };
    expect(answer.value.mode).toBe('demo');
    const state = answer.value;
    const port = Number(new URL(state.settingsByApi.legacy.wsUrl).port);
    expect(await portAcceptsConnections(port)).toBe(true);

    let openAtQuit: Promise<boolean> | null = null;
    f.app.on('will-quit', () => (openAtQuit = portAcceptsConnections(port)));
    f.app.quit();
    // The first quit is held back while the controller shuts down; the windows are still there.
    expect(f.appWorld.exited).toBe(false);
    expect(window.isDestroyed()).toBe(false);
    await vi.waitFor(() => expect(f.appWorld.exited).toBe(true), { timeout: 10_000 });
    expect(window.isDestroyed()).toBe(true);
    expect(await openAtQuit!).toBe(false);
  });

  it('DERIV_DESKTOP_USER_DATA_DIR puts an unpackaged app’s store in that folder; a packaged app ignores it', async () => {
    const dir = join(tmpdir(), `boot-user-data-${process.pid}-${Date.now()}`);
    try {
      vi.stubEnv('DERIV_DESKTOP_USER_DATA_DIR', dir);
      const f = await boot();
      expect(f.appWorld.userData).toBe(dir);
      f.app.fakeReady();
      await mainWindowOf(f);
      // A choice the vault saves lands in that folder's accounts.json.
      const chosen = (await f.ipcWorld.handlers.get(commandChannel('chooseMode'))!(APP_FRAME, { mode: 'demo' })) as {
        ok: boolean;
      };
      expect(chosen.ok).toBe(true);
      expect(existsSync(join(dir, 'accounts.json'))).toBe(true);

      const packaged = join(tmpdir(), `boot-user-data-packaged-${process.pid}-${Date.now()}`);
      vi.stubEnv('DERIV_DESKTOP_USER_DATA_DIR', packaged);
      f.app.quit();
      await vi.waitFor(() => expect(f.appWorld.exited).toBe(true), { timeout: 10_000 });
      const g = await boot((h) => (h.app.isPackaged = true));
      expect(g.appWorld.userData).not.toBe(packaged);
      expect(existsSync(packaged)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failure at start shows the error box and quits', async () => {
    const f = await boot((g) => {
      vi.spyOn(g.Menu, 'buildFromTemplate').mockImplementation(() => {
        throw new Error('the menu could not be built');
      });
    });
    f.app.fakeReady();
    await vi.waitFor(() => expect(f.appWorld.exited).toBe(true), { timeout: 10_000 });
    expect(f.dialogWorld.errorBoxes).toHaveLength(1);
    expect(f.dialogWorld.errorBoxes[0]!.title).toBe('Deriv Desktop Login could not start');
    expect(f.dialogWorld.errorBoxes[0]!.content).toContain('the menu could not be built');
    expect(f.windows).toHaveLength(0);
  });
});
