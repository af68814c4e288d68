/**
 * What may wait for the disk (issue 24): the active account and the last balances. Against a real
 * `conf` store in a temp folder (electron-store's engine), each write counted at the store.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { KeyValueStore } from '../../main/core/vault/ports';
import { ACTIVE_WRITE_MS, Vault } from '../../main/core/vault/vault';
import { AesCipher } from '../support/aes-cipher';
import { recordingLogger } from '../support/logger';
import { makeTempDir } from '../support/temp-dir';
import { makeToken, openConfStore, readStoreJson, saveLegacy, startApp, storePath } from './helpers';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const keyring = () => new AesCipher({ passphrase: 'keyring-1', backend: 'gnome_libsecret' });
const IDS = ['CR1', 'CR2', 'CR3'];

/** The app's store on `dir`, each whole-document write counted. */
async function countingApp() {
  const { store, notices } = openConfStore(dir);
  const counted = { writes: 0 };
  const counting: KeyValueStore = {
    ...store,
    path: store.path,
    replaceAll: (document) => {
      counted.writes += 1;
      store.replaceAll(document);
    },
  };
  const vault = await Vault.open({ store: counting, cipher: keyring(), notices, logger: recordingLogger() });
  await saveLegacy(
    vault,
    IDS.map((accountId) => ({ accountId, token: makeToken(), currency: 'USD' })),
  );
  vault.setActive('CR1');
  await vault.settled();
  counted.writes = 0;
  return { vault, counted };
}

describe('the active account', () => {
  it('N fast switches are one write, done by the quit (settled); a restart opens the last one', async () => {
    const { vault, counted } = await countingApp();
    const presses = ['CR2', 'CR3', 'CR1', 'CR3', 'CR2', 'CR1', 'CR2', 'CR3', 'CR1', 'CR2'];
    for (const id of presses) expect(vault.setActive(id)).toBe(true);
    // Nothing written on the switches themselves.
    expect(counted.writes).toBe(0);
    expect(readStoreJson(dir).activeAccountId).toBe('CR1');
    await vault.settled();
    expect(counted.writes).toBe(1);
    expect(readStoreJson(dir).activeAccountId).toBe('CR2');
    // Nothing left pending: a second quit writes nothing.
    await vault.settled();
    expect(counted.writes).toBe(1);

    const restarted = await startApp(dir, keyring());
    expect((await restarted.vault.restore()).activeAccountId).toBe('CR2');
  });

  it('without a quit, the switches are written once, soon after', async () => {
    const { vault, counted } = await countingApp();
    for (const id of ['CR3', 'CR2', 'CR3']) vault.setActive(id);
    await vi.waitFor(() => expect(readStoreJson(dir).activeAccountId).toBe('CR3'), {
      timeout: ACTIVE_WRITE_MS * 5,
      interval: 50,
    });
    expect(counted.writes).toBe(1);
  });

  it('another write meanwhile carries it, and the pending one is dropped', async () => {
    const { vault, counted } = await countingApp();
    vault.setActive('CR3');
    await vault.removeAccount('CR1');
    expect(counted.writes).toBe(1);
    expect(readStoreJson(dir).activeAccountId).toBe('CR3');
    await vault.settled();
    expect(counted.writes).toBe(1);
  });

  it('forgetting everything drops a pending write: nothing comes back to the file', async () => {
    const { vault } = await countingApp();
    vault.setActive('CR3');
    await vault.forgetEverything();
    await vault.settled();
    expect(readStoreJson(dir)).toEqual({});
  });
});

describe('the last balances', () => {
  it('are kept with the account records (not the secrets), written at the quit, and restored', async () => {
    const { vault, counted } = await countingApp();
    vault.noteBalances({ CR1: { amount: '10234.50', at: 1_765_000_000_000 }, CR9: { amount: '1', at: 1 } });
    vault.noteBalances({ CR2: { amount: '0.00012345', at: 1_765_000_001_000 } });
    // Balances stream: not written on each figure.
    expect(counted.writes).toBe(0);
    await vault.settled();
    expect(counted.writes).toBe(1);
    const onDisk = readStoreJson(dir);
    // An account the vault does not store (CR9) does not reach the file.
    expect(onDisk.lastBalances).toEqual({
      CR1: { amount: '10234.50', at: 1_765_000_000_000 },
      CR2: { amount: '0.00012345', at: 1_765_000_001_000 },
    });
    const restarted = await startApp(dir, keyring());
    expect((await restarted.vault.restore()).lastBalances).toEqual(onDisk.lastBalances);
  });

  it('leave with their account', async () => {
    const { vault } = await countingApp();
    vault.noteBalances({ CR1: { amount: '1', at: 1 }, CR2: { amount: '2', at: 2 } });
    await vault.removeAccount('CR1');
    expect(readStoreJson(dir).lastBalances).toEqual({ CR2: { amount: '2', at: 2 } });
    await vault.removeAllAccounts();
    expect(readStoreJson(dir).lastBalances).toBeUndefined();
  });

  it('a file written before them (v8 without lastBalances) opens as it was; a damaged entry drops the balances, never the logins', async () => {
    const { vault } = await countingApp();
    await vault.settled();
    const before = readStoreJson(dir);
    expect(before.lastBalances).toBeUndefined();
    let restarted = await startApp(dir, keyring());
    let restored = await restarted.vault.restore();
    expect(restored.accounts.map((a) => a.accountId)).toEqual(IDS);
    expect(restored.lastBalances).toEqual({});

    fs.writeFileSync(
      storePath(dir),
      JSON.stringify({ ...before, lastBalances: { CR1: { amount: '1e9', at: -1 }, CR2: { amount: '5', at: 5 } } }),
    );
    restarted = await startApp(dir, keyring());
    restored = await restarted.vault.restore();
    expect(restored.notices).toEqual([]);
    expect(restored.accounts.map((a) => a.accountId)).toEqual(IDS);
    expect(restored.accounts.every((a) => a.problem === null)).toBe(true);
    expect(restored.lastBalances).toEqual({});
  });
});
