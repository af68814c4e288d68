/**
 * The app:// handler serves the built renderer with the production CSP, and nothing else. Requests
 * reach it as Chromium builds them for a standard scheme (host lowercased, dot segments resolved),
 * through the shared Electron fake.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { APP_HOST, contentSecurityPolicy } from '../../main/core/shell/security-policy';
import { resolveStaticPath } from '../../main/core/shell/static-files';
import { registerAppScheme, serveRenderer } from '../../main/electron/app-protocol';
import { app, fakeProtocolRequest, protocolWorld, resetElectronFake } from '../support/electron-fake';

const root = mkdtempSync(join(tmpdir(), 'renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'outside-the-renderer.txt'), 'secret');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  resetElectronFake();
  registerAppScheme(); // before ready, as Electron requires
  app.fakeReady();
  serveRenderer(root);
});

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme (never file://), before the app is ready', () => {
    expect(protocolWorld.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(() => registerAppScheme()).toThrow('before app is ready');
  });

  it('serves the renderer files with their type, the CSP and nosniff', async () => {
    const page = await fakeProtocolRequest('app://renderer/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>app</title>');
    const script = await fakeProtocolRequest('app://renderer/assets/index.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('serves a URL typed with another host case: Chromium delivers the host lowercased', async () => {
    for (const url of ['app://Renderer/index.html', 'app://RENDERER/assets/../index.html']) {
      expect((await fakeProtocolRequest(url)).status, url).toBe(200);
    }
  });

  it('matches hosts as Chromium canonicalises them, whatever the case of the expected host', () => {
    // The handler sees `app://renderer/…` even if the app's host constant were written `Renderer`.
    expect(resolveStaticPath(root, 'app://renderer/index.html', APP_HOST.toUpperCase())).toBe(join(root, 'index.html'));
  });

  it('answers 404 for missing files, other hosts and paths that leave the renderer folder', async () => {
    for (const url of [
      'app://renderer/missing.js',
      'app://elsewhere/index.html',
      'app://renderer/a%2f..%2f..%2foutside-the-renderer.txt',
      'app://renderer/%2e%2e/outside-the-renderer.txt',
    ]) {
      expect((await fakeProtocolRequest(url)).status, url).toBe(404);
    }
  });
});
