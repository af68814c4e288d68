/**
 * Main process wiring: the secure shell (single instance, app:// protocol, locked-down session
 * and window, menu, window state), the app controller with its real adapters, and IPC.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { app, BrowserWindow, dialog, session, shell } from 'electron';

import { AppController } from './core/app/controller';
import { endpointOverridesFrom } from './core/app/environment';
import { revokeLegacyTokens, runCurrentLogin, runLogin, SchemeCallbacks } from './core/auth/login';
import { backendFactory } from './core/backend/create-backend';
import { DEFAULT_CURRENT_ENDPOINT } from './core/current-api/endpoints';
import { GrantRevocation } from './core/current-api/revocation';
import { DEFAULT_ENDPOINT } from './core/legacy-api/endpoints';
import { APP_ORIGIN, appOrigin } from './core/shell/security-policy';
import { Vault } from './core/vault/vault';
import { startDemoSandbox } from './demo';
import { registerAppScheme, serveRenderer } from './electron/app-protocol';
import { type AppSchemeLinks, listenForAppScheme } from './electron/app-scheme';
import { ElectronAuthWindow } from './electron/auth-window';
import { createConfirmDialog } from './electron/confirm-dialog';
import { openAccountsStore } from './electron/electron-store';
import { registerCommandHandlers, sendState } from './electron/ipc';
import { createMainWindow, lockDownSession } from './electron/main-window';
import { installMenu } from './electron/menu';
import { createElectronOsSignals } from './electron/os-signals';
import { createSafeStorageCipher } from './electron/safe-storage-cipher';
import { electronSystemBrowser } from './electron/system-browser';
import { createWindowStateStore } from './electron/window-state';
import { createDispatcher } from './ipc/dispatch';
import { createConsoleLogger } from './logger';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const isDev = !app.isPackaged && Boolean(devServerUrl);
const origin = isDev ? appOrigin(devServerUrl) : APP_ORIGIN;
const log = createConsoleLogger('main', isDev);

// The journeys in real Electron (test/electron-app/) run the built app on a fresh folder each time.
// An unpackaged app only: an installed app never moves its accounts store on an environment
// variable. Before the single-instance lock, which Chromium keeps in the user-data folder, and
// before `ready`, after which the sessions' data is already placed (electron.d.ts `App.setPath`).
const userDataDir = process.env.DERIV_DESKTOP_USER_DATA_DIR;
if (userDataDir && !app.isPackaged) {
  const dir = resolve(userDataDir);
  mkdirSync(dir, { recursive: true });
  app.setPath('userData', dir);
}

// Must happen before `ready`: app:// gets the privileges of a secure, standard origin.
registerAppScheme();

let mainWindow: BrowserWindow | null = null;

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({
      preloadPath: join(import.meta.dirname, '../preload/preload.cjs'),
      pageUrl: isDev && devServerUrl ? devServerUrl : `${APP_ORIGIN}/index.html`,
      appOrigin: origin,
      ...(isDev && devServerUrl ? { devServerOrigin: origin } : {}),
      windowState: createWindowStateStore(),
    });
    mainWindow.on('closed', () => (mainWindow = null));
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(links: AppSchemeLinks): Promise<void> {
  installMenu(isDev);
  lockDownSession(session.defaultSession, isDev ? origin : undefined);
  if (!isDev) serveRenderer(join(import.meta.dirname, '../renderer'));

  const vaultLog = createConsoleLogger('vault');
  const opened = openAccountsStore({ logger: vaultLog });
  const vault = await Vault.open({
    store: opened.store,
    cipher: await createSafeStorageCipher(),
    notices: opened.notices,
    logger: vaultLog,
  });
  const authWindow = new ElectronAuthWindow({ parent: () => mainWindow });
  // One pending sign-in in the browser takes one matching link in the app's scheme; others are dropped.
  const schemeCallbacks = new SchemeCallbacks();
  links.deliverTo((url) => void schemeCallbacks.deliver(url));
  const inBrowserWith = { browser: electronSystemBrowser, callbacks: schemeCallbacks };
  const sessionLog = createConsoleLogger('deriv', isDev);
  const defaultMode = process.env.DERIV_DESKTOP_DEFAULT_MODE === 'demo' ? 'demo' : 'unconfigured';
  const fromEnv = endpointOverridesFrom(process.env);
  if (fromEnv.refused.length > 0)
    log.warn('ignored environment settings that break the address rules', { names: fromEnv.refused });

  const controller = new AppController({
    vault,
    productionDefaults: {
      appId: fromEnv.appId ?? DEFAULT_ENDPOINT.appId,
      wsUrl: DEFAULT_ENDPOINT.wsUrl,
      oauthUrl: DEFAULT_ENDPOINT.oauthUrl,
      issuer: DEFAULT_ENDPOINT.issuer,
      redirectUrl: fromEnv.redirectUrl ?? '',
      flow: 'legacy',
      // A new install speaks Deriv's current API; an existing one keeps its stored choice.
      ...DEFAULT_CURRENT_ENDPOINT,
      language: app.getLocale().startsWith('fr') ? 'fr' : 'en',
    },
    defaultMode,
    osSignals: createElectronOsSignals(),
    createBackend: backendFactory({ logger: sessionLog }),
    runLogin: ({ settings, signal, inBrowser }) =>
      runLogin({ settings, window: authWindow, signal, ...(inBrowser ? inBrowserWith : {}) }),
    runCurrentLogin: ({ settings, signal, login, inBrowser }) =>
      runCurrentLogin({
        settings,
        window: authWindow,
        signal,
        login,
        ...(inBrowser ? inBrowserWith : {}),
      }),
    revokeOidc: (accessToken, issuer) => revokeLegacyTokens({ issuer, accessToken }),
    revokeCurrent: new GrantRevocation({ logger: createConsoleLogger('revocation') }),
    startDemo: startDemoSandbox,
    logger: createConsoleLogger('login'),
    // What only the user may allow (addresses outside Deriv, tokens unencrypted): a native dialog.
    confirm: createConfirmDialog(() => mainWindow),
    shell: {
      openExternal: (url) => shell.openExternal(url),
      clearLoginData: () => authWindow.clearAll(),
    },
  });

  registerCommandHandlers(
    createDispatcher({
      handlers: controller.handlers(),
      appOrigin: origin,
      onRejected: (name, error, detail) => log.warn('command rejected', { name, code: error.code, detail }),
    }),
  );
  controller.onState((state) => mainWindow && sendState(mainWindow.webContents, state));
  await controller.init();
  showMainWindow();

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open reopens it.
    if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void controller.shutdown().finally(() => app.quit());
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the store and the session: hand over to it.
  app.quit();
} else {
  // macOS may send `open-url` before `ready` (the app launched for the link): listened for now.
  const links = listenForAppScheme({ onOpenUrl: () => mainWindow && showMainWindow() });
  // Windows and Linux start the app again with the link in its arguments (after `ready`).
  app.on('second-instance', (_event, argv) => {
    links.fromArgv(argv);
    showMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(() => start(links))
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log.error('start failed', { error: message });
      dialog.showErrorBox(
        'Deriv Desktop Login could not start',
        `${message}\n\nPlease report this problem; your saved accounts were not changed.`,
      );
      app.quit();
    });
}
