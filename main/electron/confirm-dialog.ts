/**
 * The core's `Confirm` port as a native message box (`dialog.showMessageBox`), modal to the main
 * window: drawn by the OS, outside the renderer, so a script in the page can neither answer it nor
 * draw over it. The core chooses the words (in the app's language); the safe answer is the first
 * button, the default, and what Escape or closing the box means (docs/electron-assumptions.md).
 */
import { type BrowserWindow, dialog } from 'electron';

import type { Confirm } from '../core/app/confirmations';

export function createConfirmDialog(parent: () => BrowserWindow | null): Confirm {
  return async (words) => {
    const window = parent();
    const options = {
      type: 'warning' as const,
      title: words.title,
      message: words.message,
      detail: words.detail,
      buttons: [words.no, words.yes],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const { response } =
      window && !window.isDestroyed()
        ? await dialog.showMessageBox(window, options)
        : await dialog.showMessageBox(options);
    return response === 1;
  };
}
