import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';

export class BodyTooLarge extends Error {}

/** Reads a request body up to `limit` bytes (form posts and control calls are tiny). */
export async function readBody(req: IncomingMessage, limit = 16 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyTooLarge('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

// The pages load nothing from elsewhere; the CSP says so (no form-action: the redirect leaves the origin).
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'";

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/**
 * The `Host` values this server answers: this computer by name (127.0.0.1, localhost, [::1]) or the
 * IP address it is bound to, at its own port. DNS rebinding: a page on `http://evil.example:PORT`
 * whose name is re-pointed at 127.0.0.1 reaches this server as its own origin, and sends
 * `Host: evil.example:PORT` with a matching `Origin`, so comparing the two proves nothing; the name
 * in `Host` does. An IP literal cannot be rebound, and the demo runs inside the app, so every route
 * is guarded, not only the control ones.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-7.2 (Host)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.20 (421 Misdirected Request)
 */
export function allowedHosts(port: number, boundHost: string): ReadonlySet<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  if (isIP(boundHost) !== 0) names.push(isIP(boundHost) === 6 ? `[${boundHost}]` : boundHost);
  return new Set(names.map((name) => `${name.toLowerCase()}:${port}`));
}

/** Refuses (421) a request whose `Host` is not one of `hosts`; true when refused. */
export function refuseForeignHost(req: IncomingMessage, res: ServerResponse, hosts: ReadonlySet<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  if (host !== undefined && hosts.has(host)) return false;
  sendJson(res, 421, { error: 'this server answers only to 127.0.0.1, localhost or [::1] at its port' });
  return true;
}
