/** Wires the Electron-free dispatcher to ipcMain, one handler per allow-listed command. */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';

import type { SenderFrame } from '../core/shell/security-policy';
import { type AppState, COMMAND_NAMES, commandChannel, STATE_CHANNEL } from '../ipc/contract';
import type { Dispatch } from '../ipc/dispatch';

export function senderFrameOf(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): SenderFrame | null {
  const frame = event.senderFrame;
  if (!frame) return null; // the frame navigated away or was destroyed before we looked
  return { url: frame.url, isMainFrame: frame.parent === null };
}

export function registerCommandHandlers(dispatch: Dispatch): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), (event, args: unknown) => dispatch(name, senderFrameOf(event), args));
  }
  return () => COMMAND_NAMES.forEach((name) => ipcMain.removeHandler(commandChannel(name)));
}

export function sendState(target: WebContents, state: AppState): void {
  if (!target.isDestroyed()) target.send(STATE_CHANNEL, state);
}
