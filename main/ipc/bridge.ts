/**
 * Builds the `DesktopApi` object from an IPC transport. The preload calls it with `ipcRenderer`;
 * the end-to-end tests call it with a transport over Playwright bindings, so both expose exactly
 * the same object. Only the allow-listed channels are reachable, and listeners never see the IPC
 * event object (it would hand the page `sender`).
 */
import { type AppState, COMMAND_NAMES, commandChannel, type DesktopApi, STATE_CHANNEL } from './contract';

export interface BridgeTransport {
  invoke(channel: string, args?: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
}

export function buildDesktopApi(transport: BridgeTransport): DesktopApi {
  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (args?: unknown) => transport.invoke(commandChannel(name), args)]),
  );
  const onState = (listener: (state: AppState) => void): (() => void) => {
    const forward = (_event: unknown, payload: unknown) => listener(payload as AppState);
    transport.on(STATE_CHANNEL, forward);
    return () => transport.removeListener(STATE_CHANNEL, forward);
  };
  return Object.freeze({ ...commands, onState }) as DesktopApi;
}
