/**
 * The leak scan's own controls: a secret of each kind, planted in each place the scan reads, is
 * found there (so the scans in the journeys and controller tests can fail), and the scan does not
 * cry wolf on clean input.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { SandboxHandle } from '../../sandbox/index';
import { type SecretKind, SecretLog } from '../../sandbox/secrets';
import { expectNoLeaks, knownSecrets, type LeakSources, scanForLeaks, secretStringsOf } from '../support/leak-scan';
import { fixtures } from '../support/sample-state';

const KINDS: SecretKind[] = [
  'legacy_token',
  'api_token',
  'oidc_code',
  'access_token',
  'refresh_token',
  'pat',
  'otp',
  'otp_url',
  'pkce_verifier',
];

const log = new SecretLog();
for (const kind of KINDS) log.add(kind, `${kind}-secret-${kind.length}-x9Q`);
const sandbox = {
  secrets: () => log.all(),
  received: () => [{ connectionId: 1, request: { authorize: 'sent-by-the-app-0001', tokens: ['sent-extra-0002'] } }],
} as unknown as SandboxHandle;

const scratch = mkdtempSync(join(tmpdir(), 'leak-scan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Where a secret can be planted, and what the scan should call that place. */
const PLACES: { name: string; plant(secret: string): LeakSources; where: RegExp }[] = [
  {
    name: 'a notice in a published state',
    plant: (secret) => {
      const state = fixtures.loggedIn();
      // A notice whose parameter carries the secret (the kind of mistake the scan is for).
      state.notices = [
        { id: 'n', level: 'info', code: 'login_not_saved', params: { detail: `see ${secret}` } } as never,
      ];
      return { states: [fixtures.loggedIn(), state] };
    },
    where: /^published state #1$/,
  },
  { name: 'the DOM', plant: (secret) => ({ dom: `<p title="${secret}"></p>` }), where: /^DOM$/ },
  {
    name: 'a DesktopApi payload',
    plant: (secret) => ({ payloads: [{ ok: true, value: { deep: [{ x: secret }] } }] }),
    where: /^DesktopApi payload #0$/,
  },
  {
    name: 'a log line',
    plant: (secret) => ({ logs: ['ok', `warn failed {"t":"${secret}"}`] }),
    where: /^log line #1$/,
  },
  {
    name: 'a file in a sub-folder of the data folder',
    plant: (secret) => {
      const dir = mkdtempSync(join(scratch, 'dir-'));
      mkdirSync(join(dir, 'nested'));
      writeFileSync(join(dir, 'nested', 'accounts.json.tmp-1'), `{"sealed":"${secret}"}`);
      return { dirs: [dir] };
    },
    where: /^file .*accounts\.json\.tmp-1$/,
  },
];

describe('leak scan', () => {
  const secrets = knownSecrets(sandbox, ['received-access-token-123']);

  it('knows every kind the sandbox recorded, what the app sent and what it received', () => {
    expect(new Set(secrets.map((s) => s.kind))).toEqual(new Set([...KINDS, 'received']));
    expect(secrets.map((s) => s.value)).toEqual(
      expect.arrayContaining(['sent-by-the-app-0001', 'sent-extra-0002', 'received-access-token-123']),
    );
  });

  for (const place of PLACES) {
    it(`finds a secret of each kind planted in ${place.name}`, () => {
      for (const secret of secrets) {
        const leaks = scanForLeaks(place.plant(secret.value), secrets);
        expect(leaks.map((l) => [l.kind, l.where])).toEqual([[secret.kind, expect.stringMatching(place.where)]]);
        // The report names the secret by its first characters only.
        expect(JSON.stringify(leaks)).not.toContain(secret.value);
      }
    });
  }

  it('finds nothing in clean sources, and expectNoLeaks passes there (its control included)', () => {
    const clean: LeakSources = {
      dom: '<p>hello</p>',
      states: [fixtures.loggedIn(), fixtures.degraded()],
      payloads: [{ ok: true }],
      logs: ['info connected'],
      dirs: [join(scratch, 'never-created')],
    };
    expect(scanForLeaks(clean, secrets)).toEqual([]);
    expectNoLeaks(clean, secrets, KINDS.length);
  });

  it('expectNoLeaks fails on a leak, and when it knows fewer secrets than required', () => {
    expect(() => expectNoLeaks({ logs: [`x ${secrets[3]!.value}`] }, secrets)).toThrow(/secrets leaked/);
    expect(() => expectNoLeaks({ logs: [] }, [], 1)).toThrow(/secrets known to the leak scan/);
  });

  it('takes the secrets out of what the app received: token-named fields, at any depth', () => {
    const outcome = {
      ok: true,
      flow: 'oidc',
      accounts: [{ accountId: 'CR90000001', token: 'a1-legacy-token-xyz', currency: 'USD' }],
      oidcAccessToken: 'oidc-access-token-abc',
      credential: { kind: 'oauth', accessToken: 'at-0123456789', refreshToken: 'rt-0123456789', pat: 'pat-0123456789' },
      error: { code: 'provider_error_long_code' },
    };
    expect(secretStringsOf(outcome).sort()).toEqual(
      ['a1-legacy-token-xyz', 'at-0123456789', 'oidc-access-token-abc', 'pat-0123456789', 'rt-0123456789'].sort(),
    );
  });
});
