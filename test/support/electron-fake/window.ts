/**
 * `BrowserWindow` and `webContents` with Electron's navigation and window events.
 *
 * Navigation follows shell/browser/electron_navigation_throttle.cc and WebContents::DidFinishNavigation
 * (shell/browser/api/electron_api_web_contents.cc):
 * - a renderer-initiated navigation emits `will-frame-navigate` (every frame), then `will-navigate`
 *   (main frame only); `loadURL` emits neither; a redirect emits `will-redirect` (every frame);
 *   `preventDefault()` on any of them cancels the navigation (ERR_ABORTED), which commits nothing:
 *   no `did-fail-load`, no `did-fail-provisional-load`, only `did-stop-loading`;
 * - a request cancelled in `webRequest.onBeforeRequest` fails with ERR_BLOCKED_BY_CLIENT (-20) and
 *   commits an error page: `did-fail-provisional-load` then `did-fail-load`;
 * - `loadURL` settles as lib/browser/api/web-contents.ts `_awaitNextLoad` does.
 * Window geometry events: `move`/`resize` everywhere, `moved`/`resized` on macOS and Windows only
 * (docs/api/browser-window.md, "Event: 'moved' _macOS_ _Windows_", electron.d.ts `@platform darwin,win32`).
 */
import { EventEmitter } from 'node:events';

import { electronEvent, loadError, NET_ERROR, netErrorName, world } from './events';
import { type FakeSession, session as sessionModule } from './session';

/** What the fake network answers for a URL. */
export type WebAnswer = { page: true; status?: number } | { redirect: string } | { error: number } | { hang: true };
export const web = { answer: (_url: string): WebAnswer => ({ page: true }) };

type Frame = 'main' | 'sub';
interface Pending {
  resolve(): void;
  reject(error: Error): void;
}

export class FakeWebContents extends EventEmitter {
  readonly id: number;
  url = '';
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  private pendingLoad: Pending | null = null;
  private static ids = 0;

  constructor(
    readonly session: FakeSession,
    readonly owner: FakeBrowserWindow,
  ) {
    super();
    this.id = ++FakeWebContents.ids;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }

  loadURL(url: string): Promise<void> {
    const previous = this.pendingLoad;
    const promise = new Promise<void>((resolve, reject) => (this.pendingLoad = { resolve, reject }));
    promise.catch(() => undefined); // Electron adds the same no-op handler.
    // A new main-frame navigation while one is loading rejects the earlier promise with ERR_ABORTED.
    previous?.reject(loadError(NET_ERROR.ERR_ABORTED, url));
    void this.navigateFrom(url, 'main', false);
    return promise;
  }

  /** The page itself navigates (link, form, `location = …`): fires the will-* events Electron fires. */
  userNavigate(url: string, frame: Frame = 'main'): Promise<void> {
    return this.navigateFrom(url, frame, true);
  }

  /** A subresource request (image, fetch…) from the page; resolves whether webRequest cancelled it. */
  request(url: string, resourceType: 'image' | 'xhr' | 'script' | 'other' = 'xhr'): Promise<boolean> {
    return this.session.webRequest.beforeRequest_(url, resourceType);
  }

