/**
 * Shared pieces of the Electron fake: Electron's `Event` object, the platform the fake pretends to
 * run on, and the net error codes Chromium reports (net/base/net_error_list.h).
 */

/** electron.d.ts `type Event<Params> = { preventDefault(): void; readonly defaultPrevented: boolean } & Params`. */
export type FakeEvent<P extends object = object> = P & { preventDefault(): void; readonly defaultPrevented: boolean };

export function electronEvent<P extends object>(params: P = {} as P): FakeEvent<P> {
  let prevented = false;
  const event = { ...params, preventDefault: () => void (prevented = true) };
  Object.defineProperty(event, 'defaultPrevented', { get: () => prevented, enumerable: true });
  return event as FakeEvent<P>;
}

export type FakePlatform = 'linux' | 'darwin' | 'win32';

/** Mutable settings of the fake world, reset by `resetElectronFake`. */
export const world = {
  platform: (['linux', 'darwin', 'win32'].includes(process.platform) ? process.platform : 'linux') as FakePlatform,
};

/** net::Error values (Chromium net/base/net_error_list.h) and their short names (net::ErrorToShortString). */
export const NET_ERROR = {
  ERR_FAILED: -2,
  ERR_ABORTED: -3,
  ERR_BLOCKED_BY_CLIENT: -20,
  ERR_CONNECTION_REFUSED: -102,
  ERR_NAME_NOT_RESOLVED: -105,
} as const;

export function netErrorName(code: number): string {
  const entry = Object.entries(NET_ERROR).find(([, value]) => value === code);
  return entry ? entry[0] : `ERR_${-code}`;
}

/** What Electron's `loadURL` rejects with (lib/browser/api/web-contents.ts, `_awaitNextLoad`). */
export function loadError(errno: number, url: string): Error & { errno: number; code: string; url: string } {
  const code = netErrorName(errno);
  return Object.assign(new Error(`${code} (${errno}) loading '${url.slice(0, 2048)}'`), { errno, code, url });
}

export function removeAllListenersOf(...emitters: Array<{ removeAllListeners(): unknown }>): void {
  for (const emitter of emitters) emitter.removeAllListeners();
}
