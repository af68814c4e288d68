/**
 * v6 → v7: each sealed secret holds where it may be sent. The pure step records each grant's
 * destination as the settings in force give it and marks it not yet bound; the vault then opens
 * each secret once and seals it again together with its API and destination. Nothing is lost: a
 * secret the keyring cannot open now stays as it was, and is bound when it opens. Once bound, the
 * destination cannot be edited in the file: a secret sealed for another API or destination than
 * the file names for its grant, or one sealed alone in a grant that says it is bound, is not used.
 * Checked on the pure step and on real files, with a real AES cipher and the bytes on disk scanned.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { migrateV6toV7, readDocument, type V6Document } from '../../main/core/vault/migrations';
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

const keyring = () => new AesCipher({ passphrase: 'keyring-v7' });
const writeStore = (doc: unknown) => fs.writeFileSync(storePath(dir), JSON.stringify(doc, null, '\t'));

const LEGACY = storedSettings('legacy');
const CURRENT: StoredSettings = { ...LEGACY, api: 'current' };
const SOCKET = { appId: '1089', urls: [LEGACY.wsUrl] };

type V6Grant = V6Document['grants'][number];
const account = (accountId: string, api: 'legacy' | 'current', grantId: string) => ({
  accountId,
  api,
  grantId,
  currency: 'USD',
  isVirtual: false,
  isDisabled: false,
  landingCompanyName: null,
  accountType: null,
  source: 'oauth' as const,
  scopes: null,
});

/** A v6 file: a legacy OAuth login of two accounts, a current-API OAuth login and a PAT login. */
function v6(
  sealed: { cr: string | null; mf: string | null; refresh: string; pat: string },
  settings: StoredSettings | null,
) {
  const grants: V6Grant[] = [
    {
      id: 'g-legacy',
      api: 'legacy',
      source: 'oauth',
      destination: SOCKET,
      sealedTokens: { CR1: sealed.cr, MF2: sealed.mf },
      updatedAt: 3,
    },
    {
      id: 'g-oauth',
      api: 'current',
      source: 'oauth',
      destination: { appId: 'my-app.1', urls: [CURRENT.restUrl, CURRENT.authServerUrl] },
      sealedSecret: sealed.refresh,
      updatedAt: 4,
    },
    {
      id: 'g-pat',
      api: 'current',
      source: 'pat',
      destination: { appId: '41234', urls: [CURRENT.restUrl] },
      sealedSecret: sealed.pat,
      updatedAt: 5,
    },
  ];
  return {
    schemaVersion: 6 as const,
    grants,
    accounts: [
      account('CR1', 'legacy', 'g-legacy'),
      account('MF2', 'legacy', 'g-legacy'),
      account('DOT3', 'current', 'g-oauth'),
      { ...account('ROT4', 'current', 'g-pat'), source: 'api_token' as const },
    ],
    activeAccountId: 'DOT3',
    settings,
    preferences: { hideBalances: true },
    plaintextConsent: null,
  };
}

const secrets = () => ({
  cr: makeToken('cr'),
  mf: makeToken('mf'),
  refresh: makeToken('refresh'),
  pat: `pat_${'cd'.repeat(32)}`,
});

/** Sealed as a v6 app sealed them: each secret alone. */
async function sealedAlone(plain: ReturnType<typeof secrets>) {
  const cipher = keyring();
  return {
    cr: await cipher.encrypt(plain.cr),
    mf: await cipher.encrypt(plain.mf),
    refresh: await cipher.encrypt(plain.refresh),
    pat: await cipher.encrypt(plain.pat),
  };
}

interface FileGrant {
  id: string;
  api: string;
  bound: boolean;
  destination: { demo?: true; appId: string; urls: string[] };
  sealedTokens?: Record<string, string | null>;
  sealedSecret?: string | null;
}
const fileGrants = () => (readStoreJson(dir) as { grants: FileGrant[] }).grants;
const blobsOf = (g: FileGrant) =>
  (g.sealedTokens ? Object.values(g.sealedTokens) : [g.sealedSecret ?? null]).filter((b): b is string => b !== null);

