/** The app:// handler serves the built renderer with the production CSP, and nothing else. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
}));

vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => fake.handlers.set(scheme, handler),
  },
}));

const { registerAppScheme, serveRenderer } = await import('../../main/electron/app-protocol');
const { contentSecurityPolicy } = await import('../../main/core/shell/security-policy');

const root = mkdtempSync(join(tmpdir(), 'renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'outside-the-renderer.txt'), 'secret');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme (never file://)', () => {
    registerAppScheme();
    expect(fake.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer files with their type, the CSP and nosniff', async () => {
    serveRenderer(root);
    const handler = fake.handlers.get('app')!;
    const page = await handler(new Request('app://renderer/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>app</title>');
    const script = await handler(new Request('app://renderer/assets/index.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('answers 404 for missing files, other hosts and paths that leave the renderer folder', async () => {
    serveRenderer(root);
    const handler = fake.handlers.get('app')!;
    for (const url of [
      'app://renderer/missing.js',
      'app://elsewhere/index.html',
      'app://renderer/a%2f..%2f..%2foutside-the-renderer.txt',
    ]) {
      expect((await handler(new Request(url))).status, url).toBe(404);
    }
  });
});
