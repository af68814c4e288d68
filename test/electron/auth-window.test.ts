/**
 * The Electron login window against the shared Electron fake, which behaves as Electron documents
 * (test/support/electron-fake.ts, docs/electron-assumptions.md): navigations, redirects and
 * webRequest cancellations produce the events Electron produces. The URL decisions themselves are
 * tested in test/auth/url-policy.test.ts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { LoginFailure } from '../../main/core/auth/login-failure';
import { ElectronAuthWindow, LOGIN_PARTITION, LOGIN_WINDOW_LOADING_TITLE } from '../../main/electron/auth-window';
import {
  app,
  BrowserWindow,
  type FakeBrowserWindow,
  NET_ERROR,
  resetElectronFake,
  session,
  sessions,
  web,
  windows,
} from '../support/electron-fake';

const PROVIDER = 'https://oauth.example.com/oauth2/authorize?app_id=1&state=s';
const REDIRECT = 'https://app.example.com/redirect';
const TOKENS = `${REDIRECT}?acct1=CR1&token1=t1&state=s`;

beforeEach(() => resetElectronFake({ ready: true }));

function loginWindow(): FakeBrowserWindow {
  const win = windows.at(-1);
  if (!win) throw new Error('no login window was opened');
  return win;
}

/** Opens a login and waits until its window is up (the partition is wiped first, asynchronously). */
async function start(options: ConstructorParameters<typeof ElectronAuthWindow>[0] = {}, signal?: AbortSignal) {
  const authWindow = new ElectronAuthWindow(options);
  const promise = authWindow.open(PROVIDER, REDIRECT, signal ?? new AbortController().signal);
  promise.catch(() => undefined);
  await expect.poll(() => windows.length).toBeGreaterThan(0);
  const win = loginWindow();
  return { authWindow, promise, win, contents: win.webContents, ses: win.webContents.session };
}

async function failureOf(promise: Promise<unknown>): Promise<LoginFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoginFailure);
  return error as LoginFailure;
}