describe('v6 → v7, the pure step', () => {
  const sealed = { cr: 'Y3I=', mf: 'bWY=', refresh: 'cmVm', pat: 'cGF0' };

  it("records each grant's destination from the settings in force, marks it not bound, moves every blob as it is", () => {
    const doc = migrateV6toV7(v6(sealed, CURRENT));
    expect(doc.schemaVersion).toBe(7);
    expect(doc.grants.map((g) => [g.id, g.destination, g.bound])).toEqual([
      // The other API's login keeps what v6 recorded (it goes nowhere with these settings).
      ['g-legacy', SOCKET, false],
      ['g-oauth', { appId: 'my-app.1', urls: [CURRENT.restUrl, CURRENT.authServerUrl] }, false],
      ['g-pat', { appId: '41234', urls: [CURRENT.restUrl] }, false],
    ]);
    expect(JSON.stringify(doc.grants)).toContain(sealed.cr);
    expect(doc.grants.flatMap((g) => (g.api === 'legacy' ? Object.values(g.sealedTokens) : [g.sealedSecret]))).toEqual([
      sealed.cr,
      sealed.mf,
      sealed.refresh,
      sealed.pat,
    ]);
    expect(doc.accounts).toEqual(v6(sealed, CURRENT).accounts);
    expect(doc.preferences).toEqual({ hideBalances: true });
  });

  it('demo mode records the sandbox as such; refused or no settings keep what v6 recorded', () => {
    const demo = migrateV6toV7(v6(sealed, { ...LEGACY, mode: 'demo', wsUrl: 'ws://127.0.0.1:40123/websockets/v3' }));
    expect(demo.grants[0]!.destination).toEqual({
      demo: true,
      appId: '1089',
      urls: ['ws://127.0.0.1:40123/websockets/v3'],
    });
    for (const settings of [null, { ...LEGACY, wsUrl: 'ws://203.0.113.5/websockets/v3' }]) {
      expect(migrateV6toV7(v6(sealed, settings)).grants.map((g) => g.destination)).toEqual(
        v6(sealed, null).grants.map((g) => g.destination),
      );
    }
  });

  it('readDocument lifts a v6 file through v7 to v8 (and refuses a v7 grant without `bound`)', () => {
    expect(readDocument(v6(sealed, LEGACY))).toMatchObject({ kind: 'ok', migratedFrom: 6, doc: { schemaVersion: 8 } });
    const v7 = migrateV6toV7(v6(sealed, LEGACY));
    const { bound: _bound, ...unmarked } = v7.grants[0]!;
    expect(readDocument({ ...v7, grants: [unmarked] }).kind).toBe('unrecognized');
  });
});

describe('v6 → v7 on a real file: each secret sealed once with its destination, nothing lost', () => {
  it('every secret opens as before, now sealed with its API and destination; a second start changes nothing', async () => {
    const plain = secrets();
    writeStore(v6(await sealedAlone(plain), LEGACY));

    const app = await startApp(dir, keyring());
    const restored = await restoreFlat(app.vault);
    expect(restored.notices).toEqual([]);
    expect(restored.accounts.map((a) => [a.accountId, a.token ?? a.credential, a.problem])).toEqual([
      ['CR1', plain.cr, null],
      ['MF2', plain.mf, null],
      ['DOT3', { kind: 'oauth', accessToken: '', refreshToken: plain.refresh, expiresAt: 0 }, null],
      ['ROT4', { kind: 'pat', token: plain.pat, appId: '41234' }, null],
    ]);
    expect(readStoreJson(dir).schemaVersion).toBe(8);
    expect(app.logger.lines.some((l) => l.message.includes('migrated') && l.fields?.from === 6)).toBe(true);
    expectNoTokenOnDisk(dir, Object.values(plain));

    const grants = fileGrants();
    expect(grants.map((g) => g.bound)).toEqual([true, true, true]);
    const opened = await Promise.all(
      grants.map(async (g) => Promise.all(blobsOf(g).map((b) => openSealed(keyring(), b)))),
    );
    expect(opened).toEqual([
      [
        { api: 'legacy', destination: SOCKET, secret: plain.cr },
        { api: 'legacy', destination: SOCKET, secret: plain.mf },
      ],
      // With legacy settings in force, the current-API logins keep what v6 recorded.
      [
        {
          api: 'current',
          destination: { appId: 'my-app.1', urls: [CURRENT.restUrl, CURRENT.authServerUrl] },
          secret: plain.refresh,
        },
      ],
      [{ api: 'current', destination: { appId: '41234', urls: [CURRENT.restUrl] }, secret: plain.pat }],
    ]);

    const blobs = grants.map(blobsOf);
    const again = await startApp(dir, keyring());
    expect((await again.vault.restore()).grants).toEqual((await app.vault.restore()).grants);
    expect(fileGrants().map(blobsOf)).toEqual(blobs);
    expect(again.logger.lines.some((l) => l.message.includes('migrated') || l.message.includes('sealed again'))).toBe(
      false,
    );
  });

  it('a secret the keyring cannot open now stays as it was (not bound), and is bound when it opens', async () => {
    const plain = secrets();
    const alone = await sealedAlone(plain);
    writeStore(v6(alone, CURRENT));

    const away = await startApp(dir, new AesCipher({ passphrase: 'another-keyring' }));
    const restored = await away.vault.restore();
    expect(restored.notices.map((n) => n.code)).toEqual(['token_decrypt_failed']);
    expect(restored.accounts.every((a) => a.problem === 'decrypt_failed')).toBe(true);
    expect(fileGrants().map((g) => [g.bound, blobsOf(g)])).toEqual([
      [false, [alone.cr, alone.mf]],
      [false, [alone.refresh]],
      [false, [alone.pat]],
    ]);

    const back = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(back.accounts.map((a) => a.token ?? a.credential)).toEqual([
      plain.cr,
      plain.mf,
      { kind: 'oauth', accessToken: '', refreshToken: plain.refresh, expiresAt: 0 },
      { kind: 'pat', token: plain.pat, appId: '41234' },
    ]);
    expect(fileGrants().map((g) => g.bound)).toEqual([true, true, true]);
    expect((await openSealed(keyring(), fileGrants()[2]!.sealedSecret!)).destination).toEqual({
      appId: '41234',
      urls: [CURRENT.restUrl],
    });
  });

  it('a token never stored stays a login without a secret; the other is bound', async () => {
    const plain = secrets();
    writeStore(v6({ ...(await sealedAlone(plain)), mf: null }, LEGACY));
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts.slice(0, 2).map((a) => [a.accountId, a.token])).toEqual([
      ['CR1', plain.cr],
      ['MF2', null],
    ]);
    expect(fileGrants()[0]).toMatchObject({ bound: true, sealedTokens: { MF2: null } });
  });
});

