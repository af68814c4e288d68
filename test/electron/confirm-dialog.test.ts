/**
 * The `Confirm` port as a native message box, against the Electron fake (docs/electron-assumptions.md,
 * `dialog.showMessageBox`): modal to the main window, the safe answer first and the default, and
 * only the second button is a yes; dismissing the box (Escape, closing it) is a no.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { confirmWords } from '../../main/core/app/confirmations';
import { createConfirmDialog } from '../../main/electron/confirm-dialog';
import { BrowserWindow, dialogWorld, type FakeBrowserWindow, resetElectronFake } from '../support/electron-fake';

beforeEach(() => resetElectronFake({ ready: true }));

const words = confirmWords('foreign_address', 'fr', ['api.example.net']);

describe('confirmation dialog (main, native)', () => {
  it('asks modally on the main window, in the words given, the safe answer first and by default', async () => {
    const main = new BrowserWindow({}) as unknown as FakeBrowserWindow;
    dialogWorld.answer = () => 1;
    expect(await createConfirmDialog(() => main as never)(words)).toBe(true);
    const [box] = dialogWorld.messageBoxes;
    expect(box!.parent).toBe(main);
    expect(box!.options).toMatchObject({
      message: words.message,
      detail: words.detail,
      title: words.title,
      buttons: [words.no, words.yes],
      defaultId: 0,
      cancelId: 0,
    });
    expect(words.message).toContain('api.example.net');
  });

  it.each([
    ['the safe button', 0 as const],
    ['Escape or closing the box', 'dismiss' as const],
  ])('%s is a no', async (_what, answer) => {
    const main = new BrowserWindow({}) as unknown as FakeBrowserWindow;
    dialogWorld.answer = () => answer;
    expect(await createConfirmDialog(() => main as never)(words)).toBe(false);
    expect(dialogWorld.messageBoxes).toHaveLength(1);
  });

  it('without a main window (closed), still asks, as a box of its own', async () => {
    dialogWorld.answer = () => 1;
    expect(await createConfirmDialog(() => null)(words)).toBe(true);
    expect(dialogWorld.messageBoxes[0]!.parent).toBeNull();
    const closed = new BrowserWindow({}) as unknown as FakeBrowserWindow;
    closed.destroy();
    dialogWorld.answer = () => 0;
    expect(await createConfirmDialog(() => closed as never)(words)).toBe(false);
    expect(dialogWorld.messageBoxes[1]!.parent).toBeNull();
  });
});
