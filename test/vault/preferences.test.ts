/**
 * The trader's preferences at rest (v8), in a real store file with a real AES cipher: kept with the
 * settings, beside the sealed secrets but never among them; restored after a restart; bounded, a
 * value out of bounds refused with a typed error and nothing changed; a value another program wrote
 * into the file losing only itself (never the other preferences, the settings or the logins); the
 * nicknames and places of accounts logged out dropped with them; "forget everything" keeping the
 * look and dropping the rest. And the v7 → v8 step, pure and on a real file.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_PREFERENCES, type Preferences } from '../../main/core/model';
import { migrateV7toV8, readDocument, type V7Document } from '../../main/core/vault/migrations';
import { VaultError } from '../../main/core/vault/vault';
import { AesCipher } from '../support/aes-cipher';
import { makeTempDir } from '../support/temp-dir';
import { makeToken, readStoreJson, restoreFlat, saveLegacy, startApp, storedSettings, storePath } from './helpers';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const keyring = () => new AesCipher({ passphrase: 'keyring-prefs', backend: 'gnome_libsecret' });
const writeStore = (doc: unknown) => fs.writeFileSync(storePath(dir), JSON.stringify(doc, null, '\t'));
const SETTINGS = storedSettings('legacy');

const prefs = (patch: Partial<Preferences> = {}): Preferences => ({ ...DEFAULT_PREFERENCES, ...patch });
const NAMED = prefs({
  theme: 'dark',
  hideZeroBalances: true,
  nicknames: { CR799393: 'Main', VRTC1859315: 'Practice', MF100: 'Europe' },
  order: ['VRTC1859315', 'CR799393', 'MF100'],
});

/** Two logins: one OAuth login of CR799393 and VRTC1859315, one API token for MF100. */
async function withAccounts() {
  const app = await startApp(dir, keyring());
  const tokens = [makeToken('cr'), makeToken('vr'), makeToken('mf')];
  const [oauth, pasted] = await saveLegacy(app.vault, [
    { accountId: 'CR799393', token: tokens[0]!, currency: 'USD' },
    { accountId: 'VRTC1859315', token: tokens[1]!, currency: 'USD', isVirtual: true },
    { accountId: 'MF100', token: tokens[2]!, currency: 'EUR', source: 'api_token' },
  ]);
  app.vault.saveSettings(SETTINGS);
  return { ...app, tokens, oauth: oauth!, pasted: pasted! };
}

