/**
 * v5 → v6: logins (grants) become first-class at rest. Each v5 current-API credential becomes a
 * grant with the same id, each legacy account's token a grant of its own; the account id is
 * `accountId`; where each grant's secret may go is recorded from the settings in force. Nothing is
 * lost and nothing is opened on the way: every sealed blob moves byte for byte, even one the
 * keyring can no longer open. Checked on the pure step, and on real files (from v5, v4 and v2) that
 * then go on to v7, where each secret is sealed with its destination (`migration-v7.test.ts`).
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { migrateV5toV6, readDocument, type V5Document } from '../../main/core/vault/migrations';
import type { StoredSettings } from '../../main/core/vault/schema';
import { AesCipher } from '../support/aes-cipher';
import { makeTempDir } from '../support/temp-dir';
import {
  expectNoTokenOnDisk,
  makeToken,
  openSealed,
  readStoreJson,
  restoreFlat,
  startApp,
  storedSettings,
  storePath,
} from './helpers';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const keyring = () => new AesCipher({ passphrase: 'keyring-v6' });
const writeStore = (doc: unknown) => fs.writeFileSync(storePath(dir), JSON.stringify(doc, null, '\t'));

const SETTINGS = storedSettings('current');

type V5Account = V5Document['accounts'][number];
const v5Account = (loginid: string, patch: Partial<V5Account> = {}): V5Account => ({
  loginid,
  api: 'legacy',
  credentialId: null,
  source: 'oauth',
  scopes: null,
  currency: 'USD',
  isVirtual: false,
  isDisabled: false,
  landingCompanyName: 'svg',
  accountType: 'trading',
  sealedToken: null,
  updatedAt: 7,
  ...patch,
});

/** A v5 file: two legacy accounts (one an API token), an OAuth login of two accounts, a PAT login. */
function v5(sealed: { cr: string; mf: string; refresh: string; pat: string }, settings: StoredSettings | null) {
  return {
    schemaVersion: 5 as const,
    accounts: [
      v5Account('CR1', { sealedToken: sealed.cr }),
      v5Account('MF2', { sealedToken: sealed.mf, source: 'api_token', scopes: ['read', 'trade'] }),
      v5Account('DOT3', { api: 'current', credentialId: 'cred-oauth', accountType: 'demo', isVirtual: true }),
      v5Account('ROT4', { api: 'current', credentialId: 'cred-oauth', accountType: 'real' }),
      v5Account('ROT5', { api: 'current', credentialId: 'cred-pat', source: 'api_token', accountType: 'real' }),
    ],
    credentials: [
      { id: 'cred-oauth', kind: 'oauth' as const, sealedSecret: sealed.refresh, appId: 'my-app.1', updatedAt: 11 },
      { id: 'cred-pat', kind: 'pat' as const, sealedSecret: sealed.pat, appId: '41234', updatedAt: 12 },
    ],
    activeLoginid: 'ROT4',
    settings,
    preferences: { hideBalances: true },
    plaintextConsent: null,
  };
}

/** Every sealed string in a file, in document order (v5: accounts then credentials; v6: grants). */
function sealedIn(doc: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string' && /^sealed|^[A-Z]+[0-9]+$/.test(key) && v.length > 0) found.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, ''));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(doc.accounts, 'accounts');
  walk(doc.credentials, 'credentials');
  walk(doc.grants, 'grants');
  return found;
}

