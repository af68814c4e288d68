/**
 * An account logged out while the socket is down and then logged in again is not shown authorized
 * (with its old balance) before the server has accepted its new token: it is stored only once
 * accepted, so an account shown authorized must be one that survives a restart. Found by the chaos
 * soak (seed 2026: "legacy restart: lost CR… (live)").
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { type Harness, startHarness } from '../support/app-harness';
import { FormAuthWindow } from '../support/form-auth-window';
import { makeTempDir, removeDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const dirs: string[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 7 });
});
afterAll(async () => {
  await sandbox.close();
  dirs.forEach(removeDir);
});

const post = (path: string, body: unknown = {}) =>
  fetch(`${sandbox.httpUrl}/__sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

it('logout of one account while reconnecting, then a login again: that account is not authorized until accepted, and kept once it is', async () => {
  const user = sandbox.users.find((u) => u.accounts.filter((a) => !a.is_disabled).length > 2)!;
  const window = new FormAuthWindow(() => ({ email: user.email, password: user.password, action: 'approve' }));
  const dir = makeTempDir('relogin-reconnecting-');
  dirs.push(dir);
  const open: Harness[] = [];
  const start = async () => {
    const h = await startHarness({ sandbox, window, dir });
    open.push(h);
    return h;
  };
  try {
    const h = await start();
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const live = await h.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.length > 2 && s.accounts.every((a) => a.authorized),
    );
    const other = live.accounts[1]!.accountId;

    await post('refuse', { on: true });
    await post('drop');
    await h.waitFor((s) => s.connection.status !== 'online');
    await h.controller.handlers().logout({ accountId: other });
    const again = await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(again.login).toEqual({ status: 'idle' });
    const back = again.accounts.find((a) => a.accountId === other)!;
    // The server has not seen its new token yet (the socket is down).
    expect(again.connection.status).not.toBe('online');
    expect({ authorized: back.authorized, balance: back.balance }).toEqual({ authorized: false, balance: null });

    await post('refuse', { on: false });
    h.controller.handlers().retryConnection(undefined);
    await h.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.some((a) => a.accountId === other && a.authorized),
      20_000,
    );
    await h.close();
    open.splice(0);
    const restarted = await start();
    expect(restarted.controller.state().accounts.map((a) => a.accountId)).toContain(other);
  } finally {
    await post('refuse', { on: false });
    await Promise.all(open.map((h) => h.close()));
  }
});
