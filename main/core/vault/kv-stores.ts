/**
 * Two `KeyValueStore` implementations: one over a `conf` instance (electron-store is a `conf`
 * subclass, so the Electron adapter and the tests share it), and one in memory for when no file
 * can be opened at all.
 */
import type { KeyValueStore } from './ports';

/** The part of `conf` (and so of electron-store) the adapter needs, structurally. */
export interface ConfLike {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  clear(): void;
  store: Record<string, unknown>;
}

const INTERNAL_KEY = '__internal__';

export function confKeyValueStore(conf: ConfLike): KeyValueStore {
  return {
    path: conf.path,
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
    clear: () => conf.clear(),
    readAll: () => {
      const all: Record<string, unknown> = { ...conf.store };
      delete all[INTERNAL_KEY];
      return all;
    },
    // conf's `store` setter serialises the whole object and writes it with `atomically`
    // (temp file, fsync, rename): a crash leaves either the old or the new file, never half.
    replaceAll: (document) => {
      conf.store = structuredClone(document);
    },
  };
}

export class MemoryKeyValueStore implements KeyValueStore {
  readonly path = '';
  private data: Record<string, unknown> = {};

  get(key: string): unknown {
    return structuredClone(this.data[key]);
  }
  set(key: string, value: unknown): void {
    this.data[key] = structuredClone(value);
  }
  delete(key: string): void {
    delete this.data[key];
  }
  clear(): void {
    this.data = {};
  }
  readAll(): Record<string, unknown> {
    return structuredClone(this.data);
  }
  replaceAll(document: Record<string, unknown>): void {
    this.data = structuredClone(document);
  }
}
