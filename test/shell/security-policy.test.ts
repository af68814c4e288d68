import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  APP_ORIGIN,
  appOrigin,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAppUrl,
  isTrustedSender,
} from '../../main/core/shell/security-policy';
import { resolveStaticPath } from '../../main/core/shell/static-files';
import { boundsToRestore } from '../../main/core/shell/window-bounds';

const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );

describe('Content-Security-Policy', () => {
  it('is strict in production: nothing inline, no eval, no network, nothing by default', () => {
    const d = directives(contentSecurityPolicy());
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['style-src']).toEqual(["'self'"]);
    expect(d['connect-src']).toEqual(["'none'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|\*/);
  });

  it('allows only the dev server (and its HMR socket) in development', () => {
    const d = directives(contentSecurityPolicy('http://localhost:5173'));
    expect(d['script-src']).toContain('http://localhost:5173');
    expect(d['connect-src']).toContain('ws://localhost:5173');
    expect(d['default-src']).toEqual(["'none'"]);
  });
});

describe('origins and navigation', () => {
  it('knows its own origin in production and development', () => {
    expect(appOrigin()).toBe('app://renderer');
    expect(appOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(isAppUrl('app://renderer/index.html#x', APP_ORIGIN)).toBe(true);
    expect(isAppUrl('app://renderer.evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('https://oauth.deriv.com/', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('not a url', APP_ORIGIN)).toBe(false);
  });

  it('hands only allow-listed https links to the system browser', () => {
    expect(isAllowedExternalUrl('https://api.deriv.com/dashboard')).toBe(true);
    expect(isAllowedExternalUrl('http://api.deriv.com/dashboard')).toBe(false);
    expect(isAllowedExternalUrl('https://api.deriv.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/?https://api.deriv.com')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
  });

  it('trusts only the top frame of the app page', () => {
    expect(isTrustedSender({ url: 'app://renderer/index.html', isMainFrame: true }, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender({ url: 'app://renderer/index.html', isMainFrame: false }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: undefined, isMainFrame: true }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false);
  });
});

describe('static files of app://', () => {
  const root = '/opt/app/out/renderer';
  it('maps paths inside the renderer folder', () => {
    expect(resolveStaticPath(root, 'app://renderer/', 'renderer')).toBe(`${root}/index.html`);
    expect(resolveStaticPath(root, 'app://renderer/assets/a.js', 'renderer')).toBe(`${root}/assets/a.js`);
  });
  it('refuses traversal, encoded separators, other hosts', () => {
    expect(resolveStaticPath(root, 'app://renderer/../../etc/passwd', 'renderer')).toBe(`${root}/etc/passwd`);
    // The URL parser folds encoded dots too, so this stays inside the root.
    expect(resolveStaticPath(root, 'app://renderer/%2e%2e/%2e%2e/etc/passwd', 'renderer')).toBe(`${root}/etc/passwd`);
    expect(resolveStaticPath(root, 'app://renderer/a%2f..%2f..%2f..%2fetc', 'renderer')).toBeNull();
    expect(resolveStaticPath(root, 'app://renderer/..%5c..%5cx', 'renderer')).toBeNull();
    expect(resolveStaticPath(root, 'app://other/index.html', 'renderer')).toBeNull();
  });
  it('never resolves outside the root, whatever the path', () => {
    fc.assert(
      fc.property(fc.string(), (path) => {
        const file = resolveStaticPath(root, `app://renderer/${path}`, 'renderer');
        if (file !== null) expect(file.startsWith(`${root}/`)).toBe(true);
      }),
    );
  });
});

describe('window bounds', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  it('restores saved bounds that are on a display', () => {
    const saved = { bounds: { x: 100, y: 100, width: 1000, height: 700 }, maximized: true };
    expect(boundsToRestore(saved, [display])).toEqual(saved);
  });
  it('falls back to the default when the saved display is gone, and never below the minimum', () => {
    expect(
      boundsToRestore({ bounds: { x: 5000, y: 0, width: 900, height: 700 }, maximized: false }, [display]).bounds,
    ).toEqual({
      width: 1100,
      height: 760,
    });
    expect(
      boundsToRestore({ bounds: { x: 0, y: 0, width: 200, height: 100 }, maximized: false }, [display]).bounds,
    ).toMatchObject({
      width: 800,
      height: 600,
    });
  });
});