describe('preferences in a real store', () => {
  it('are kept with the settings, never with a secret, and restored after a restart', async () => {
    const first = await withAccounts();
    expect(first.vault.getPreferences()).toEqual(DEFAULT_PREFERENCES);
    first.vault.savePreferences(NAMED);
    await first.vault.settled();

    const file = readStoreJson(dir) as { preferences: unknown; grants: { sealedTokens: Record<string, string> }[] };
    expect(file.preferences).toEqual(NAMED);
    // The secrets are sealed in the grants; nothing of them is among the preferences.
    const sealed = file.grants.flatMap((g) => Object.values(g.sealedTokens));
    expect(sealed).toHaveLength(3);
    for (const blob of sealed) expect(JSON.stringify(file.preferences)).not.toContain(blob);

    const second = await startApp(dir, keyring());
    expect(second.vault.getPreferences()).toEqual(NAMED);
    // A copy: changing what was handed out changes nothing kept.
    second.vault.getPreferences().nicknames.CR799393 = 'changed';
    expect(second.vault.getPreferences().nicknames.CR799393).toBe('Main');
    expect((await restoreFlat(second.vault)).accounts.map((a) => a.token)).toEqual(first.tokens);
  });

  it('refuses preferences out of bounds with a typed error; nothing changes, in memory or on disk', async () => {
    const app = await withAccounts();
    app.vault.savePreferences(NAMED);
    const before = fs.readFileSync(storePath(dir), 'utf8');
    const ids = Array.from({ length: 201 }, (_, i) => `CR${1000 + i}`);
    const hostile: Preferences[] = [
      prefs({ theme: 'neon' as Preferences['theme'] }),
      prefs({ nicknames: { CR799393: 'x'.repeat(41) } }),
      prefs({ nicknames: { CR799393: 'line\nbreak' } }),
      // An invisible right-to-left override would make a nickname read as another account's id.
      prefs({ nicknames: { CR799393: '\u202e393997RC' } }),
      prefs({ nicknames: { CR799393: ' padded ' } }),
      prefs({ nicknames: { 'not an id': 'x' } }),
      prefs({ nicknames: Object.fromEntries(ids.map((id) => [id, 'n'])) }),
      prefs({ order: ids }),
      prefs({ order: ['CR799393', 'CR799393'] }),
      { ...prefs(), extra: true } as Preferences,
    ];
    for (const value of hostile) {
      expect(() => app.vault.savePreferences(value), JSON.stringify(value).slice(0, 80)).toThrow(VaultError);
      try {
        app.vault.savePreferences(value);
      } catch (error) {
        expect((error as VaultError).code).toBe('invalid_input');
      }
    }
    expect(app.vault.getPreferences()).toEqual(NAMED);
    expect(fs.readFileSync(storePath(dir), 'utf8')).toBe(before);
    // The bounds themselves are allowed: 200 nicknames of 40 characters, 200 places.
    const most = ids.slice(0, 200);
    app.vault.savePreferences(prefs({ nicknames: Object.fromEntries(most.map((id) => [id, 'é'.repeat(40)])) }));
    app.vault.savePreferences(prefs({ order: most }));
  });

  it('a value another program wrote loses only itself: the other preferences, the settings and the logins stay', async () => {
    const first = await withAccounts();
    first.vault.savePreferences(NAMED);
    await first.vault.settled();
    const doc = readStoreJson(dir);
    writeStore({
      ...doc,
      preferences: {
        theme: 'neon',
        hideZeroBalances: true,
        hideDisabled: 'yes',
        nicknames: { CR799393: 'Main', VRTC1859315: 'x'.repeat(5000), MF100: 7, 'bad id': 'Other' },
        order: ['VRTC1859315', 'VRTC1859315', 'CR799393', 42, '../etc'],
        unknown: { deep: true },
      },
    });
    const second = await startApp(dir, keyring());
    expect(second.vault.getPreferences()).toEqual({
      theme: 'system',
      hideZeroBalances: true,
      hideDisabled: false,
      nicknames: { CR799393: 'Main' },
      order: ['VRTC1859315', 'CR799393'],
    });
    const restored = await restoreFlat(second.vault);
    expect(restored.accounts.map((a) => a.token)).toEqual(first.tokens);
    expect(restored.settings).toEqual(SETTINGS);
    expect(restored.notices).toEqual([]);
    // Named by field, never by value, in the log; the file is written back clean.
    const warning = second.logger.lines.find((l) => l.message.includes('preferences refused'));
    expect(warning?.fields).toEqual({ fields: ['theme', 'hideDisabled', 'nicknames', 'order'] });
    expect(JSON.stringify(second.logger.lines)).not.toContain('x'.repeat(100));
    expect(readStoreJson(dir).preferences).toEqual(second.vault.getPreferences());
  });

  it('preferences that are not an object at all take the defaults; the file is not set aside', async () => {
    const first = await withAccounts();
    await first.vault.settled();
    for (const garbage of ['dark', [1, 2], null, 12]) {
      writeStore({ ...readStoreJson(dir), preferences: garbage });
      const app = await startApp(dir, keyring());
      expect(app.vault.getPreferences()).toEqual(DEFAULT_PREFERENCES);
      const restored = await restoreFlat(app.vault);
      expect(restored.accounts.map((a) => a.token)).toEqual(first.tokens);
      expect(restored.notices).toEqual([]);
    }
  });

  it('nicknames and places of accounts not stored are dropped when the file is read', async () => {
    const first = await withAccounts();
    await first.vault.settled();
    writeStore({
      ...readStoreJson(dir),
      preferences: { ...NAMED, nicknames: { ...NAMED.nicknames, CR1: 'Gone' }, order: ['CR1', ...NAMED.order] },
    });
    expect((await startApp(dir, keyring())).vault.getPreferences()).toEqual(NAMED);
  });
});

