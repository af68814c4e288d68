import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  migrateV1toV2,
  migrateV2toV3,
  migrateV3toV4,
  readDocument,
  type V1Document,
  type V2Document,
  type V3Document,
} from '../../main/core/vault/migrations';
import { CURRENT_SCHEMA_VERSION } from '../../main/core/vault/schema';
import { AesCipher } from '../support/aes-cipher';
import { makeTempDir } from '../support/temp-dir';
import {
  expectNoTokenInDisplay,
  expectNoTokenOnDisk,
  makeToken,
  readStoreJson,
  restoreFlat,
  startApp,
  storePath,
} from './helpers';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const keyring = () => new AesCipher({ passphrase: 'keyring-m' });
const writeStore = (doc: unknown) => fs.writeFileSync(storePath(dir), JSON.stringify(doc, null, '\t'));

const V1_ENDPOINT = {
  appId: '1089',
  wsUrl: 'wss://ws.derivws.com/websockets/v3',
  oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
  redirectUrl: 'https://example.com/redirect',
  language: 'fr' as const,
};

describe('migrations, pure steps', () => {
  it('v1 → v2: one account becomes the list and the active one; the issuer is the authorize origin', () => {
    const v1: V1Document = {
      schemaVersion: 1,
      account: { loginid: 'CR1', currency: 'USD', token: 'c2VhbGVk' },
      endpoint: V1_ENDPOINT,
    };
    expect(migrateV1toV2(v1)).toEqual({
      schemaVersion: 2,
      accounts: [{ loginid: 'CR1', currency: 'USD', token: 'c2VhbGVk' }],
      activeLoginid: 'CR1',
      endpoint: { ...V1_ENDPOINT, issuer: 'https://oauth.deriv.com', flow: 'legacy' },
    });
    expect(migrateV1toV2({ schemaVersion: 1, account: null, endpoint: null })).toEqual({
      schemaVersion: 2,
      accounts: [],
      activeLoginid: null,
      endpoint: null,
    });
  });

  it('v2 → v3: flags get defaults (VR* is virtual), a loopback endpoint means demo mode', () => {
    const v2: V2Document = {
      schemaVersion: 2,
      accounts: [
        { loginid: 'CR1', currency: 'USD', token: 'c2VhbGVk' },
        { loginid: 'VRTC2', currency: 'USD', token: null },
      ],
      activeLoginid: 'VRTC2',
      endpoint: {
        ...V1_ENDPOINT,
        wsUrl: 'ws://127.0.0.1:4123/websockets/v3',
        issuer: 'http://127.0.0.1:4123',
        flow: 'oidc',
      },
    };
    expect(migrateV2toV3(v2)).toEqual({
      schemaVersion: 3,
      accounts: [
        {
          api: 'legacy',
          loginid: 'CR1',
          currency: 'USD',
          isVirtual: false,
          isDisabled: false,
          landingCompanyName: null,
          accountType: null,
          sealedToken: 'c2VhbGVk',
          updatedAt: 0,
        },
        {
          api: 'legacy',
          loginid: 'VRTC2',
          currency: 'USD',
          isVirtual: true,
          isDisabled: false,
          landingCompanyName: null,
          accountType: null,
          sealedToken: null,
          updatedAt: 0,
        },
      ],
      activeLoginid: 'VRTC2',
      settings: { ...v2.endpoint!, mode: 'demo' },
      preferences: {},
      plaintextConsent: null,
    });
  });

  it('v3 → v4: every stored account came from an OAuth login (source oauth, no scopes); the rest is kept', () => {
    const v3: V3Document = {
      schemaVersion: 3,
      accounts: [
        {
          api: 'legacy',
          loginid: 'CR1',
          currency: 'USD',
          isVirtual: false,
          isDisabled: false,
          landingCompanyName: 'svg',
          accountType: 'trading',
          sealedToken: 'c2VhbGVk',
          updatedAt: 5,
        },
      ],
      activeLoginid: 'CR1',
      settings: null,
      preferences: { hideBalances: true },
      plaintextConsent: true,
    };
    expect(migrateV3toV4(v3)).toEqual({
      ...v3,
      schemaVersion: 4,
      accounts: [{ ...v3.accounts[0]!, source: 'oauth', scopes: null }],
    });
  });

  it('a v4 file keeps an API-token account (source, scopes); bad scopes refuse the file without quoting them', () => {
    const account = {
      api: 'legacy',
      loginid: 'CR1',
      currency: 'USD',
      isVirtual: false,
      isDisabled: false,
      landingCompanyName: null,
      accountType: null,
      sealedToken: null,
      updatedAt: 1,
      source: 'api_token',
      scopes: ['read', 'trade'],
    };
    const doc = { schemaVersion: 4, activeLoginid: null, settings: null, preferences: {}, plaintextConsent: null };
    const ok = readDocument({ ...doc, accounts: [account] });
    expect(ok).toMatchObject({
      kind: 'ok',
      migratedFrom: 4,
      doc: { accounts: [{ source: 'api_token', scopes: ['read', 'trade'], api: 'legacy' }] },
    });
    for (const bad of [{ source: 'pasted' }, { scopes: ['READ<script>'] }, { scopes: 'read' }]) {
      const read = readDocument({ ...doc, accounts: [{ ...account, ...bad }] });
      expect(read.kind).toBe('unrecognized');
      expect(JSON.stringify(read)).not.toContain('script');
    }
  });

  it('readDocument classifies every kind of input without throwing', () => {
    expect(readDocument({})).toEqual({ kind: 'empty' });
    expect(readDocument({ __internal__: { migrations: { version: '1.0.0' } } })).toEqual({ kind: 'empty' });
    expect(readDocument({ schemaVersion: 9, anything: true })).toEqual({ kind: 'newer', version: 9 });
    expect(readDocument([1, 2]).kind).toBe('unrecognized');
    expect(readDocument(null).kind).toBe('unrecognized');
    expect(readDocument({ accounts: [] }).kind).toBe('unrecognized');
    expect(readDocument({ schemaVersion: 0 }).kind).toBe('unrecognized');
    expect(readDocument({ schemaVersion: 2.5 }).kind).toBe('unrecognized');
    expect(readDocument({ schemaVersion: 2, accounts: 'CR1' }).kind).toBe('unrecognized');
    const ok = readDocument({ schemaVersion: 1, account: null, endpoint: null });
    expect(ok).toMatchObject({ kind: 'ok', migratedFrom: 1, doc: { schemaVersion: CURRENT_SCHEMA_VERSION } });
  });

  it('repairs what is typed right but inconsistent: duplicate ids keep the last, a dangling active id is dropped', () => {
    const account = (loginid: string, currency: string) => ({
      loginid,
      currency,
      isVirtual: false,
      isDisabled: false,
      landingCompanyName: null,
      accountType: null,
      sealedToken: null,
      updatedAt: 1,
    });
    const read = readDocument({
      schemaVersion: 3,
      accounts: [account('CR1', 'USD'), account('CR2', 'USD'), account('CR1', 'EUR')],
      activeLoginid: 'CR9',
      settings: null,
      preferences: {},
      plaintextConsent: null,
    });
    expect(read.kind).toBe('ok');
    if (read.kind !== 'ok') return;
    expect(read.doc.accounts.map((a) => [a.accountId, a.currency])).toEqual([
      ['CR2', 'USD'],
      ['CR1', 'EUR'],
    ]);
    expect(read.doc.activeAccountId).toBeNull();
  });

  it('never quotes a value in the reason it gives (it might be a token)', () => {
    const token = makeToken();
    const read = readDocument({
      schemaVersion: 2,
      accounts: [{ loginid: 'CR1', currency: 'USD', token }],
      activeLoginid: null,
      endpoint: null,
    });
    expect(read.kind).toBe('unrecognized');
    expect(JSON.stringify(read)).not.toContain(token);
  });
});

