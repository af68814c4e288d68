/**
 * The private-use URI scheme redirect of a sign-in in the trader's browser (RFC 8252 §7.1): the
 * browser hands `com.derivdesktop.login:/…?code=…&state=…` to the OS, which hands it to the app
 * (a second instance's `argv` on Windows and Linux, `open-url` on macOS: main/electron/app-scheme.ts).
 * Any program on the computer can open such a URL, so nothing is taken on trust: one pending
 * login accepts exactly one callback, of its path and carrying exactly one `state`, its own; any
 * other delivery (no login waiting, another path or scheme, a wrong, missing or repeated `state`,
 * a second callback) is dropped and changes nothing. The code it carries is still bound to the
 * attempt's PKCE verifier (RFC 8252 §8.1), which never leaves main.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.1
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.1
 */
import { APP_SCHEME } from '../model';
import { failureFromSignal, LoginFailure } from './login-failure';

interface Pending {
  path: string;
  state: string;
  accept(url: string): void;
  /** Replaced by a newer attempt. */
  supersede(): void;
}

export class SchemeCallbacks {
  private pending: Pending | null = null;

  /**
   * Waits for the one callback of an attempt: `path` is the registered redirect URL's, `state` the
   * attempt's own. Rejects with the signal's failure on abort. A newer attempt replaces an older
   * one still waiting (a cancelled login whose `finally` has not run yet): the older is cancelled.
   */
  expect(opts: { path: string; state: string; signal: AbortSignal }): { callback: Promise<string>; close(): void } {
    const { signal } = opts;
    let settle: { accept(url: string): void; refuse(error: Error): void } = {
      accept: () => undefined,
      refuse: () => undefined,
    };
    const callback = new Promise<string>((resolve, reject) => (settle = { accept: resolve, refuse: reject }));
    callback.catch(() => undefined);
    if (signal.aborted) {
      settle.refuse(failureFromSignal(signal));
      return { callback, close: () => undefined };
    }
    const pending: Pending = {
      path: opts.path,
      state: opts.state,
      accept: (url) => {
        close();
        settle.accept(url);
      },
      supersede: () => {
        close();
        settle.refuse(new LoginFailure('cancelled'));
      },
    };
    const onAbort = (): void => {
      close();
      settle.refuse(failureFromSignal(signal));
    };
    const close = (): void => {
      signal.removeEventListener('abort', onAbort);
      if (this.pending === pending) this.pending = null;
    };
    this.pending?.supersede();
    this.pending = pending;
    signal.addEventListener('abort', onAbort, { once: true });
    return { callback, close };
  }

  /**
   * A URL the OS handed the app (whatever its origin). True when it was the pending login's
   * callback and is now its answer; false when it was dropped.
   */
  deliver(url: string): boolean {
    const pending = this.pending;
    if (!pending || !isCallbackOf(url, pending.path, pending.state)) return false;
    pending.accept(url);
    return true;
  }

  /** Whether a login waits for a callback (for tests and the leak checks: nothing stays behind). */
  get waiting(): boolean {
    return this.pending !== null;
  }
}

/** A URL of the app's scheme, of exactly `path`, carrying exactly one `state`, equal to `state`. */
function isCallbackOf(candidate: string, path: string, state: string): boolean {
  if (!URL.canParse(candidate)) return false;
  const url = new URL(candidate);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== '' || url.username || url.password) return false;
  const states = url.searchParams.getAll('state');
  return url.pathname === path && states.length === 1 && states[0] === state;
}
