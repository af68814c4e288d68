/**
 * What readDocument and the store recovery say and do at their edges: the reason given for each
 * kind of bad file (it is logged, so it must name the problem without quoting values), the
 * migration details, and the file-system helpers' corner cases.
 */
import fs from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MemoryKeyValueStore } from '../../main/core/vault/kv-stores';
import { migrateV1toV2, migrateV2toV3, readDocument } from '../../main/core/vault/migrations';
import { CURRENT_SCHEMA_VERSION, emptyDocument } from '../../main/core/vault/schema';
import {
  errorName,
  fileStamp,
  moveAside,
  openStoreSafely,
  siblingArtifacts,
} from '../../main/core/vault/store-recovery';
import { recordingLogger } from '../support/logger';
import { makeTempDir, removeDir } from '../support/temp-dir';

const ENDPOINT = {
  appId: '1089',
  wsUrl: 'wss://ws.derivws.com/websockets/v3',
  oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
  redirectUrl: 'https://app.example.com/redirect',
  language: 'en' as const,
};

const reasonOf = (raw: unknown) => {
  const result = readDocument(raw);
  if (result.kind !== 'unrecognized') throw new Error(`expected unrecognized, got ${result.kind}`);
  return result.reason;
};

describe('readDocument: the reason for each refusal', () => {
  it('names what is wrong', () => {
    for (const raw of [null, 42, 'text', [1, 2]]) expect(reasonOf(raw), JSON.stringify(raw)).toBe('not an object');
    for (const version of [undefined, '3', 0, -1, 1.5, Number.NaN])
      expect(reasonOf({ schemaVersion: version, accounts: [] }), String(version)).toBe('no schema version');
    expect(readDocument({ schemaVersion: CURRENT_SCHEMA_VERSION + 1 })).toEqual({
      kind: 'newer',
      version: CURRENT_SCHEMA_VERSION + 1,
    });
    expect(readDocument({})).toEqual({ kind: 'empty' });
    expect(readDocument({ __internal__: { migrations: {} } })).toEqual({ kind: 'empty' });
    expect(reasonOf({ __internal__: {}, schemaVersion: 'x' })).toBe('no schema version');
  });

  it('lists up to three problems by path and zod code, "(root)" for the document itself', () => {
    expect(reasonOf({ schemaVersion: 1, account: { loginid: 1, currency: 2, token: 3 }, endpoint: 5 })).toBe(
      'invalid version 1 document: account.loginid invalid_type; account.currency invalid_type; account.token invalid_type',
    );
    expect(reasonOf({ schemaVersion: 2, accounts: 'x', activeLoginid: null, endpoint: null })).toBe(
      'invalid version 2 document: accounts invalid_type',
    );
    expect(reasonOf({ ...emptyDocument(), accounts: [{}], plaintextConsent: 'yes' })).toMatch(
      new RegExp(`^invalid version ${CURRENT_SCHEMA_VERSION} document: accounts\\.0\\.accountId invalid_type; `),
    );
  });

  it('a file whose reading throws is unreadable, named by the error class only', () => {
    const hostile = {
      get schemaVersion(): number {
        throw new RangeError('boom with a secret');
      },
    };
    expect(reasonOf(hostile)).toBe('unreadable: RangeError');
  });

  it('says which version a document was migrated from, null when it was current', () => {
    const v3 = readDocument(emptyDocument());
    expect(v3).toMatchObject({ kind: 'ok', migratedFrom: null, refusedSettings: null });
    const v1 = readDocument({ schemaVersion: 1, account: null, endpoint: null });
    expect(v1).toMatchObject({ kind: 'ok', migratedFrom: 1 });
  });

  it('refused settings are listed once per field', () => {
    const doc = {
      ...emptyDocument(),
      settings: {
        ...ENDPOINT,
        issuer: 'http://x.example',
        flow: 'legacy',
        mode: 'deriv',
        wsUrl: 'ws://x.example/ws',
        api: 'legacy',
        authServerUrl: 'https://auth.deriv.com',
        restUrl: 'https://api.derivws.com',
        clientId: '',
        clientRedirectUrl: '',
      },
    };
    const result = readDocument(doc);
    expect(result).toMatchObject({ kind: 'ok', refusedSettings: ['wsUrl', 'issuer'] });
  });
});

describe('migration steps, details', () => {
  it('v1: an endpoint whose authorize page has no origin (not http) is dropped, not half-kept', () => {
    const v2 = migrateV1toV2({
      schemaVersion: 1,
      account: null,
      endpoint: { ...ENDPOINT, oauthUrl: 'custom:authorize' },
    });
    expect(v2.endpoint).toBeNull();
    expect(migrateV1toV2({ schemaVersion: 1, account: null, endpoint: ENDPOINT }).endpoint).toMatchObject({
      issuer: 'https://oauth.deriv.com',
      flow: 'legacy',
    });
  });

  it('v2 → v3: only ids that START with VR are virtual', () => {
    const v3 = migrateV2toV3({
      schemaVersion: 2,
      accounts: ['VRTC1', 'vrw2', 'CRVR3', 'CR4'].map((loginid) => ({ loginid, currency: 'USD', token: null })),
      activeLoginid: null,
      endpoint: null,
    });
    expect(v3.accounts.map((a) => a.isVirtual)).toEqual([true, true, false, false]);
  });
});

