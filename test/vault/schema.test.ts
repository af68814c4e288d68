/**
 * The store's schemas at their exact limits: the file on disk is untrusted input, so each bound
 * (lengths, patterns, enums, counts) is a rule, and each is tested on both sides of its edge.
 */
import { describe, expect, it } from 'vitest';

import { MAX_STORED_ACCOUNTS as MAX_ACCOUNTS } from '../../main/core/model';
import {
  accountFlagsUpdateSchema,
  appModeSchema,
  currencySchema,
  CURRENT_SCHEMA_VERSION,
  emptyDocument,
  endpointSettingsSchema,
  endpointSettingsShape,
  loginidSchema,
  normalizeDocument,
  sealedTokenSchema,
  type StoredAccount,
  storedAccountInputSchema,
  storedAccountSchema,
  storedSettingsSchema,
  storedSettingsShape,
  tokenSchema,
  uiPreferencesSchema,
  type VaultDocument,
  vaultDocumentSchema,
} from '../../main/core/vault/schema';

type Schema = { safeParse(v: unknown): { success: boolean } };
const ok = (schema: Schema, value: unknown) =>
  expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(true);
const bad = (schema: Schema, value: unknown) =>
  expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);

const SETTINGS: Record<string, string> = {
  api: 'legacy',
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: '',
  clientRedirectUrl: '',
  appId: '1089',
  wsUrl: 'wss://ws.derivws.com/websockets/v3',
  oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
  redirectUrl: 'https://app.example.com/redirect',
  issuer: 'https://oauth.deriv.com',
  flow: 'legacy',
  language: 'en',
};
const ACCOUNT: StoredAccount = {
  api: 'legacy',
  credentialId: null,
  loginid: 'CR1',
  currency: 'USD',
  isVirtual: false,
  isDisabled: false,
  landingCompanyName: 'svg',
  accountType: 'binary',
  sealedToken: 'c2VhbGVk',
  updatedAt: 0,
  source: 'oauth',
  scopes: null,
};
const account = (loginid: string, extra: Partial<StoredAccount> = {}): StoredAccount => ({
  ...ACCOUNT,
  loginid,
  ...extra,
});

