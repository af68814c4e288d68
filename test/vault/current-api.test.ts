/**
 * The vault and Deriv's current API: each account records its API; a current-API login is one grant
 * for all its accounts, sealing its refresh token or PAT with the same cipher as legacy tokens; the
 * access token is never written; a renewal re-seals that one grant, by its id; logouts forget the
 * secret with the last account of its login.
 * Every test runs on a real `conf` file with a real AES cipher and scans the bytes on disk.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Credential } from '../../main/core/backend/port';
import { migrateV4toV5, readDocument, type V4Document } from '../../main/core/vault/migrations';
import type { StoredSettings } from '../../main/core/vault/schema';
import { type Vault, VaultError } from '../../main/core/vault/vault';
import { AesCipher } from '../support/aes-cipher';
import { makeTempDir } from '../support/temp-dir';
import {
  expectNoTokenInDisplay,
  expectNoTokenOnDisk,
  grantId,
  makeToken,
  openSealed,
  readStoreJson,
  restoreFlat,
  saveLegacy,
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

const keyring = () => new AesCipher({ passphrase: 'keyring-current' });
const pat = () => `pat_${Buffer.from(makeToken('pat')).toString('hex').padEnd(64, '0').slice(0, 64)}`;

interface CurrentLoginInput {
  appId: string;
  credential: Extract<Credential, { kind: 'oauth' | 'pat' }>;
  accounts: { accountId: string; currency: string; isVirtual: boolean; accountType?: string }[];
}

/** Saves a current-API login as the app does: one grant for its accounts. Returns the grant id. */
async function saveCurrent(vault: Vault, login: CurrentLoginInput): Promise<string> {
  const id = grantId('cur');
  const source = login.credential.kind === 'pat' ? 'pat' : 'oauth';
  const appId = login.credential.kind === 'pat' ? login.credential.appId : login.appId;
  await vault.saveGrant(
    {
      id,
      api: 'current',
      source,
      destination: { appId, urls: ['https://api.derivws.com'] },
      credential: login.credential,
    },
    login.accounts,
  );
  return id;
}

const ALICE = [
  { accountId: 'DOT10000001', currency: 'USD', isVirtual: true, accountType: 'demo' },
  { accountId: 'ROT20000002', currency: 'USD', isVirtual: false, accountType: 'real' },
  { accountId: 'ROT20000003', currency: 'BTC', isVirtual: false, accountType: 'real' },
];

/** Every sealed value in the file, opened: what the file would give up to someone with the key. */
async function openedSecrets(cipher: AesCipher): Promise<string[]> {
  const doc = readStoreJson(dir) as {
    grants: ({ sealedTokens: Record<string, string | null> } | { sealedSecret: string | null })[];
  };
  const sealed = doc.grants.flatMap((g) => ('sealedTokens' in g ? Object.values(g.sealedTokens) : [g.sealedSecret]));
  // Each sealed with where it may go (checked in vault.test.ts): the secrets alone here.
  const opened = await Promise.all(sealed.filter((s): s is string => s !== null).map((s) => openSealed(cipher, s)));
  return opened.map((p) => p.secret);
}