describe('ElectronAuthWindow', () => {
  it('opens a sandboxed window without preload in the one in-memory login partition, shown once set up', async () => {
    const { win, ses, contents } = await start();
    expect(ses.partition).toBe(LOGIN_PARTITION);
    expect(ses.isPersistent).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      session: ses,
    });
    expect(win.options.webPreferences?.preload).toBeUndefined();
    expect(win.options.title).toBe(LOGIN_WINDOW_LOADING_TITLE);
    expect(win.options.show).toBe(false);
    expect(win.isVisible()).toBe(true);
    await expect.poll(() => contents.getURL()).toBe(PROVIDER);
  });

  it('is modal to the parent it is given', async () => {
    const parent = new BrowserWindow({});
    const { win } = await start({ parent: () => parent as never });
    expect(win.options.parent).toBe(parent);
    expect(win.options.modal).toBe(true);
  });

  it('catches the redirect in onBeforeRequest (→ ERR_BLOCKED_BY_CLIENT), resolves, closes and wipes', async () => {
    web.answer = (url) => (url.startsWith(PROVIDER) ? { redirect: TOKENS } : { page: true });
    const { promise, win, ses } = await start();
    await expect(promise).resolves.toBe(TOKENS);
    expect(win.isDestroyed()).toBe(true);
    await expect.poll(() => ses.cleared.storage).toBe(2); // before and after the login
    expect(ses.webRequest.beforeRequest).toBeNull();
  });

  it('stops a subresource or sub-frame aimed at the redirect URL without taking it as the login', async () => {
    const { promise, win, contents } = await start();
    await expect.poll(() => contents.getURL()).toBe(PROVIDER);
    const forged = `${REDIRECT}?acct1=CR666&token1=attacker&state=s`;
    expect(await contents.request(forged, 'image')).toBe(true);
    expect(await contents.request(forged, 'xhr')).toBe(true);
    await contents.userNavigate(forged, 'sub');
    expect(win.isDestroyed()).toBe(false);
    await contents.userNavigate(TOKENS);
    await expect(promise).resolves.toBe(TOKENS);
  });

  it('stops a sub-frame navigating to the redirect URL even when no webRequest filter matched it', async () => {
    const { promise, win, contents, ses } = await start();
    await expect.poll(() => contents.getURL()).toBe(PROVIDER);
    ses.webRequest.onBeforeRequest(null);
    const committed: string[] = [];
    contents.on('did-frame-navigate', (_e, url: string) => committed.push(url));
    await contents.userNavigate(`${REDIRECT}?acct1=CR666&token1=attacker&state=s`, 'sub');
    expect(committed).toEqual([]);
    expect(win.isDestroyed()).toBe(false);
    win.close();
    await promise.catch(() => undefined);
  });

  it('catches the redirect in will-redirect when no webRequest filter matched it', async () => {
    // A redirect URL with a port: the filter patterns carry none, but the navigation guard still sees it.
    const { promise, contents, ses } = await start();
    ses.webRequest.onBeforeRequest(null);
    web.answer = (url) => (url.endsWith('/continue') ? { redirect: TOKENS } : { page: true });
    await contents.userNavigate('https://oauth.example.com/continue');
    await expect(promise).resolves.toBe(TOKENS);
  });

  it('closing the window → cancelled, and the partition is wiped', async () => {
    const { promise, win, ses } = await start();
    win.close();
    expect((await failureOf(promise)).code).toBe('cancelled');
    await expect.poll(() => ses.cleared.storage).toBe(2);
  });

  it('a main-frame load failure → network_error; a sub-frame failure does not end the login', async () => {
    web.answer = (url) =>
      url.startsWith('https://ads.example') ? { error: NET_ERROR.ERR_NAME_NOT_RESOLVED } : { page: true };
    const { promise, win, contents } = await start();
    await contents.userNavigate('https://ads.example/frame', 'sub');
    expect(win.isDestroyed()).toBe(false);
    web.answer = () => ({ error: NET_ERROR.ERR_CONNECTION_REFUSED });
    await contents.userNavigate('https://oauth.example.com/oauth2/session');
    expect((await failureOf(promise)).code).toBe('network_error');
    expect(win.isDestroyed()).toBe(true);
  });

  it('the provider unreachable from the start → network_error', async () => {
    web.answer = () => ({ error: NET_ERROR.ERR_NAME_NOT_RESOLVED });
    const { promise } = await start();
    expect((await failureOf(promise)).code).toBe('network_error');
  });

  it('a redirect to a foreign origin (refused) ends the login at once with blocked_navigation', async () => {
    // E.g. the app ID's registered redirect URL is not the one in Settings: Deriv sends the tokens
    // elsewhere. The cancelled navigation commits nothing and Electron reports no load failure.
    web.answer = (url) =>
      url.startsWith(PROVIDER) ? { redirect: 'https://elsewhere.example.net/cb?token1=secret' } : { page: true };
    const { promise, win } = await start();
    const failure = await failureOf(promise);
    expect(failure.code).toBe('blocked_navigation');
    expect(failure.message).toContain('https://elsewhere.example.net');
    expect(failure.message).not.toContain('secret');
    expect(win.isDestroyed()).toBe(true);
  });

  it('the authorization endpoint answers with an error page (unknown client id) → unknown_client at once, window closed', async () => {
    // RFC 6749 §4.1.2.1: an unknown client is told on a page, never redirected; without this the
    // login would wait for its timeout. The error page commits with its status in did-navigate.
    web.answer = (url) => (url.startsWith(PROVIDER) ? { page: true, status: 400 } : { page: true });
    const { promise, win } = await start();
    expect((await failureOf(promise)).code).toBe('unknown_client');
    expect(win.isDestroyed()).toBe(true);
  });

  it('the authorization endpoint answers 503 (Deriv down) → provider_error at once, saying so, window closed', async () => {
    web.answer = (url) => (url.startsWith(PROVIDER) ? { page: true, status: 503 } : { page: true });
    const { promise, win } = await start();
    const failure = await failureOf(promise);
    expect(failure.code).toBe('provider_error');
    expect(failure.message).toContain('unavailable right now (HTTP 503)');
    expect(win.isDestroyed()).toBe(true);
  });

  it('a wrong-password page (401) the login form loads, even on the authorization path, does not end the login', async () => {
    const { promise, win, contents } = await start();
    await expect.poll(() => contents.getURL()).toBe(PROVIDER);
    web.answer = () => ({ page: true, status: 401 });
    await contents.userNavigate('https://oauth.example.com/oauth2/interaction/abc');
    expect(contents.getURL()).toBe('https://oauth.example.com/oauth2/interaction/abc');
    // The legacy page posts its form to the authorization path itself and answers 401 there.
    await contents.userNavigate(PROVIDER);
    expect(contents.getURL()).toBe(PROVIDER);
    expect(win.isDestroyed()).toBe(false);
    win.close();
    expect((await failureOf(promise)).code).toBe('cancelled');
  });

  it('a link to a foreign origin clicked on the login page is refused, and the login goes on', async () => {
    const { promise, win, contents } = await start();
    await expect.poll(() => contents.getURL()).toBe(PROVIDER);
    await contents.userNavigate('https://evil.example.com/phish');
    await contents.userNavigate('https://oauth.example.com.evil.com/');
    expect(contents.getURL()).toBe(PROVIDER);
    await contents.userNavigate('https://oauth.example.com/oauth2/session');
    expect(contents.getURL()).toBe('https://oauth.example.com/oauth2/session');
    await contents.userNavigate('https://captcha.example.net/frame', 'sub');
    expect(win.isDestroyed()).toBe(false);
    win.close();
    await promise.catch(() => undefined);
  });

  describe('an identity provider that refuses embedded browsers (Google, Facebook, Apple)', () => {
    const GOOGLE = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=deriv&state=idp-state';
    /** Every URL the fake network was asked for: a stopped navigation never reaches it. */
    function recordRequests(): string[] {
      const asked: string[] = [];
      web.answer = (url) => {
        asked.push(url);
        return { page: true };
      };
      return asked;
    }

    it('a link to it on the login page is stopped before it loads; the login ends with the provider named, window closed', async () => {
      const asked = recordRequests();
      const { promise, win, contents } = await start();
      await expect.poll(() => contents.getURL()).toBe(PROVIDER);
      await contents.userNavigate(GOOGLE);
      const failure = await failureOf(promise);
      expect(failure.code).toBe('provider_refuses_window');
      expect(failure.toInfo()).toMatchObject({ code: 'provider_refuses_window', provider: 'google' });
      expect(failure.message).not.toContain('idp-state');
      expect(asked.some((u) => u.includes('accounts.google.com'))).toBe(false);
      expect(win.isDestroyed()).toBe(true);
    });

    it('a server redirect to it (any port, any case) is stopped the same way', async () => {
      const asked = recordRequests();
      web.answer = (url) => {
        asked.push(url);
        return url.startsWith(PROVIDER)
          ? { redirect: 'http://WWW.Facebook.com:8443/dialog/oauth?state=x' }
          : { page: true };
      };
      const { promise } = await start();
      const failure = await failureOf(promise);
      expect(failure.toInfo()).toMatchObject({ code: 'provider_refuses_window', provider: 'facebook' });
      expect(asked.some((u) => u.toLowerCase().includes('facebook'))).toBe(false);
    });

    it('a popup aimed at it is denied and ends the login; a popup elsewhere is only denied', async () => {
      const { promise, win, contents } = await start();
      await expect.poll(() => contents.getURL()).toBe(PROVIDER);
      expect(contents.windowOpen('https://oauth.example.com/popup')).toEqual({ action: 'deny' });
      expect(win.isDestroyed()).toBe(false);
      expect(contents.windowOpen('https://appleid.apple.com/auth/authorize?state=x')).toEqual({ action: 'deny' });
      expect((await failureOf(promise)).toInfo()).toMatchObject({ code: 'provider_refuses_window', provider: 'apple' });
      expect(win.isDestroyed()).toBe(true);
    });

    it('a sub-frame sent to it is stopped and ends the login too', async () => {
      const asked = recordRequests();
      const { promise, contents } = await start();
      await expect.poll(() => contents.getURL()).toBe(PROVIDER);
      await contents.userNavigate('https://m.facebook.com/login', 'sub');
      expect((await failureOf(promise)).toInfo()).toMatchObject({ provider: 'facebook' });
      expect(asked.some((u) => u.includes('facebook'))).toBe(false);
    });

    it('a look-alike host is not the provider: it is only a foreign origin', async () => {
      const { promise, win, contents } = await start();
      await expect.poll(() => contents.getURL()).toBe(PROVIDER);
      await contents.userNavigate('https://accounts.google.com.evil.example/');
      expect(win.isDestroyed()).toBe(false);
      win.close();
      expect((await failureOf(promise)).code).toBe('cancelled');
    });
  });

  it('aborting the signal rejects with its LoginFailure (timeout) and closes the window', async () => {
    const controller = new AbortController();
    const { promise, win } = await start({}, controller.signal);
    controller.abort(new LoginFailure('timeout'));
    expect((await failureOf(promise)).code).toBe('timeout');
    expect(win.isDestroyed()).toBe(true);
  });

  it('denies new windows and every permission', async () => {
    const { promise, win, ses, contents } = await start();
    expect(contents.windowOpen('https://oauth.example.com/popup')).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    ses.permissionRequestHandler!({}, 'geolocation', (g) => answers.push(g));
    ses.permissionRequestHandler!({}, 'notifications', (g) => answers.push(g));
    expect(answers).toEqual([false, false]);
    expect(ses.permissionCheckHandler!()).toBe(false);
    win.close();
    await promise.catch(() => undefined);
  });

  it('refuses every download a page of the login window starts: will-download is prevented, the item cancelled', async () => {
    const { promise, win, ses, contents } = await start();
    const item = ses.fakeDownload('https://oauth.example.com/files/setup.exe', contents);
    expect(item.state).toBe('cancelled');
    expect(item.savePath).toBe('');
    // The login goes on: a refused download is not the login's end.
    expect(win.isDestroyed()).toBe(false);
    win.close();
    await promise.catch(() => undefined);
    // Another login on the same (never freed) partition refuses too, with one listener, not two.
    const next = await start();
    expect(next.ses).toBe(ses);
    expect(ses.listenerCount('will-download')).toBe(1);
    expect(ses.fakeDownload('https://oauth.example.com/report.pdf', next.contents).state).toBe('cancelled');
    next.win.close();
    await next.promise.catch(() => undefined);
  });

  it('never presents a TLS client certificate: select-client-certificate is prevented and answered with none', async () => {
    const store = [
      { data: 'PEM-1', subjectName: 'Trader', issuerName: 'Corp CA', fingerprint: 'sha256/one' },
      { data: 'PEM-2', subjectName: 'Trader 2', issuerName: 'Corp CA', fingerprint: 'sha256/two' },
    ];
    // Any other window, left to Electron's default, is handed the store's first certificate silently.
    const other = new BrowserWindow({});
    expect(app.fakeSelectClientCertificate(other.webContents, 'intranet.example:443', store)).toEqual({
      prevented: false,
      chosen: store[0],
    });
    const { promise, win, contents } = await start();
    expect(app.fakeSelectClientCertificate(contents, 'oauth.example.com:443', store)).toEqual({
      prevented: true,
      chosen: null,
    });
    expect(win.isDestroyed()).toBe(false);
    win.close();
    await promise.catch(() => undefined);
  });

  it('an already-aborted signal opens no window', async () => {
    const controller = new AbortController();
    controller.abort(new LoginFailure('cancelled'));
    const error = await new ElectronAuthWindow().open(PROVIDER, REDIRECT, controller.signal).catch((e: unknown) => e);
    expect((error as LoginFailure).code).toBe('cancelled');
    expect(windows).toHaveLength(0);
  });

  it('a redirect URL whose filter Electron cannot parse: no window is shown, none is left, the promise settles', async () => {
    // webRequest throws TypeError('Invalid url pattern …') for a pattern it cannot parse.
    const error = await new ElectronAuthWindow()
      .open(PROVIDER, 'myapp://callback', new AbortController().signal)
      .catch((e: unknown) => e);
    expect((error as LoginFailure).code).toBe('window_failed');
    expect(windows.every((w) => w.isDestroyed())).toBe(true);
    expect(windows.some((w) => w.isVisible() && !w.isDestroyed())).toBe(false);
    expect(sessions.get(LOGIN_PARTITION)?.webRequest.beforeRequest ?? null).toBeNull();
  });
});

