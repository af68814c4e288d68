/**
 * The login window: a BrowserWindow implementing the core's AuthWindow port. The decisions (which
 * URL is the redirect, where the window may navigate) are the core's pure functions; this file only
 * wires them to Electron's events, as Electron documents them (docs/electron-assumptions.md).
 */
import { BrowserWindow, type Certificate, type Event as ElectronEvent, type Session, session } from 'electron';

import type { AuthWindow } from '../core/auth/auth-window';
import { authorizePageFailure } from '../core/auth/authorize-refusal';
import { failureFromSignal, LoginFailure, providerRefusesWindow } from '../core/auth/login-failure';
import {
  embeddedLoginRefuser,
  isNavigationAllowed,
  isRedirectTarget,
  redirectFilterPatterns,
} from '../core/auth/url-policy';

export const LOGIN_WINDOW_LOADING_TITLE = 'Loading Deriv login…';
/**
 * The one login partition. No `persist:` prefix: it lives in memory only. Electron keeps every
 * Session it ever created for the life of the app (`session.fromPartition` returns the same one for
 * the same name), so one partition wiped before and after each login replaces a new one per login.
 */
export const LOGIN_PARTITION = 'deriv-login';

/** net::ERR_ABORTED: a navigation superseded by another one, not a failure of the login page. */
const ERR_ABORTED = -3;

export interface ElectronAuthWindowOptions {
  /** The main window, to which the login window is modal (a function, as it may be recreated). */
  parent?: BrowserWindow | null | (() => BrowserWindow | null);
  width?: number;
  height?: number;
}

type Outcome = { ok: true; url: string } | { ok: false; error: LoginFailure };

export class ElectronAuthWindow implements AuthWindow {
  /** Ends the login in progress, if any (the partition is shared, so only one login at a time). */
  private endCurrent: (() => void) | null = null;

  constructor(private readonly options: ElectronAuthWindowOptions = {}) {}

  /** Wipes the cookies, storage and cache of the login partition (logout, forget). */
  async clearAll(): Promise<void> {
    await wipe(session.fromPartition(LOGIN_PARTITION));
  }

