/**
 * Finding and using the authorization server's revocation endpoint (`GrantRevocation`), against
 * small local servers: what discovery names is used (same origin only), a server that names none
 * means "the session ends when it expires" and nothing is sent, a failed discovery is not
 * remembered, and the revocation itself is RFC 7009's form post for the public client.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { GrantRevocation } from '../../main/core/current-api/revocation';

interface Hit {
  method: string;
  path: string;
  body: string;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

/** An authorization server whose metadata is `metadata(base)` (or `status` without a body). */
async function authServer(metadata: (base: string) => Record<string, unknown> | number) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', path: req.url ?? '', body });
      if (req.url === '/auth/.well-known/openid-configuration') {
        const meta = metadata(base);
        if (typeof meta === 'number') return void res.writeHead(meta).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(meta));
        return;
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer: `${base}/auth`, base, hits };
}

const credential = { kind: 'oauth' as const, accessToken: 'ory_at_a', refreshToken: 'ory_rt_r', expiresAt: null };

describe('GrantRevocation', () => {
  it('discovers the revocation endpoint once, then revokes the refresh token there with the client id', async () => {
    const as = await authServer((base) => ({
      issuer: `${base}/auth`,
      revocation_endpoint: `${base}/auth/oauth2/revoke`,
    }));
    const revocation = new GrantRevocation();
    expect(revocation.sessionEnd(as.issuer)).toBeNull();
    expect(await revocation.learn(as.issuer)).toBe(`${as.base}/auth/oauth2/revoke`);
    expect(revocation.sessionEnd(as.issuer)).toBe('revoked');
    expect(await revocation.revoke(as.issuer, 'app-1', credential)).toBe('revoked');
    expect(as.hits.map((h) => [h.method, h.path])).toEqual([
      ['GET', '/auth/.well-known/openid-configuration'],
      ['POST', '/auth/oauth2/revoke'],
    ]);
    expect(Object.fromEntries(new URLSearchParams(as.hits[1]!.body))).toEqual({
      token: 'ory_rt_r',
      token_type_hint: 'refresh_token',
      client_id: 'app-1',
    });
    // A login without a refresh token: its access token is what is revoked.
    await revocation.revoke(as.issuer, 'app-1', { ...credential, refreshToken: null });
    expect(Object.fromEntries(new URLSearchParams(as.hits[2]!.body))).toMatchObject({
      token: 'ory_at_a',
      token_type_hint: 'access_token',
    });
  });

  it('a server that names no revocation endpoint, or one on another origin: the session ends at expiry, nothing is sent', async () => {
    for (const meta of [
      (base: string) => ({ issuer: `${base}/auth` }),
      (base: string) => ({ issuer: `${base}/auth`, revocation_endpoint: 'http://localhost:9/revoke' }),
    ]) {
      const as = await authServer(meta);
      const revocation = new GrantRevocation();
      expect(await revocation.revoke(as.issuer, 'app-1', credential)).toBe('no_endpoint');
      expect(revocation.sessionEnd(as.issuer)).toBe('at_expiry');
      expect(as.hits.map((h) => h.method)).toEqual(['GET']);
    }
  });

  it('a failed discovery is not remembered: the next logout looks again', async () => {
    let status: number | null = 503;
    const as = await authServer(
      (base) => status ?? { issuer: `${base}/auth`, revocation_endpoint: `${base}/auth/oauth2/revoke` },
    );
    const revocation = new GrantRevocation();
    expect(await revocation.learn(as.issuer)).toBeNull();
    expect(revocation.sessionEnd(as.issuer)).toBeNull();
    status = null;
    expect(await revocation.revoke(as.issuer, 'app-1', credential)).toBe('revoked');
  });

  it('a configured endpoint wins over discovery (nothing discovered)', async () => {
    const as = await authServer(() => 404);
    const revocation = new GrantRevocation({ endpoints: { [as.issuer]: `${as.base}/custom/revoke` } });
    expect(revocation.sessionEnd(as.issuer)).toBe('revoked');
    expect(await revocation.revoke(as.issuer, 'app-1', credential)).toBe('revoked');
    expect(as.hits.map((h) => [h.method, h.path])).toEqual([['POST', '/custom/revoke']]);
  });

  it('a discovery that never answers is given up within the bound: nothing is revoked, the next logout looks again', async () => {
    let hold = true;
    const held: http.ServerResponse[] = [];
    const server = http.createServer((req, res) => {
      if (hold) return void held.push(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: `${base}/auth`, revocation_endpoint: `${base}/auth/oauth2/revoke` }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const revocation = new GrantRevocation({ timeoutMs: 300 });
    expect(await revocation.revoke(`${base}/auth`, 'app-1', credential)).toBe('no_endpoint');
    expect(held).toHaveLength(1);
    expect(revocation.sessionEnd(`${base}/auth`)).toBeNull();
    hold = false;
    server.closeAllConnections();
    expect(await revocation.learn(`${base}/auth`)).toBe(`${base}/auth/oauth2/revoke`);
  });
});
