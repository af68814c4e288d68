/**
 * The trader's preferences through the real core: `savePreferences` over the controller with the
 * real vault in a temp folder, two current-API logins against the sandbox over real HTTP. Published
 * in `AppState.preferences`; a nickname or place for an account not held refused with a code,
 * nothing changed; kept across a restart; the nicknames of a login logged out gone with it; "forget
 * everything" keeping the look only.
 */
import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { CommandFailure } from '../../main/core/app/command-failure';
import { DEFAULT_PREFERENCES } from '../../main/core/model';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { AesCipher } from '../support/aes-cipher';
import { type Harness, onSandboxCurrentApi, pollUntil, startHarness } from '../support/app-harness';
import { FormAuthWindow, type FormUser } from '../support/form-auth-window';
import { makeTempDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const open: Harness[] = [];
const dirs: string[] = [];
let user: FormUser = { email: '', password: '' };
const window = new FormAuthWindow(() => user);
const cipher = () => new AesCipher({ passphrase: 'preferences' });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2031 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const idsOf = (userIndex: number) => sandbox.newApi.users[userIndex]!.accounts.map((a) => a.account_id);
const storeFile = (h: Harness) =>
  JSON.parse(fs.readFileSync(h.storePath, 'utf8')) as { accounts: { accountId: string }[] };

async function start(dir: string): Promise<Harness> {
  const h = await startHarness({ sandbox, window, dir, cipher: cipher(), defaultMode: 'unconfigured' });
  open.push(h);
  return h;
}

/** Deriv mode on the sandbox's current API, one OAuth login per user given, each saved. */
async function signedIn(userIndexes: number[]): Promise<Harness> {
  const dir = makeTempDir();
  dirs.push(dir);
  const h = await start(dir);
  await onSandboxCurrentApi(h, sandbox);
  for (const i of userIndexes) {
    const u = sandbox.newApi.users[i]!;
    user = { email: u.email, password: u.password, action: 'approve' };
    await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
    const first = idsOf(i)[0]!;
    await h.waitFor((s) => s.accounts.some((a) => a.accountId === first && a.authorized), 30_000);
    await pollUntil(() => storeFile(h).accounts.some((a) => a.accountId === first), 'the login saved');
  }
  return h;
}

describe('preferences through the core', () => {
  it('are published, kept across a restart, refused for an account not held, and go with a login logged out', async () => {
    const h = await signedIn([0, 1]);
    const [alice, bob] = [idsOf(0), idsOf(1)];
    const commands = h.controller.handlers();
    expect(h.controller.state().preferences).toEqual(DEFAULT_PREFERENCES);

    const order = [...bob, ...alice];
    const state = await commands.savePreferences({
      theme: 'dark',
      hideDisabled: true,
      nicknames: { [alice[0]!]: '  Alice main  ', [bob[0]!]: 'Bob' },
      order,
    });
    const saved = {
      ...DEFAULT_PREFERENCES,
      theme: 'dark',
      hideDisabled: true,
      nicknames: { [alice[0]!]: 'Alice main', [bob[0]!]: 'Bob' },
      order,
    };
    expect(state.preferences).toEqual(saved);
    // Nicknames merge by account; an empty one removes it.
    expect((await commands.savePreferences({ nicknames: { [bob[0]!]: '' } })).preferences.nicknames).toEqual({
      [alice[0]!]: 'Alice main',
    });
    await commands.savePreferences({ nicknames: { [bob[0]!]: 'Bob' } });

    // An account not held: refused with a code, nothing changed.
    for (const patch of [{ nicknames: { CR1: 'Nobody' } }, { order: [...order, 'CR1'] }]) {
      const refusal = await Promise.resolve(commands.savePreferences(patch)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refusal).toBeInstanceOf(CommandFailure);
      expect((refusal as CommandFailure).toError()).toEqual({ code: 'unknown_account', params: { accountId: 'CR1' } });
    }
    expect(h.controller.state().preferences).toEqual(saved);

    // A restart: the same preferences.
    await h.close();
    open.splice(open.indexOf(h), 1);
    const again = await start(h.dir);
    expect(again.controller.state().preferences).toEqual(saved);

    // Bob's login logged out: his nickname and places go, Alice's stay.
    await again.controller
      .handlers()
      .logout({ loginId: again.controller.state().accounts.find((a) => a.accountId === bob[0])!.loginId! });
    const afterLogout = { ...saved, nicknames: { [alice[0]!]: 'Alice main' }, order: alice };
    expect(again.controller.state().preferences).toEqual(afterLogout);
    expect(again.vault.getPreferences()).toEqual(afterLogout);

    // Forget everything: the look stays (no white first run for a trader who chose dark), the names go.
    const forgotten = await again.controller.handlers().forgetEverything();
    expect(forgotten.mode).toBe('unconfigured');
    expect(forgotten.preferences).toEqual({ ...saved, nicknames: {}, order: [] });
    await again.close();
    open.splice(open.indexOf(again), 1);
    const fresh = await start(h.dir);
    expect(fresh.controller.state()).toMatchObject({
      mode: 'unconfigured',
      accounts: [],
      preferences: { ...saved, nicknames: {}, order: [] },
    });
  });
});
