/**
 * The HTTPS bounce page (bounce/desktop-login-bounce.html), its script run in a bare V8 context
 * with only what a browser gives it (`location`, `navigator.language`, the message element): it
 * forwards code, state, error and error_description to the app's loopback port or its own scheme,
 * named by the fixed-format tail of `state`, and to nothing else. Its CSP allows that script by
 * hash, and its `state` pattern is the core's (`BOUNCE_STATE_PATTERN`), so the two cannot drift.
 * In Chromium, hosted by a test server: test/e2e/browser-sign-in-redirects.test.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { APP_SCHEME, BOUNCE_CALLBACK_PATH, BOUNCE_PAGE_NAME, BOUNCE_STATE_PATTERN } from '../../main/core/model';
import { repoRoot } from '../packaging/electron-builder-internals';

const html = readFileSync(join(repoRoot, 'bounce', BOUNCE_PAGE_NAME), 'utf8');
const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
const script = scripts[0]![1]!;
const BASE = 'k3J9x0aQ7bV2nM5pR8sT1uW4yZ6cE0fG1hI2jK3lM4n';

/** Runs the page at `https://publisher.example/…/desktop-login-bounce.html?<query>`: where it went, what it said. */
function bounce(query: string, language = 'en-GB'): { went: string[]; message: string; lang: string } {
  const went: string[] = [];
  const message = { textContent: '' };
  const documentElement = { lang: 'en' };
  runInNewContext(script, {
    location: {
      search: `?${query}`,
      replace: (url: string) => went.push(url),
      assign: () => {
        throw new Error('the page must replace its history entry, not add one');
      },
    },
    navigator: { language },
    document: { documentElement, getElementById: (id: string) => (id === 'message' ? message : null) },
    URLSearchParams,
  });
  return { went, message: message.textContent, lang: documentElement.lang };
}

describe('the bounce page', () => {
  it('is one static file: one inline script, allowed by its hash and nothing else; no referrer, nothing fetched', () => {
    expect(scripts).toHaveLength(1);
    expect(html).not.toMatch(/<(link|img|iframe|form|style|object|embed)\b/i);
    expect(html).not.toMatch(/\bsrc=|\bhref=|\bon[a-z]+=/i);
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(csp).toBe(`default-src 'none'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
    expect(html).toContain('<meta name="referrer" content="no-referrer" />');
    expect(script).not.toMatch(/fetch|XMLHttpRequest|sendBeacon|WebSocket|postMessage|opener|cookie|Storage/);
  });

  it('checks state with the core’s pattern and forwards to the core’s loopback path and the app’s scheme', () => {
    expect(script).toContain(`var STATE = ${String(BOUNCE_STATE_PATTERN)};`);
    expect(script).toContain(`var SCHEME = '${APP_SCHEME}';`);
    expect(script).toContain(`var PATH = '${BOUNCE_CALLBACK_PATH}';`);
  });

  it('forwards the answer to the loopback port named in state, and only code, state, error, error_description', () => {
    const state = `${BASE}.p53124`;
    const out = bounce(
      `code=abc&state=${state}&iss=https%3A%2F%2Fauth.example&scope=x&redirect=https%3A%2F%2Fevil.example`,
    );
    expect(out.went).toEqual([`http://127.0.0.1:53124/callback?code=abc&state=${state}`]);
    expect(out.message).toBe('Returning to Deriv Desktop Login… You can close this tab once the app has opened.');
  });

  it('forwards an error answer (the trader denied) the same way', () => {
    const state = `${BASE}.p8080`;
    const out = bounce(`error=access_denied&error_description=The+user+denied&state=${state}`);
    expect(out.went).toEqual([
      `http://127.0.0.1:8080/callback?state=${state}&error=access_denied&error_description=The+user+denied`,
    ]);
  });

  it('forwards to the app’s own scheme for a state ending in .s (in French for a French browser)', () => {
    const out = bounce(`code=abc&state=${BASE}.s`, 'fr-FR');
    expect(out.went).toEqual([`${APP_SCHEME}:/callback?code=abc&state=${BASE}.s`]);
    expect(out.lang).toBe('fr');
    expect(out.message).toContain('Retour à Deriv Desktop Login');
  });

  it.each([
    ['no state', 'code=abc'],
    ['a state without a target', `code=abc&state=${BASE}`],
    ['two states', `code=abc&state=${BASE}.p8080&state=${BASE}.p9090`],
    ['a host instead of a port', `code=abc&state=${BASE}.hevil.example`],
    ['a URL as the target', `code=abc&state=${BASE}.https%3A%2F%2Fevil.example`],
    ['a port with a host after it', `code=abc&state=${BASE}.p8080@evil.example`],
    ['a port with a path after it', `code=abc&state=${BASE}.p8080%2F..%2Fx`],
    ['port 0', `code=abc&state=${BASE}.p0`],
    ['a port over 65535', `code=abc&state=${BASE}.p65536`],
    ['a leading zero', `code=abc&state=${BASE}.p08080`],
    ['another scheme', `code=abc&state=${BASE}.sevil`],
    ['a too short random part', `code=abc&state=short.p8080`],
    ['a character outside base64url', `code=abc&state=${BASE.slice(1)}%2B.p8080`],
  ])('goes nowhere for %s, and says so', (_name, query) => {
    const out = bounce(query);
    expect(out.went).toEqual([]);
    expect(out.message).toBe('This link does not lead back to Deriv Desktop Login. Start again from the app.');
  });

  it('drops a parameter given twice rather than choose one', () => {
    const state = `${BASE}.p8080`;
    expect(bounce(`code=a&code=b&state=${state}`).went).toEqual([`http://127.0.0.1:8080/callback?state=${state}`]);
  });

  it('the port range holds at its edges', () => {
    expect(bounce(`code=a&state=${BASE}.p1`).went).toHaveLength(1);
    expect(bounce(`code=a&state=${BASE}.p65535`).went).toHaveLength(1);
  });
});