describe('vault schemas at their limits', () => {
  it('login ids: letters then digits, at most 64 characters', () => {
    ok(loginidSchema, `CR${'1'.repeat(62)}`);
    bad(loginidSchema, `CR${'1'.repeat(63)}`);
    for (const v of ['1CR', 'CR1x', 'CR', '', 'C R1']) bad(loginidSchema, v);
  });

  it("tokens: Deriv's pattern", () => {
    ok(tokenSchema, 'a1-AbC_9');
    ok(tokenSchema, 'x'.repeat(128));
    for (const v of ['', 'a.b', 'a b', 'x'.repeat(129)]) bad(tokenSchema, v);
  });

  it('currencies: letters and digits, empty allowed, at most 20', () => {
    for (const v of ['', 'USD', 'eUSDT', 'X'.repeat(20)]) ok(currencySchema, v);
    for (const v of ['X'.repeat(21), 'US-D', 'U$D', ' USD']) bad(currencySchema, v);
  });

  it('sealed tokens: base64, 1 to 8192 characters', () => {
    for (const v of ['QQ==', 'QUI=', 'QUJD', 'A'.repeat(8192), 'a+/9']) ok(sealedTokenSchema, v);
    for (const v of ['', 'A'.repeat(8193), 'QQ===', 'a-b', 'a_b', 'QQ==A', '=QQ', 'Q Q']) bad(sealedTokenSchema, v);
  });

  it('endpoint settings as stored: every field present, non-empty and bounded; flow and language from their lists', () => {
    ok(endpointSettingsShape, SETTINGS);
    ok(endpointSettingsShape, { ...SETTINGS, appId: '1'.repeat(64), flow: 'oidc', language: 'fr' });
    bad(endpointSettingsShape, { ...SETTINGS, appId: '1'.repeat(65) });
    for (const key of ['appId', 'wsUrl', 'oauthUrl', 'redirectUrl', 'issuer']) {
      bad(endpointSettingsShape, { ...SETTINGS, [key]: '' });
      const { [key]: _omitted, ...rest } = SETTINGS;
      bad(endpointSettingsShape, rest);
    }
    for (const key of ['wsUrl', 'oauthUrl', 'redirectUrl', 'issuer']) {
      ok(endpointSettingsShape, { ...SETTINGS, [key]: `https://x/${'a'.repeat(2038)}` });
      bad(endpointSettingsShape, { ...SETTINGS, [key]: `https://x/${'a'.repeat(2039)}` });
    }
    for (const [key, value] of [
      ['flow', 'implicit'],
      ['language', 'de'],
      ['language', 'EN'],
    ] as const)
      bad(endpointSettingsShape, { ...SETTINGS, [key]: value });
    expect(appModeSchema.options).toEqual(['unconfigured', 'demo', 'deriv']);
    ok(storedSettingsShape, { ...SETTINGS, mode: 'demo' });
    bad(storedSettingsShape, { ...SETTINGS, mode: 'sandbox' });
    bad(storedSettingsShape, SETTINGS);
  });

  it('endpoint settings the app acts on: a numeric app_id and addresses that keep tokens off clear text', () => {
    ok(endpointSettingsSchema, SETTINGS);
    ok(endpointSettingsSchema, {
      ...SETTINGS,
      wsUrl: 'ws://127.0.0.1:8080/websockets/v3',
      oauthUrl: 'http://localhost:4000/oauth2/authorize',
      issuer: 'http://127.0.0.1:4000',
      redirectUrl: 'http://127.0.0.1:4000/redirect',
    });
    for (const [key, value] of [
      ['appId', '0123'],
      ['appId', '12a'],
      ['wsUrl', 'ws://ws.example.com/websockets/v3'],
      ['wsUrl', 'https://ws.derivws.com'],
      ['oauthUrl', 'http://oauth.example.com/oauth2/authorize'],
      ['issuer', 'http://oauth.example.com'],
      ['redirectUrl', 'http://app.example.com/redirect'],
      ['redirectUrl', 'javascript:alert(1)'],
    ] as const) {
      bad(endpointSettingsSchema, { ...SETTINGS, [key]: value });
      ok(endpointSettingsShape, { ...SETTINGS, [key]: value });
    }
    ok(storedSettingsSchema, { ...SETTINGS, mode: 'deriv' });
    bad(storedSettingsSchema, { ...SETTINGS, mode: 'deriv', wsUrl: 'ws://ws.example.com/x' });
  });

  it('UI preferences: up to 100 short keys of JSON scalars, strings up to 1000', () => {
    ok(uiPreferencesSchema, { hideBalances: true, n: 1, s: 'x'.repeat(1000), none: null, ['k'.repeat(64)]: 1 });
    for (const v of [{ '': 1 }, { ['k'.repeat(65)]: 1 }, { s: 'x'.repeat(1001) }, { o: {} }, { a: [] }]) {
      bad(uiPreferencesSchema, v);
    }
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    ok(uiPreferencesSchema, many(100));
    const refused = uiPreferencesSchema.safeParse(many(101));
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain('too many preferences');
  });

  it('stored accounts: typed flags, short texts, a sealed token or null, a non-negative integer time', () => {
    ok(storedAccountSchema, ACCOUNT);
    ok(storedAccountSchema, { ...ACCOUNT, sealedToken: null, landingCompanyName: null, accountType: null });
    ok(storedAccountSchema, { ...ACCOUNT, landingCompanyName: 'x'.repeat(100), accountType: 'y'.repeat(100) });
    for (const change of [
      { landingCompanyName: 'x'.repeat(101) },
      { accountType: 'y'.repeat(101) },
      { updatedAt: -1 },
      { updatedAt: 1.5 },
      { isVirtual: 0 },
      { isDisabled: 'no' },
      { sealedToken: '' },
      { currency: 'US-D' },
    ]) {
      bad(storedAccountSchema, { ...ACCOUNT, ...change });
    }
  });

  it(`the document: version ${CURRENT_SCHEMA_VERSION} only, at most ${MAX_ACCOUNTS} accounts, nullable fields`, () => {
    const doc = {
      ...emptyDocument(),
      accounts: [ACCOUNT],
      activeLoginid: 'CR1',
      settings: { ...SETTINGS, mode: 'deriv' },
    };
    ok(vaultDocumentSchema, doc);
    ok(vaultDocumentSchema, { ...doc, plaintextConsent: true });
    ok(vaultDocumentSchema, {
      ...doc,
      accounts: Array.from({ length: MAX_ACCOUNTS }, (_, i) => account(`CR${i + 1}`)),
    });
    bad(vaultDocumentSchema, {
      ...doc,
      accounts: Array.from({ length: MAX_ACCOUNTS + 1 }, (_, i) => account(`CR${i + 1}`)),
    });
    bad(vaultDocumentSchema, { ...doc, schemaVersion: 2 });
    bad(vaultDocumentSchema, { ...doc, activeLoginid: 'not an id' });
    bad(vaultDocumentSchema, { ...doc, preferences: { o: {} } });
    expect(MAX_ACCOUNTS).toBe(200);
  });

  it('an empty document is exactly this', () => {
    expect(emptyDocument()).toEqual({
      schemaVersion: CURRENT_SCHEMA_VERSION,
      accounts: [],
      credentials: [],
      activeLoginid: null,
      settings: null,
      preferences: {},
      plaintextConsent: null,
    });
    expect(emptyDocument()).not.toBe(emptyDocument());
  });

  it('what callers hand in: a valid token is required at login, never in a flags update', () => {
    ok(storedAccountInputSchema, { accountId: 'CR1', token: 'tok1', currency: 'USD' });
    ok(storedAccountInputSchema, {
      accountId: 'CR1',
      token: 'tok1',
      currency: '',
      isVirtual: true,
      isDisabled: false,
      landingCompanyName: null,
      accountType: 'x'.repeat(100),
    });
    bad(storedAccountInputSchema, { accountId: 'CR1', currency: 'USD' });
    bad(storedAccountInputSchema, { accountId: 'CR1', token: 'a b', currency: 'USD' });
    bad(storedAccountInputSchema, { accountId: 'CR1', token: 'tok1', currency: 'USD', accountType: 'y'.repeat(101) });
    ok(accountFlagsUpdateSchema, { accountId: 'CR1' });
    ok(accountFlagsUpdateSchema, { accountId: 'CR1', isDisabled: true, currency: 'BTC' });
    bad(accountFlagsUpdateSchema, { isDisabled: true });
    bad(accountFlagsUpdateSchema, { accountId: 'C R', isDisabled: true });
    expect(Object.keys(accountFlagsUpdateSchema.shape)).not.toContain('token');
  });
});

