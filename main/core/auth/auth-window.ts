/**
 * The port through which the core shows the provider's login page. The Electron adapter
 * (`main/electron/auth-window.ts`) implements it with a BrowserWindow; tests use a real Chromium
 * page (`test/support/chromium-auth-window.ts`).
 */
export interface AuthWindow {
  /**
   * Open `url`; resolve with the full URL of the first request whose origin+path equal
   * `redirectUrl`'s (that request is stopped, it never leaves the machine). Reject with a
   * LoginFailure at once, never by leaving a blank window up until the timeout: 'cancelled' when the
   * user closes the window, 'network_error' on a main-frame load failure, 'blocked_navigation' when
   * the provider sends the window to a foreign origin, 'window_failed' when the window cannot be set
   * up, 'timeout'/'cancelled' via the signal. Always closes/cleans up its window. The window
   * saves nothing a page tries to download and presents no TLS client certificate.
   */
  open(url: string, redirectUrl: string, signal: AbortSignal): Promise<string>;
}
