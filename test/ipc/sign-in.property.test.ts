/**
 * `signIn`'s argument at the IPC door, every method × API combination (seeded properties): a
 * method the API has reaches the core unchanged, whatever valid fields it carries; a method the API
 * lacks (a PAT for the legacy API, API tokens for the current one) is refused as `invalid_argument`
 * naming `method`, and the core never sees it. The table of what each API allows is stated here,
 * independently of the model's `SIGN_IN_METHODS`, and checked against it.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { DERIV_APIS, SIGN_IN_METHODS } from '../../main/core/model';
import { APP_ORIGIN } from '../../main/core/shell/security-policy';
import type { CommandHandlers } from '../../main/ipc/contract';
import { createDispatcher } from '../../main/ipc/dispatch';
import { fixtures } from '../support/sample-state';

const appFrame = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };
const SEED = 20261207;

const METHODS = ['oauth', 'browser', 'pat', 'api_token', 'demo'] as const;
type Method = (typeof METHODS)[number];
/**
 * What each API signs in with, as Deriv's docs have it: PATs are the current API's, API tokens the
 * legacy's; both sign in in the login window or in the trader's browser (the legacy implicit
 * redirect is refused there by main, not at the door: the door does not know the flow).
 */
const ALLOWED: Record<'legacy' | 'current', readonly Method[]> = {
  legacy: ['oauth', 'browser', 'api_token', 'demo'],
  current: ['oauth', 'browser', 'pat', 'demo'],
};

const accountId = fc.constantFrom('CR900001', 'VRTC1859315', 'DOT12345678', 'ROT90000001');
/** Valid fields of each method (beside `api` and `method`). */
const FIELDS: Record<Method, fc.Arbitrary<Record<string, unknown>>> = {
  oauth: fc.record({ reloginFor: accountId }, { requiredKeys: [] }),
  browser: fc.record({ reloginFor: accountId }, { requiredKeys: [] }),
  pat: fc.record({ token: fc.string({ minLength: 1, maxLength: 4096 }), appId: fc.string({ maxLength: 64 }) }),
  api_token: fc.record({ tokens: fc.string({ minLength: 1, maxLength: 4000 }) }),
  demo: fc.record({ id: fc.stringMatching(/^[a-z0-9-]{1,64}$/) }),
};

function dispatcher() {
  const signIn = vi.fn(() => fixtures.derivLoggedOut());
  const handlers = { signIn } as unknown as CommandHandlers;
  return { dispatch: createDispatcher({ handlers, appOrigin: APP_ORIGIN }), signIn };
}

describe('signIn at the IPC door: every method × API', () => {
  it("states the model's table of methods per API", () => {
    expect(DERIV_APIS.map((api) => [api, [...SIGN_IN_METHODS[api]].sort()])).toEqual(
      DERIV_APIS.map((api) => [api, [...ALLOWED[api]].sort()]),
    );
  });

  it('admits a method its API has, with any valid fields, and refuses one its API lacks, naming `method` (property)', async () => {
    const { dispatch, signIn } = dispatcher();
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc
          .tuple(fc.constantFrom(...DERIV_APIS), fc.constantFrom(...METHODS))
          .chain(([api, method]) => FIELDS[method].map((fields) => ({ api, method, ...fields }))),
        async (args) => {
          signIn.mockClear();
          seen.add(`${args.api}/${args.method}`);
          const result = await dispatch('signIn', appFrame, args);
          if (ALLOWED[args.api].includes(args.method)) {
            expect(result.ok, JSON.stringify(args).slice(0, 200)).toBe(true);
            expect(signIn).toHaveBeenCalledWith(args);
          } else {
            expect(result).toEqual({
              ok: false,
              error: { code: 'invalid_argument', params: { command: 'signIn', fields: ['method'] } },
            });
            expect(signIn).not.toHaveBeenCalled();
          }
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
    // Every combination was tried, the refused ones included.
    expect([...seen].sort()).toEqual(DERIV_APIS.flatMap((api) => METHODS.map((m) => `${api}/${m}`)).sort());
  });

  it("refuses another method's fields, an unknown API or method, and extra keys; nothing reaches the core (property)", async () => {
    const { dispatch, signIn } = dispatcher();
    const misfit = fc.oneof(
      // Fields of another method than the one named (a PAT's token under `api_token` …).
      fc
        .tuple(fc.constantFrom(...DERIV_APIS), fc.constantFrom(...METHODS), fc.constantFrom(...METHODS))
        // `oauth` and `browser` carry the same optional field: each one's fields fit the other.
        .filter(
          ([api, method, other]) =>
            ALLOWED[api].includes(method) && method !== other && other !== 'oauth' && other !== 'browser',
        )
        .chain(([api, method, other]) => FIELDS[other].map((fields) => ({ api, method, ...fields }))),
      fc.record({ api: fc.constantFrom('v4', 'LEGACY', ''), method: fc.constantFrom(...METHODS) }),
      fc.record({ api: fc.constantFrom(...DERIV_APIS), method: fc.constantFrom('password', 'OAuth', 'token') }),
      fc
        .tuple(fc.constantFrom(...DERIV_APIS), fc.constantFrom('extra', 'secret', 'flow'))
        .map(([api, key]) => ({ api, method: 'oauth', [key]: 'x' })),
    );
    await fc.assert(
      fc.asyncProperty(misfit, async (args) => {
        const result = await dispatch('signIn', appFrame, args);
        expect(result, JSON.stringify(args).slice(0, 200)).toMatchObject({
          ok: false,
          error: { code: 'invalid_argument' },
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(signIn).not.toHaveBeenCalled();
  });
});
