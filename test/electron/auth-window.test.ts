/**
 * Event wiring of the Electron login window, with Electron replaced by small EventEmitter fakes
 * (the binary cannot run here). The decisions themselves are tested in test/auth/url-policy.test.ts.
 */
import type { EventEmitter } from 'node:events';

import { beforeEach, describe, expect, it, vi } from 'vitest';

const fakes = vi.hoisted(() => {
  type Listener = (
    details: { url: string; resourceType?: string },
    callback: (response: { cancel?: boolean }) => void,
  ) => void;
  class FakeSession {
    beforeRequest: { filter: { urls: string[] }; listener: Listener } | null = null;
    permissionHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
    permissionCheck: (() => boolean) | null = null;
    cleared = 0;
    constructor(readonly partition: string) {}
    webRequest = {
      onBeforeRequest: (filter: { urls: string[] } | null, listener?: Listener) => {
        this.beforeRequest = filter && listener ? { filter, listener } : null;
      },
    };
    setPermissionRequestHandler(h: FakeSession['permissionHandler']) {
      this.permissionHandler = h;
    }
    setPermissionCheckHandler(h: () => boolean) {
      this.permissionCheck = h;
    }
    async clearStorageData() {
      this.cleared += 1;
    }
    async clearCache() {}
    async clearAuthCache() {}
  }
  return { FakeSession, sessions: [] as InstanceType<typeof FakeSession>[], windows: [] as unknown[] };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
    loaded: string[] = [];
    rejectLoad: (e: Error) => void = () => undefined;
    setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']) {
      this.windowOpenHandler = h;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return new Promise<void>((_resolve, reject) => {
        this.rejectLoad = reject;
      });
    }
  }
  class FakeBrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      fakes.windows.push(this);
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      if (this.destroyed) return;
      this.destroyed = true;
      this.emit('closed');
    }
  }
  return {
    BrowserWindow: FakeBrowserWindow,
    session: {
      fromPartition: (name: string) => {
        const s = new fakes.FakeSession(name);
        fakes.sessions.push(s);
        return s;
      },
    },
  };
});

const { ElectronAuthWindow, LOGIN_WINDOW_LOADING_TITLE } = await import('../../main/electron/auth-window');
const { LoginFailure } = await import('../../main/core/auth/login-failure');

type FakeWindow = EventEmitter & {
  options: Record<string, unknown> & { webPreferences: Record<string, unknown> };
  destroyed: boolean;
  webContents: EventEmitter & {
    loaded: string[];
    rejectLoad: (e: Error) => void;
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null;
  };
};

const PROVIDER = 'https://oauth.example.com/oauth2/authorize?app_id=1&state=s';
const REDIRECT = 'https://app.example.com/redirect';
const TOKENS = `${REDIRECT}?acct1=CR1&token1=t1&state=s`;

function start(
  options: ConstructorParameters<typeof ElectronAuthWindow>[0] = {},
  signal = new AbortController().signal,
) {
  const promise = new ElectronAuthWindow(options).open(PROVIDER, REDIRECT, signal);
  const win = fakes.windows.at(-1) as FakeWindow;
  const ses = fakes.sessions.at(-1)!;
  return { promise, win, ses, contents: win.webContents };
}

function navEvent(url: string, isMainFrame = true) {
  return {
    url,
    isMainFrame,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

async function failureCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoginFailure);
  return (error as InstanceType<typeof LoginFailure>).code;
}

beforeEach(() => {
  fakes.sessions.length = 0;
  fakes.windows.length = 0;
});