  async open(url: string, redirectUrl: string, signal: AbortSignal): Promise<string> {
    if (signal.aborted) throw failureFromSignal(signal);
    this.endCurrent?.();
    let ses: Session;
    try {
      ses = session.fromPartition(LOGIN_PARTITION);
      // A previous login's cookies must never log the next user in, whatever happened to its wipe;
      // if they cannot be wiped, no login window opens on them.
      await wipe(ses);
    } catch {
      throw new LoginFailure('window_failed');
    }
    if (signal.aborted) throw failureFromSignal(signal);
    return new Promise<string>((resolve, reject) => {
      let win: BrowserWindow | null = null;
      let settled = false;
      const finish = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        if (this.endCurrent === cancelThis) this.endCurrent = null;
        signal.removeEventListener('abort', onAbort);
        ses.webRequest.onBeforeRequest(null);
        if (win && !win.isDestroyed()) win.destroy();
        void wipe(ses).catch(() => undefined);
        if (outcome.ok) resolve(outcome.url);
        else reject(outcome.error);
      };
      const onAbort = (): void => finish({ ok: false, error: failureFromSignal(signal) });
      const cancelThis = (): void => finish({ ok: false, error: new LoginFailure('cancelled') });
      this.endCurrent = cancelThis;

      // Everything that can throw (an unparsable filter makes onBeforeRequest throw a TypeError)
      // happens before the window is shown; any failure destroys the window and settles.
      try {
        win = this.setUp(ses, url, redirectUrl, finish);
        signal.addEventListener('abort', onAbort, { once: true });
        win.show();
      } catch {
        finish({ ok: false, error: new LoginFailure('window_failed') });
        return;
      }
      win.webContents.loadURL(url).catch((error: unknown) => {
        // The first page never loaded (a failure did-fail-load does not report, e.g. a refused
        // scheme). A navigation superseded by the page's own (ERR_ABORTED) is not a failure.
        if ((error as { errno?: unknown }).errno !== ERR_ABORTED) {
          finish({ ok: false, error: new LoginFailure('network_error') });
        }
      });
    });
  }

  private setUp(ses: Session, url: string, redirectUrl: string, finish: (outcome: Outcome) => void): BrowserWindow {
    const capture = (target: string): void => finish({ ok: true, url: target });

    // Whichever hook sees the redirect first wins; `finish` ignores the others.
    ses.webRequest.onBeforeRequest({ urls: redirectFilterPatterns(redirectUrl) }, (details, callback) => {
      const isRedirect = isRedirectTarget(details.url, redirectUrl);
      // Only the window's own navigation is the login's answer; an image or fetch a script on the
      // provider's page aims at the redirect URL is stopped (it never leaves) but proves nothing.
      if (isRedirect && details.resourceType === 'mainFrame') capture(details.url);
      callback(isRedirect ? { cancel: true } : {});
    });
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    // Nothing is ever saved from the login window: a page that starts a download (a link, an answer
    // with `Content-Disposition: attachment`) would otherwise get a save dialog, or a file. The
    // partition lives as long as the app, so the listener is added once.
    if (!ses.listeners('will-download').includes(refuseDownload)) ses.on('will-download', refuseDownload);

    const parentOption = typeof this.options.parent === 'function' ? this.options.parent() : this.options.parent;
    const parent = parentOption && !parentOption.isDestroyed() ? parentOption : undefined;
    const win = new BrowserWindow({
      width: this.options.width ?? 480,
      height: this.options.height ?? 720,
      ...(parent ? { parent, modal: true } : {}),
      show: false,
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
        disableBlinkFeatures: 'Auxclick',
      },
    });
    try {
      const contents = win.webContents;
      // No popup ever opens. One aimed at an identity provider that refuses embedded browsers (a
      // "Continue with Google" that opens a window) ends the login with the way out, not in silence.
      contents.setWindowOpenHandler(({ url: target }) => {
        const provider = embeddedLoginRefuser(target);
        if (provider) finish({ ok: false, error: providerRefusesWindow(provider) });
        return { action: 'deny' };
      });
      // A server asking for a TLS client certificate gets none. Left alone, Electron hands it the
      // first certificate of the system store without asking (App::SelectClientCertificate), which
      // would identify the user to whatever page the login window shows. Deriv's login asks for none.
      contents.on('select-client-certificate', (event, _url, _certificates, callback) => {
        event.preventDefault();
        // No certificate: the documented way to continue without one (docs/api/app.md,
        // spec/api-app-spec.ts "can respond with empty certificate list"); electron.d.ts types the
        // webContents callback's argument as required, the app one's as optional.
        (callback as (certificate?: Certificate) => void)();
      });
      // The opening navigation (loadURL and its redirects) ends at the first page the user's action loads.
      let opening = true;
      const guard = (event: ElectronEvent<{ url: string; isMainFrame: boolean }>, redirect: boolean): void => {
        if (isRedirectTarget(event.url, redirectUrl)) {
          if (event.isMainFrame) capture(event.url);
          event.preventDefault();
          return;
        }
        // Google, Facebook and Apple refuse embedded browsers: the navigation is stopped before it
        // loads (nothing of it reaches the provider or the partition) and the login ends with the
        // way out (the trader's browser), whatever frame tried it.
        const provider = embeddedLoginRefuser(event.url);
        if (provider) {
          event.preventDefault();
          finish({ ok: false, error: providerRefusesWindow(provider) });
          return;
        }
        if (!event.isMainFrame || isNavigationAllowed(event.url, url, redirectUrl)) return;
        event.preventDefault();
        // A server redirect to a foreign origin leaves nothing to show (the cancelled navigation
        // commits nothing and reports no load failure): the login ends now, not at its timeout.
        // A link the user clicks on the login page is only refused; the page stays.
        if (redirect) finish({ ok: false, error: blockedNavigation(event.url) });
      };
      // `will-navigate` is the main frame only; sub-frames get `will-frame-navigate` (every frame).
      // A sub-frame is never the answer, but one aimed at the redirect URL is stopped here too, not
      // only by the webRequest filter. `will-redirect` is every frame.
      contents.on('will-navigate', (event) => {
        opening = false;
        guard(event, false);
      });
      contents.on('will-frame-navigate', (event) => {
        if (event.isMainFrame) return;
        if (isRedirectTarget(event.url, redirectUrl)) event.preventDefault();
        else if (embeddedLoginRefuser(event.url)) guard(event, false);
      });
      contents.on('will-redirect', (event) => guard(event, true));
      contents.on('did-fail-load', (_event, errorCode, _description, _validatedUrl, isMainFrame) => {
        if (!isMainFrame || errorCode === ERR_ABORTED) return;
        finish({ ok: false, error: new LoginFailure('network_error') });
      });
      // An error page where the login page should be: the server refused the app (unknown client
      // id, unregistered redirect URL) or could not serve the page, and will never redirect, so the
      // login ends now, not at its timeout.
      contents.on('did-navigate', (_event, target, httpResponseCode) => {
        const failure = opening ? authorizePageFailure(target, httpResponseCode, url) : null;
        if (failure) finish({ ok: false, error: failure });
      });
      win.on('closed', () => finish({ ok: false, error: new LoginFailure('cancelled') }));
      return win;
    } catch (error) {
      win.destroy();
      throw error;
    }
  }
}

/** `will-download` on the login partition: every download is cancelled before it starts. */
function refuseDownload(event: ElectronEvent): void {
  event.preventDefault();
}

function blockedNavigation(target: string): LoginFailure {
  let origin = 'another site';
  try {
    origin = new URL(target).origin; // only the origin: the query may carry tokens
  } catch {
    /* keep the generic wording */
  }
  return new LoginFailure(
    'blocked_navigation',
    `The login page sent the window to ${origin}, which is neither the login page nor the redirect URL in Settings, so the login was stopped. Check the redirect URL registered for your app ID.`,
  );
}

/** Cookies, storage, HTTP cache and auth cache of the login partition. */
async function wipe(ses: Session): Promise<void> {
  await Promise.all([ses.clearStorageData(), ses.clearCache(), ses.clearAuthCache()]);
}