describe('preferences when accounts go', () => {
  it('logging out of an account or a login drops their nicknames and places, the others stay', async () => {
    const app = await withAccounts();
    app.vault.savePreferences(NAMED);
    await app.vault.removeAccount('MF100');
    expect(app.vault.getPreferences()).toEqual({
      ...NAMED,
      nicknames: { CR799393: 'Main', VRTC1859315: 'Practice' },
      order: ['VRTC1859315', 'CR799393'],
    });
    await app.vault.removeGrant(app.oauth);
    expect(app.vault.getPreferences()).toEqual({ ...NAMED, nicknames: {}, order: [] });
    // On disk too, after a restart.
    expect((await startApp(dir, keyring())).vault.getPreferences()).toEqual({ ...NAMED, nicknames: {}, order: [] });
  });

  it('an account held but never stored: its nickname goes when it is logged out', async () => {
    const app = await withAccounts();
    // The controller lets a nickname be given to any account held, saved or not yet.
    app.vault.savePreferences(prefs({ nicknames: { CR5: 'Pending', CR799393: 'Main' } }));
    await app.vault.removeAccount('CR5');
    expect(app.vault.getPreferences().nicknames).toEqual({ CR799393: 'Main' });
    expect((readStoreJson(dir).preferences as Preferences).nicknames).toEqual({ CR799393: 'Main' });
  });

  it('logging out of all accounts keeps the look, drops every nickname and place', async () => {
    const app = await withAccounts();
    app.vault.savePreferences(NAMED);
    await app.vault.removeAllAccounts();
    const look = { ...NAMED, nicknames: {}, order: [] };
    expect(app.vault.getPreferences()).toEqual(look);
    expect((await startApp(dir, keyring())).vault.getPreferences()).toEqual(look);
  });

  it('"forget everything" keeps the look alone: no account, setting, nickname or order survives a restart', async () => {
    const app = await withAccounts();
    app.vault.savePreferences(NAMED);
    await app.vault.forgetEverything();
    const again = await startApp(dir, keyring());
    expect(again.vault.getPreferences()).toEqual({ ...NAMED, nicknames: {}, order: [] });
    const restored = await again.vault.restore();
    expect(restored).toMatchObject({ accounts: [], grants: [], settings: null, activeAccountId: null });
    const file = readStoreJson(dir);
    expect(JSON.stringify(file)).not.toMatch(/Main|Practice|Europe|CR799393/);
  });

  it('"forget everything" with the default look leaves an empty store, as on first run', async () => {
    const app = await withAccounts();
    app.vault.savePreferences(prefs({ nicknames: { CR799393: 'Main' } }));
    await app.vault.forgetEverything();
    expect(readDocument(readStoreJson(dir))).toEqual({ kind: 'empty' });
  });
});

describe('v7 → v8', () => {
  const v7 = (preferences: unknown): V7Document => ({
    schemaVersion: 7,
    grants: [],
    accounts: [],
    activeAccountId: null,
    settings: null,
    preferences,
    plaintextConsent: true,
  });

  it('the pure step: the free-form record gives way to the defaults, keeping only what fits; nothing else changes', () => {
    expect(migrateV7toV8(v7({}))).toEqual({ ...v7(DEFAULT_PREFERENCES), schemaVersion: 8 });
    // No version wrote this record: a key that does not fit the new shape is left behind.
    expect(migrateV7toV8(v7({ hideBalances: true, n: 1 })).preferences).toEqual(DEFAULT_PREFERENCES);
    expect(migrateV7toV8(v7({ theme: 'dark', hideDisabled: true, nicknames: 'x' })).preferences).toEqual(
      prefs({ theme: 'dark', hideDisabled: true }),
    );
  });

  it('a v7 file opens as before, is written back as v8, and its logins are untouched', async () => {
    const first = await withAccounts();
    await first.vault.settled();
    const { preferences: _v8, ...rest } = readStoreJson(dir);
    // v7's record, including one v7 itself refused (over 100 keys): v8 reads it field by field.
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    writeStore({ ...rest, schemaVersion: 7, preferences: { hideBalances: true, ...many } });
    const second = await startApp(dir, keyring());
    expect(second.vault.getPreferences()).toEqual(DEFAULT_PREFERENCES);
    const restored = await restoreFlat(second.vault);
    expect(restored.accounts.map((a) => a.token)).toEqual(first.tokens);
    expect(restored.notices).toEqual([]);
    expect(readStoreJson(dir)).toMatchObject({ schemaVersion: 8, preferences: DEFAULT_PREFERENCES });
    expect(second.logger.lines.some((l) => l.message.includes('migrated') && l.fields?.from === 7)).toBe(true);
  });
});
