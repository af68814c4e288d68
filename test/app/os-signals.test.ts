/**
 * OS signals reach the session through the controller, and the renderer's state shows the cases:
 * the network gone (no attempts, "no network"), back (online at once), and a wake with a live socket.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ManualOsSignals } from '../../main/core/net/os-signals';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { type Harness, startHarness } from '../support/app-harness';
import { FormAuthWindow, type FormUser } from '../support/form-auth-window';

let sandbox: SandboxHandle;
let user: FormUser;
const open: Harness[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 7 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox.close();
});

async function loggedIn(os: ManualOsSignals): Promise<Harness> {
  const h = await startHarness({ sandbox, window: new FormAuthWindow(() => user), osSignals: os });
  open.push(h);
  const u = sandbox.users.find((x) => x.accounts.length > 1)!;
  user = { email: u.email, password: u.password, action: 'approve' };
  await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
  await h.waitFor(
    (s) => s.connection.status === 'online' && s.accounts.every((a) => a.balance !== null || a.isDisabled),
  );
  return h;
}

describe('OS signals through the controller', () => {
  it('network gone: the lost socket waits for the network ("no network", data stamped), and its return reconnects at once', async () => {
    const os = new ManualOsSignals(true);
    const h = await loggedIn(os);
    const connections = () => new Set(sandbox.received().map((m) => m.connectionId)).size;
    os.emit('offline');
    await fetch(`${sandbox.httpUrl}/__sandbox/drop`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const waiting = await h.waitFor((s) => s.connection.status === 'no_network');
    expect(waiting.connection.status === 'no_network' && typeof waiting.connection.lastLiveAt).toBe('number');
    expect(waiting.accounts.some((a) => a.balance !== null)).toBe(true); // the figures stay, labelled
    const before = connections();
    os.emit('online');
    await h.waitFor((s) => s.connection.status === 'online');
    expect(connections()).toBe(before + 1);
  });

  it('a wake with a live socket: checking, then online on the same socket', async () => {
    const os = new ManualOsSignals(true);
    const h = await loggedIn(os);
    const connections = new Set(sandbox.received().map((m) => m.connectionId)).size;
    const seen = h.states.length;
    os.emit('resume');
    await h.waitFor(
      (s) => s.connection.status === 'online' && h.states.slice(seen).some((x) => x.connection.status === 'checking'),
    );
    expect(new Set(sandbox.received().map((m) => m.connectionId)).size).toBe(connections);
  });
});