describe('migrations on a real store file, from every earlier version', () => {
  it('opens a v1 file: the account, its token, the endpoint; rewrites the file as v8', async () => {
    const token = makeToken('v1');
    const cipher = keyring();
    writeStore({
      schemaVersion: 1,
      account: { loginid: 'CR799393', currency: 'USD', token: await cipher.encrypt(token) },
      endpoint: V1_ENDPOINT,
    });

    const app = await startApp(dir, keyring());
    const restored = await restoreFlat(app.vault);
    expect(restored.notices).toEqual([]);
    expect(restored.activeAccountId).toBe('CR799393');
    expect(restored.accounts).toEqual([
      {
        api: 'legacy',
        accountId: 'CR799393',
        currency: 'USD',
        isVirtual: false,
        isDisabled: false,
        landingCompanyName: null,
        accountType: null,
        source: 'oauth',
        scopes: null,
        token,
        problem: null,
      },
    ]);
    expect(restored.settings).toEqual({
      ...V1_ENDPOINT,
      issuer: 'https://oauth.deriv.com',
      flow: 'legacy',
      mode: 'deriv',
      api: 'legacy',
      authServerUrl: 'https://auth.deriv.com',
      restUrl: 'https://api.derivws.com',
      clientId: '',
      clientRedirectUrl: '',
    });
    expect(readStoreJson(dir).schemaVersion).toBe(8);
    expect(app.logger.lines.some((l) => l.message.includes('migrated') && l.fields?.from === 1)).toBe(true);

    // And it is a normal v8 store from now on.
    const again = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(again.accounts[0]!.token).toBe(token);
    expectNoTokenOnDisk(dir, [token]);
    expectNoTokenInDisplay(app.vault, [token], { logLines: app.logger.lines });
  });

  it('opens an empty v1 file as an empty store', async () => {
    writeStore({ schemaVersion: 1, account: null, endpoint: null });
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored).toEqual({
      grants: [],
      accounts: [],
      activeAccountId: null,
      lastBalances: {},
      settings: null,
      settingsRefused: false,
      notices: [],
    });
    expect(readStoreJson(dir)).toMatchObject({ schemaVersion: 8, grants: [], accounts: [] });
  });

  it('opens a v2 file with several accounts, one of them without a stored token', async () => {
    const tokens = [makeToken('v2a'), makeToken('v2b')];
    const cipher = keyring();
    writeStore({
      schemaVersion: 2,
      accounts: [
        { loginid: 'CR1', currency: 'USD', token: await cipher.encrypt(tokens[0]!) },
        { loginid: 'VRTC2', currency: 'USD', token: await cipher.encrypt(tokens[1]!) },
        { loginid: 'MF3', currency: 'EUR', token: null },
      ],
      activeLoginid: 'VRTC2',
      endpoint: { ...V1_ENDPOINT, issuer: 'https://oauth.deriv.com', flow: 'oidc' },
    });
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts.map((a) => [a.accountId, a.isVirtual, a.token])).toEqual([
      ['CR1', false, tokens[0]],
      ['VRTC2', true, tokens[1]],
      ['MF3', false, null],
    ]);
    expect(restored.activeAccountId).toBe('VRTC2');
    expect(restored.settings).toMatchObject({ flow: 'oidc', mode: 'deriv', api: 'legacy' });
    expect(readStoreJson(dir).schemaVersion).toBe(8);
    expectNoTokenOnDisk(dir, tokens);
  });

  it('refuses (but does not lose) a v2 file whose endpoint is plain ws:// to another computer: no settings, a notice, the tokens kept', async () => {
    const tokens = [makeToken('v2x')];
    const cipher = keyring();
    writeStore({
      schemaVersion: 2,
      accounts: [{ loginid: 'CR1', currency: 'USD', token: await cipher.encrypt(tokens[0]!) }],
      activeLoginid: 'CR1',
      endpoint: {
        ...V1_ENDPOINT,
        wsUrl: 'ws://203.0.113.5/websockets/v3',
        issuer: 'https://oauth.deriv.com',
        flow: 'legacy',
      },
    });
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.settings).toBeNull();
    expect(restored.settingsRefused).toBe(true);
    expect(restored.notices.map((n) => n.code)).toEqual(['settings_refused']);
    expect(restored.notices[0]!.params).toEqual({ fields: ['wsUrl'] });
    expect(JSON.stringify(restored.notices)).not.toContain('203.0.113.5');
    expect(restored.accounts.map((a) => [a.accountId, a.token])).toEqual([['CR1', tokens[0]]]);
    // The migrated file keeps the sealed token, on the account's grant: nothing the user had is lost.
    const grants = readStoreJson(dir).grants as Array<{ sealedTokens: Record<string, string | null> }>;
    expect(grants[0]!.sealedTokens.CR1).not.toBeNull();
  });

  it.each([
    ['wsUrl', { wsUrl: 'ws://203.0.113.5/websockets/v3' }],
    ['oauthUrl', { oauthUrl: 'http://login.example.com/oauth2/authorize' }],
    ['issuer', { issuer: 'http://login.example.com' }],
    ['redirectUrl', { redirectUrl: 'deriv-desktop://callback/' }],
    ['redirectUrl', { redirectUrl: 'http://app.example.com/redirect' }],
    ['appId', { appId: 'abc' }],
  ])('refuses stored v3 settings whose %s breaks the rules, keeping the accounts', async (field, patch) => {
    const tokens = [makeToken('v3x')];
    const cipher = keyring();
    writeStore({
      schemaVersion: 3,
      accounts: [
        {
          loginid: 'CR1',
          currency: 'USD',
          isVirtual: false,
          isDisabled: false,
          landingCompanyName: null,
          accountType: null,
          sealedToken: await cipher.encrypt(tokens[0]!),
          updatedAt: 0,
        },
      ],
      activeLoginid: 'CR1',
      settings: { ...V1_ENDPOINT, issuer: 'https://oauth.deriv.com', flow: 'legacy', mode: 'deriv', ...patch },
      preferences: {},
      plaintextConsent: null,
    });
    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.settings).toBeNull();
    expect(restored.settingsRefused).toBe(true);
    expect(restored.notices.map((n) => n.code)).toEqual(['settings_refused']);
    expect(restored.notices[0]!.params).toEqual({ fields: [field] });
    expect(restored.accounts.map((a) => [a.accountId, a.token])).toEqual([['CR1', tokens[0]]]);
  });

  it('takes v2 tokens off the disk under basic_text (v2 never asked for consent), keeping them for this run', async () => {
    const token = makeToken('v2basic');
    const basic = () => new AesCipher({ passphrase: 'chromium', backend: 'basic_text' });
    writeStore({
      schemaVersion: 2,
      accounts: [{ loginid: 'CR1', currency: 'USD', token: await basic().encrypt(token) }],
      activeLoginid: 'CR1',
      endpoint: null,
    });
    const app = await startApp(dir, basic());
    expect((await restoreFlat(app.vault)).accounts[0]!.token).toBe(token);
    const onDisk = readStoreJson(dir) as {
      grants: Array<{ sealedTokens: Record<string, unknown> }>;
      plaintextConsent: unknown;
    };
    expect(onDisk.grants[0]!.sealedTokens).toEqual({ CR1: null });
    expect(onDisk.plaintextConsent).toBeNull();
    expect(app.vault.persistence()).toMatchObject({ encryptionAvailable: false, tokensPersisted: false });
  });

  it('moves aside a file from a newer version instead of guessing', async () => {
    writeStore({ schemaVersion: 9, accounts: 'whatever' });
    const restored = await restoreFlat(
      (await startApp(dir, keyring(), { clock: () => Date.UTC(2026, 10, 22, 6, 50) })).vault,
    );
    expect(restored.accounts).toEqual([]);
    expect(restored.notices).toHaveLength(1);
    expect(restored.notices[0]).toMatchObject({ code: 'store_newer_version', level: 'warning' });
    const aside = `${storePath(dir)}.newer-2026-11-22T06-50-00Z`;
    expect(restored.notices[0]!.params).toEqual({ asidePath: aside, version: 9 });
    expect(JSON.parse(fs.readFileSync(aside, 'utf8'))).toEqual({ schemaVersion: 9, accounts: 'whatever' });
  });
});
