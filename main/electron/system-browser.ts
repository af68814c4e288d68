/**
 * The core's SystemBrowser port (a sign-in in the trader's own browser, RFC 8252): the
 * authorization page opened with `shell.openExternal`, in the desktop's default browser. What
 * Electron promises of it is in docs/electron-assumptions.md: the promise settles once the OS
 * handed the URL on (it rejects when no application could take it), not when the page loaded, and
 * nothing comes back from the browser: the redirect returns on the loopback listener.
 */
import { shell } from 'electron';

import type { SystemBrowser } from '../core/auth/front-channel';

export const electronSystemBrowser: SystemBrowser = {
  openExternal: (url) => shell.openExternal(url),
};