describe('the login partition', () => {
  it('a login partition that cannot be wiped opens no window on the previous cookies', async () => {
    const ses = session.fromPartition(LOGIN_PARTITION);
    vi.spyOn(ses, 'clearStorageData').mockRejectedValueOnce(new Error('disk full'));
    const error = await new ElectronAuthWindow()
      .open(PROVIDER, REDIRECT, new AbortController().signal)
      .catch((e: unknown) => e);
    expect((error as LoginFailure).code).toBe('window_failed');
    expect(windows).toHaveLength(0);
  });

  it('every login uses the same in-memory partition, wiped before and after; Electron never frees a partition', async () => {
    for (let i = 0; i < 3; i++) {
      web.answer = (url) => (url.startsWith(PROVIDER) ? { redirect: TOKENS } : { page: true });
      const { promise } = await start();
      await promise;
    }
    expect([...sessions.keys()].filter((name) => name !== '')).toEqual([LOGIN_PARTITION]);
    await expect.poll(() => sessions.get(LOGIN_PARTITION)!.cleared.storage).toBe(6);
  });

  it('clearAll (logout, forget everything) wipes the login partition', async () => {
    const authWindow = new ElectronAuthWindow();
    await authWindow.clearAll();
    const ses = sessions.get(LOGIN_PARTITION)!;
    expect(ses.cleared).toEqual({ storage: 1, cache: 1, authCache: 1 });
  });
});