describe('vault: current-API credentials', () => {
  it('keeps an OAuth login as one sealed refresh token shared by its accounts; the access token is never written', async () => {
    const accessToken = makeToken('access');
    const refreshToken = makeToken('refresh');
    const app = await startApp(dir, keyring());
    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'oauth', accessToken, refreshToken, expiresAt: Date.now() + 3_600_000 },
      accounts: ALICE,
    });
    app.vault.setActive('DOT10000001');
    app.vault.flush(); // written soon after, or at quit: now

    const onDisk = readStoreJson(dir) as {
      accounts: Record<string, unknown>[];
      grants: Record<string, unknown>[];
    };
    expect(onDisk.grants).toHaveLength(1);
    expect(onDisk.grants[0]).toMatchObject({ api: 'current', source: 'oauth', destination: { appId: '41234' } });
    const id = onDisk.grants[0]!.id;
    expect(onDisk.accounts.map((a) => [a.accountId, a.api, a.grantId, a.sealedToken])).toEqual(
      ALICE.map((a) => [a.accountId, 'current', id, undefined]),
    );
    // Neither secret in clear anywhere; sealed, the file holds the refresh token and nothing else.
    expectNoTokenOnDisk(dir, [accessToken, refreshToken]);
    expect(await openedSecrets(keyring())).toEqual([refreshToken]);

    const restart = await startApp(dir, keyring());
    const restored = await restoreFlat(restart.vault);
    expect(restored.activeAccountId).toBe('DOT10000001');
    expect(restored.accounts.map((a) => [a.accountId, a.api, a.isVirtual, a.currency, a.accountType])).toEqual(
      ALICE.map((a) => [a.accountId, 'current', a.isVirtual, a.currency, a.accountType]),
    );
    for (const account of restored.accounts) {
      // No access token survives a restart: expired, to be refreshed before the first request.
      expect(account.credential).toEqual({ kind: 'oauth', accessToken: '', refreshToken, expiresAt: 0 });
      expect(account.token).toBeUndefined();
      expect(account.problem).toBeNull();
    }
    expect(restart.vault.persistence().tokensPersisted).toBe(true);
    expectNoTokenInDisplay(restart.vault, [accessToken, refreshToken], {
      notices: restored.notices,
      logLines: [...app.logger.lines, ...restart.logger.lines],
    });
  });

  it('keeps a PAT with its app id, sealed', async () => {
    const token = pat();
    const app = await startApp(dir, keyring());
    await saveCurrent(app.vault, {
      appId: 'ignored-for-pat',
      credential: { kind: 'pat', token, appId: '41234' },
      accounts: ALICE.slice(0, 2),
    });
    expectNoTokenOnDisk(dir, [token]);
    expect(await openedSecrets(keyring())).toEqual([token]);
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts.map((a) => a.credential)).toEqual([
      { kind: 'pat', token, appId: '41234' },
      { kind: 'pat', token, appId: '41234' },
    ]);
  });

  it('an OAuth grant without a refresh token lives in memory only: after a restart its accounts need a login, in place', async () => {
    const accessToken = makeToken('access');
    const app = await startApp(dir, keyring());
    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'oauth', accessToken, refreshToken: null, expiresAt: null },
      accounts: ALICE,
    });
    expectNoTokenOnDisk(dir, [accessToken]);
    expect(await openedSecrets(keyring())).toEqual([]);
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts.map((a) => [a.accountId, a.credential])).toEqual(ALICE.map((a) => [a.accountId, null]));
  });

  it('re-seals a renewed refresh token; an answer without one keeps the previous', async () => {
    const first = makeToken('refresh1');
    const second = makeToken('refresh2');
    const app = await startApp(dir, keyring());
    const grant = await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'oauth', accessToken: makeToken('a1'), refreshToken: first, expiresAt: 1 },
      accounts: ALICE,
    });
    // Another login beside it: a renewal replaces one grant, by its id, and no other.
    const other = makeToken('other');
    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'oauth', accessToken: makeToken('b1'), refreshToken: other, expiresAt: 1 },
      accounts: [{ accountId: 'DOT90000009', currency: 'USD', isVirtual: true }],
    });
    const renewedAccess = makeToken('a2');
    await app.vault.renewGrant('unknown-grant', { kind: 'oauth', accessToken: 'x', refreshToken: 'y', expiresAt: 1 });
    expect(await openedSecrets(keyring())).toEqual([first, other]);
    await app.vault.renewGrant(grant, {
      kind: 'oauth',
      accessToken: renewedAccess,
      refreshToken: second,
      expiresAt: 2,
    });
    expect(await openedSecrets(keyring())).toEqual([second, other]);
    await app.vault.renewGrant(grant, {
      kind: 'oauth',
      accessToken: makeToken('a3'),
      refreshToken: null,
      expiresAt: 3,
    });
    expect(await openedSecrets(keyring())).toEqual([second, other]);
    expectNoTokenOnDisk(dir, [first, second, renewedAccess]);
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    // One grant per login: renewing it renews all its accounts.
    expect(new Set(restored.accounts.slice(0, 3).map((a) => JSON.stringify(a.credential)))).toEqual(
      new Set([JSON.stringify({ kind: 'oauth', accessToken: '', refreshToken: second, expiresAt: 0 })]),
    );
    expect(restored.accounts[3]!.credential).toMatchObject({ refreshToken: other });
  });

  it('legacy and current accounts side by side, each with its API; logouts forget the credential with its last account', async () => {
    const legacyToken = makeToken('legacy');
    const refreshToken = makeToken('refresh');
    const app = await startApp(dir, keyring());
    await saveLegacy(app.vault, [{ accountId: 'CR1', token: legacyToken, currency: 'USD' }]);
    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'oauth', accessToken: makeToken('a'), refreshToken, expiresAt: 1 },
      accounts: ALICE.slice(0, 2),
    });
    let restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts.map((a) => [a.accountId, a.api, a.credential?.kind ?? typeof a.token])).toEqual([
      ['CR1', 'legacy', 'string'],
      ['DOT10000001', 'current', 'oauth'],
      ['ROT20000002', 'current', 'oauth'],
    ]);

    await app.vault.removeAccount('DOT10000001');
    expect((readStoreJson(dir).grants as unknown[]).length).toBe(2);
    await app.vault.removeAccount('ROT20000002');
    expect((readStoreJson(dir).grants as { api: string }[]).map((g) => g.api)).toEqual(['legacy']);
    expect(await openedSecrets(keyring())).toEqual([legacyToken]);

    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'pat', token: pat(), appId: '41234' },
      accounts: ALICE.slice(0, 1),
    });
    await app.vault.removeAllAccounts();
    restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts).toEqual([]);
    expect(readStoreJson(dir)).toMatchObject({ accounts: [], grants: [] });
  });

  it('a second login of the same accounts replaces their credential (the old secret is forgotten)', async () => {
    const old = makeToken('old');
    const fresh = pat();
    const app = await startApp(dir, keyring());
    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'oauth', accessToken: makeToken('a'), refreshToken: old, expiresAt: 1 },
      accounts: ALICE,
    });
    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'pat', token: fresh, appId: '41234' },
      accounts: ALICE,
    });
    expect(await openedSecrets(keyring())).toEqual([fresh]);
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts.every((a) => a.credential?.kind === 'pat')).toBe(true);
  });

  it('basic_text without consent keeps current-API secrets in memory only; consent writes them sealed', async () => {
    const basic = () => new AesCipher({ passphrase: 'chromium', backend: 'basic_text' });
    const refreshToken = makeToken('refresh');
    const app = await startApp(dir, basic());
    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'oauth', accessToken: makeToken('a'), refreshToken, expiresAt: 1 },
      accounts: ALICE,
    });
    expect(await openedSecrets(basic())).toEqual([]);
    expect(app.vault.persistence().tokensPersisted).toBe(false);
    expect((await restoreFlat(app.vault)).accounts[0]!.credential).toMatchObject({ refreshToken });

    await app.vault.setPlaintextConsent(true);
    expect(await openedSecrets(basic())).toEqual([refreshToken]);
    expect(app.vault.persistence().tokensPersisted).toBe(true);
    await app.vault.setPlaintextConsent(false);
    expect(await openedSecrets(basic())).toEqual([]);
  });

  it('a refresh token that no longer decrypts (keyring changed): its accounts keep their place and need a login', async () => {
    const app = await startApp(dir, keyring());
    await saveCurrent(app.vault, {
      appId: '41234',
      credential: { kind: 'oauth', accessToken: makeToken('a'), refreshToken: makeToken('r'), expiresAt: 1 },
      accounts: ALICE,
    });
    const other = await startApp(dir, new AesCipher({ passphrase: 'another-keyring' }));
    const restored = await restoreFlat(other.vault);
    expect(restored.accounts.map((a) => [a.accountId, a.credential, a.problem])).toEqual(
      ALICE.map((a) => [a.accountId, null, 'decrypt_failed']),
    );
    expect(restored.notices.map((n) => n.code)).toContain('token_decrypt_failed');
    // The unreadable blob is kept: it opens again if the keyring comes back.
    const back = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(back.accounts.every((a) => a.credential?.kind === 'oauth')).toBe(true);
  });

  it('refuses bad input naming the field, never the value', async () => {
    const app = await startApp(dir, keyring());
    const secret = 'has spaces so not a token';
    const attempts = [
      saveCurrent(app.vault, {
        appId: '41234',
        credential: { kind: 'oauth', accessToken: secret, refreshToken: null, expiresAt: null },
        accounts: ALICE,
      }),
      saveCurrent(app.vault, {
        appId: 'bad app id',
        credential: { kind: 'oauth', accessToken: makeToken(), refreshToken: null, expiresAt: null },
        accounts: ALICE,
      }),
      saveCurrent(app.vault, {
        appId: '41234',
        credential: { kind: 'pat', token: pat(), appId: '41234' },
        accounts: [{ accountId: '../otp', currency: 'USD', isVirtual: false }],
      }),
      saveCurrent(app.vault, {
        appId: '41234',
        credential: { kind: 'pat', token: pat(), appId: '41234' },
        accounts: [],
      }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(VaultError);
      expect(String((error as Error).message)).not.toContain(secret);
    }
    expect(fs.existsSync(storePath(dir)) ? readStoreJson(dir).accounts : []).toEqual([]);
  });
});

