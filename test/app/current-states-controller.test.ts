/**
 * The states a trader must see, as the controller publishes them on Deriv's current API, end to
 * end over real HTTP and sockets: a PAT being checked (no window), then online; rate limited with
 * until when; a revoked PAT's accounts needing a new login while nothing else is lost. The leak
 * scan runs over every state, payload, log line and file.
 */
import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { type Harness, harnessLeakSources, onSandboxCurrentApi, startHarness } from '../support/app-harness';
import { currentFault } from '../support/current-fault';
import { FormAuthWindow } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets } from '../support/leak-scan';
import { makeTempDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const open: Harness[] = [];
const dirs: string[] = [];
const window = new FormAuthWindow(() => ({ email: '', password: '' }));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1516 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  await control('limits', { restPerUserPerMinute: 80 });
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const control = (name: string, body: unknown = {}) => currentFault(sandbox, name, body);

/** A controller on the current API, signed in with user `index`'s PAT, online. */
async function signedIn(index: number): Promise<Harness> {
  const dir = makeTempDir();
  dirs.push(dir);
  const h = await startHarness({ sandbox, window, dir, defaultMode: 'unconfigured' });
  open.push(h);
  const api = sandbox.newApi;
  await onSandboxCurrentApi(h, sandbox, 'pat');
  await h.controller
    .handlers()
    .signIn({ api: 'current', method: 'pat', token: api.users[index]!.pat, appId: api.appId });
  await h.waitFor((s) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized), 20_000);
  return h;
}

function noLeaks(h: Harness): void {
  // The harness recorded the sign-in command's argument without the PAT itself (its way in, not a leak).
  expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), 1);
}

describe("the controller on Deriv's current API: the states on screen", () => {
  it('a PAT being checked shows as such, then online, never refreshing and never needing a login', async () => {
    const h = await signedIn(0);
    const checking = h.states.filter((s) => s.login.status === 'waiting');
    expect(checking.length).toBeGreaterThanOrEqual(1);
    expect(checking.every((s) => s.login.status === 'waiting' && s.login.method === 'pat')).toBe(true);
    const now = h.controller.state();
    expect(now.login.status).toBe('idle');
    expect(now.refreshing).toBe(false);
    expect(now.accounts.filter((a) => a.needsLogin)).toEqual([]);
    noLeaks(h);
  });

  it('rate limited: the state says until when, and no account needs a login', async () => {
    const h = await signedIn(1);
    // The one request left in the minute is spent on the next OTP: the one after gets a 429.
    await control('limits', { restPerUserPerMinute: 1 });
    await control('drop');
    const limited = await h.waitFor((s) => s.connection.status === 'rate_limited', 20_000);
    if (limited.connection.status !== 'rate_limited') throw new Error('unreachable');
    expect(limited.connection.until).toBeGreaterThan(Date.now());
    expect(limited.accounts.filter((a) => a.needsLogin)).toEqual([]);
    noLeaks(h);
  });

  it('a revoked PAT: its accounts need a new login (plainly refused), named per account', async () => {
    const h = await signedIn(0);
    await control('revoke', { token: sandbox.newApi.users[0]!.pat });
    await control('drop');
    const refused = await h.waitFor((s) => s.accounts.length > 0 && s.accounts.every((a) => a.needsLogin), 20_000);
    expect(new Set(refused.accounts.map((a) => a.needsLoginReason))).toEqual(new Set(['token_refused']));
    expect(refused.accounts.every((a) => a.missingScope === null && a.balance === null)).toBe(true);
    noLeaks(h);
  });
});
