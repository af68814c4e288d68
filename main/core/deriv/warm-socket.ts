/**
 * A socket opened before the tokens are known (while the user is on the login page), so that login
 * costs only the authorize round trip. It belongs to no connection generation until the session
 * adopts it; until then it keeps itself alive (Deriv drops sockets idle for 2 minutes).
 */
import type { DerivConnection } from './connection';
import type { Clock } from './ports';

/** Whose events a socket's callbacks go to: the session re-points it when it adopts the socket. */
export interface SocketOwner {
  gen: number;
}

export interface WarmSocketDeps {
  /** Opens a socket whose events go to `owner.gen`. */
  open(owner: SocketOwner): Promise<DerivConnection>;
  clock: Clock;
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

interface Entry {
  owner: SocketOwner;
  opened: Promise<DerivConnection>;
  ready: Promise<void>;
  /** Set once open, so adoption can happen without waiting a tick. */
  conn: DerivConnection | null;
}

/** Generation of a socket nobody owns yet: no session event matches it. */
const UNOWNED = -1;

export class WarmSocket {
  private entry: Entry | null = null;
  private timer: unknown = null;

  constructor(private readonly deps: WarmSocketDeps) {}

  /** Opens one socket (once); resolves when it is open or could not be opened, never rejects. */
  open(): Promise<void> {
    if (this.entry === null) {
      const owner = { gen: UNOWNED };
      const opened = this.deps.open(owner);
      const entry: Entry = { owner, opened, ready: Promise.resolve(), conn: null };
      entry.ready = opened.then((conn) => {
        entry.conn = conn;
        return this.keepAlive(entry, conn);
      });
      this.entry = entry;
    }
    return this.entry.ready.then(
      () => undefined,
      () => undefined,
    );
  }

  /** The socket if it is open right now, adopted by generation `gen`; null otherwise (it stays). */
  adoptNow(gen: number): DerivConnection | null {
    const entry = this.entry;
    if (entry === null || entry.conn === null || !entry.conn.isOpen) return null;
    this.release();
    entry.owner.gen = gen;
    return entry.conn;
  }

  /** Waits for a socket still opening and adopts it if it opened; null when there is none. */
  async adopt(gen: number): Promise<DerivConnection | null> {
    const entry = this.entry;
    this.release();
    if (entry === null) return null;
    const conn = await entry.opened.catch(() => null);
    if (conn === null || !conn.isOpen) return null;
    entry.owner.gen = gen;
    return conn;
  }

  /** Closes an unadopted socket. */
  drop(): void {
    const entry = this.entry;
    this.release();
    entry?.opened.then(
      (c) => c.close(),
      () => undefined,
    );
  }

  private release(): void {
    this.entry = null;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async keepAlive(entry: Entry, conn: DerivConnection): Promise<void> {
    try {
      await conn.call('ping', { ping: 1 }, { timeoutMs: this.deps.pongTimeoutMs });
    } catch {
      // Only while still unadopted: once adopted, the session's own keep-alive decides.
      if (this.entry === entry) conn.terminate('pre-connect ping failed');
      return;
    }
    if (this.entry !== entry) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      if (this.entry === entry && conn.isOpen) void this.keepAlive(entry, conn);
    }, this.deps.pingIntervalMs);
  }
}
