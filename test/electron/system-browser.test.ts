/**
 * The SystemBrowser adapter (a sign-in in the trader's browser) against the Electron fake: the
 * authorization URL goes to `shell.openExternal` as it is, and what that promise does (settles once
 * the OS took the URL; rejects when nothing could) is what the core sees. docs/electron-assumptions.md.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { electronSystemBrowser } from '../../main/electron/system-browser';
import { resetElectronFake, shell, shellWorld } from '../support/electron-fake';

beforeEach(() => resetElectronFake({ ready: true }));

describe('electronSystemBrowser', () => {
  it('opens the authorization URL with shell.openExternal, unchanged', async () => {
    const url =
      'https://auth.deriv.com/oauth2/auth?client_id=1&redirect_uri=http%3A%2F%2F127.0.0.1%3A53124%2Fcb&state=s';
    await electronSystemBrowser.openExternal(url);
    expect(shellWorld.opened).toEqual([url]);
  });

  it('passes on a refusal of shell.openExternal (no application to open the URL)', async () => {
    const original = shell.openExternal;
    shell.openExternal = () => Promise.reject(new Error('No application found to open URL'));
    try {
      await expect(electronSystemBrowser.openExternal('https://auth.deriv.com/')).rejects.toThrow('No application');
    } finally {
      shell.openExternal = original;
    }
  });
});
