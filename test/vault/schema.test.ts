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
  grantAccountInputSchema,
  grantInputSchema,
  loginidSchema,
  normalizeDocument,
  sealedTokenSchema,
  type StoredAccount,
  storedAccountSchema,
  type StoredGrant,
  storedGrantSchema,
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
  grantId: 'g-CR1',
  accountId: 'CR1',
  currency: 'USD',
  isVirtual: false,
  isDisabled: false,
  landingCompanyName: 'svg',
  accountType: 'binary',
  source: 'oauth',
  scopes: null,
};
const account = (accountId: string, extra: Partial<StoredAccount> = {}): StoredAccount => ({
  ...ACCOUNT,
  accountId,
  grantId: `g-${accountId}`,
  ...extra,
});
/** The legacy grant of these accounts, one sealed token each. */
const grant = (id: string, accountIds: string[], sealed: string | null = 'c2VhbGVk'): StoredGrant => ({
  id,
  api: 'legacy',
  source: 'oauth',
  destination: { appId: '1089', urls: ['wss://ws.derivws.com/websockets/v3'] },
  sealedTokens: Object.fromEntries(accountIds.map((a) => [a, sealed])),
  updatedAt: 0,
  bound: true,
});
const CURRENT_GRANT: StoredGrant = {
  id: 'g-cur',
  api: 'current',
  source: 'oauth',
  destination: { appId: 'app-1', urls: ['https://api.derivws.com', 'https://auth.deriv.com'] },
  sealedSecret: 'c2VhbGVk',
  updatedAt: 5,
  bound: true,
};

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

  it('UI preferences up to v7: up to 100 short keys of JSON scalars, strings up to 1000', () => {
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

  it('stored accounts: typed flags, short texts, the id of their grant or null', () => {
    ok(storedAccountSchema, ACCOUNT);
    ok(storedAccountSchema, { ...ACCOUNT, grantId: null, landingCompanyName: null, accountType: null });
    ok(storedAccountSchema, { ...ACCOUNT, landingCompanyName: 'x'.repeat(100), accountType: 'y'.repeat(100) });
    for (const change of [
      { landingCompanyName: 'x'.repeat(101) },
      { accountType: 'y'.repeat(101) },
      { isVirtual: 0 },
      { isDisabled: 'no' },
      { grantId: '' },
      { grantId: 'a b' },
      { currency: 'US-D' },
      { accountId: '' },
    ]) {
      bad(storedAccountSchema, { ...ACCOUNT, ...change });
    }
    // The account id is `accountId` at rest from v6 on: the v5 name is not read.
    bad(storedAccountSchema, { ...ACCOUNT, accountId: undefined, loginid: 'CR1' });
  });

  it('stored grants: per API, sealed secrets or null, where they may go, a non-negative integer time', () => {
    ok(storedGrantSchema, grant('g1', ['CR1', 'VRTC2']));
    ok(storedGrantSchema, grant('g1', ['CR1'], null));
    ok(storedGrantSchema, CURRENT_GRANT);
    ok(storedGrantSchema, {
      ...CURRENT_GRANT,
      sealedSecret: null,
      source: 'pat',
      destination: { appId: '', urls: [] },
    });
    for (const change of [
      { updatedAt: -1 },
      { updatedAt: 1.5 },
      { sealedSecret: '' },
      { sealedSecret: 'not base64!' },
      { source: 'password' },
      { id: 'a b' },
      { destination: { appId: 'a b', urls: [] } },
      { destination: { appId: '1', urls: ['', 'x'] } },
      { destination: { appId: '1', urls: Array.from({ length: 5 }, () => 'https://a') } },
    ]) {
      bad(storedGrantSchema, { ...CURRENT_GRANT, ...change });
    }
    // A legacy grant holds tokens by Deriv login id; a current grant one secret.
    bad(storedGrantSchema, { ...grant('g1', ['CR1']), sealedTokens: { 'not an id': 'c2VhbGVk' } });
    bad(storedGrantSchema, { ...grant('g1', ['CR1']), sealedTokens: { CR1: '' } });
    bad(storedGrantSchema, { ...CURRENT_GRANT, api: 'legacy' });
    bad(
      storedGrantSchema,
      grant(
        'g1',
        Array.from({ length: MAX_ACCOUNTS + 1 }, (_, i) => `CR${i + 1}`),
      ),
    );
  });

  it(`the document: version ${CURRENT_SCHEMA_VERSION} only, at most ${MAX_ACCOUNTS} accounts, nullable fields`, () => {
    const doc = {
      ...emptyDocument(),
      grants: [grant('g-CR1', ['CR1'])],
      accounts: [ACCOUNT],
      activeAccountId: 'CR1',
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
    bad(vaultDocumentSchema, {
      ...doc,
      grants: Array.from({ length: MAX_ACCOUNTS + 1 }, (_, i) => grant(`g${i}`, ['CR1'])),
    });
    bad(vaultDocumentSchema, { ...doc, schemaVersion: 5 });
    bad(vaultDocumentSchema, { ...doc, activeAccountId: 'not an id' });
    // A legacy account needs a Deriv login id; a current one any account id.
    bad(vaultDocumentSchema, { ...doc, accounts: [account('acc_1', { grantId: null })] });
    ok(vaultDocumentSchema, { ...doc, accounts: [account('acc_1', { api: 'current', grantId: null })] });
    bad(vaultDocumentSchema, { ...doc, preferences: { o: {} } });
    expect(MAX_ACCOUNTS).toBe(200);
  });

  it('an empty document is exactly this', () => {
    expect(emptyDocument()).toEqual({
      schemaVersion: CURRENT_SCHEMA_VERSION,
      grants: [],
      accounts: [],
      activeAccountId: null,
      settings: null,
      preferences: { theme: 'system', hideZeroBalances: false, hideDisabled: false, nicknames: {}, order: [] },
      plaintextConsent: null,
    });
    expect(emptyDocument()).not.toBe(emptyDocument());
    expect(emptyDocument().preferences).not.toBe(emptyDocument().preferences);
  });

  it('what callers hand in: a grant whose API, source and credential agree, valid tokens; never a token in a flags update', () => {
    const destination = { appId: '1089', urls: ['wss://ws.derivws.com/websockets/v3'] };
    const legacy = { id: 'g1', api: 'legacy', source: 'oauth', destination };
    ok(grantInputSchema, { ...legacy, credential: { kind: 'tokens', tokens: { CR1: 'tok1', VRTC2: 'tok2' } } });
    ok(grantInputSchema, { ...legacy, source: 'api_token', credential: { kind: 'tokens', tokens: { CR1: 'tok1' } } });
    bad(grantInputSchema, { ...legacy, credential: { kind: 'tokens', tokens: { CR1: 'a b' } } });
    bad(grantInputSchema, { ...legacy, credential: { kind: 'tokens', tokens: { 'C R': 'tok1' } } });
    bad(grantInputSchema, { ...legacy, source: 'pat', credential: { kind: 'tokens', tokens: { CR1: 'tok1' } } });
    bad(grantInputSchema, { ...legacy, credential: { kind: 'pat', token: 'pat_1', appId: '1' } });
    const current = { id: 'g2', api: 'current', destination };
    ok(grantInputSchema, { ...current, source: 'pat', credential: { kind: 'pat', token: 'pat_1', appId: '1' } });
    ok(grantInputSchema, {
      ...current,
      source: 'oauth',
      credential: { kind: 'oauth', accessToken: 'a', refreshToken: null, expiresAt: null },
    });
    bad(grantInputSchema, { ...current, source: 'api_token', credential: { kind: 'pat', token: 'p', appId: '1' } });
    bad(grantInputSchema, { ...current, source: 'oauth', credential: { kind: 'tokens', tokens: { CR1: 'tok1' } } });
    ok(grantAccountInputSchema, { accountId: 'CR1', currency: 'USD' });
    ok(grantAccountInputSchema, {
      accountId: 'CR1',
      currency: '',
      isVirtual: true,
      isDisabled: false,
      landingCompanyName: null,
      accountType: 'x'.repeat(100),
    });
    bad(grantAccountInputSchema, { accountId: 'CR1' });
    bad(grantAccountInputSchema, { accountId: 'CR1', currency: 'USD', accountType: 'y'.repeat(101) });
    ok(accountFlagsUpdateSchema, { accountId: 'CR1' });
    ok(accountFlagsUpdateSchema, { accountId: 'CR1', isDisabled: true, currency: 'BTC' });
    bad(accountFlagsUpdateSchema, { isDisabled: true });
    bad(accountFlagsUpdateSchema, { accountId: 'C R', isDisabled: true });
    expect(Object.keys(accountFlagsUpdateSchema.shape)).not.toContain('token');
  });
});

describe('normalizeDocument', () => {
  const doc = (accounts: StoredAccount[], activeAccountId: string | null, grants?: StoredGrant[]): VaultDocument => ({
    ...emptyDocument(),
    grants: grants ?? accounts.map((a) => grant(a.grantId!, [a.accountId])),
    accounts,
    activeAccountId,
  });

  it('keeps the last of duplicate account ids, at its own position', () => {
    const first = account('CR1', { currency: 'USD' });
    const last = account('CR1', { currency: 'EUR' });
    const normal = normalizeDocument(doc([first, account('CR2'), last], 'CR1'));
    expect(normal.accounts).toEqual([account('CR2'), last]);
    expect(normal.activeAccountId).toBe('CR1');
  });

  it('an active id that names no account becomes null; null stays null', () => {
    expect(normalizeDocument(doc([account('CR1')], 'CR9')).activeAccountId).toBeNull();
    expect(normalizeDocument(doc([account('CR1')], null)).activeAccountId).toBeNull();
    expect(normalizeDocument(doc([], 'CR1')).activeAccountId).toBeNull();
  });

  it('an account whose grant is missing, of the other API, or without its token keeps its place without a grant', () => {
    const normal = normalizeDocument(
      doc(
        [
          account('CR1', { grantId: 'gone' }),
          account('CR2', { grantId: 'g-cur' }),
          account('CR3', { grantId: 'g-both' }),
          account('CR4', { grantId: 'g-both' }),
        ],
        null,
        [CURRENT_GRANT, grant('g-both', ['CR4'])],
      ),
    );
    expect(normal.accounts.map((a) => [a.accountId, a.grantId])).toEqual([
      ['CR1', null],
      ['CR2', null],
      ['CR3', null],
      ['CR4', 'g-both'],
    ]);
    // The current grant no account names is dropped.
    expect(normal.grants.map((g) => g.id)).toEqual(['g-both']);
  });

  it("a legacy grant keeps only its own accounts' tokens; a grant no account names is dropped; duplicate grant ids keep the last", () => {
    const normal = normalizeDocument(
      doc([account('CR1', { grantId: 'g1' })], null, [
        grant('g1', ['CR1', 'CR2'], 'b2xk'),
        grant('g2', ['CR3']),
        grant('g1', ['CR1', 'CR9']),
      ]),
    );
    expect(normal.grants).toEqual([grant('g1', ['CR1'])]);
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