describe('ElectronAuthWindow', () => {
  it('opens a sandboxed window without preload, in a fresh in-memory partition, with a loading title', () => {
    const { win, ses, contents } = start();
    const second = start();
    expect(ses.partition).toMatch(/^login-/);
    expect(ses.partition).not.toMatch(/^persist:/);
    expect(second.ses.partition).not.toBe(ses.partition);
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      session: ses,
    });
    expect(win.options.webPreferences.preload).toBeUndefined();
    expect(win.options.title).toBe(LOGIN_WINDOW_LOADING_TITLE);
    expect(win.options.backgroundColor).toBeTruthy();
    expect(contents.loaded).toEqual([PROVIDER]);
  });

  it('is modal to the parent it is given', () => {
    const parent = { isDestroyed: () => false };
    const { win } = start({ parent: () => parent as never });
    expect(win.options.parent).toBe(parent);
    expect(win.options.modal).toBe(true);
  });

  it('catches the redirect in onBeforeRequest: cancels it, resolves with the URL, closes and clears', async () => {
    const { promise, win, ses, contents } = start();
    expect(ses.beforeRequest!.filter.urls.length).toBeGreaterThan(0);
    const responses: { cancel?: boolean }[] = [];
    ses.beforeRequest!.listener({ url: 'https://app.example.com/redirect.evil/x', resourceType: 'mainFrame' }, (r) =>
      responses.push(r),
    );
    ses.beforeRequest!.listener({ url: TOKENS, resourceType: 'mainFrame' }, (r) => responses.push(r));
    contents.rejectLoad(Object.assign(new Error('ERR_ABORTED (-3) loading'), { errno: -3, code: 'ERR_ABORTED' }));
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', TOKENS, true);
    await expect(promise).resolves.toBe(TOKENS);
    expect(responses).toEqual([{}, { cancel: true }]);
    expect(win.destroyed).toBe(true);
    expect(ses.cleared).toBe(1);
    expect(ses.beforeRequest).toBeNull();
  });

  it('stops a subresource or sub-frame aimed at the redirect URL without taking it as the login', async () => {
    const { promise, win, ses, contents } = start();
    const responses: { cancel?: boolean }[] = [];
    const forged = `${REDIRECT}?acct1=CR666&token1=attacker&state=s`;
    for (const resourceType of ['image', 'xhr', 'subFrame']) {
      ses.beforeRequest!.listener({ url: forged, resourceType }, (r) => responses.push(r));
    }
    const frameNav = navEvent(forged, false);
    contents.emit('will-navigate', frameNav);
    expect(responses).toEqual([{ cancel: true }, { cancel: true }, { cancel: true }]);
    expect(frameNav.defaultPrevented).toBe(true);
    ses.beforeRequest!.listener({ url: TOKENS, resourceType: 'mainFrame' }, () => undefined);
    await expect(promise).resolves.toBe(TOKENS);
    expect(win.destroyed).toBe(true);
  });

  it.each(['will-redirect', 'will-navigate'])(
    'catches the redirect in %s (prevented) and the first hook wins',
    async (hook) => {
      const { promise, ses, contents } = start();
      const event = navEvent(TOKENS);
      contents.emit(hook, event);
      expect(event.defaultPrevented).toBe(true);
      // A later hook firing for another redirect changes nothing.
      contents.emit(hook === 'will-navigate' ? 'will-redirect' : 'will-navigate', navEvent(`${REDIRECT}?second=1`));
      await expect(promise).resolves.toBe(TOKENS);
      expect(ses.cleared).toBe(1);
    },
  );

  it('closing the window → cancelled, and the partition is cleared', async () => {
    const { promise, win, ses } = start();
    win.emit('closed');
    expect(await failureCode(promise)).toBe('cancelled');
    expect(ses.cleared).toBe(1);
  });

  it('a main-frame load failure → network_error; a sub-frame failure or ERR_ABORTED does not end the login', async () => {
    const { promise, win, contents } = start();
    contents.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', 'https://ads.example/', false);
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'https://evil.example/', true);
    expect(win.destroyed).toBe(false);
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', PROVIDER, true);
    expect(await failureCode(promise)).toBe('network_error');
    expect(win.destroyed).toBe(true);
  });

  it('aborting the signal rejects with its LoginFailure (timeout) and closes the window', async () => {
    const controller = new AbortController();
    const { promise, win } = start({}, controller.signal);
    controller.abort(new LoginFailure('timeout'));
    expect(await failureCode(promise)).toBe('timeout');
    expect(win.destroyed).toBe(true);
  });

  it('denies new windows and every permission', async () => {
    const { promise, win, ses, contents } = start();
    expect(contents.windowOpenHandler!({ url: 'https://oauth.example.com/popup' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    ses.permissionHandler!({}, 'geolocation', (g) => answers.push(g));
    ses.permissionHandler!({}, 'notifications', (g) => answers.push(g));
    expect(answers).toEqual([false, false]);
    expect(ses.permissionCheck!()).toBe(false);
    win.emit('closed');
    await promise.catch(() => undefined);
  });

  it("prevents main-frame navigation outside the provider's origin, allows it inside and in sub-frames", async () => {
    const { promise, win, contents } = start();
    const foreign = navEvent('https://evil.example.com/phish');
    const lookalike = navEvent('https://oauth.example.com.evil.com/');
    const inside = navEvent('https://oauth.example.com/oauth2/session');
    const subFrame = navEvent('https://captcha.example.net/frame', false);
    contents.emit('will-navigate', foreign);
    contents.emit('will-redirect', lookalike);
    contents.emit('will-navigate', inside);
    contents.emit('will-redirect', subFrame);
    expect([foreign, lookalike, inside, subFrame].map((e) => e.defaultPrevented)).toEqual([true, true, false, false]);
    expect(win.destroyed).toBe(false);
    win.emit('closed');
    await promise.catch(() => undefined);
  });

  it('an already-aborted signal opens no window', async () => {
    const controller = new AbortController();
    controller.abort(new LoginFailure('cancelled'));
    const error = await new ElectronAuthWindow().open(PROVIDER, REDIRECT, controller.signal).catch((e: unknown) => e);
    expect((error as InstanceType<typeof LoginFailure>).code).toBe('cancelled');
    expect(fakes.windows).toHaveLength(0);
  });
});

describe('ElectronAuthWindow.clearAll (logout, forget everything)', () => {
  it('wipes the partition of a login still in progress, and none once the login has ended', async () => {
    const authWindow = new ElectronAuthWindow();
    const pending = authWindow.open(PROVIDER, REDIRECT, new AbortController().signal);
    const ses = fakes.sessions.at(-1)!;
    await authWindow.clearAll();
    expect(ses.cleared).toBe(1);
    (fakes.windows.at(-1) as FakeWindow & { destroy(): void }).destroy();
    await pending.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    const after = ses.cleared;
    await authWindow.clearAll();
    expect(ses.cleared).toBe(after);
  });
});
