/**
 * Stand-in for the `electron` module in every test (aliased in vitest.config.ts): the real module
 * would try to fetch a binary. Adapter tests replace pieces with `vi.mock('electron', …)` or spy on
 * these; anything not modelled here throws loudly instead of pretending to work.
 */
function notAvailable(name: string): never {
  throw new Error(`electron.${name} is not available in tests; mock it in the test that needs it`);
}

export const app = new Proxy({}, { get: (_t, p) => notAvailable(`app.${String(p)}`) });
export const BrowserWindow = function BrowserWindow() {
  notAvailable('BrowserWindow');
};
export const ipcMain = new Proxy({}, { get: (_t, p) => notAvailable(`ipcMain.${String(p)}`) });
export const ipcRenderer = new Proxy({}, { get: (_t, p) => notAvailable(`ipcRenderer.${String(p)}`) });
export const contextBridge = new Proxy({}, { get: (_t, p) => notAvailable(`contextBridge.${String(p)}`) });
export const safeStorage = new Proxy({}, { get: (_t, p) => notAvailable(`safeStorage.${String(p)}`) });
export const session = new Proxy({}, { get: (_t, p) => notAvailable(`session.${String(p)}`) });
export const shell = new Proxy({}, { get: (_t, p) => notAvailable(`shell.${String(p)}`) });
export const protocol = new Proxy({}, { get: (_t, p) => notAvailable(`protocol.${String(p)}`) });
export const net = new Proxy({}, { get: (_t, p) => notAvailable(`net.${String(p)}`) });
export const Menu = new Proxy({}, { get: (_t, p) => notAvailable(`Menu.${String(p)}`) });
export const screen = new Proxy({}, { get: (_t, p) => notAvailable(`screen.${String(p)}`) });
export default {
  app,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  safeStorage,
  session,
  shell,
  protocol,
  net,
  Menu,
  screen,
};