describe('a bound secret cannot be pointed elsewhere in the file', () => {
  /** A file as the vault wrote it (migrated from v6 with legacy settings). */
  async function boundStore() {
    const plain = secrets();
    writeStore(v6(await sealedAlone(plain), LEGACY));
    await (await startApp(dir, keyring())).vault.restore();
    return plain;
  }
  const edit = (change: (doc: { settings: StoredSettings; grants: FileGrant[] }) => void) => {
    const doc = readStoreJson(dir) as { settings: StoredSettings; grants: FileGrant[] };
    change(doc);
    writeStore(doc);
  };

  it("a grant's destination edited with the settings: its secret is not used, the blob is kept, no decrypt notice", async () => {
    const plain = await boundStore();
    const listener = 'ws://127.0.0.1:45678/websockets/v3';
    edit((doc) => {
      doc.settings.wsUrl = listener;
      doc.grants[0]!.destination = { appId: '1089', urls: [listener] };
    });
    const before = fileGrants()[0]!.sealedTokens;

    const app = await startApp(dir, keyring());
    const restored = await restoreFlat(app.vault);
    expect(restored.accounts.slice(0, 2).map((a) => [a.accountId, a.token, a.problem])).toEqual([
      ['CR1', null, 'destination_changed'],
      ['MF2', null, 'destination_changed'],
    ]);
    expect(restored.grants[0]!.credential).toBeNull();
    // The app tells it, with the addresses changed in the settings (`saved_addresses_changed`).
    expect(restored.notices).toEqual([]);
    // The other logins are untouched.
    expect(restored.accounts.slice(2).map((a) => a.problem)).toEqual([null, null]);
    expect(fileGrants()[0]!.sealedTokens).toEqual(before);
    expectNoTokenOnDisk(dir, Object.values(plain));
    expect(JSON.stringify(app.logger.lines)).not.toContain(plain.cr);
  });

  it('a blob moved to a grant of the other API, or a secret sealed alone put in a bound grant, is not used', async () => {
    const plain = await boundStore();
    const alone = await keyring().encrypt(plain.refresh);
    edit((doc) => {
      // The PAT's blob (current API) as a legacy token; a bare refresh token in the OAuth grant.
      doc.grants[0]!.sealedTokens!.MF2 = doc.grants[2]!.sealedSecret!;
      doc.grants[1]!.sealedSecret = alone;
    });
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts.map((a) => [a.accountId, a.problem])).toEqual([
      ['CR1', null],
      ['MF2', 'destination_changed'],
      ['DOT3', 'destination_changed'],
      ['ROT4', null],
    ]);
    expect(restored.accounts[1]!.token).toBeNull();
    expect(restored.accounts[2]!.credential).toBeNull();
  });
});
