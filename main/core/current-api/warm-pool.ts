import type { AccountSocket } from './account-socket';

/** Deriv's limit of concurrent sockets per user. */
export const MAX_SOCKETS_PER_USER = 5;

/**
 * The pool of account sockets (one `AccountSocket` per open account), least recently used first. The active account's socket is always in it;
 * beyond `size`, the least recently used other sockets are closed. Sizes are clamped to Deriv's
 * five sockets per user so the pool never asks the server for a sixth.
 */
export class WarmPool {
  private readonly sockets = new Map<string, AccountSocket>();
  private size: number;

  constructor(size: number) {
    this.size = WarmPool.clamp(size);
  }

  static clamp(size: number): number {
    return Number.isFinite(size) ? Math.min(MAX_SOCKETS_PER_USER, Math.max(1, Math.floor(size))) : 3;
  }

  get capacity(): number {
    return this.size;
  }

  get(id: string): AccountSocket | undefined {
    return this.sockets.get(id);
  }

  has(id: string): boolean {
    return this.sockets.has(id);
  }

  ids(): string[] {
    return [...this.sockets.keys()];
  }

  all(): AccountSocket[] {
    return [...this.sockets.values()];
  }

  /** Marks `id` as the most recently used. */
  touch(id: string): void {
    const s = this.sockets.get(id);
    if (!s) return;
    this.sockets.delete(id);
    this.sockets.set(id, s);
  }

  /**
   * Adds and starts an account's socket. Over Deriv's five sockets, the least recently used others
   * are closed first so the new one is never a sixth; otherwise only once the new one is open, so a
   * cold switch does not wait for a close. `keep`: the socket never closed (the active account's).
   */
  admit(socket: AccountSocket, keep: () => string | null): void {
    this.add(socket);
    socket.start();
    if (this.sockets.size > MAX_SOCKETS_PER_USER) this.trim(keep());
    else void socket.ready().then(() => this.trim(keep()));
  }

  add(socket: AccountSocket): void {
    this.sockets.delete(socket.accountId);
    this.sockets.set(socket.accountId, socket);
  }

  /** Removes and closes a socket. */
  remove(id: string): void {
    const s = this.sockets.get(id);
    if (!s) return;
    this.sockets.delete(id);
    s.close();
  }

  /** Closes least recently used sockets (never `keep`) until the pool fits `size`. */
  trim(keep: string | null, size = this.size): string[] {
    this.size = WarmPool.clamp(size);
    const closed: string[] = [];
    for (const id of [...this.sockets.keys()]) {
      if (this.sockets.size <= this.size) break;
      if (id === keep) continue;
      this.remove(id);
      closed.push(id);
    }
    return closed;
  }

  clear(): void {
    for (const id of [...this.sockets.keys()]) this.remove(id);
  }
}
