/**
 * The loopback redirect listener of a sign-in in the browser (RFC 8252 §7.3), over real sockets:
 * one request, of one path, with this attempt's `state`; anything else 400 and nothing changes;
 * only 127.0.0.1; closed once answered or aborted.
 */
import { request } from 'node:http';
import { connect } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { LoginFailure } from '../../main/core/auth/login-failure';
import { listenOnLoopback, type LoopbackRedirect } from '../../main/core/auth/loopback';

const STATE = 'state-of-this-attempt';
const open: LoopbackRedirect[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

async function listen(language: 'en' | 'fr' = 'en', signal = new AbortController().signal) {
  const listener = await listenOnLoopback({ path: '/redirect', state: STATE, language, signal });
  open.push(listener);
  return listener;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request on its own connection (no keep-alive), to `host` (127.0.0.1 unless told). */
function get(url: string, opts: { method?: string; host?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: opts.host ?? target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: opts.method ?? 'GET',
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const portOf = (l: LoopbackRedirect) => Number(new URL(l.redirectUrl).port);
const settled = (p: Promise<unknown>) =>
  Promise.race([
    p.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise((r) => setImmediate(() => r('pending'))),
  ]);

describe('the loopback redirect listener', () => {
  it('listens on 127.0.0.1 at an ephemeral port and the registered path', async () => {
    const listener = await listen();
    const url = new URL(listener.redirectUrl);
    expect(url.protocol).toBe('http:');
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/redirect');
    expect(portOf(listener)).toBeGreaterThan(1023);
    const second = await listen();
    expect(portOf(second)).not.toBe(portOf(listener));
  });

  it('accepts the one request with this state: the full URL back, a small page with no script under a strict CSP, then closes', async () => {
    const listener = await listen();
    const callback = `${listener.redirectUrl}?code=the-code&state=${STATE}`;
    const answer = await get(callback);
    expect(answer.status).toBe(200);
    expect(await listener.callback).toBe(callback);
    expect(answer.body).toContain('You can close this tab and return to the app.');
    expect(answer.body).toContain('<html lang="en">');
    expect(answer.body).not.toMatch(/<script|<style|<form|<img|<iframe|the-code/i);
    expect(answer.headers['content-security-policy']).toBe(
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['cache-control']).toBe('no-store');
    await expect.poll(() => accepts('127.0.0.1', portOf(listener))).toBe(false);
  });

  it('answers in the trader’s language', async () => {
    const listener = await listen('fr');
    const answer = await get(`${listener.redirectUrl}?code=c&state=${STATE}`);
    expect(answer.body).toContain('<html lang="fr">');
    expect(answer.body).toContain('Vous pouvez fermer cet onglet et revenir à l’application.');
  });

  it('a second request is never accepted, even with the right state', async () => {
    const listener = await listen();
    // Both on their own connections, sent together: only the first is the answer.
    const [first, second] = await Promise.allSettled([
      get(`${listener.redirectUrl}?code=first&state=${STATE}`),
      get(`${listener.redirectUrl}?code=second&state=${STATE}`),
    ]);
    expect(first.status === 'fulfilled' && first.value.status).toBe(200);
    expect(await listener.callback).toBe(`${listener.redirectUrl}?code=first&state=${STATE}`);
    // Answered 400, or refused outright once the listener closed: never a second 200.
    expect(second.status === 'rejected' || second.value.status === 400).toBe(true);
    const late = await get(`${listener.redirectUrl}?code=third&state=${STATE}`).then(
      (a) => a.status,
      () => 'refused',
    );
    expect(late).toBe('refused');
  });

  it('a wrong, missing or repeated state gets 400 and changes nothing: the right one is still accepted', async () => {
    const listener = await listen();
    for (const query of [
      '?code=c&state=another-attempt',
      '?code=c',
      '?error=access_denied',
      `?code=c&state=${STATE}&state=${STATE}`,
      `?code=c&state=${STATE}x`,
    ]) {
      const answer = await get(`${listener.redirectUrl}${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body).not.toContain('close this tab');
    }
    expect(await settled(listener.callback)).toBe('pending');
    const good = await get(`${listener.redirectUrl}?error=access_denied&state=${STATE}`);
    expect(good.status).toBe(200);
    expect(await listener.callback).toContain('error=access_denied');
  });

  it('a request on another path, or not a GET, gets 400 and changes nothing', async () => {
    const listener = await listen();
    const origin = new URL(listener.redirectUrl).origin;
    for (const path of ['/', '/redirect/', '/redirectx', '/redirect/more', '/REDIRECT', '/favicon.ico']) {
      const answer = await get(`${origin}${path}?code=c&state=${STATE}`);
      expect(answer.status, path).toBe(400);
    }
    const post = await get(`${listener.redirectUrl}?code=c&state=${STATE}`, { method: 'POST' });
    expect(post.status).toBe(400);
    expect(await settled(listener.callback)).toBe('pending');
    expect((await get(`${listener.redirectUrl}?code=c&state=${STATE}`)).status).toBe(200);
  });

  it('is not reachable on any other address: not 127.0.0.2 (another loopback address), not ::1', async () => {
    const listener = await listen();
    const port = portOf(listener);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    // Bound to 0.0.0.0 (or ::), these would connect: every 127/8 address reaches the host.
    expect(await accepts('127.0.0.2', port)).toBe(false);
    expect(await accepts('::1', port)).toBe(false);
  });

  it('an abort rejects with its failure and frees the port; closing twice is harmless', async () => {
    const controller = new AbortController();
    const listener = await listen('en', controller.signal);
    const port = portOf(listener);
    controller.abort(new LoginFailure('timeout'));
    const error = await listener.callback.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoginFailure);
    expect((error as LoginFailure).code).toBe('timeout');
    await listener.close();
    await listener.close();
    expect(await accepts('127.0.0.1', port)).toBe(false);
  });

  it('an already aborted signal opens no listener', async () => {
    const controller = new AbortController();
    controller.abort(new LoginFailure('cancelled'));
    await expect(
      listenOnLoopback({ path: '/redirect', state: STATE, language: 'en', signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });
});
