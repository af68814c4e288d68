import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 that forwards every connection to `target`, optionally delaying each
 * chunk (tc's netem is not available on these machines). Order is kept per direction: a chunk is
 * never delivered before the one sent ahead of it, so a delay spike holds back what follows, as on
 * a real congested link. The relay never closes a side on its own: when the upstream goes silent
 * (the link is cut) the client's socket stays open and silent too. An upstream that fails or closes
 * ends the client's socket, as the peer's RST or FIN would.
 *
 * `stall()` makes the link silent without root or namespaces: every byte, both ways and on every
 * connection (new ones included: they connect, then hear nothing), is held back until `resume()`,
 * as TCP's retransmissions would deliver it once a cut link returns. Nothing is closed.
 */
export interface RelayOptions {
  target: { host: string; port: number };
  /** One-way delay for the next chunk, in ms; none by default. */
  delayMs?: () => number;
}

export interface Relay {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Hold back all traffic (a silent, half-open link); nothing is closed. */
  stall(): void;
  /** Deliver what was held and let traffic flow again. */
  resume(): void;
  close(): Promise<void>;
}

/** ~150 ms round trips with jitter, and now and then a 300 ms spike (one way). */
export function jitteryDelay(random: () => number = Math.random): () => number {
  return () => (random() < 0.05 ? 300 : 60 + random() * 30);
}

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const live = new Set<Socket>();
  const link: Link = { stalled: false, held: [] };
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(opts.target.port, opts.target.host);
    live.add(client);
    live.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      live.delete(client);
      live.delete(upstream);
    };
    pipeDelayed(client, upstream, opts.delayMs, end, link);
    pipeDelayed(upstream, client, opts.delayMs, end, link);
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    stall: () => {
      link.stalled = true;
    },
    resume: () => {
      link.stalled = false;
      for (const deliver of link.held.splice(0)) deliver();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of live) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Link {
  stalled: boolean;
  /** Deliveries held back while stalled, in arrival order. */
  held: (() => void)[];
}

function pipeDelayed(from: Socket, to: Socket, delayMs: (() => number) | undefined, end: () => void, link: Link): void {
  let lastDue = 0;
  from.on('data', (chunk: Buffer) => {
    if (link.stalled) {
      link.held.push(() => {
        if (!to.destroyed) to.write(chunk);
      });
      return;
    }
    if (!delayMs) {
      if (!to.destroyed) to.write(chunk);
      return;
    }
    const due = Math.max(lastDue, Date.now() + delayMs());
    lastDue = due;
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, due - Date.now());
  });
  // A half-close is passed on (after what was queued), never invented.
  from.on('end', () => {
    setTimeout(() => (to.destroyed ? end() : to.end()), Math.max(0, lastDue - Date.now()));
  });
}
