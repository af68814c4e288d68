/**
 * The accounts file: electron-store (`accounts.json` in the user-data folder), opened through the
 * core's `openStoreSafely` so that a damaged file is moved aside instead of crashing the start.
 */
import path from 'node:path';

import { app } from 'electron';
import Store from 'electron-store';

import type { Logger } from '../core/logger';
import { confKeyValueStore } from '../core/vault/kv-stores';
import { openStoreSafely, type SafeStoreResult } from '../core/vault/store-recovery';

export const ACCOUNTS_STORE_NAME = 'accounts';

export function openAccountsStore(opts: { logger?: Logger; cwd?: string } = {}): SafeStoreResult {
  const cwd = opts.cwd ?? app.getPath('userData');
  const filePath = path.join(cwd, `${ACCOUNTS_STORE_NAME}.json`);
  return openStoreSafely(
    () =>
      confKeyValueStore(
        new Store<Record<string, unknown>>({
          name: ACCOUNTS_STORE_NAME,
          cwd,
          // Owner-only: the file holds sealed tokens.
          configFileMode: 0o600,
          // Our keys have no dots, and the vault validates the document itself (zod).
          accessPropertiesByDotNotation: false,
          clearInvalidConfig: false,
          watch: false,
        }),
      ),
    filePath,
    opts.logger ? { logger: opts.logger } : {},
  );
}
