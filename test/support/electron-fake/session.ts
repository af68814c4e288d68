/**
 * `session` and `webRequest` as Electron documents them: `fromPartition` returns the same Session for
 * the same partition string (docs/api/session.md "session.fromPartition"), and nothing ever frees
 * one; filters are parsed when the listener is set and an unparsable one throws a TypeError.
 */
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

export class FakeSession {
  readonly webRequest = new FakeWebRequest();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  readonly cleared = { storage: 0, cache: 0, authCache: 0 };

  constructor(readonly partition: string) {}

  get isPersistent(): boolean {
    return this.partition === '' || this.partition.startsWith('persist:');
  }
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = handler;
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
