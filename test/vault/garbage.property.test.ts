import fs from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AesCipher } from '../support/aes-cipher';
import { makeTempDir } from '../support/temp-dir';
import { makeToken, restoreFlat, saveLegacy, startApp, storePath } from './helpers';

const KNOWN_CODES = new Set(['store_corrupt', 'store_newer_version', 'token_decrypt_failed']);

const validV3 = JSON.stringify({
  schemaVersion: 3,
  accounts: [
    {
      loginid: 'CR1',
      currency: 'USD',
      isVirtual: false,
      isDisabled: false,
      landingCompanyName: 'svg',
      accountType: null,
      sealedToken: 'AAAA',
      updatedAt: 1,
    },
  ],
  activeLoginid: 'CR1',
  settings: null,
  preferences: { a: 1 },
  plaintextConsent: null,
});

const anyScalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const anyValue = fc.oneof(anyScalar, fc.jsonValue({ maxDepth: 3 }));

/** Every kind of bad file: raw bytes, text, any JSON, near-miss documents of each version, damaged valid ones. */
const garbageFile: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 300, unit: 'binary' }).map((s) => Buffer.from(s)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  fc
    .record(
      {
        schemaVersion: fc.oneof(fc.constantFrom(1, 2, 3, 4), anyScalar),
        account: anyValue,
        accounts: fc.oneof(
          anyValue,
          fc.array(
            fc.dictionary(
              fc.constantFrom('loginid', 'currency', 'token', 'sealedToken', 'isVirtual', 'updatedAt', '__proto__'),
              anyValue,
            ),
            { maxLength: 4 },
          ),
        ),
        activeLoginid: anyValue,
        endpoint: anyValue,
        settings: anyValue,
        preferences: anyValue,
        plaintextConsent: anyValue,
      },
      { requiredKeys: ['schemaVersion'] },
    )
    .map((doc) => Buffer.from(JSON.stringify(doc))),
  fc
    .tuple(fc.nat({ max: validV3.length }), fc.string({ maxLength: 5 }))
    .map(([at, junk]) => Buffer.from(validV3.slice(0, at) + junk + validV3.slice(at + junk.length))),
  fc.nat({ max: validV3.length }).map((at) => Buffer.from(validV3.slice(0, at))),
);

describe('Vault.open on arbitrary garbage', () => {
  it('never throws, keeps the bad file for the user, and leaves a store that works', async () => {
    await fc.assert(
      fc.asyncProperty(garbageFile, async (bytes) => {
        const dir = makeTempDir();
        try {
          fs.writeFileSync(storePath(dir), bytes);
          const app = await startApp(dir, new AesCipher());
          const restored = await restoreFlat(app.vault);
          for (const n of restored.notices) expect(KNOWN_CODES.has(n.code)).toBe(true);

          // The original bytes survive: either accepted in place or moved aside.
          const movedAside = restored.notices.some(
            (n) => n.code === 'store_corrupt' || n.code === 'store_newer_version',
          );
          if (movedAside) {
            const aside = fs.readdirSync(dir).filter((f) => /^accounts\.json\.(corrupt|newer)-/.test(f));
            expect(aside).toHaveLength(1);
            expect(fs.readFileSync(`${dir}/${aside[0]}`).equals(bytes)).toBe(true);
          }

          // Whatever happened, the store is healthy now: a login survives a restart.
          const token = makeToken();
          await saveLegacy(app.vault, [{ accountId: 'CR77', token, currency: 'USD' }]);
          const next = await restoreFlat((await startApp(dir, new AesCipher())).vault);
          expect(next.notices.filter((n) => n.code !== 'token_decrypt_failed')).toEqual([]);
          expect(next.accounts.find((a) => a.accountId === 'CR77')?.token).toBe(token);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
