/**
 * The app's own scheme against the Electron fake (docs/electron-assumptions.md): registered as the
 * scheme's handler when packaged; links from a second instance's `argv` (Windows, Linux) and from
 * `open-url` (macOS, before `ready` too) reach the core in order, queued until it takes them.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { APP_SCHEME } from '../../main/core/model';
import { appSchemeUrlsIn, listenForAppScheme } from '../../main/electron/app-scheme';
import { app, appWorld, resetElectronFake } from '../support/electron-fake';

const LINK = `${APP_SCHEME}:/callback?code=c&state=s`;

describe('the app scheme adapter', () => {
  beforeEach(() => resetElectronFake({ platform: 'darwin' }));

  it('a packaged app registers itself as the handler of its scheme; an unpackaged one does not', () => {
    listenForAppScheme();
    expect(appWorld.protocolClients).toEqual([]);
    app.isPackaged = true;
    try {
      listenForAppScheme();
      expect(app.isDefaultProtocolClient(APP_SCHEME)).toBe(true);
      expect(appWorld.protocolClients).toEqual([{ scheme: APP_SCHEME, path: undefined, args: undefined }]);
    } finally {
      app.isPackaged = false;
    }
  });

  it('macOS: an open-url before ready is kept (its default prevented) and handed over once the core takes links', () => {
    const links = listenForAppScheme();
    expect(appWorld.ready).toBe(false);
    expect(app.fakeOpenUrl(LINK).defaultPrevented).toBe(true);
    app.fakeReady();
    const got: string[] = [];
    links.deliverTo((url) => got.push(url));
    expect(got).toEqual([LINK]);
    app.fakeOpenUrl(`${LINK}2`);
    expect(got).toEqual([LINK, `${LINK}2`]);
  });

  it('keeps at most the last 8 links that came before the core', () => {
    const links = listenForAppScheme();
    for (let i = 0; i < 12; i++) app.fakeOpenUrl(`${LINK}${i}`);
    const got: string[] = [];
    links.deliverTo((url) => got.push(url));
    expect(got).toEqual([4, 5, 6, 7, 8, 9, 10, 11].map((i) => `${LINK}${i}`));
  });

  it('Windows/Linux: a second instance’s argv gives its links in the app’s scheme, whatever Chromium added', () => {
    resetElectronFake({ platform: 'win32', ready: true });
    const links = listenForAppScheme();
    const got: string[] = [];
    links.deliverTo((url) => got.push(url));
    app.on('second-instance', (_event, argv: string[]) => links.fromArgv(argv));
    app.fakeSecondInstance(['C:\\App\\Deriv Desktop Login.exe', '--original-process-start-time=1', LINK.toUpperCase()]);
    app.fakeSecondInstance(['C:\\App\\Deriv Desktop Login.exe', 'https://example.com/?state=s']);
    expect(got).toEqual([LINK.toUpperCase()]);
  });

  it('appSchemeUrlsIn keeps only the app’s scheme (case-insensitive), never a look-alike', () => {
    expect(
      appSchemeUrlsIn([
        '/usr/bin/deriv-desktop-login',
        LINK,
        `${APP_SCHEME}.evil:/callback`,
        `x${APP_SCHEME}:/callback`,
        '--no-sandbox',
      ]),
    ).toEqual([LINK]);
  });
});
