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
import { mimeTypeFor, resolveStaticPath } from '../../main/core/shell/static-files';
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

describe('security policy, exactly', () => {
  it('the production CSP, directive by directive', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; frame-src 'none'; " +
        "object-src 'none'",
    );
  });

  it('the development CSP: the dev server, its HMR socket (only the scheme rewritten) and inline code for React refresh', () => {
    expect(contentSecurityPolicy('http://localhost:5173')).toBe(
      "default-src 'none'; script-src 'self' http://localhost:5173 'unsafe-inline'; " +
        "style-src 'self' http://localhost:5173 'unsafe-inline'; img-src 'self' http://localhost:5173 data:; " +
        "font-src 'self' http://localhost:5173; connect-src 'self' http://localhost:5173 ws://localhost:5173; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; frame-src 'none'; object-src 'none'",
    );
    expect(directives(contentSecurityPolicy('https://dev.http.example:5173'))['connect-src']).toContain(
      'wss://dev.http.example:5173',
    );
  });

  it('unparsable or missing URLs are never external links, app pages or trusted senders (and never throw)', () => {
    for (const url of ['not a url', '', 'https://']) {
      expect(isAllowedExternalUrl(url)).toBe(false);
      expect(isAppUrl(url, APP_ORIGIN)).toBe(false);
    }
    expect(appOrigin('not a url')).toBe(APP_ORIGIN);
    expect(appOrigin('')).toBe(APP_ORIGIN);
    expect(isTrustedSender({ url: '', isMainFrame: true }, APP_ORIGIN)).toBe(false);
  });

  it('app:// origins are compared by scheme and host (the URL parser calls them "null")', () => {
    expect(isAppUrl('app://renderer:80/x', 'app://renderer')).toBe(false);
    expect(isAppUrl('app://RENDERER/x', 'app://renderer')).toBe(false); // non-special scheme: host kept as written
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
  });
});

describe('static files, exactly', () => {
  const root = '/opt/app/out/renderer';
  it('serves each kind of file with its type, whatever the case of its extension', () => {
    expect(mimeTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a/INDEX.HTML')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('x.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('x.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('x.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('x.json')).toBe('application/json; charset=utf-8');
    expect(mimeTypeFor('x.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('x.png')).toBe('image/png');
    expect(mimeTypeFor('x.ico')).toBe('image/x-icon');
    expect(mimeTypeFor('x.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('x.exe')).toBe('application/octet-stream');
    expect(mimeTypeFor('README')).toBe('application/octet-stream');
  });

  it('maps the bare origin to index.html and extra leading slashes to the root', () => {
    expect(resolveStaticPath(root, 'app://renderer', 'renderer')).toBe(`${root}/index.html`);
    expect(resolveStaticPath(root, 'app://renderer//assets//a.js', 'renderer')).toBe(`${root}/assets/a.js`);
  });

  it('refuses what is not a URL, bad percent-encoding, NUL bytes and the root folder itself', () => {
    expect(resolveStaticPath(root, 'not a url', 'renderer')).toBeNull();
    expect(resolveStaticPath(root, 'app://renderer/%E0%A4%A', 'renderer')).toBeNull();
    expect(resolveStaticPath(root, 'app://renderer/a%00.js', 'renderer')).toBeNull();
    expect(resolveStaticPath(root, 'app://renderer/a%2f..', 'renderer')).toBeNull();
  });
});
