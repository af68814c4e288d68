import fs from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { StoredSettings } from '../../main/core/vault/schema';
import { Vault, VaultError } from '../../main/core/vault/vault';
import { AesCipher } from '../support/aes-cipher';
import { DERIV_SETTINGS } from '../support/sample-state';
import { makeTempDir } from '../support/temp-dir';
import {
  expectNoTokenInDisplay,
  expectNoTokenOnDisk,
  makeToken,
  readStoreJson,
  restoreFlat,
  saveLegacy,
  sealedAccounts,
  startApp,
  storePath,
} from './helpers';

// The sample Deriv settings, with the app id these tests were written for.
const SETTINGS: StoredSettings = { ...DERIV_SETTINGS, mode: 'deriv', appId: '1089' };

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The accounts on disk, each with the sealed token its login holds for it. */
function storedAccounts() {
  return sealedAccounts(readStoreJson(dir));
}

describe('Vault with real encryption', () => {
  const keyring = () => new AesCipher({ passphrase: 'keyring-1', backend: 'gnome_libsecret' });

  it('restores accounts, tokens, the active account, and settings after a restart', async () => {
    const tokens = [makeToken('cr'), makeToken('vr'), makeToken('mf')];
    const first = await startApp(dir, keyring());
    await saveLegacy(first.vault, [
      { accountId: 'CR799393', token: tokens[0]!, currency: 'USD', landingCompanyName: 'svg', accountType: 'trading' },
      { accountId: 'VRTC1859315', token: tokens[1]!, currency: 'USD', isVirtual: true },
      // An API-token account: sealed like the others, with how it was obtained and its scopes.
      {
        accountId: 'MF100',
        token: tokens[2]!,
        currency: 'EUR',
        isDisabled: true,
        source: 'api_token',
        scopes: ['read', 'trade'],
      },
    ]);
    expect(first.vault.setActive('VRTC1859315')).toBe(true);
    first.vault.saveSettings(SETTINGS);
    expect(first.vault.persistence()).toEqual({
      backend: 'gnome_libsecret',
      encryptionAvailable: true,
      plaintextConsent: null,
      tokensPersisted: true,
    });

    // Restart: a new store and vault on the same folder, the same keyring.
    const second = await startApp(dir, keyring());
    const restored = await restoreFlat(second.vault);
    expect(restored.notices).toEqual([]);
    expect(restored.activeAccountId).toBe('VRTC1859315');
    expect(restored.settings).toEqual(SETTINGS);
    expect(restored.accounts).toEqual([
      {
        api: 'legacy',
        accountId: 'CR799393',
        currency: 'USD',
        isVirtual: false,
        isDisabled: false,
        landingCompanyName: 'svg',
        accountType: 'trading',
        source: 'oauth',
        scopes: null,
        token: tokens[0],
        problem: null,
      },
      {
        api: 'legacy',
        accountId: 'VRTC1859315',
        currency: 'USD',
        isVirtual: true,
        isDisabled: false,
        landingCompanyName: null,
        accountType: null,
        source: 'oauth',
        scopes: null,
        token: tokens[1],
        problem: null,
      },
      {
        api: 'legacy',
        accountId: 'MF100',
        currency: 'EUR',
        isVirtual: false,
        isDisabled: true,
        landingCompanyName: null,
        accountType: null,
        source: 'api_token',
        scopes: ['read', 'trade'],
        token: tokens[2],
        problem: null,
      },
    ]);
    expect(second.vault.persistence().tokensPersisted).toBe(true);

    // On disk: sealed tokens only, owner-only file.
    expect(storedAccounts().every((a) => typeof a.sealedToken === 'string')).toBe(true);
    expect(fs.statSync(storePath(dir)).mode & 0o777).toBe(0o600);
    expect(expectNoTokenOnDisk(dir, tokens)).toBeGreaterThan(0);
    expectNoTokenInDisplay(second.vault, tokens, {
      notices: restored.notices,
      logLines: [...first.logger.lines, ...second.logger.lines],
    });
  });

  it('merges a second login by login id: the newest token wins, given flags replace, absent flags stay', async () => {
    const [oldCr, vr, newCr, mf] = [makeToken('old'), makeToken('vr'), makeToken('new'), makeToken('mf')];
    const app = await startApp(dir, keyring());
    await saveLegacy(app.vault, [
      { accountId: 'CR1', token: oldCr, currency: 'USD', landingCompanyName: 'svg', accountType: 'trading' },
      { accountId: 'VRTC2', token: vr, currency: 'USD' },
    ]);
    await saveLegacy(app.vault, [
      { accountId: 'CR1', token: newCr, currency: 'USD', accountType: 'wallet' },
      { accountId: 'MF3', token: mf, currency: 'EUR' },
    ]);

    const restarted = await startApp(dir, keyring());
    const { accounts } = await restoreFlat(restarted.vault);
    expect(accounts.map((a) => [a.accountId, a.token])).toEqual([
      ['CR1', newCr],
      ['VRTC2', vr],
      ['MF3', mf],
    ]);
    const cr = accounts[0]!;
    expect(cr.landingCompanyName).toBe('svg');
    expect(cr.accountType).toBe('wallet');
    expect(accounts[1]!.isVirtual).toBe(true); // inferred from the VR prefix when not given
    expectNoTokenOnDisk(dir, [oldCr, vr, newCr, mf]);
    expectNoTokenInDisplay(restarted.vault, [oldCr, vr, newCr, mf], { logLines: restarted.logger.lines });
  });

  it('keeps flags learnt after authorize, ignoring unknown and invalid entries', async () => {
    const token = makeToken();
    const app = await startApp(dir, keyring());
    await saveLegacy(app.vault, [{ accountId: 'CR1', token, currency: '' }]);
    app.vault.updateAccountFlags([
      { accountId: 'CR1', currency: 'USD', landingCompanyName: 'svg', isDisabled: true },
      { accountId: 'CR999', landingCompanyName: 'maltainvest' },
      { accountId: 'not a login id', isVirtual: true },
    ]);
    const { accounts } = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(accounts).toEqual([
      {
        api: 'legacy',
        accountId: 'CR1',
        currency: 'USD',
        isVirtual: false,
        isDisabled: true,
        landingCompanyName: 'svg',
        accountType: null,
        source: 'oauth',
        scopes: null,
        token,
        problem: null,
      },
    ]);
  });

  it('logs out of one account (the next one becomes active) and of all of them', async () => {
    const tokens = [makeToken(), makeToken(), makeToken()];
    const app = await startApp(dir, keyring());
    await saveLegacy(app.vault, [
      { accountId: 'CR1', token: tokens[0]!, currency: 'USD' },
      { accountId: 'CR2', token: tokens[1]!, currency: 'EUR' },
      { accountId: 'CR3', token: tokens[2]!, currency: 'GBP' },
    ]);
    app.vault.setActive('CR1');
    app.vault.flush(); // written soon after, or at quit: now
    app.vault.saveSettings(SETTINGS);
    await app.vault.removeAccount('CR1');
    await app.vault.removeAccount('CR404'); // unknown: nothing happens

    let restarted = await startApp(dir, keyring());
    let restored = await restoreFlat(restarted.vault);
    expect(restored.accounts.map((a) => a.accountId)).toEqual(['CR2', 'CR3']);
    expect(restored.activeAccountId).toBe('CR2');
    expect(JSON.stringify(readStoreJson(dir))).not.toContain('CR1');

    await restarted.vault.removeAllAccounts();
    restarted = await startApp(dir, keyring());
    restored = await restoreFlat(restarted.vault);
    expect(restored.accounts).toEqual([]);
    expect(restored.activeAccountId).toBeNull();
    expect(restored.settings).toEqual(SETTINGS); // logout keeps the endpoint settings
    expect(restarted.vault.persistence().tokensPersisted).toBe(false);
    expect(storedAccounts()).toEqual([]);
    expectNoTokenOnDisk(dir, tokens);
  });

  it('logs out of one login: its grant and every account it opens go in one write; the other login stays', async () => {
    const tokens = [makeToken('a'), makeToken('b'), makeToken('c')];
    const app = await startApp(dir, keyring());
    const [oauthLogin, pasted] = await saveLegacy(app.vault, [
      { accountId: 'CR1', token: tokens[0]!, currency: 'USD' },
      { accountId: 'CR2', token: tokens[1]!, currency: 'USD' },
      { accountId: 'CR3', token: tokens[2]!, currency: 'EUR', source: 'api_token' },
    ]);
    app.vault.setActive('CR2');
    app.vault.flush(); // written soon after, or at quit: now
    await app.vault.removeGrant(oauthLogin!);
    const restarted = await startApp(dir, keyring());
    const restored = await restoreFlat(restarted.vault);
    expect(restored.accounts.map((a) => a.accountId)).toEqual(['CR3']);
    expect(restored.grants.map((g) => g.id)).toEqual([pasted]);
    expect(restored.activeAccountId).toBe('CR3');
    expectNoTokenOnDisk(dir, tokens.slice(0, 2));
  });

  it('logout of all removes the copies next to the store that may hold sealed tokens (moved aside, newer version, interrupted write); one it cannot remove is named in a notice', async () => {
    const tokens = [makeToken('x'), makeToken('y')];
    const app = await startApp(dir, keyring());
    await saveLegacy(app.vault, [
      { accountId: 'CR1', token: tokens[0]!, currency: 'USD' },
      { accountId: 'CR2', token: tokens[1]!, currency: 'USD' },
    ]);
    const copies = ['corrupt-2026-01-01T00-00-00Z', 'newer-2026-01-02T00-00-00Z', 'tmp-1234567890abcdef'];
    for (const label of copies) fs.copyFileSync(storePath(dir), `${storePath(dir)}.${label}`);
    // A copy that cannot be removed (a folder with something in it: rm without `recursive` refuses it).
    const stuck = `${storePath(dir)}.newer-2026-01-03T00-00-00Z`;
    fs.mkdirSync(stuck);
    fs.writeFileSync(path.join(stuck, 'inside'), 'x');
    fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'kept');
    app.vault.drainNotices();

    await app.vault.removeAllAccounts();
    expect(fs.readdirSync(dir).sort()).toEqual(['accounts.json', path.basename(stuck), 'unrelated.txt']);
    expect(app.vault.drainNotices()).toEqual([{ code: 'store_copy_kept', level: 'warning', params: { path: stuck } }]);
    fs.rmSync(stuck, { recursive: true });
    expectNoTokenOnDisk(dir, tokens);
  });

  it('runs mutations in call order, so a logout right after a login wins', async () => {
    const app = await startApp(dir, keyring());
    const login = saveLegacy(app.vault, [{ accountId: 'CR1', token: makeToken(), currency: 'USD' }]);
    const logout = app.vault.removeAllAccounts();
    await Promise.all([login, logout]);
    expect((await restoreFlat(app.vault)).accounts).toEqual([]);
    expect(storedAccounts()).toEqual([]);
  });

  it('forgets everything: entries, consent, settings, and the files kept next to the store', async () => {
    const tokens = [makeToken(), makeToken()];
    const app = await startApp(dir, keyring());
    await saveLegacy(app.vault, [
      { accountId: 'CR1', token: tokens[0]!, currency: 'USD' },
      { accountId: 'CR2', token: tokens[1]!, currency: 'USD' },
    ]);
    app.vault.setActive('CR2');
    app.vault.flush(); // written soon after, or at quit: now
    app.vault.saveSettings(SETTINGS);
    await app.vault.setPlaintextConsent(true);
    // A copy moved aside earlier and a temp file of an interrupted write both may hold sealed tokens.
    fs.copyFileSync(storePath(dir), `${storePath(dir)}.corrupt-2026-01-01T00-00-00Z`);
    fs.writeFileSync(`${storePath(dir)}.tmp-1234567890abcdef`, '{"schemaVersion":3,"acc');
    fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'kept');

    await app.vault.forgetEverything();
    expect(fs.readdirSync(dir).sort()).toEqual(['accounts.json', 'unrelated.txt']);
    expect(readStoreJson(dir)).toEqual({});
    expect(app.vault.persistence()).toMatchObject({ plaintextConsent: null, tokensPersisted: false });

    const restarted = await startApp(dir, keyring());
    const restored = await restoreFlat(restarted.vault);
    expect(restored).toEqual({
      grants: [],
      accounts: [],
      activeAccountId: null,
      lastBalances: {},
      settings: null,
      settingsRefused: false,
      notices: [],
    });
    expect(restarted.vault.getPlaintextConsent()).toBeNull();
    expectNoTokenOnDisk(dir, tokens);
  });

  it('marks accounts whose token no longer decrypts (keyring changed), keeps the blob, and heals on re-login', async () => {
    const tokens = [makeToken('one'), makeToken('two')];
    const app = await startApp(dir, new AesCipher({ passphrase: 'old-keyring' }));
    await saveLegacy(app.vault, [
      { accountId: 'CR1', token: tokens[0]!, currency: 'USD' },
      { accountId: 'CR2', token: tokens[1]!, currency: 'USD' },
    ]);
    app.vault.setActive('CR2');
    app.vault.flush(); // written soon after, or at quit: now

    const changed = await startApp(dir, new AesCipher({ passphrase: 'new-keyring' }));
    const restored = await restoreFlat(changed.vault);
    expect(restored.activeAccountId).toBe('CR2');
    expect(restored.accounts.map((a) => [a.accountId, a.token, a.problem])).toEqual([
      ['CR1', null, 'decrypt_failed'],
      ['CR2', null, 'decrypt_failed'],
    ]);
    expect(restored.notices).toHaveLength(1);
    expect(restored.notices[0]).toMatchObject({ code: 'token_decrypt_failed', level: 'warning' });
    expect(restored.notices[0]!.params).toEqual({ accounts: ['CR1', 'CR2'] });
    expect(changed.vault.persistence().tokensPersisted).toBe(false);
    expectNoTokenInDisplay(changed.vault, tokens, { notices: restored.notices, logLines: changed.logger.lines });

    // The sealed blobs are untouched: with the old keyring back, they open again.
    const back = await startApp(dir, new AesCipher({ passphrase: 'old-keyring' }));
    expect((await restoreFlat(back.vault)).accounts.map((a) => a.token)).toEqual(tokens);

    // Re-login under the new keyring replaces the token of that account only.
    const fresh = makeToken('fresh');
    await saveLegacy(changed.vault, [{ accountId: 'CR1', token: fresh, currency: 'USD' }]);
    const after = await restoreFlat((await startApp(dir, new AesCipher({ passphrase: 'new-keyring' }))).vault);
    expect(after.accounts.map((a) => [a.accountId, a.token, a.problem])).toEqual([
      ['CR1', fresh, null],
      ['CR2', null, 'decrypt_failed'],
    ]);
    expectNoTokenOnDisk(dir, [...tokens, fresh]);
  });

  it('marks only the account whose sealed token was tampered with', async () => {
    const tokens = [makeToken(), makeToken()];
    const app = await startApp(dir, keyring());
    await saveLegacy(app.vault, [
      { accountId: 'CR1', token: tokens[0]!, currency: 'USD' },
      { accountId: 'CR2', token: tokens[1]!, currency: 'USD' },
    ]);
    const doc = readStoreJson(dir);
    const [login] = doc.grants as Array<{ sealedTokens: Record<string, string> }>;
    const sealed = Buffer.from(login!.sealedTokens.CR1!, 'base64');
    sealed[sealed.length - 1]! ^= 0xff;
    login!.sealedTokens.CR1 = sealed.toString('base64');
    fs.writeFileSync(storePath(dir), JSON.stringify(doc));

    const restored = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(restored.accounts.map((a) => [a.token, a.problem])).toEqual([
      [null, 'decrypt_failed'],
      [tokens[1], null],
    ]);
  });

  it('keeps a token for the session when the keyring refuses to encrypt it, and says so', async () => {
    const token = makeToken();
    const app = await startApp(dir, new AesCipher({ failEncrypt: true }));
    await saveLegacy(app.vault, [{ accountId: 'CR1', token, currency: 'USD' }]);
    const now = await restoreFlat(app.vault);
    expect(now.accounts[0]!.token).toBe(token);
    expect(now.notices.map((n) => n.code)).toEqual(['token_encrypt_failed']);
    expect(now.notices[0]!.params).toEqual({ accounts: ['CR1'] });
    expect(app.vault.persistence().tokensPersisted).toBe(false);
    expect(storedAccounts()[0]!.sealedToken).toBeNull();
    const later = await restoreFlat((await startApp(dir, keyring())).vault);
    expect(later.accounts.map((a) => [a.accountId, a.token, a.problem])).toEqual([['CR1', null, null]]);
    expectNoTokenOnDisk(dir, [token]);
    expectNoTokenInDisplay(app.vault, [token], { notices: now.notices, logLines: app.logger.lines });
  });

  it('one notice per operation whose encryption failed, naming all its accounts', async () => {
    const app = await startApp(dir, new AesCipher({ failEncrypt: true }));
    const ids = ['CR1', 'CR2', 'VRTC3'];
    await saveLegacy(
      app.vault,
      ids.map((accountId) => ({ accountId, token: makeToken(), currency: 'USD' })),
    );
    const notices = app.vault.drainNotices();
    expect(notices).toEqual([{ code: 'token_encrypt_failed', level: 'warning', params: { accounts: ids } }]);
  });

  it('reports a failed write instead of throwing, and keeps working in memory', async () => {
    const token = makeToken();
    const app = await startApp(dir, keyring());
    // Make the store's folder impossible to write (a file where the folder was): works even as root.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.writeFileSync(dir, 'not a folder');
    try {
      await saveLegacy(app.vault, [{ accountId: 'CR1', token, currency: 'USD' }]);
      app.vault.setActive('CR1');
      app.vault.flush(); // written soon after, or at quit: now
      const restored = await restoreFlat(app.vault);
      expect(restored.accounts[0]!.token).toBe(token);
      expect(restored.notices.map((n) => n.code)).toEqual(['store_write_failed']);
      expectNoTokenInDisplay(app.vault, [token], { notices: restored.notices, logLines: app.logger.lines });
    } finally {
      fs.rmSync(dir, { force: true });
      fs.mkdirSync(dir);
    }
  });

  it('rejects malformed input with a typed error that does not quote the token', async () => {
    const app = await startApp(dir, keyring());
    const badToken = 'secret value with spaces';
    let caught: unknown;
    try {
      await saveLegacy(app.vault, [{ accountId: 'CR1', token: badToken, currency: 'USD' }]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VaultError);
    expect((caught as VaultError).code).toBe('invalid_input');
    expect((caught as VaultError).message).toContain('token');
    expect((caught as VaultError).message).not.toContain(badToken);
    await expect(saveLegacy(app.vault, [{ accountId: 'cr 1', token: makeToken(), currency: 'USD' }])).rejects.toThrow(
      /accountId/,
    );
    expect(() => app.vault.saveSettings({ ...SETTINGS, flow: 'implicit' as 'legacy' })).toThrow(VaultError);
    // The address rules hold for whatever calls the vault, not only for IPC.
    expect(() => app.vault.saveSettings({ ...SETTINGS, wsUrl: 'ws://203.0.113.5/websockets/v3' })).toThrow(/wsUrl/);
    expect(() => app.vault.saveSettings({ ...SETTINGS, redirectUrl: 'deriv-desktop://callback/' })).toThrow(
      /redirectUrl/,
    );
    expect(app.vault.setActive('CR404')).toBe(false);
    expect(fs.existsSync(storePath(dir)) ? storedAccounts() : []).toEqual([]);
  });
});