describe('store recovery helpers', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('recovery-details-');
  });
  afterEach(() => removeDir(dir));

  it('fileStamp: to the second, no colons, whatever the milliseconds', () => {
    expect(fileStamp(Date.UTC(2026, 10, 22, 6, 50, 0, 123))).toBe('2026-11-22T06-50-00Z');
    expect(fileStamp(Date.UTC(2026, 10, 22, 6, 50, 0, 0))).toBe('2026-11-22T06-50-00Z');
  });

  it('moveAside: a missing file counts as moved; 100 taken names is a failure, not a 101st try', () => {
    const file = path.join(dir, 'accounts.json');
    expect(moveAside(file, 'corrupt', 0)).toEqual({ ok: true, asidePath: null });
    fs.writeFileSync(file, 'x');
    const base = `${file}.corrupt-${fileStamp(0)}`;
    fs.writeFileSync(base, '');
    for (let i = 1; i < 100; i++) fs.writeFileSync(`${base}-${i}`, '');
    expect(moveAside(file, 'corrupt', 0)).toEqual({ ok: false, asidePath: null });
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
    fs.rmSync(`${base}-99`);
    expect(moveAside(file, 'corrupt', 0)).toEqual({ ok: true, asidePath: `${base}-99` });
  });

  it('moveAside: a rename that fails is reported, the file left where it was', () => {
    const file = path.join(dir, 'accounts.json');
    fs.writeFileSync(file, 'x');
    // The target's folder does not exist, so the rename itself fails.
    expect(moveAside(file, 'no-such-folder/corrupt', 0)).toEqual({ ok: false, asidePath: null });
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('siblingArtifacts: only this file’s moved-aside copies and temp files', () => {
    const file = path.join(dir, 'accounts.json');
    for (const name of [
      'accounts.json',
      'accounts.json.corrupt-2026-11-22T06-50-00Z',
      'accounts.json.newer-2026-11-22T06-50-00Z-1',
      'accounts.json.tmp-123abc',
      'accounts.json.bak',
      'accounts.json.tmp',
      'other.json.tmp-1',
      'xaccounts.json.tmp-1',
      'accounts.jsonx.corrupt-1',
    ])
      fs.writeFileSync(path.join(dir, name), '');
    expect(
      siblingArtifacts(file)
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual([
      'accounts.json.corrupt-2026-11-22T06-50-00Z',
      'accounts.json.newer-2026-11-22T06-50-00Z-1',
      'accounts.json.tmp-123abc',
    ]);
    expect(siblingArtifacts('')).toEqual([]);
    expect(siblingArtifacts(path.join(dir, 'missing-folder', 'accounts.json'))).toEqual([]);
  });

  it('errorName: class and errno code, never the message', () => {
    const enoent = Object.assign(new Error('ENOENT: /home/u/secret'), { code: 'ENOENT' });
    expect(errorName(enoent)).toBe('Error ENOENT');
    expect(errorName(new SyntaxError('Unexpected token a1-secret'))).toBe('SyntaxError');
    expect(errorName(Object.assign(new TypeError('x'), { code: 42 }))).toBe('TypeError');
    expect(errorName('a1-secret')).toBe('string');
    expect(errorName(undefined)).toBe('undefined');
  });

  it('openStoreSafely logs each step by error class, and says nothing will be saved when all fails', () => {
    const file = path.join(dir, 'accounts.json');
    fs.writeFileSync(file, '{"a1-secret');
    const logger = recordingLogger();
    let calls = 0;
    const result = openStoreSafely(
      () => {
        calls += 1;
        throw new SyntaxError('Unexpected end of JSON: {"a1-secret');
      },
      file,
      { clock: () => 0, logger },
    );
    expect(calls).toBe(2);
    expect(result.store).toBeInstanceOf(MemoryKeyValueStore);
    expect(logger.lines).toEqual([
      { level: 'warn', message: 'accounts store could not be opened', fields: { path: file, error: 'SyntaxError' } },
      {
        level: 'error',
        message: 'accounts store unavailable, using memory',
        fields: { path: file, error: 'SyntaxError' },
      },
    ]);
    expect(result.notices.map((n) => [n.code, n.level])).toEqual([
      ['store_corrupt', 'warning'],
      ['store_unavailable', 'error'],
    ]);
    expect(result.notices[1]).toMatchObject({ params: { path: file } });

    const recovered = recordingLogger();
    let tries = 0;
    openStoreSafely(
      () => {
        tries += 1;
        if (tries === 1) throw new SyntaxError('bad');
        return new MemoryKeyValueStore();
      },
      path.join(dir, 'second.json'),
      { clock: () => 0, logger: recovered },
    );
    expect(recovered.lines[1]).toEqual({
      level: 'info',
      message: 'accounts store reopened clean',
      fields: { path: path.join(dir, 'second.json'), asidePath: null },
    });
  });
});
