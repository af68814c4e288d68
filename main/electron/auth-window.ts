/**
 * The login window: a BrowserWindow implementing the core's AuthWindow port. The decisions (which
 * URL is the redirect, where the window may navigate) are the core's pure functions; this file only
 * wires them to Electron's events.
 */
import { randomUUID } from 'node:crypto';

import { BrowserWindow, type Event as ElectronEvent, type Session, session } from 'electron';

import type { AuthWindow } from '../core/auth/auth-window';
import { failureFromSignal, LoginFailure } from '../core/auth/login-failure';
import { isNavigationAllowed, isRedirectTarget, redirectFilterPatterns } from '../core/auth/url-policy';

export const LOGIN_WINDOW_LOADING_TITLE = 'Loading Deriv login…';

export interface ElectronAuthWindowOptions {
  /** The main window, to which the login window is modal (a function, as it may be recreated). */
  parent?: BrowserWindow | null | (() => BrowserWindow | null);
  width?: number;
  height?: number;
}

type Outcome = { ok: true; url: string } | { ok: false; error: LoginFailure };

export class ElectronAuthWindow implements AuthWindow {
  /** Partitions of logins still in progress; each is wiped when its login ends. */
  private readonly live = new Set<Session>();

  constructor(private readonly options: ElectronAuthWindowOptions = {}) {}

  /** Wipes the cookies, storage and cache of every login partition still alive (logout, forget). */
  async clearAll(): Promise<void> {
    await Promise.all([...this.live].map(wipe));
  }

  open(url: string, redirectUrl: string, signal: AbortSignal): Promise<string> {
    if (signal.aborted) return Promise.reject(failureFromSignal(signal));
    return new Promise<string>((resolve, reject) => {
      // No `persist:` prefix: the partition lives in memory only, and a new one per login means a
      // previous user's cookies can never log the next one in.
      const ses: Session = session.fromPartition(`login-${randomUUID()}`);
      this.live.add(ses);
      const parentOption = typeof this.options.parent === 'function' ? this.options.parent() : this.options.parent;
      const parent = parentOption && !parentOption.isDestroyed() ? parentOption : undefined;
      const win = new BrowserWindow({
        width: this.options.width ?? 480,
        height: this.options.height ?? 720,
        ...(parent ? { parent, modal: true } : {}),
        show: true,
        title: LOGIN_WINDOW_LOADING_TITLE,
        backgroundColor: '#ffffff',
        autoHideMenuBar: true,
        minimizable: false,
        webPreferences: {
          session: ses,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          webviewTag: false,
          navigateOnDragDrop: false,
          spellcheck: false,
        },
      });
      const contents = win.webContents;
      let settled = false;

      const finish = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        ses.webRequest.onBeforeRequest(null);
        if (!win.isDestroyed()) win.destroy();
        void wipe(ses)
          .catch(() => undefined)
          .finally(() => this.live.delete(ses));
        if (outcome.ok) resolve(outcome.url);
        else reject(outcome.error);
      };
      const capture = (target: string): boolean => {
        if (!isRedirectTarget(target, redirectUrl)) return false;
        finish({ ok: true, url: target });
        return true;
      };
      const onAbort = (): void => finish({ ok: false, error: failureFromSignal(signal) });

      // Whichever of the three hooks sees the redirect first wins; `finish` ignores the others.
      ses.webRequest.onBeforeRequest({ urls: redirectFilterPatterns(redirectUrl) }, (details, callback) => {
        const isRedirect = isRedirectTarget(details.url, redirectUrl);
        // Only the window's own navigation is the login's answer; an image or fetch a script on the
        // provider's page aims at the redirect URL is stopped (it never leaves) but proves nothing.
        if (isRedirect && details.resourceType === 'mainFrame') capture(details.url);
        callback(isRedirect ? { cancel: true } : {});
      });
      ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      ses.setPermissionCheckHandler(() => false);
      contents.setWindowOpenHandler(() => ({ action: 'deny' }));

      const guard = (event: ElectronEvent<{ url: string; isMainFrame: boolean }>): void => {
        if (isRedirectTarget(event.url, redirectUrl)) {
          if (event.isMainFrame) capture(event.url);
          event.preventDefault();
          return;
        }
        if (event.isMainFrame && !isNavigationAllowed(event.url, url, redirectUrl)) event.preventDefault();
      };
      contents.on('will-navigate', guard);
      contents.on('will-redirect', guard);
      contents.on('did-fail-load', (_event, errorCode, _description, _validatedUrl, isMainFrame) => {
        // -3 (ERR_ABORTED) is a navigation we stopped ourselves (foreign origin, or the redirect).
        if (!isMainFrame || errorCode === -3) return;
        finish({ ok: false, error: new LoginFailure('network_error') });
      });
      win.on('closed', () => finish({ ok: false, error: new LoginFailure('cancelled') }));
      signal.addEventListener('abort', onAbort, { once: true });

      // After the redirect is cancelled, loadURL rejects (ERR_ABORTED / ERR_BLOCKED_BY_CLIENT): expected.
      // Any other main-frame failure is reported by did-fail-load above.
      contents.loadURL(url).catch(() => undefined);
    });
  }
}

/** Cookies, storage, HTTP cache and auth cache of a login partition. */
async function wipe(ses: Session): Promise<void> {
  await Promise.all([ses.clearStorageData(), ses.clearCache(), ses.clearAuthCache()]);
}
