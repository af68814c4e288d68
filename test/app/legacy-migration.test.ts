/**
 * The move from Deriv's legacy platform, through the controller against the sandbox over real
 * sockets: a trader whose legacy login is stored here signs in on the current API; the core asks
 * the migration status (re-asked while pending) and shows where each legacy loginid went, or that
 * the move is under way or failed; once complete, the legacy login is retired in one step (its
 * accounts and sealed tokens gone, the current accounts untouched); refused otherwise with a code.
 */
import { readFileSync } from 'node:fs';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { CommandFailure } from '../../main/core/app/command-failure';
import type { AppState } from '../../main/ipc/contract';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { type Harness, harnessLeakSources, startHarness } from '../support/app-harness';
import { currentFault } from '../support/current-fault';
import { FormAuthWindow } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets } from '../support/leak-scan';
import { storeLegacyLogin } from '../support/legacy-stored';
import { makeTempDir, removeDir } from '../support/temp-dir';

const STATUS_PATH = '/trading/v1/options/legacy/migration-status';
let sandbox: SandboxHandle;
const window = new FormAuthWindow(() => ({ email: '', password: '' }));
const open: Harness[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2603 });
});
beforeEach(() => currentFault(sandbox, 'migration', { status: 'complete', fail: null }));
afterEach(async () => {
  for (const h of open) expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), 1);
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  dirs.forEach(removeDir);
});

const statusAsks = () => sandbox.httpHits().filter((h) => h.path === STATUS_PATH).length;
const alice = () => sandbox.users[0]!;
const aliceNow = () => sandbox.newApi.users[0]!;

async function harness(dir: string): Promise<Harness> {
  const h = await startHarness({
    sandbox,
    window,
    dir,
    defaultMode: 'unconfigured',
    overrides: { migrationTiming: { pollMs: 200, retryMs: 100 } },
  });
  open.push(h);
  return h;
}

/** A core on the current API whose vault holds alice's legacy login (as an earlier run left it). */
async function withLegacyStored(): Promise<{ h: Harness; legacyIds: string[] }> {
  const dir = makeTempDir('deriv-desktop-store-');
  dirs.push(dir);
  const first = await harness(dir);
  const api = sandbox.newApi;
  await first.controller
    .handlers()
    .chooseMode({ mode: 'deriv', api: 'current', clientId: api.clientId, clientRedirectUrl: '' });
  await first.controller.handlers().saveSettings({ api: 'current', authServerUrl: api.issuer, restUrl: api.restUrl });
  const legacyIds = await storeLegacyLogin(first.vault, sandbox, alice());
  await first.close();
  open.splice(open.indexOf(first), 1);
  const h = await harness(dir);
  expect(h.controller.state().accounts.map((a) => a.accountId)).toEqual(legacyIds);
  return { h, legacyIds };
}

async function signInWithPat(h: Harness): Promise<void> {
  const api = sandbox.newApi;
  await h.controller.handlers().signIn({ api: 'current', method: 'pat', token: aliceNow().pat, appId: api.appId });
}

const migrated = (s: AppState) => s.migration?.status === 'complete';

describe('the legacy migration after a current-API sign-in', () => {
  it('complete: each legacy loginid with the account it became; retiring removes the legacy login in one step', async () => {
    const { h, legacyIds } = await withLegacyStored();
    // Nothing is asked before a current-API login is open.
    expect(statusAsks()).toBe(0);
    expect(h.controller.state().migration).toBeNull();
    await signInWithPat(h);
    const state = await h.waitFor(migrated, 20_000);
    const mapping = (await currentFault(sandbox, 'migration', {})).migration as {
      mapping: Record<string, { account_id: string; currency: string }[]>;
    };
    expect(state.migration).toEqual({
      status: 'complete',
      moves: legacyIds.map((id) => ({
        legacyId: id,
        accounts: (mapping.mapping[id] ?? []).map((a) => ({ accountId: a.account_id, currency: a.currency })),
      })),
    });
    // Alice's real USD legacy account became her real USD account on the current API.
    const usd = alice().accounts.find((a) => a.currency === 'USD' && a.is_virtual === 0)!.loginid;
    const realUsd = aliceNow().accounts.find((a) => a.currency === 'USD' && a.account_type === 'real')!;
    expect(state.migration?.status === 'complete' && state.migration.moves.find((m) => m.legacyId === usd)).toEqual({
      legacyId: usd,
      accounts: [{ accountId: realUsd.account_id, currency: 'USD' }],
    });

    const retired = await h.controller.handlers().retireLegacyLogin();
    const current = aliceNow().accounts.map((a) => a.account_id);
    expect(retired.accounts.map((a) => a.accountId)).toEqual(current);
    expect(retired.migration).toBeNull();
    expect(retired.accounts.every((a) => a.api === 'current')).toBe(true);
    // On disk too: the legacy grant and its sealed tokens are gone, the current login stays.
    const restored = await h.vault.restore();
    expect(restored.accounts.map((a) => a.accountId)).toEqual(current);
    expect(restored.grants.map((g) => g.api)).toEqual(['current']);
    const stored = readFileSync(h.storePath, 'utf8');
    for (const gone of ['legacy-login', ...legacyIds]) expect(stored).not.toContain(gone);
    await h.waitFor((s) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized));
  });

  it('pending: "being moved", asked again until complete; retiring before then is refused with a code', async () => {
    await currentFault(sandbox, 'migration', { status: 'pending' });
    const { h, legacyIds } = await withLegacyStored();
    await signInWithPat(h);
    await h.waitFor((s) => s.migration?.status === 'pending', 20_000);
    const asked = statusAsks();
    // No-store and re-asked: more asks come while it stays pending.
    await h.waitFor(() => statusAsks() >= asked + 2, 10_000);
    expect(h.controller.state().migration).toEqual({ status: 'pending' });
    await expect(h.controller.handlers().retireLegacyLogin()).rejects.toSatisfy(
      (e) => e instanceof CommandFailure && e.code === 'migration_not_complete',
    );
    expect(
      h.controller
        .state()
        .accounts.filter((a) => a.api === 'legacy')
        .map((a) => a.accountId),
    ).toEqual(legacyIds);

    await currentFault(sandbox, 'migration', { status: 'complete' });
    const done = await h.waitFor(migrated, 10_000);
    expect(done.migration?.status === 'complete' && done.migration.moves.map((m) => m.legacyId)).toEqual(legacyIds);
  });

  it('failed: "the move did not finish", after a 503 that is asked again; retiring is refused', async () => {
    await currentFault(sandbox, 'migration', { status: 'failed', fail: 503 });
    const { h, legacyIds } = await withLegacyStored();
    await signInWithPat(h);
    await h.waitFor(() => statusAsks() >= 1, 20_000);
    expect(h.controller.state().migration).toBeNull();
    await currentFault(sandbox, 'migration', { fail: null });
    await h.waitFor((s) => s.migration?.status === 'failed', 10_000);
    await expect(h.controller.handlers().retireLegacyLogin()).rejects.toSatisfy(
      (e) => e instanceof CommandFailure && e.code === 'migration_not_complete',
    );
    expect(
      h.controller
        .state()
        .accounts.filter((a) => a.api === 'legacy')
        .map((a) => a.accountId),
    ).toEqual(legacyIds);
  });
});
