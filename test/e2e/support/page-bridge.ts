/**
 * Browser entry bundled into the journeys' page (an init script, so it runs before the app):
 * `window.desktop` is built by the very `buildDesktopApi` the preload uses, over a transport whose
 * `invoke` is a Playwright binding to node and whose state channel is fed by node. The page cannot
 * tell it from the preload's object.
 */
import { type BridgeTransport, buildDesktopApi } from '../../../main/ipc/bridge';

type Listener = (event: unknown, payload: unknown) => void;

interface BridgeWindow {
  __desktopInvoke(channel: string, args: unknown): Promise<unknown>;
  __desktopPush?: (channel: string, payload: unknown) => void;
  desktop?: unknown;
}

const w = window as unknown as BridgeWindow;
const listeners = new Map<string, Set<Listener>>();

const transport: BridgeTransport = {
  invoke: (channel, args) => w.__desktopInvoke(channel, args),
  on: (channel, listener) => {
    const set = listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(channel, set);
  },
  removeListener: (channel, listener) => void listeners.get(channel)?.delete(listener),
};

// Like Electron's listeners, a push carries an event object the bridge drops; here it is empty.
w.__desktopPush = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener({}, payload);
};

// Only the top frame gets the API, as the preload does (contextBridge in the main world).
if (window.top === window) {
  Object.defineProperty(window, 'desktop', { value: buildDesktopApi(transport), writable: false, configurable: false });
}
