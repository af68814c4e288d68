/**
 * `savePreferences`' argument at the IPC door (seeded properties): any patch within the rules
 * reaches the core unchanged; a nickname that is not short plain text (too long, a line break, a
 * control or invisible format character), an account twice in the order, more entries than
 * accounts the app may hold, an unknown theme or key are refused as `invalid_argument` naming the
 * field, and the core never sees them. The rules are stated here, independently of the schema.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { APP_ORIGIN } from '../../main/core/shell/security-policy';
import type { CommandHandlers } from '../../main/ipc/contract';
import { createDispatcher } from '../../main/ipc/dispatch';
import { fixtures } from '../support/sample-state';

const appFrame = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };
const SEED = 20261207;
const MAX = 200;

const accountId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);
/** Plain text: letters of any script, digits, spaces and punctuation; 1 to 40 characters. */
const plainChar = fc.constantFrom(...'abcXYZ019 éèçÀßøæ日本語الع-_.,:;!?()\'"&@#€$%*+/'.split(''), '🙂');
const nickname = fc
  .array(plainChar, { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join(''))
  .filter((n) => [...n].length <= 40);
const patch = fc.record(
  {
    theme: fc.constantFrom('system', 'light', 'dark'),
    hideZeroBalances: fc.boolean(),
    hideDisabled: fc.boolean(),
    nicknames: fc.dictionary(accountId, fc.oneof(fc.constant(''), nickname), { maxKeys: 8 }),
    order: fc.uniqueArray(accountId, { maxLength: 8 }),
  },
  { requiredKeys: [] },
);

/** What is not a nickname: one character too many, or one character that is not plain text. */
const notNickname = fc.oneof(
  fc.constant('x'.repeat(41)),
  fc.constant('é'.repeat(41)),
  fc
    .tuple(
      fc.string({ maxLength: 10 }),
      fc.constantFrom(
        '\n',
        '\r',
        '\t',
        '\u0000',
        '\u007f',
        '\u0085',
        '\u200b',
        '\u200e',
        '\u202e',
        '\u2066',
        '\u2028',
        '\u2029',
        '\ufeff',
      ),
      fc.string({ maxLength: 10 }),
    )
    .map(([a, bad, b]) => a + bad + b),
  fc.integer(),
  fc.constant(null),
);

function dispatcher() {
  const savePreferences = vi.fn(() => fixtures.derivLoggedOut());
  const handlers = { savePreferences } as unknown as CommandHandlers;
  return { dispatch: createDispatcher({ handlers, appOrigin: APP_ORIGIN }), savePreferences };
}

describe('savePreferences at the IPC door', () => {
  it('admits any patch within the rules, unchanged (property)', async () => {
    const { dispatch, savePreferences } = dispatcher();
    await fc.assert(
      fc.asyncProperty(patch, async (p) => {
        savePreferences.mockClear();
        expect(await dispatch('savePreferences', appFrame, p), JSON.stringify(p)).toMatchObject({ ok: true });
        expect(savePreferences).toHaveBeenCalledWith(p);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses a nickname that is not short plain text, naming the account it was for (property)', async () => {
    const { dispatch, savePreferences } = dispatcher();
    await fc.assert(
      fc.asyncProperty(patch, accountId, notNickname, async (p, id, bad) => {
        savePreferences.mockClear();
        const args = { ...p, nicknames: { ...p.nicknames, [id]: bad } };
        const result = await dispatch('savePreferences', appFrame, args);
        expect(result, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
        if (!result.ok && result.error.code === 'invalid_argument')
          expect(result.error.params.fields).toContain(`nicknames.${id}`);
        expect(savePreferences).not.toHaveBeenCalled();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('refuses an account twice in the order, a bad id, too many entries, an unknown theme or key', async () => {
    const { dispatch, savePreferences } = dispatcher();
    const ids = Array.from({ length: MAX + 1 }, (_, i) => `CR${1000 + i}`);
    const refused: [unknown, string][] = [
      [{ order: ['CR1', 'VRTC2', 'CR1'] }, 'order'],
      [{ order: ['CR 1'] }, 'order.0'],
      [{ order: ids }, 'order'],
      [{ nicknames: Object.fromEntries(ids.map((id) => [id, 'n'])) }, 'nicknames'],
      [{ nicknames: { 'not an id': 'x' } }, 'nicknames.not an id'],
      [{ theme: 'neon' }, 'theme'],
      [{ hideDisabled: 'yes' }, 'hideDisabled'],
      [{ theme: 'dark', fontSize: 20 }, 'fontSize'],
      [{ nicknames: ['Main'] }, 'nicknames'],
    ];
    for (const [args, field] of refused) {
      const result = await dispatch('savePreferences', appFrame, args);
      expect(result, JSON.stringify(args).slice(0, 80)).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument', params: { command: 'savePreferences' } },
      });
      if (!result.ok && result.error.code === 'invalid_argument') expect(result.error.params.fields).toContain(field);
    }
    expect(savePreferences).not.toHaveBeenCalled();
    // The bounds themselves pass: as many entries as accounts the app may hold, 40 characters each.
    const most = ids.slice(0, MAX);
    const args = { order: most, nicknames: Object.fromEntries(most.map((id) => [id, 'é'.repeat(40)])) };
    expect(await dispatch('savePreferences', appFrame, args)).toMatchObject({ ok: true });
  });
});
