/**
 * `saveSettings`' argument at the IPC door (seeded properties): a patch names its API and carries
 * only that API's fields (and the language). Any valid patch reaches the core unchanged; a field of
 * the other API, or no API at all, is refused as `invalid_argument` naming that field, and the core
 * never sees it. Each API's fields are stated here, independently of the model, and checked against it.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { API_SETTINGS_KEYS, DERIV_APIS } from '../../main/core/model';
import { APP_ORIGIN } from '../../main/core/shell/security-policy';
import type { CommandHandlers } from '../../main/ipc/contract';
import { createDispatcher } from '../../main/ipc/dispatch';
import { fixtures } from '../support/sample-state';

const appFrame = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };
const SEED = 20261207;

const https = fc.constantFrom('https://a.example', 'https://b.example/path', 'http://127.0.0.1:4000');
/** Valid values of each API's own fields, as Deriv's rules have them (app_id numeric, addresses https …). */
const FIELDS = {
  legacy: {
    appId: fc.stringMatching(/^[1-9][0-9]{0,9}$/),
    wsUrl: fc.constantFrom('wss://ws.derivws.com/websockets/v3', 'ws://127.0.0.1:8080/websockets/v3'),
    oauthUrl: https,
    redirectUrl: https,
    issuer: https,
    flow: fc.constantFrom('legacy', 'oidc'),
  },
  current: {
    authServerUrl: https,
    restUrl: https,
    clientId: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,63}$/)),
    clientRedirectUrl: fc.oneof(fc.constant(''), https),
  },
} as const;
type Api = keyof typeof FIELDS;
const other = (api: Api): Api => (api === 'legacy' ? 'current' : 'legacy');

const patchOf = (api: Api) =>
  fc.record(
    { api: fc.constant(api), language: fc.constantFrom('en', 'fr'), ...FIELDS[api] } as Record<
      string,
      fc.Arbitrary<string>
    >,
    { requiredKeys: ['api'] },
  );

function dispatcher() {
  const saveSettings = vi.fn(() => fixtures.derivLoggedOut());
  const handlers = { saveSettings } as unknown as CommandHandlers;
  return { dispatch: createDispatcher({ handlers, appOrigin: APP_ORIGIN }), saveSettings };
}

describe('saveSettings at the IPC door: a patch per API', () => {
  it("states the model's fields of each API", () => {
    for (const api of DERIV_APIS) expect([...API_SETTINGS_KEYS[api]].sort()).toEqual(Object.keys(FIELDS[api]).sort());
  });

  it('admits any valid patch of either API, unchanged (property)', async () => {
    const { dispatch, saveSettings } = dispatcher();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DERIV_APIS).chain(patchOf), async (patch) => {
        saveSettings.mockClear();
        expect(await dispatch('saveSettings', appFrame, patch), JSON.stringify(patch)).toMatchObject({ ok: true });
        expect(saveSettings).toHaveBeenCalledWith(patch);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("refuses the other API's field, naming it, and a patch without its API (property)", async () => {
    const { dispatch, saveSettings } = dispatcher();
    const misfit = fc.constantFrom(...DERIV_APIS).chain((api) =>
      fc.tuple(
        patchOf(api),
        fc
          .constantFrom(...Object.keys(FIELDS[other(api)]))
          .chain((key) =>
            (FIELDS[other(api)] as Record<string, fc.Arbitrary<string>>)[key]!.map((value) => [key, value] as const),
          ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(misfit, async ([patch, [key, value]]) => {
        const result = await dispatch('saveSettings', appFrame, { ...patch, [key]: value });
        expect(result).toEqual({
          ok: false,
          error: { code: 'invalid_argument', params: { command: 'saveSettings', fields: [key] } },
        });
        const { api: _api, ...untagged } = patch;
        const result2 = await dispatch('saveSettings', appFrame, untagged);
        expect(result2).toMatchObject({ ok: false, error: { code: 'invalid_argument', params: { fields: ['api'] } } });
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(saveSettings).not.toHaveBeenCalled();
  });
});
