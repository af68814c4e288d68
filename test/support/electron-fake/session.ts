/**
 * `session` and `webRequest` as Electron documents them: `fromPartition` returns the same Session for
 * the same partition string (docs/api/session.md "session.fromPartition"), and nothing ever frees
 * one; filters are parsed when the listener is set and an unparsable one throws a TypeError. A
 * Session is an EventEmitter; a download emits `will-download` on it (`fakeDownload`).
 */
import { EventEmitter } from 'node:events';

import { electronEvent } from './events';
import { parseUrlPattern, type UrlPattern } from './url-pattern';

export interface BeforeRequestDetails {
  id: number;
  url: string;
  method: string;
  resourceType: 'mainFrame' | 'subFrame' | 'image' | 'xhr' | 'script' | 'other';
  timestamp: number;
}
type BeforeRequestListener = (details: BeforeRequestDetails, callback: (r: { cancel?: boolean }) => void) => void;
type HeadersListener = (
  details: { url: string; responseHeaders: Record<string, string[]> },
  callback: (r: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
) => void;

interface Filtered<L> {
  patterns: UrlPattern[] | null;
  listener: L;
}

function filtered<L>(filterOrListener: unknown, maybeListener: unknown): Filtered<L> | null {
  const hasFilter = typeof filterOrListener === 'object' && filterOrListener !== null;
  const listener = (hasFilter ? maybeListener : filterOrListener) as L | null;
  if (!listener) return null;
  const urls = hasFilter ? ((filterOrListener as { urls?: string[] }).urls ?? []) : [];
  // An empty list matches every URL (spec/api-web-request-spec.ts "matches all requests when no filters are defined").
  return { patterns: urls.length ? urls.map(parseUrlPattern) : null, listener };
}

let requestId = 0;

export class FakeWebRequest {
  beforeRequest: Filtered<BeforeRequestListener> | null = null;
  headersReceived: Filtered<HeadersListener> | null = null;

  onBeforeRequest(filterOrListener: unknown, listener?: unknown): void {
    this.beforeRequest = filtered(filterOrListener, listener);
  }
  onHeadersReceived(filterOrListener: unknown, listener?: unknown): void {
    this.headersReceived = filtered(filterOrListener, listener);
  }

  /** Runs a request through onBeforeRequest; resolves whether the listener cancelled it. */
  async beforeRequest_(url: string, resourceType: BeforeRequestDetails['resourceType']): Promise<boolean> {
    const hook = this.beforeRequest;
    if (!hook || (hook.patterns && !hook.patterns.some((p) => p.matches(url)))) return false;
    const details = { id: ++requestId, url, method: 'GET', resourceType, timestamp: Date.now() };
    const response = await new Promise<{ cancel?: boolean }>((resolve) => hook.listener(details, resolve));
    return response.cancel === true;
  }
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;

/**
 * The `DownloadItem` a download hands to `will-download` (docs/api/download-item.md), with the state
 * Electron gives it: `cancelled` when a listener called `event.preventDefault()`
 * (Session::OnDownloadCreated: `item->Cancel(true); item->Remove()`), else `progressing` (Electron
 * then asks where to save it, or saves it to `setSavePath`).
 */
export class FakeDownloadItem extends EventEmitter {
  state: 'progressing' | 'cancelled' = 'progressing';
  savePath = '';
  constructor(private readonly url: string) {
    super();
  }
  getURL(): string {
    return this.url;
  }
  getFilename(): string {
    return new URL(this.url).pathname.split('/').pop() || 'download';
  }
  setSavePath(path: string): void {
    this.savePath = path;
  }
  cancel(): void {
    this.state = 'cancelled';
  }
}

export class FakeSession extends EventEmitter {
  readonly webRequest = new FakeWebRequest();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  readonly cleared = { storage: 0, cache: 0, authCache: 0 };

  readonly downloads: FakeDownloadItem[] = [];

  constructor(readonly partition: string) {
    super();
  }

  get isPersistent(): boolean {
    return this.partition === '' || this.partition.startsWith('persist:');
  }
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = handler;
  }
  // --- control, not Electron API ---
  /**
   * A page of `webContents` starts a download (a link or an answer with `Content-Disposition:
   * attachment`): `will-download` (event, item, webContents, frame) on its session, as
   * shell/browser/api/electron_api_session.cc `OnDownloadCreated` emits it; a prevented event
   * cancels the item. Returns the item.
   */
  fakeDownload(url: string, webContents: unknown): FakeDownloadItem {
    const item = new FakeDownloadItem(url);
    const event = electronEvent();
    this.emit('will-download', event, item, webContents, null);
    if (event.defaultPrevented) item.cancel();
    this.downloads.push(item);
    return item;
  }

  async clearStorageData(): Promise<void> {
    this.cleared.storage += 1;
  }
  async clearCache(): Promise<void> {
    this.cleared.cache += 1;
  }
  async clearAuthCache(): Promise<void> {
    this.cleared.authCache += 1;
  }
}

export const sessions = new Map<string, FakeSession>();

export const session = {
  get defaultSession(): FakeSession {
    return session.fromPartition('');
  },
  fromPartition(partition: string): FakeSession {
    let found = sessions.get(partition);
    if (!found) {
      found = new FakeSession(partition);
      sessions.set(partition, found);
    }
    return found;
  },
};
