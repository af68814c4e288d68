/**
 * The app's own URI scheme (`com.derivdesktop.login:`, RFC 8252 §7.1) as the OS hands it to the
 * app: the redirect of a sign-in in the trader's browser. What Electron promises of each piece is
 * in docs/electron-assumptions.md:
 * - the app is the scheme's handler by `app.setAsDefaultProtocolClient` (Windows: a registry key
 *   naming this executable) and by what the installer declares (electron-builder.yml `protocols`:
 *   `CFBundleURLTypes` in Info.plist on macOS, where it cannot be added at run time, and
 *   `MimeType=x-scheme-handler/…` in the Linux .desktop file, without which nothing is launched);
 * - Windows and Linux start the app again with the URL among its arguments: that second instance
 *   loses the single-instance lock and the running one gets `second-instance` with its `argv`
 *   (order not kept, Chromium may add switches), after `ready`;
 * - macOS sends `open-url` to the running app, and to an app it launches for the URL, possibly
 *   before `ready`: the listener is installed at module load and URLs wait until the core takes them.
 * Nothing here trusts a URL: any program can open one. The core's SchemeCallbacks takes one
 * matching its pending login and drops the rest. A URL is never logged (it may carry a code).
 */
import { app } from 'electron';

import { APP_SCHEME } from '../core/model';

/** URLs that arrived before the core was ready for them; more than this and the oldest go. */
const QUEUE_LIMIT = 8;

export interface AppSchemeLinks {
  /** A second instance's `argv` (Windows, Linux): its URLs in the app's scheme, if any, go to the core. */
  fromArgv(argv: readonly string[]): void;
  /** From now on, URLs go to `sink`; those that came before are handed over first, in order. */
  deliverTo(sink: (url: string) => void): void;
}

/** The arguments that are URLs in the app's scheme (case-insensitive, as schemes are: RFC 3986 §3.1). */
export function appSchemeUrlsIn(argv: readonly string[]): string[] {
  const prefix = `${APP_SCHEME}:`;
  return argv.filter((arg) => arg.slice(0, prefix.length).toLowerCase() === prefix);
}

/**
 * Registers the app for its scheme and listens for its URLs. Call at module load (before `ready`),
 * inside the single-instance branch. `onOpenUrl`: after a URL arrived by `open-url` (the window is
 * brought forward once the app is ready).
 */
export function listenForAppScheme(opts: { onOpenUrl?: () => void } = {}): AppSchemeLinks {
  let sink: ((url: string) => void) | null = null;
  const queued: string[] = [];
  const take = (url: string): void => {
    if (sink) return sink(url);
    queued.push(url);
    if (queued.length > QUEUE_LIMIT) queued.shift();
  };

  // A packaged app only: an unpackaged one would register the bare Electron binary in the
  // developer's registry (Windows), and has no .desktop file or Info.plist entry to be launched by
  // (Linux, macOS: "this feature will only work when your app is packaged"). A development build
  // signs in in the browser through the loopback port instead.
  if (app.isPackaged) app.setAsDefaultProtocolClient(APP_SCHEME);

  app.on('open-url', (event, url) => {
    event.preventDefault();
    take(url);
    opts.onOpenUrl?.();
  });

  return {
    fromArgv: (argv) => appSchemeUrlsIn(argv).forEach(take),
    deliverTo(next) {
      sink = next;
      queued.splice(0).forEach(next);
    },
  };
}
