/**
 * One account-id rule for both APIs (`ACCOUNT_ID_PATTERN` in the domain model): a current-API
 * `account_id` must reach `switchAccount`, `logout` and `signIn({ method: 'oauth', reloginFor })` as a v3 loginid does,
 * and the vault must keep it; a hostile string (path, URL, markup, control characters, non-ASCII,
 * over-long) is refused at every one of those doors.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { isAccountId } from '../../main/core/model';
import { APP_ORIGIN } from '../../main/core/shell/security-policy';
import { accountIdSchema } from '../../main/core/vault/schema';
import type { CommandHandlers } from '../../main/ipc/contract';
import { createDispatcher } from '../../main/ipc/dispatch';
import { makeCurrentUsers } from '../../sandbox/current-api/users';
import { makeDemoUsers } from '../../sandbox/users';
import { fixtures } from '../support/sample-state';

const appFrame = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };

function dispatcher() {
  const state = fixtures.derivLoggedOut();
  const seen = vi.fn(() => state);
  const handlers = new Proxy({} as CommandHandlers, { get: () => seen });
  return { dispatch: createDispatcher({ handlers, appOrigin: APP_ORIGIN }), seen };
}

/** The three commands that carry an account id, as the renderer sends them. */
const carriers = (id: string) =>
  [
    ['switchAccount', { accountId: id }],
    ['logout', { accountId: id }],
    ['signIn', { api: 'current', method: 'oauth', reloginFor: id }],
  ] as const;

// The legacy shape: letters then digits (Deriv's landing-company prefixes), as `authorize` reports them.
const legacyAccountId = fc
  .tuple(fc.constantFrom('CR', 'VRTC', 'MF', 'MLT', 'MX', 'VRW', 'ROT'), fc.stringMatching(/^[0-9]{1,12}$/))
  .map(([p, d]) => p + d);
// The current API's shape, as the sandbox mints them (`DOT…` demo, `ROT…` real), plus the wider
// alphabet Deriv may use since it documents none (letters, digits, `_`, `-`).
const currentAccountId = fc.oneof(
  fc.tuple(fc.constantFrom('DOT', 'ROT'), fc.stringMatching(/^[0-9]{8}$/)).map(([p, d]) => p + d),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
);
const validId = fc.oneof(legacyAccountId, currentAccountId);

// Fragments no account id may carry: path and URL syntax, markup, whitespace and control
// characters, look-alike and non-ASCII letters.
const hostileFragment = fc.oneof(
  fc.constantFrom('/', '../', '..', '.', '%2F', '%00', '?', '#', '&', '=', ':', '\\', '<script>', '"', "'", '`'),
  fc.constantFrom(' ', '\t', '\n', '\r', '\u0000', '\u007f', '\u200b', '\u202e', 'С', 'é', '０', '😀'),
);
const hostileId = fc.oneof(
  // A valid id with a hostile fragment spliced in anywhere.
  fc
    .tuple(validId, hostileFragment, fc.nat())
    .map(([id, bad, at]) => id.slice(0, at % (id.length + 1)) + bad + id.slice(at % (id.length + 1))),
  // A leading `-` (an option to a command line) or `_` (`__proto__`).
  fc.tuple(fc.constantFrom('-', '_', '__proto__', '--'), validId).map(([p, id]) => p + id),
  // Too long for any Deriv id.
  fc.stringMatching(/^[A-Za-z0-9]{65,200}$/),
  fc.constant(''),
);

describe('account ids (IPC and vault)', () => {
  it("admits the sandbox's current-API account ids and v3 loginids at every door", async () => {
    const ids = makeCurrentUsers(makeDemoUsers(7), 7).flatMap((u) => u.accounts.map((a) => a.account_id));
    expect(ids.length).toBeGreaterThan(3);
    const { dispatch, seen } = dispatcher();
    for (const id of [...ids, 'CR900001', 'VRTC1234567']) {
      expect(isAccountId(id)).toBe(true);
      expect(accountIdSchema.safeParse(id).success).toBe(true);
      for (const [name, args] of carriers(id)) {
        expect(await dispatch(name, appFrame, args)).toMatchObject({ ok: true });
        expect(seen).toHaveBeenLastCalledWith(args);
      }
    }
  });

  it('accepts every id of either shape (property)', async () => {
    const { dispatch } = dispatcher();
    await fc.assert(
      fc.asyncProperty(validId, async (id) => {
        expect(isAccountId(id)).toBe(true);
        expect(accountIdSchema.safeParse(id).success).toBe(true);
        for (const [name, args] of carriers(id))
          expect(await dispatch(name, appFrame, args)).toMatchObject({ ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses hostile strings with a typed error naming the field, the handler never called (property)', async () => {
    const { dispatch, seen } = dispatcher();
    await fc.assert(
      fc.asyncProperty(hostileId, async (id) => {
        expect(isAccountId(id)).toBe(false);
        expect(accountIdSchema.safeParse(id).success).toBe(false);
        for (const [name, args] of carriers(id)) {
          const result = await dispatch(name, appFrame, args);
          expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
          expect(!result.ok && result.error.code === 'invalid_argument' && result.error.params.fields).toEqual([
            name === 'signIn' ? 'reloginFor' : 'accountId',
          ]);
        }
      }),
      { numRuns: 300 },
    );
    expect(seen).not.toHaveBeenCalled();
  });

  it('refuses non-strings', async () => {
    const { dispatch, seen } = dispatcher();
    for (const bad of [42, null, ['CR1'], { toString: () => 'CR1' }]) {
      expect(await dispatch('switchAccount', appFrame, { accountId: bad })).toMatchObject({ ok: false });
    }
    expect(seen).not.toHaveBeenCalled();
  });
});
