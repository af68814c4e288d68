import fs from 'node:fs';
import path from 'node:path';

import Conf from 'conf';
import { expect } from 'vitest';

import { confKeyValueStore } from '../../main/core/vault/kv-stores';
import type { SecretCipher, VaultNotice } from '../../main/core/vault/ports';
import { openStoreSafely } from '../../main/core/vault/store-recovery';
import { Vault } from '../../main/core/vault/vault';
import { type LogLine, recordingLogger } from '../support/logger';

export const STORE_NAME = 'accounts';

export function storePath(dir: string): string {
  return path.join(dir, `${STORE_NAME}.json`);
}

/** A real `conf` store — electron-store's engine — in `dir`, opened the way the app opens it. */
export function openConfStore(dir: string, clock?: () => number) {
  return openStoreSafely(
    () =>
      confKeyValueStore(
        new Conf<Record<string, unknown>>({
          cwd: dir,
          projectName: 'test',
          configName: STORE_NAME,
          configFileMode: 0o600,
          accessPropertiesByDotNotation: false,
        }),
      ),
    storePath(dir),
    clock ? { clock } : {},
  );
}

/** Opens store + vault on `dir` like an app start. */
export async function startApp(dir: string, cipher: SecretCipher, opts: { clock?: () => number } = {}) {
  const logger = recordingLogger();
  const { store, notices } = openConfStore(dir, opts.clock);
  const vault = await Vault.open({ store, cipher, notices, logger, ...(opts.clock ? { clock: opts.clock } : {}) });
  return { vault, store, logger };
}

/** A token shaped like Deriv's (`^[\w-]{1,128}$`), unique and easy to spot in a byte scan. */
let tokenCounter = 0;
export function makeToken(label = 'tok'): string {
  tokenCounter++;
  return `a1-${label}${tokenCounter}x${Math.random().toString(36).slice(2, 14)}`;
}

/** Every file in `dir`, raw bytes as latin1 (so any byte sequence is searchable). */
export function allFileBytes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (fs.statSync(p).isFile()) out.set(entry, fs.readFileSync(p).toString('latin1'));
  }
  return out;
}

/** Fails if any token appears in plain text in any file of `dir`. Returns how many files were scanned. */
export function expectNoTokenOnDisk(dir: string, tokens: string[]): number {
  const files = allFileBytes(dir);
  for (const [name, bytes] of files) {
    for (const token of tokens) {
      expect(bytes.includes(token), `token found in plain text in ${name}`).toBe(false);
    }
  }
  return files.size;
}

/** Fails if a token appears in anything the vault offers for display or logs. */
export function expectNoTokenInDisplay(
  vault: Vault,
  tokens: string[],
  extras: { notices?: VaultNotice[]; logLines?: LogLine[] } = {},
): void {
  const shown = JSON.stringify({
    persistence: vault.persistence(),
    notices: extras.notices ?? [],
    logs: extras.logLines ?? [],
  });
  for (const token of tokens) expect(shown.includes(token), 'token in display/log output').toBe(false);
}

export function readStoreJson(dir: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(storePath(dir), 'utf8')) as Record<string, unknown>;
}
