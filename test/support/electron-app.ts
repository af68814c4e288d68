/**
 * The built app (`out/`, `npm run build`) in the real Electron binary, driven by playwright-core's
 * Electron support, for the journeys in test/electron-app/.
 *
 * The binary is found the way `npm start` finds it (scripts/start.mjs resolves `electron`, whose
 * index.js reads `node_modules/electron/path.txt` under `node_modules/electron/dist`, or under
 * ELECTRON_OVERRIDE_DIST_PATH when that is set), but without the download `require('electron')`
 * would start: where there is no binary, the project skips with one sentence, and
 * REQUIRE_ELECTRON=1 (CI on connected hosts) turns that skip into a failure.
 *
 * @see https://playwright.dev/docs/api/class-electron (`_electron.launch`)
 * @see https://playwright.dev/docs/api/class-electronapplication
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { _electron, type ElectronApplication, type Page } from 'playwright-core';

import { ensureMainBuilt } from './main-build';

const repoRoot = join(import.meta.dirname, '../..');
const electronPackage = join(repoRoot, 'node_modules/electron');

/** The executable inside an unpacked Electron, as electron/install.js `getPlatformPath` names it. */
function platformPath(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (process.platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** Where the binary is looked for (whether or not it is there). */
export function electronBinaryPath(): string {
  const pathFile = join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformPath();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronPackage, 'dist');
  return join(dist, relative);
}

export function findElectron(): string | null {
  const binary = electronBinaryPath();
  return existsSync(binary) ? binary : null;
}

function electronVersion(): string {
  return (JSON.parse(readFileSync(join(electronPackage, 'package.json'), 'utf8')) as { version: string }).version;
}

/** What is missing and how to get it, in one sentence. */
export function noElectronMessage(): string {
  return (
    `no Electron binary at ${electronBinaryPath()}: run \`node node_modules/electron/install.js\` (or \`npm start\` once) on a ` +
    `computer with internet access, or set ELECTRON_OVERRIDE_DIST_PATH to the folder of an unpacked Electron ` +
    `${electronVersion()}.`
  );
}

/**
 * Whether the Electron journeys must be skipped here. Throws when they are required
 * (REQUIRE_ELECTRON=1) but cannot run, so CI cannot pass without running them.
 */
export function electronTestsUnavailable(): boolean {
  if (findElectron()) return false;
  if (process.env.REQUIRE_ELECTRON === '1') throw new Error(`REQUIRE_ELECTRON=1 but ${noElectronMessage()}`);
  console.warn(`Electron journeys skipped: ${noElectronMessage()}`);
  return true;
}

/** Builds `out/` (main, preload, renderer) when it is missing or older than its sources. */
export function ensureAppBuilt(): void {
  ensureMainBuilt();
}

export interface LaunchedApp {
  app: ElectronApplication;
  /** The main window (the first window the app opens). */
  window: Page;
  /** Console errors and uncaught exceptions of the main window (a CSP block shows up here). */
  problems: string[];
}

/**
 * Launches the built app on `userDataDir` (DERIV_DESKTOP_USER_DATA_DIR, honoured by an unpackaged
 * app only: main/index.ts) in English, with nothing configured unless `env` says otherwise.
 *
 * - `executablePath` is the binary found above: Playwright otherwise resolves `electron` itself,
 *   which would start a download where there is none. `args` is the app folder, whose package.json
 *   `main` is `out/main/index.js` (the docs' `args: ['main.js']`, as a folder).
 * - `env` replaces `process.env` for the app ("Defaults to `process.env`"): the test's own variables
 *   that would change what the app does are left out (the dev server URL, a default mode, a Node
 *   run mode of the binary).
 * - `--lang` is Chromium's switch that `app.getLocale()` answers from (Electron's
 *   command-line-switches docs), so the screens are English on any runner.
 * - Playwright drives the app through `--inspect` and `--remote-debugging-port`; the packaged app's
 *   fuses turn the former off, which is why the journeys run the unpackaged build (the class-electron
 *   page's "Known issues": `nodeCliInspect` must not be false).
 */
export async function launchApp(userDataDir: string, env: Record<string, string> = {}): Promise<LaunchedApp> {
  const executablePath = findElectron();
  if (!executablePath) throw new Error(`Cannot launch the app: ${noElectronMessage()}`);
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        !['ELECTRON_RENDERER_URL', 'DERIV_DESKTOP_DEFAULT_MODE', 'ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS'].includes(
          entry[0],
        ),
    ),
  );
  const app = await _electron.launch({
    executablePath,
    args: [repoRoot, '--lang=en-US'],
    cwd: repoRoot,
    env: { ...base, DERIV_DESKTOP_USER_DATA_DIR: userDataDir, ...env },
    timeout: 60_000,
  });
  try {
    // "Get the first window that the app opens, wait if necessary" (electronApplication.firstWindow).
    const window = await app.firstWindow();
    window.setDefaultTimeout(20_000);
    const problems: string[] = [];
    window.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    window.on('pageerror', (e) => problems.push(e.message));
    await window.getByRole('banner').waitFor();
    return { app, window, problems };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
