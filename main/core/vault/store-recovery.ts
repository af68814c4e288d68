/**
 * Opening the store without ever crashing on its file: a file that cannot be read or parsed is
 * moved aside next to itself (kept for the user, stamped with the time) and the app starts clean.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type Logger, silentLogger } from '../logger';
import { MemoryKeyValueStore } from './kv-stores';
import type { KeyValueStore, VaultNotice } from './ports';

/** `2026-11-22T06-50-00Z`: ISO-8601 to the second, with no characters that file systems refuse. */
export function fileStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

export interface MoveAsideResult {
  ok: boolean;
  /** Where the file now is (when ok). */
  asidePath: string | null;
}

/**
 * Renames `filePath` to `filePath.<label>-<stamp>` (adding `-1`, `-2` … if taken). A missing file
 * counts as moved (there is nothing to keep).
 */
export function moveAside(filePath: string, label: string, nowMs: number): MoveAsideResult {
  if (!fs.existsSync(filePath)) return { ok: true, asidePath: null };
  const base = `${filePath}.${label}-${fileStamp(nowMs)}`;
  for (let i = 0; i < 100; i++) {
    const candidate = i === 0 ? base : `${base}-${i}`;
    if (fs.existsSync(candidate)) continue;
    try {
      fs.renameSync(filePath, candidate);
      return { ok: true, asidePath: candidate };
    } catch {
      return { ok: false, asidePath: null };
    }
  }
  return { ok: false, asidePath: null };
}

/**
 * Files the store leaves next to itself: copies moved aside by `moveAside` and temp files of an
 * interrupted atomic write (`atomically` names them `<file>.tmp-<digits><hex>`). Both may hold
 * sealed tokens, so "forget everything" removes them too.
 */
export function siblingArtifacts(filePath: string): string[] {
  if (filePath === '') return [];
  const dir = path.dirname(filePath);
  const name = path.basename(filePath);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.startsWith(`${name}.`) && /^\.(corrupt|newer|tmp)-/.test(e.slice(name.length)))
    .map((e) => path.join(dir, e));
}

export interface SafeStoreResult {
  store: KeyValueStore;
  notices: VaultNotice[];
}

/**
 * Calls `factory` (which constructs electron-store / conf and so parses the file, throwing on
 * invalid JSON). On failure the file is moved aside and the factory is tried once more; if that
 * fails too, the app runs on a memory store and says that nothing will be saved.
 */
export function openStoreSafely(
  factory: () => KeyValueStore,
  filePath: string,
  opts: { clock?: () => number; logger?: Logger } = {},
): SafeStoreResult {
  const clock = opts.clock ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  try {
    return { store: factory(), notices: [] };
  } catch (error) {
    logger.warn('accounts store could not be opened', { path: filePath, error: errorName(error) });
  }
  const notices: VaultNotice[] = [];
  const moved = moveAside(filePath, 'corrupt', clock());
  if (moved.ok && moved.asidePath !== null) {
    notices.push(corruptNotice(moved.asidePath));
  }
  try {
    const store = factory();
    logger.info('accounts store reopened clean', { path: filePath, asidePath: moved.asidePath });
    return { store, notices };
  } catch (error) {
    logger.error('accounts store unavailable, using memory', { path: filePath, error: errorName(error) });
    notices.push({
      code: 'store_unavailable',
      level: 'error',
      params: { path: filePath },
    });
    return { store: new MemoryKeyValueStore(), notices };
  }
}

export function corruptNotice(asidePath: string): VaultNotice {
  return {
    code: 'store_corrupt',
    level: 'warning',
    params: { asidePath },
  };
}

/** Names an error without its message: messages of parse errors quote the file's content. */
export function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  return typeof error;
}

/**
 * Removes the copies moved aside and temp files of interrupted writes next to the store (they may
 * hold sealed tokens). Returns the ones that could not be removed (the caller says so).
 */
export async function removeSiblingArtifacts(storePath: string, log: Logger): Promise<string[]> {
  const kept: string[] = [];
  for (const file of siblingArtifacts(storePath)) {
    try {
      await fs.promises.rm(file, { force: true });
    } catch (error) {
      log.warn('could not remove a file next to the accounts store', { file, error: errorName(error) });
      kept.push(file);
    }
  }
  return kept;
}