describe('Vault when encryption is not real (basic_text)', () => {
  const basicText = () => new AesCipher({ passphrase: 'chromium-known-key', backend: 'basic_text' });

  it('keeps tokens in memory only until the user agrees; agreeing writes them; revoking removes them', async () => {
    const tokens = [makeToken('b1'), makeToken('b2')];
    const app = await startApp(dir, basicText());
    await saveLegacy(app.vault, [
      { accountId: 'CR1', token: tokens[0]!, currency: 'USD' },
      { accountId: 'VRTC2', token: tokens[1]!, currency: 'USD' },
    ]);
    app.vault.setActive('CR1');
    app.vault.flush(); // written soon after, or at quit: now

    // Refusal by default: the session has the tokens, the disk has none (not even sealed).
    expect((await restoreFlat(app.vault)).accounts.map((a) => a.token)).toEqual(tokens);
    expect(storedAccounts().map((a) => a.sealedToken)).toEqual([null, null]);
    expect(app.vault.persistence()).toEqual({
      backend: 'basic_text',
      encryptionAvailable: false,
      plaintextConsent: null,
      tokensPersisted: false,
    });
    let restarted = await startApp(dir, basicText());
    let restored = await restoreFlat(restarted.vault);
    expect(restored.accounts.map((a) => [a.accountId, a.token, a.problem])).toEqual([
      ['CR1', null, null],
      ['VRTC2', null, null],
    ]);
    expect(restored.activeAccountId).toBe('CR1');

    // Consent given later: the tokens held in memory are written.
    await app.vault.setPlaintextConsent(true);
    expect(app.vault.persistence()).toMatchObject({ plaintextConsent: true, tokensPersisted: true });
    expect(storedAccounts().every((a) => typeof a.sealedToken === 'string')).toBe(true);
    restarted = await startApp(dir, basicText());
    expect((await restoreFlat(restarted.vault)).accounts.map((a) => a.token)).toEqual(tokens);
    expect(restarted.vault.getPlaintextConsent()).toBe(true);

    // Consent revoked: the tokens leave the disk, the running session keeps them.
    await restarted.vault.setPlaintextConsent(false);
    expect(storedAccounts().map((a) => a.sealedToken)).toEqual([null, null]);
    expect((await restoreFlat(restarted.vault)).accounts.map((a) => a.token)).toEqual(tokens);
    expect(restarted.vault.persistence()).toMatchObject({ plaintextConsent: false, tokensPersisted: false });

    // A later login with consent refused stays off disk too.
    const third = makeToken('b3');
    await saveLegacy(restarted.vault, [{ accountId: 'MF3', token: third, currency: 'EUR' }]);
    expect(storedAccounts().map((a) => a.sealedToken)).toEqual([null, null, null]);
    restored = await restoreFlat((await startApp(dir, basicText())).vault);
    expect(restored.accounts.every((a) => a.token === null)).toBe(true);

    expectNoTokenOnDisk(dir, [...tokens, third]);
    expectNoTokenInDisplay(restarted.vault, [...tokens, third], {
      logLines: [...app.logger.lines, ...restarted.logger.lines],
    });
  });

  it('takes tokens found on disk without consent off it at start, keeping them for this run', async () => {
    const token = makeToken();
    const consenting = await startApp(dir, basicText());
    await consenting.vault.setPlaintextConsent(true);
    await saveLegacy(consenting.vault, [{ accountId: 'CR1', token, currency: 'USD' }]);
    // Simulate a file where the answer is missing (e.g. written before consent existed).
    const doc = readStoreJson(dir);
    doc.plaintextConsent = null;
    fs.writeFileSync(storePath(dir), JSON.stringify(doc));

    const app = await startApp(dir, basicText());
    expect((await restoreFlat(app.vault)).accounts[0]!.token).toBe(token);
    expect(storedAccounts()[0]!.sealedToken).toBeNull();
    expect(app.vault.persistence().tokensPersisted).toBe(false);
  });

  it('keeps tokens sealed by a real keyring when only basic_text is available this run', async () => {
    const token = makeToken();
    const real = await startApp(dir, new AesCipher({ passphrase: 'gnome-key' }));
    await saveLegacy(real.vault, [{ accountId: 'CR1', token, currency: 'USD' }]);
    const sealedBefore = storedAccounts()[0]!.sealedToken;

    const degraded = await startApp(dir, basicText());
    const restored = await restoreFlat(degraded.vault);
    expect(restored.accounts[0]).toMatchObject({ token: null, problem: 'decrypt_failed' });
    expect(storedAccounts()[0]!.sealedToken).toBe(sealedBefore);

    const recovered = await startApp(dir, new AesCipher({ passphrase: 'gnome-key' }));
    expect((await restoreFlat(recovered.vault)).accounts[0]!.token).toBe(token);
  });
});

describe('Vault on a memory store', () => {
  it('reports that nothing is persisted', async () => {
    const { MemoryKeyValueStore } = await import('../../main/core/vault/kv-stores');
    const vault = await Vault.open({ store: new MemoryKeyValueStore(), cipher: new AesCipher() });
    await saveLegacy(vault, [{ accountId: 'CR1', token: makeToken(), currency: 'USD' }]);
    expect(vault.persistence().tokensPersisted).toBe(false);
  });
});