describe('vault: the v4 → v5 migration', () => {
  const v3: V4Document = {
    schemaVersion: 4,
    accounts: [
      {
        loginid: 'CR1',
        currency: 'USD',
        isVirtual: false,
        isDisabled: false,
        landingCompanyName: 'svg',
        accountType: 'trading',
        sealedToken: 'c2VhbGVk',
        updatedAt: 5,
        source: 'oauth',
        scopes: null,
      },
    ],
    activeLoginid: 'CR1',
    settings: {
      appId: '1089',
      wsUrl: 'wss://ws.derivws.com/websockets/v3',
      oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
      redirectUrl: 'https://example.com/redirect',
      issuer: 'https://oauth.deriv.com',
      flow: 'legacy',
      language: 'fr',
      mode: 'deriv',
    },
    preferences: { hideBalances: true },
    plaintextConsent: false,
  };

  it('what was stored came through the legacy API and stays there; the current API gets its production endpoints', () => {
    expect(migrateV4toV5(v3)).toEqual({
      schemaVersion: 5,
      accounts: [{ ...v3.accounts[0], api: 'legacy', credentialId: null }],
      credentials: [],
      activeLoginid: 'CR1',
      settings: {
        ...v3.settings,
        api: 'legacy',
        authServerUrl: 'https://auth.deriv.com',
        restUrl: 'https://api.derivws.com',
        clientId: '',
        clientRedirectUrl: '',
      },
      preferences: { hideBalances: true },
      plaintextConsent: false,
    });
  });

  it('opens a real v4 file: the legacy token still opens its account, the file is rewritten as the current version (v8)', async () => {
    const token = makeToken('v3');
    const cipher = keyring();
    fs.writeFileSync(
      storePath(dir),
      JSON.stringify({ ...v3, accounts: [{ ...v3.accounts[0], sealedToken: await cipher.encrypt(token) }] }),
    );
    const app = await startApp(dir, keyring());
    const restored = await restoreFlat(app.vault);
    expect(restored.notices).toEqual([]);
    expect(restored.accounts).toEqual([
      {
        accountId: 'CR1',
        api: 'legacy',
        currency: 'USD',
        isVirtual: false,
        isDisabled: false,
        landingCompanyName: 'svg',
        accountType: 'trading',
        source: 'oauth',
        scopes: null,
        token,
        problem: null,
      },
    ]);
    expect(restored.settings).toMatchObject({ api: 'legacy', mode: 'deriv', language: 'fr' });
    expect(readStoreJson(dir)).toMatchObject({
      schemaVersion: 8,
      grants: [{ id: 'legacy-CR1', api: 'legacy', source: 'oauth', destination: { appId: '1089' }, bound: true }],
    });
    expect(app.logger.lines.some((l) => l.message.includes('migrated') && l.fields?.from === 4)).toBe(true);
    expectNoTokenOnDisk(dir, [token]);
  });
});

