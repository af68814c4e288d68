import fs from 'node:fs';
import path from 'node:path';

import Conf from 'conf';
import { expect } from 'vitest';

import type { Credential } from '../../main/core/backend/port';
import { confKeyValueStore } from '../../main/core/vault/kv-stores';
import type { SecretCipher, VaultNotice } from '../../main/core/vault/ports';
import type { GrantAccountInput, StoredSettings } from '../../main/core/vault/schema';
import { openStoreSafely } from '../../main/core/vault/store-recovery';
import { type RestoredAccount, type RestoreResult, Vault } from '../../main/core/vault/vault';
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

/** Where the sample grants' secrets may go (the sample settings' socket and app). */
/** Stored settings as a store file holds them: Deriv's production addresses, for the API given. */
export function storedSettings(api: StoredSettings['api'], patch: Partial<StoredSettings> = {}): StoredSettings {
  return {
    mode: 'deriv',
    api,
    appId: '1089',
    wsUrl: 'wss://ws.derivws.com/websockets/v3',
    oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
    redirectUrl: 'https://example.com/redirect',
    issuer: 'https://oauth.deriv.com',
    flow: 'legacy',
    authServerUrl: 'https://auth.deriv.com',
    restUrl: 'https://api.derivws.com',
    clientId: 'my-app.1',
    clientRedirectUrl: 'https://example.com/callback',
    language: 'en',
    ...patch,
  };
}

export const SAMPLE_DESTINATION = { appId: '1089', urls: ['wss://ws.derivws.com/websockets/v3'] };

export interface LegacyAccountInput extends GrantAccountInput {
  token: string;
  /** Absent: an OAuth login. */
  source?: 'oauth' | 'api_token';
}

let grantCounter = 0;
/** A fresh grant id, as the app makes them (random, never derived from a secret). */
export function grantId(label = 'g'): string {
  grantCounter++;
  return `${label}-${grantCounter}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Saves legacy accounts as the app does after a login: the OAuth ones as one grant with a token
 * each, each API token as a grant of its own. Returns the grant ids (OAuth grant first).
 */
export async function saveLegacy(vault: Vault, accounts: LegacyAccountInput[]): Promise<string[]> {
  const oauth = accounts.filter((a) => (a.source ?? 'oauth') === 'oauth');
  const pasted = accounts.filter((a) => a.source === 'api_token');
  const ids: string[] = [];
  const save = async (source: 'oauth' | 'api_token', group: LegacyAccountInput[]) => {
    const id = grantId(source === 'oauth' ? 'login' : 'token');
    ids.push(id);
    const tokens = Object.fromEntries(group.map((a) => [a.accountId, a.token]));
    await vault.saveGrant(
      { id, api: 'legacy', source, destination: SAMPLE_DESTINATION, credential: { kind: 'tokens', tokens } },
      group.map(({ token: _token, source: _source, ...account }) => account),
    );
  };
  if (oauth.length > 0) await save('oauth', oauth);
  for (const a of pasted) await save('api_token', [a]);
  return ids;
}

/**
 * The restored accounts with what opens each: a legacy account's own token (`token`), a current
 * account's grant credential (`credential`); `grantId` left out (random).
 */
export type AccountWithSecret = Omit<RestoredAccount, 'grantId'> & {
  token?: string | null;
  credential?: Credential | null;
};

export function withSecrets(restored: RestoreResult): AccountWithSecret[] {
  return restored.accounts.map(({ grantId: id, ...account }): AccountWithSecret => {
    const grant = restored.grants.find((g) => g.id === id);
    if (account.api === 'legacy') {
      const token = grant?.credential?.kind === 'tokens' ? (grant.credential.tokens[account.accountId] ?? null) : null;
      return { ...account, token };
    }
    return { ...account, credential: grant?.credential ?? null };
  });
}

/** `vault.restore()`, with the accounts as `withSecrets` gives them. */
export async function restoreFlat(vault: Vault) {
  const restored = await vault.restore();
  return { ...restored, accounts: withSecrets(restored) };
}

export { openSealed, sealedAccounts, type SealedPayload } from '../support/store-file';
