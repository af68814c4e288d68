/**
 * The electron-store adapter over the real conf, writing into a temporary "userData" folder.
 *
 * electron-store itself cannot be loaded here: it sits in node_modules, so vitest hands it to
 * Node unprocessed, and its `import electron from 'electron'` reaches the real package, which
 * tries to download the binary. It is replaced by its own constructor logic (electron-store 11's
 * index.js is a thin `Conf` subclass: `name` → `configName`, `cwd` under userData) over the real
 * `conf`. With `server.deps.inline: ['electron-store']` in vitest.config.ts this mock could go.
 */
import fs from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { AesCipher } from '../support/aes-cipher';
import { makeTempDir } from '../support/temp-dir';
import { makeToken } from '../vault/helpers';

const fake = vi.hoisted(() => ({ userData: '' }));

vi.mock('electron', () => {
  const app = {
    getPath: (name: string) => (name === 'userData' ? fake.userData : '/nonexistent'),
    getVersion: () => '0.1.0',
  };
  const ipcMain = { on: () => undefined };
  const shell = { openPath: async () => '' };
  return { app, ipcMain, shell, default: { app, ipcMain, shell } };
});

vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  const { app } = await import('electron');
  class ElectronStore extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown> & { name?: string; cwd?: string } = {}) {
      const { name = 'config', cwd, ...rest } = options;
      const userData = app.getPath('userData');
      super({
        ...rest,
        projectVersion: app.getVersion(),
        cwd: cwd ? (path.isAbsolute(cwd) ? cwd : path.join(userData, cwd)) : userData,
        configName: name,
      });
    }
  }
  return { default: ElectronStore };
});

const { openAccountsStore } = await import('../../main/electron/electron-store');
const { Vault } = await import('../../main/core/vault/vault');

beforeEach(() => {
  fake.userData = makeTempDir();
});
afterEach(() => {
  fs.rmSync(fake.userData, { recursive: true, force: true });
});

describe('openAccountsStore', () => {
  it('keeps accounts.json, owner-only, in the userData folder and survives a restart', async () => {
    const token = makeToken();
    const { store, notices } = openAccountsStore();
    expect(notices).toEqual([]);
    expect(store.path).toBe(path.join(fake.userData, 'accounts.json'));
    const vault = await Vault.open({ store, cipher: new AesCipher() });
    await vault.saveLogin([{ loginid: 'CR1', token, currency: 'USD' }]);
    expect(fs.statSync(store.path).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(store.path, 'utf8')).not.toContain(token);

    const again = await Vault.open({ store: openAccountsStore().store, cipher: new AesCipher() });
    expect((await again.restore()).accounts[0]!.token).toBe(token);
  });

  it('moves a damaged file aside instead of letting electron-store throw', async () => {
    fs.writeFileSync(path.join(fake.userData, 'accounts.json'), '{ not json');
    const { store, notices } = openAccountsStore();
    expect(notices.map((n) => n.code)).toEqual(['store_corrupt']);
    const aside = fs.readdirSync(fake.userData).filter((f) => f.startsWith('accounts.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(notices[0]!.message).toContain(aside[0]);
    const vault = await Vault.open({ store, cipher: new AesCipher(), notices });
    expect((await vault.restore()).notices.map((n) => n.code)).toEqual(['store_corrupt']);
  });

  it('accepts another folder', () => {
    const other = path.join(fake.userData, 'profile');
    expect(openAccountsStore({ cwd: other }).store.path).toBe(path.join(other, 'accounts.json'));
  });
});