describe('normalizeDocument', () => {
  const doc = (accounts: StoredAccount[], activeLoginid: string | null): VaultDocument => ({
    ...emptyDocument(),
    accounts,
    activeLoginid,
  });

  it('keeps the last of duplicate login ids, at its own position', () => {
    const first = account('CR1', { currency: 'USD' });
    const last = account('CR1', { currency: 'EUR' });
    const normal = normalizeDocument(doc([first, account('CR2'), last], 'CR1'));
    expect(normal.accounts).toEqual([account('CR2'), last]);
    expect(normal.activeLoginid).toBe('CR1');
  });

  it('an active id that names no account becomes null; null stays null', () => {
    expect(normalizeDocument(doc([account('CR1')], 'CR9')).activeLoginid).toBeNull();
    expect(normalizeDocument(doc([account('CR1')], null)).activeLoginid).toBeNull();
    expect(normalizeDocument(doc([], 'CR1')).activeLoginid).toBeNull();
  });
});

describe('why settings are refused (the text is shown in notices)', () => {
  it('names the rule each field broke', () => {
    const messages = (change: Record<string, string>) =>
      endpointSettingsSchema.safeParse({ ...SETTINGS, ...change }).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ appId: 'x1' })).toEqual(['a numeric app_id']);
    expect(messages({ wsUrl: 'ws://x.example/ws' })).toEqual(['a wss:// address (ws:// only on this computer)']);
    expect(messages({ oauthUrl: 'http://x.example/a' })).toEqual([
      'an https:// address (http:// only on this computer)',
    ]);
    expect(messages({ issuer: 'http://x.example' })).toEqual(['an https:// address (http:// only on this computer)']);
  });
});
