/**
 * The loopback redirect of a sign-in in the trader's browser (RFC 8252 §7.3): a one-shot HTTP
 * listener on `127.0.0.1` (the IP literal, never `localhost` and never every interface, §8.3), on a
 * port the system picks, at one path. It accepts exactly one request: a GET of that path whose
 * single `state` is this attempt's. That request is answered with a small page in the trader's
 * language (no script, a CSP that allows nothing) and ends the listener; anything else (another
 * path, another method, a missing or wrong `state`, a second request) is answered 400 and changes
 * nothing. The listener closes once answered, on abort, or when its attempt ends otherwise.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.3
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type Language, LOOPBACK_IP } from '../model';
import { failureFromSignal, LoginFailure } from './login-failure';

/** The only address the listener binds (RFC 8252 §8.3: the loopback IP literal, not "localhost"). */
export const LOOPBACK_HOST = LOOPBACK_IP;

const PAGE_WORDS: Record<Language, { title: string; text: string }> = {
  en: { title: 'Deriv Desktop Login', text: 'You can close this tab and return to the app.' },
  fr: { title: 'Deriv Desktop Login', text: 'Vous pouvez fermer cet onglet et revenir à l’application.' },
};

/** No script, no style, no frame, no form, nothing fetched: the page is only its text. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  // The address carries the (spent) code: no referrer, no cache.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port><path>`: the `redirect_uri` of this attempt's authorization request. */
  readonly redirectUrl: string;
  /** The `state` the one accepted request must carry. */
  readonly state: string;
  /** Resolves with the full URL of the one accepted request; rejects with the signal's failure. */
  readonly callback: Promise<string>;
  /** Stops listening and drops every connection (idempotent); resolves once the port is free. */
  close(): Promise<void>;
}

/**
 * Starts the listener for one attempt. `path` is the registered redirect URL's path (the server
 * compares it, any port allowed, §7.3); `state` the attempt's own, or made from the port the
 * system gave (the bounce page's target is in the state).
 */
export async function listenOnLoopback(opts: {
  path: string;
  state: string | ((port: number) => string);
  language: Language;
  signal: AbortSignal;
}): Promise<LoopbackRedirect> {
  if (opts.signal.aborted) throw failureFromSignal(opts.signal);
  let accept: (url: string) => void = () => undefined;
  let refuse: (error: Error) => void = () => undefined;
  const callback = new Promise<string>((resolve, reject) => {
    accept = resolve;
    refuse = reject;
  });
  callback.catch(() => undefined);
  let answered = false;
  let state: string | null = null;

  const server = createServer((req, res) => {
    if (answered || state === null || !isTheCallback(req, opts.path, state)) return badRequest(res);
    answered = true;
    const { port } = server.address() as AddressInfo;
    const url = `http://${LOOPBACK_HOST}:${port}${req.url ?? '/'}`;
    res.on('finish', () => void close());
    sendPage(res, opts.language);
    accept(url);
  });
  // Every answer says `connection: close`: no keep-alive holds a socket (or the port) open; and a
  // request that never finishes arriving is dropped.
  server.requestTimeout = 10_000;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      opts.signal.removeEventListener('abort', onAbort);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  const onAbort = (): void => {
    refuse(failureFromSignal(opts.signal));
    void close();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK_HOST, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(() => {
    throw new LoginFailure(
      'window_failed',
      'The app could not listen on this computer for the browser’s answer (127.0.0.1). Try again.',
    );
  });
  opts.signal.addEventListener('abort', onAbort, { once: true });
  if (opts.signal.aborted) onAbort();

  const { port } = server.address() as AddressInfo;
  state = typeof opts.state === 'string' ? opts.state : opts.state(port);
  return { redirectUrl: `http://${LOOPBACK_HOST}:${port}${opts.path}`, state, callback, close };
}

/** A GET of the one path, carrying exactly one `state`, equal to this attempt's. */
function isTheCallback(req: IncomingMessage, path: string, state: string): boolean {
  if (req.method !== 'GET' || !req.url?.startsWith('/')) return false;
  let url: URL;
  try {
    url = new URL(req.url, `http://${LOOPBACK_HOST}`);
  } catch {
    return false;
  }
  const states = url.searchParams.getAll('state');
  return url.pathname === path && states.length === 1 && states[0] === state;
}

function badRequest(res: ServerResponse): void {
  res.writeHead(400, { ...PAGE_HEADERS, 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end('Bad request');
}

function sendPage(res: ServerResponse, language: Language): void {
  const words = PAGE_WORDS[language];
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${words.title}</title></head><body><p>${words.text}</p></body></html>`;
  res.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', connection: 'close' });
  res.end(html);
}
