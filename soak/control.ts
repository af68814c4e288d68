/**
 * The sandbox's fault-injection API (`POST /__sandbox/<fault>`, `POST /__sandbox/current/<fault>`,
 * see sandbox/README.md), called over loopback HTTP with a connection of its own each time, so the
 * soak leaves no keep-alive socket behind that would blur the socket count.
 */
import { request } from 'node:http';

export async function control(httpUrl: string, path: string, body: Record<string, unknown> = {}): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${httpUrl}/__sandbox/${path}`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': data.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