describe('vault: v5 files, their settings and repairs', () => {
  const settings = storedSettings('current');
  const doc = (patch: Partial<StoredSettings>) => ({
    schemaVersion: 5,
    accounts: [],
    credentials: [],
    activeLoginid: null,
    settings: { ...settings, ...patch },
    preferences: {},
    plaintextConsent: null,
  });

  it('keeps the API choice and the current endpoints across a restart', async () => {
    const app = await startApp(dir, keyring());
    app.vault.saveSettings(settings);
    expect((await restoreFlat((await startApp(dir, keyring())).vault)).settings).toEqual(settings);
  });

  it.each([
    ['authServerUrl', { authServerUrl: 'http://auth.example.com' }],
    ['restUrl', { restUrl: 'http://api.example.com' }],
    ['restUrl', { restUrl: 'not a url' }],
    ['clientId', { clientId: 'has space' }],
    ['clientRedirectUrl', { clientRedirectUrl: 'deriv-desktop://callback' }],
  ])('refuses stored settings whose %s breaks the rules (the settings alone)', (field, patch) => {
    const read = readDocument(doc(patch));
    expect(read).toMatchObject({ kind: 'ok', doc: { settings: null } });
    expect(read.kind === 'ok' && read.refusedSettings).toEqual([field]);
  });

  it('keeps the app’s own scheme as a redirect, and each API’s login place; a place it does not know reads as unset, never refusing the settings', () => {
    const kept = readDocument(
      doc({ clientRedirectUrl: 'com.derivdesktop.login:/callback', clientLoginPlace: 'browser', loginPlace: 'window' }),
    );
    expect(kept).toMatchObject({
      kind: 'ok',
      refusedSettings: null,
      doc: {
        settings: {
          clientRedirectUrl: 'com.derivdesktop.login:/callback',
          clientLoginPlace: 'browser',
          loginPlace: 'window',
        },
      },
    });
    const unknown = readDocument(doc({ clientLoginPlace: 'tab' as never }));
    expect(unknown).toMatchObject({ kind: 'ok', refusedSettings: null });
    expect(unknown.kind === 'ok' && unknown.doc.settings?.clientLoginPlace).toBeUndefined();
  });

  it('accepts loopback http for the sandbox and an empty client id / redirect (not registered yet)', () => {
    const read = readDocument(
      doc({
        authServerUrl: 'http://127.0.0.1:4000/auth',
        restUrl: 'http://127.0.0.1:4000',
        clientId: '',
        clientRedirectUrl: '',
      }),
    );
    expect(read).toMatchObject({ kind: 'ok', refusedSettings: null, doc: { settings: { clientId: '' } } });
  });

  it('repairs a current account whose credential is missing (kept, needs a login) and drops unused credentials', () => {
    const account = (loginid: string, api: 'legacy' | 'current', credentialId: string | null) => ({
      loginid,
      api,
      credentialId,
      source: 'oauth',
      scopes: null,
      currency: 'USD',
      isVirtual: false,
      isDisabled: false,
      landingCompanyName: null,
      accountType: null,
      sealedToken: api === 'legacy' ? 'c2VhbGVk' : null,
      updatedAt: 1,
    });
    const credential = (id: string) => ({ id, kind: 'pat', sealedSecret: 'c2VhbGVk', appId: '41234', updatedAt: 1 });
    const read = readDocument({
      ...doc({}),
      accounts: [
        account('CR1', 'legacy', 'c-1'),
        account('ROT1', 'current', 'gone'),
        account('ROT2', 'current', 'c-1'),
      ],
      credentials: [credential('c-1'), credential('unused')],
    });
    expect(read.kind).toBe('ok');
    if (read.kind !== 'ok') return;
    // A legacy account gets a grant of its own (its stray credential id is not its login's).
    expect(read.doc.accounts.map((a) => [a.accountId, a.grantId])).toEqual([
      ['CR1', 'legacy-CR1'],
      ['ROT1', null],
      ['ROT2', 'c-1'],
    ]);
    expect(read.doc.grants.map((g) => g.id)).toEqual(['c-1', 'legacy-CR1']);
  });

  it('a legacy account must have a Deriv login id', () => {
    const read = readDocument({
      ...doc({}),
      accounts: [
        {
          loginid: 'not-a-loginid',
          api: 'legacy',
          credentialId: null,
          source: 'oauth',
          scopes: null,
          currency: 'USD',
          isVirtual: false,
          isDisabled: false,
          landingCompanyName: null,
          accountType: null,
          sealedToken: null,
          updatedAt: 1,
        },
      ],
    });
    expect(read.kind).toBe('unrecognized');
  });
});
