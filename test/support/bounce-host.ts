/**
 * The app's publisher hosting the HTTPS bounce page (bounce/desktop-login-bounce.html) on "any
 * static host": an HTTPS server on 127.0.0.1 with a throwaway self-signed certificate (made with
 * the `openssl` command at start; the journey's Chromium maps the host name to 127.0.0.1 and is
 * told to accept that certificate). It serves the file as shipped, with the headers the README asks
 * a host to add, and records every request (path and query) it got.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { BOUNCE_PAGE_NAME } from '../../main/core/model';
import { repoRoot } from '../packaging/electron-builder-internals';
import { makeTempDir, removeDir } from './temp-dir';

export interface BounceHost {
  /** The registered redirect URL: `https://<host>:<port>/deriv/desktop-login-bounce.html`. */
  readonly url: string;
  /** Every request the host got, as path + query. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startBounceHost(hostName: string): Promise<BounceHost> {
  const dir = makeTempDir('bounce-host-');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${hostName}`,
        '-addext',
        `subjectAltName=DNS:${hostName}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const page = readFileSync(join(repoRoot, 'bounce', BOUNCE_PAGE_NAME));
    const requests: string[] = [];
    const path = `/deriv/${BOUNCE_PAGE_NAME}`;
    const server: Server = createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (req, res) => {
        requests.push(req.url ?? '');
        if (req.method !== 'GET' || new URL(req.url ?? '/', 'https://x').pathname !== path) {
          res.writeHead(404, { connection: 'close' }).end();
          return;
        }
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "frame-ancestors 'none'",
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
          'x-content-type-options': 'nosniff',
          connection: 'close',
        });
        res.end(page);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `https://${hostName}:${port}${path}`,
      requests,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  } finally {
    removeDir(dir);
  }
}