  /** `window.open` from the page: Electron asks the handler set by `setWindowOpenHandler`. */
  windowOpen(url: string): { action: 'allow' | 'deny' } {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }) : { action: 'allow' };
  }

  private navigationEvent(url: string, frame: Frame) {
    return electronEvent({ url, isMainFrame: frame === 'main', isSameDocument: false, frame: null, initiator: null });
  }

  private async navigateFrom(start: string, frame: Frame, rendererInitiated: boolean): Promise<void> {
    const isMainFrame = frame === 'main';
    if (rendererInitiated) {
      const frameEvent = this.navigationEvent(start, frame);
      this.emit('will-frame-navigate', frameEvent);
      if (frameEvent.defaultPrevented) return this.cancelled(start);
      if (isMainFrame) {
        const event = this.navigationEvent(start, frame);
        this.emit('will-navigate', event, start, false, true, 1, 1);
        if (event.defaultPrevented) return this.cancelled(start);
      }
    }
    this.emit('did-start-navigation', this.navigationEvent(start, frame), start, false, isMainFrame, 1, 1);
    let url = start;
    for (let hops = 0; hops < 20; hops++) {
      const blocked = await this.session.webRequest.beforeRequest_(url, isMainFrame ? 'mainFrame' : 'subFrame');
      if (this.destroyed) return;
      if (blocked) return this.failed(url, NET_ERROR.ERR_BLOCKED_BY_CLIENT, isMainFrame);
      const answer = web.answer(url);
      if ('hang' in answer) return;
      if ('error' in answer) return this.failed(url, answer.error, isMainFrame);
      if ('page' in answer) return this.committed(url, isMainFrame, answer.status ?? 200);
      const next = new URL(answer.redirect, url).href;
      const event = this.navigationEvent(next, frame);
      this.emit('will-redirect', event, next, false, isMainFrame, 1, 1);
      if (this.destroyed) return;
      if (event.defaultPrevented) return this.cancelled(next);
      url = next;
    }
    return this.failed(url, -310 /* ERR_TOO_MANY_REDIRECTS */, isMainFrame);
  }

  private cancelled(url: string): void {
    // Not committed: DidFinishNavigation returns early, so only did-stop-loading is seen, and
    // `_awaitNextLoad` rejects with its generic ERR_FAILED.
    this.emit('did-stop-loading');
    this.settleLoad(loadError(NET_ERROR.ERR_FAILED, url));
  }

  private failed(url: string, code: number, isMainFrame: boolean): void {
    const name = netErrorName(code);
    this.emit('did-fail-provisional-load', electronEvent(), code, name, url, isMainFrame, 1, 1);
    if (code !== NET_ERROR.ERR_ABORTED) this.emit('did-fail-load', electronEvent(), code, name, url, isMainFrame, 1, 1);
    if (isMainFrame) {
      this.emit('did-stop-loading');
      this.settleLoad(loadError(code, url));
    }
  }

  /** An HTTP error page commits like any page; `did-navigate` carries its status (docs/api/web-contents.md). */
  private committed(url: string, isMainFrame: boolean, status: number): void {
    const text = status < 400 ? 'OK' : 'Error';
    this.emit('did-frame-navigate', electronEvent(), url, status, text, isMainFrame, 1, 1);
    if (!isMainFrame) return;
    this.url = url;
    this.emit('did-navigate', electronEvent(), url, status, text);
    this.emit('did-finish-load');
    this.emit('did-stop-loading');
    this.settleLoad(null);
    this.owner.firstPaint();
  }

  private settleLoad(error: Error | null): void {
    const pending = this.pendingLoad;
    this.pendingLoad = null;
    if (!pending) return;
    if (error) pending.reject(error);
    else pending.resolve();
  }
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const windows: FakeBrowserWindow[] = [];

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  private destroyed = false;
  private visible: boolean;
  private bounds: Bounds;
  private maximized = false;
  private minimized = false;
  private painted = false;
  focused = 0;

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    const prefs = (options.webPreferences ?? {}) as { session?: FakeSession; partition?: string };
    const ses = prefs.session ?? sessionModule.fromPartition(prefs.partition ?? '');
    this.webContents = new FakeWebContents(ses, this);
    this.visible = options.show !== false;
    this.bounds = {
      x: (options.x as number | undefined) ?? 100,
      y: (options.y as number | undefined) ?? 100,
      width: (options.width as number | undefined) ?? 800,
      height: (options.height as number | undefined) ?? 600,
    };
    windows.push(this);
  }

  static getAllWindows(): FakeBrowserWindow[] {
    return windows.filter((w) => !w.destroyed);
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return null;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused += 1;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
    if (this.maximized) this.unmaximize();
  }
  unmaximize(): void {
    if (!this.maximized) return;
    this.maximized = false;
    this.emit('unmaximize');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    if (this.maximized) return;
    this.maximized = true;
    this.emit('maximize');
  }
  getBounds(): Bounds {
    return { ...this.bounds };
  }
  getNormalBounds(): Bounds {
    return { ...this.bounds };
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  /** `close()`: `close` (cancellable), then `closed` (docs/api/browser-window.md "Event: 'close'"). */
  close(): void {
    if (this.destroyed) return;
    const event = electronEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  /** `destroy()`: no `close` event, but `closed` is guaranteed (docs/api/browser-window.md "win.destroy()"). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    this.webContents.emit('destroyed');
  }

  /** The user drags the window: `move` while moving; `moved` once at the end, on macOS and Windows. */
  userMove(x: number, y: number): void {
    this.bounds = { ...this.bounds, x, y };
    this.emit('move');
    if (world.platform !== 'linux') this.emit('moved');
  }
  /** The user resizes the window: `resize` while resizing; `resized` at the end, on macOS and Windows. */
  userResize(width: number, height: number): void {
    this.bounds = { ...this.bounds, width, height };
    this.emit('resize');
    if (world.platform !== 'linux') this.emit('resized');
  }

  /** First main-frame commit: Electron emits `ready-to-show` once the page has painted. */
  firstPaint(): void {
    if (this.painted) return;
    this.painted = true;
    this.emit('ready-to-show');
  }
}