describe('v5 → v6, the pure step', () => {
  const sealed = { cr: 'Y3I=', mf: 'bWY=', refresh: 'cmVm', pat: 'cGF0' };

  it('each credential is a grant (same id), each legacy account a grant of its own; blobs moved as they are', () => {
    const doc = migrateV5toV6(v5(sealed, SETTINGS));
    expect(doc.schemaVersion).toBe(6);
    expect(doc.grants).toEqual([
      {
        id: 'cred-oauth',
        api: 'current',
        source: 'oauth',
        destination: { appId: 'my-app.1', urls: ['https://api.derivws.com', 'https://auth.deriv.com'] },
        sealedSecret: sealed.refresh,
        updatedAt: 11,
      },
      {
        id: 'cred-pat',
        api: 'current',
        source: 'pat',
        destination: { appId: '41234', urls: ['https://api.derivws.com'] },
        sealedSecret: sealed.pat,
        updatedAt: 12,
      },
      // The settings speak the current API: where a legacy token may go is not known.
      {
        id: 'legacy-CR1',
        api: 'legacy',
        source: 'oauth',
        destination: { appId: '', urls: [] },
        sealedTokens: { CR1: sealed.cr },
        updatedAt: 7,
      },
      {
        id: 'legacy-MF2',
        api: 'legacy',
        source: 'api_token',
        destination: { appId: '', urls: [] },
        sealedTokens: { MF2: sealed.mf },
        updatedAt: 7,
      },
    ]);
    expect(doc.accounts.map((a) => [a.accountId, a.api, a.grantId, a.source, a.scopes])).toEqual([
      ['CR1', 'legacy', 'legacy-CR1', 'oauth', null],
      ['MF2', 'legacy', 'legacy-MF2', 'api_token', ['read', 'trade']],
      ['DOT3', 'current', 'cred-oauth', 'oauth', null],
      ['ROT4', 'current', 'cred-oauth', 'oauth', null],
      ['ROT5', 'current', 'cred-pat', 'api_token', null],
    ]);
    // The v5 names are gone at rest (`loginid`, `credentialId`); no per-account secret.
    expect(JSON.stringify(doc)).not.toMatch(/loginid|credentialId|sealedToken"|"credentials"/i);
    expect(doc.activeAccountId).toBe('ROT4');
    expect(doc.preferences).toEqual({ hideBalances: true });
    expect(sealedIn(doc).sort()).toEqual(Object.values(sealed).sort());
  });

  it('legacy settings give a legacy grant its socket and app id; no (or refused) settings leave it unknown', () => {
    const legacy = migrateV5toV6(v5(sealed, { ...SETTINGS, api: 'legacy' }));
    expect(legacy.grants.find((g) => g.id === 'legacy-CR1')!.destination).toEqual({
      appId: '1089',
      urls: ['wss://ws.derivws.com/websockets/v3'],
    });
    // The current grants keep their own app; their addresses are not the settings' API's.
    expect(legacy.grants.find((g) => g.id === 'cred-pat')!.destination).toEqual({ appId: '41234', urls: [] });
    const none = migrateV5toV6(v5(sealed, null));
    expect(none.grants.map((g) => g.destination.urls)).toEqual([[], [], [], []]);
    const refused = migrateV5toV6(v5(sealed, { ...SETTINGS, restUrl: 'http://api.example.com' }));
    expect(refused.grants.map((g) => g.destination.urls)).toEqual([[], [], [], []]);
  });

  it('readDocument lifts a v5 file and repairs it as v6 (a dangling credential id: the account needs a login)', () => {
    const raw = v5(sealed, SETTINGS);
    raw.accounts.push(v5Account('ROT6', { api: 'current', credentialId: 'gone' }));
    const read = readDocument(raw);
    expect(read).toMatchObject({ kind: 'ok', migratedFrom: 5, refusedSettings: null });
    if (read.kind !== 'ok') return;
    expect(read.doc.accounts.at(-1)).toMatchObject({ accountId: 'ROT6', grantId: null });
    expect(read.doc.grants).toHaveLength(4);
  });
});

/** Each grant's sealed blobs in a v8 file, opened: the secret with the API and destination sealed with it. */
async function openedGrants(doc: Record<string, unknown>) {
  const grants = doc.grants as ({ id: string; api: string; destination: unknown; bound: boolean } & (
    | { sealedTokens: Record<string, string | null> }
    | { sealedSecret: string | null }
  ))[];
  return Promise.all(
    grants.map(async (g) => {
      const blobs = ('sealedTokens' in g ? Object.values(g.sealedTokens) : [g.sealedSecret]).filter(
        (b): b is string => b !== null,
      );
      const opened = await Promise.all(blobs.map((b) => openSealed(keyring(), b)));
      return {
        id: g.id,
        bound: g.bound,
        sealedFor: opened.map((o) => [o.api, o.destination]),
        secrets: opened.map((o) => o.secret),
      };
    }),
  );
}

describe('v5 on a real file (through v6 and v7, to v8): nothing lost', () => {
  const secrets = () => ({
    cr: makeToken('cr'),
    mf: makeToken('mf'),
    refresh: makeToken('refresh'),
    pat: `pat_${'ab'.repeat(32)}`,
  });

  it('every secret stays on its grant, sealed now with its destination; the logins open as before; the file is v8', async () => {
    const plain = secrets();
    const cipher = keyring();
    const sealed = {
      cr: await cipher.encrypt(plain.cr),
      mf: await cipher.encrypt(plain.mf),
      refresh: await cipher.encrypt(plain.refresh),
      pat: await cipher.encrypt(plain.pat),
    };
    writeStore(v5(sealed, SETTINGS));

    const app = await startApp(dir, keyring());
    const restored = await app.vault.restore();
    const file = readStoreJson(dir);
    expect(file.schemaVersion).toBe(8);
    expect(sealedIn(file)).toHaveLength(4);
    expectNoTokenOnDisk(dir, Object.values(plain));
    expect(app.logger.lines.some((l) => l.message.includes('migrated') && l.fields?.from === 5)).toBe(true);
    // Each blob now holds its secret with its grant's API and destination (the settings in force:
    // the current API's; where the legacy tokens may go is not known, so they go nowhere).
    const current = ['https://api.derivws.com', 'https://auth.deriv.com'];
    expect(await openedGrants(file)).toEqual([
      {
        id: 'cred-oauth',
        bound: true,
        sealedFor: [['current', { appId: 'my-app.1', urls: current }]],
        secrets: [plain.refresh],
      },
      {
        id: 'cred-pat',
        bound: true,
        sealedFor: [['current', { appId: '41234', urls: [current[0]] }]],
        secrets: [plain.pat],
      },
      { id: 'legacy-CR1', bound: true, sealedFor: [['legacy', { appId: '', urls: [] }]], secrets: [plain.cr] },
      { id: 'legacy-MF2', bound: true, sealedFor: [['legacy', { appId: '', urls: [] }]], secrets: [plain.mf] },
    ]);

    // The logins as the app gets them: one grant per login, its secret in memory only.
    expect(restored.notices).toEqual([]);
    expect(restored.activeAccountId).toBe('ROT4');
    expect(restored.grants.map((g) => [g.id, g.api, g.source, g.accountIds, g.credential])).toEqual([
      [
        'cred-oauth',
        'current',
        'oauth',
        ['DOT3', 'ROT4'],
        { kind: 'oauth', accessToken: '', refreshToken: plain.refresh, expiresAt: 0 },
      ],
      ['cred-pat', 'current', 'pat', ['ROT5'], { kind: 'pat', token: plain.pat, appId: '41234' }],
      ['legacy-CR1', 'legacy', 'oauth', ['CR1'], { kind: 'tokens', tokens: { CR1: plain.cr } }],
      ['legacy-MF2', 'legacy', 'api_token', ['MF2'], { kind: 'tokens', tokens: { MF2: plain.mf } }],
    ]);
    expect(restored.accounts.map((a) => [a.accountId, a.grantId, a.problem])).toEqual([
      ['CR1', 'legacy-CR1', null],
      ['MF2', 'legacy-MF2', null],
      ['DOT3', 'cred-oauth', null],
      ['ROT4', 'cred-oauth', null],
      ['ROT5', 'cred-pat', null],
    ]);
    // A second start reads the v8 file as it is: the same blobs, no migration, no sealing again.
    const after = sealedIn(file);
    const again = await startApp(dir, keyring());
    expect((await again.vault.restore()).grants).toEqual(restored.grants);
    expect(sealedIn(readStoreJson(dir))).toEqual(after);
    expect(again.logger.lines.some((l) => l.message.includes('migrated'))).toBe(false);
  });

  it('blobs the keyring can no longer open are moved untouched: they open again when it returns, and are sealed with their destination then', async () => {
    const plain = secrets();
    const cipher = keyring();
    const sealed = {
      cr: await cipher.encrypt(plain.cr),
      mf: await cipher.encrypt(plain.mf),
      refresh: await cipher.encrypt(plain.refresh),
      pat: await cipher.encrypt(plain.pat),
    };
    writeStore(v5(sealed, SETTINGS));
    const before = sealedIn(readStoreJson(dir));

    const other = await startApp(dir, new AesCipher({ passphrase: 'another-keyring' }));
    const restored = await other.vault.restore();
    expect(restored.notices.map((n) => n.code)).toEqual(['token_decrypt_failed']);
    expect(restored.accounts.every((a) => a.problem === 'decrypt_failed')).toBe(true);
    expect(restored.grants.every((g) => g.credential === null)).toBe(true);
    const moved = readStoreJson(dir) as { schemaVersion: number; grants: { bound: boolean }[] };
    expect(moved.schemaVersion).toBe(8);
    expect(sealedIn(moved).sort()).toEqual(before.sort());
    // Not bound yet: their destination is sealed with them once they open.
    expect(moved.grants.map((g) => g.bound)).toEqual([false, false, false, false]);

    const back = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(back.accounts.map((a) => a.token ?? a.credential)).toEqual([
      plain.cr,
      plain.mf,
      { kind: 'oauth', accessToken: '', refreshToken: plain.refresh, expiresAt: 0 },
      { kind: 'oauth', accessToken: '', refreshToken: plain.refresh, expiresAt: 0 },
      { kind: 'pat', token: plain.pat, appId: '41234' },
    ]);
    const bound = await openedGrants(readStoreJson(dir));
    expect(bound.map((g) => [g.id, g.bound, g.secrets])).toEqual([
      ['cred-oauth', true, [plain.refresh]],
      ['cred-pat', true, [plain.pat]],
      ['legacy-CR1', true, [plain.cr]],
      ['legacy-MF2', true, [plain.mf]],
    ]);
    expectNoTokenOnDisk(dir, Object.values(plain));
  });

  it('from v4 and v2 too: each account a grant, each token sealed with the socket and app it may go to', async () => {
    const cipher = keyring();
    const tokens = [makeToken('v2a'), makeToken('v2b')];
    const blobs = [await cipher.encrypt(tokens[0]!), await cipher.encrypt(tokens[1]!)];
    writeStore({
      schemaVersion: 2,
      accounts: [
        { loginid: 'CR1', currency: 'USD', token: blobs[0] },
        { loginid: 'VRTC2', currency: 'USD', token: blobs[1] },
        { loginid: 'MF3', currency: 'EUR', token: null },
      ],
      activeLoginid: 'VRTC2',
      endpoint: {
        appId: '1089',
        wsUrl: 'wss://ws.derivws.com/websockets/v3',
        oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
        redirectUrl: 'https://example.com/redirect',
        language: 'en',
        issuer: 'https://oauth.deriv.com',
        flow: 'legacy',
      },
    });
    const restored = await (await startApp(dir, keyring())).vault.restore();
    const socket = { appId: '1089', urls: ['wss://ws.derivws.com/websockets/v3'] };
    expect((await openedGrants(readStoreJson(dir))).map((g) => [g.id, g.sealedFor, g.secrets])).toEqual([
      ['legacy-CR1', [['legacy', socket]], [tokens[0]]],
      ['legacy-VRTC2', [['legacy', socket]], [tokens[1]]],
      ['legacy-MF3', [], []],
    ]);
    // The settings in force (legacy, migrated with the file) say where the tokens may go.
    expect(restored.grants[0]!.destination).toEqual(socket);
    // An account whose token was never stored keeps its login, without a secret: it needs a login.
    expect(restored.grants.map((g) => g.credential === null)).toEqual([false, false, true]);
    expectNoTokenOnDisk(dir, tokens);
  });
});
