/**
 * The shell's security rules as pure functions, so they are tested without Electron and the
 * adapters in main/electron only wire them up.
 */

/** Links the app may open in the system browser (checked in main, by origin). */
export const EXTERNAL_LINK_ORIGINS = [
  'https://api.deriv.com',
  'https://developers.deriv.com',
  'https://app.deriv.com',
  'https://deriv.com',
  'https://www.deriv.com',
] as const;

/** The privileged scheme the built UI is served from in production (never `file://`). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Content-Security-Policy for the main window. The renderer talks to nothing but main (over IPC),
 * so it needs no network at all in production. Development adds what the Vite dev server needs:
 * its origin, its HMR socket and the inline React-refresh preamble.
 */
export function contentSecurityPolicy(devServerOrigin?: string): string {
  const self = devServerOrigin ? `'self' ${devServerOrigin}` : "'self'";
  const hmr = devServerOrigin ? ` ${devServerOrigin.replace(/^http/, 'ws')}` : '';
  const directives = [
    "default-src 'none'",
    `script-src ${self}${devServerOrigin ? " 'unsafe-inline'" : ''}`,
    `style-src ${self}${devServerOrigin ? " 'unsafe-inline'" : ''}`,
    `img-src ${self} data:`,
    `font-src ${self}`,
    `connect-src ${devServerOrigin ? `${self}${hmr}` : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "object-src 'none'",
  ];
  return directives.join('; ');
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // Non-special schemes (app://) give origin "null"; rebuild it from protocol and host.
    return parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return null;
  }
}

/** The origin the app's own page is loaded from: the dev server in development, app:// otherwise. */
export function appOrigin(devServerUrl?: string): string {
  return (devServerUrl && originOf(devServerUrl)) || APP_ORIGIN;
}

/** True for URLs of the app's own page; `will-navigate` allows nothing else. */
export function isAppUrl(url: string, origin: string): boolean {
  return originOf(url) === origin;
}

/** Links that may be handed to the system browser: https, on an allow-listed origin. */
export function isAllowedExternalUrl(url: string): boolean {
  const origin = originOf(url);
  return (
    origin !== null && origin.startsWith('https://') && (EXTERNAL_LINK_ORIGINS as readonly string[]).includes(origin)
  );
}

export interface SenderFrame {
  url: string | undefined;
  /** False for iframes: only the app's top frame may send commands. */
  isMainFrame: boolean;
}

/** An IPC message is acted on only when it comes from the app's own top-level page. */
export function isTrustedSender(frame: SenderFrame | null, origin: string): boolean {
  return frame !== null && frame.isMainFrame && frame.url !== undefined && isAppUrl(frame.url, origin);
}
