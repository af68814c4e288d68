import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';

/**
 * A TCP listener on 127.0.0.1 that answers nothing and records everything: the stand-in for another
 * program's server, to prove that the app sends it nothing (or to show what it would have received).
 * HTTP, WebSocket upgrades and TLS handshakes all arrive as bytes on a connection.
 */
export interface RecordingListener {
  port: number;
  /** `http://127.0.0.1:<port>` (and `ws://…` with `wsUrl`): an address the address rule accepts. */
  httpUrl: string;
  wsUrl: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Everything received, as text (latin1), across connections. */
  received(): string;
  close(): Promise<void>;
}

export async function startRecordingListener(): Promise<RecordingListener> {
  const live = new Set<Socket>();
  const chunks: Buffer[] = [];
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    live.add(socket);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => live.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/websockets/v3`,
    get accepted() {
      return accepted;
    },
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of live) s.destroy();
        server.close(() => resolve());
      }),
  };
}
