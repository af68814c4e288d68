import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readDocument } from '../../main/core/vault/migrations';
import { fileStamp, openStoreSafely } from '../../main/core/vault/store-recovery';
import { Vault } from '../../main/core/vault/vault';
import { AesCipher } from '../support/aes-cipher';
import { makeTempDir } from '../support/temp-dir';
import {
  expectNoTokenInDisplay,
  expectNoTokenOnDisk,
  makeToken,
  readStoreJson,
  restoreFlat,
  saveLegacy,
  startApp,
  storePath,
} from './helpers';

let dir: string;
/** Writer processes still alive: a failing or timed-out crash test must not leave one running. */
const children = new Set<ChildProcess>();
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  fs.rmSync(dir, { recursive: true, force: true });
});

const keyring = () => new AesCipher({ passphrase: 'keyring-r' });
const AT = Date.UTC(2026, 10, 22, 6, 50, 0, 123);
const clock = () => AT;
const ASIDE = () => `${storePath(dir)}.corrupt-2026-11-22T06-50-00Z`;

async function seedTwoAccounts(): Promise<string[]> {
  const tokens = [makeToken('s1'), makeToken('s2')];
  const app = await startApp(dir, keyring());
  await saveLegacy(app.vault, [
    { accountId: 'CR1', token: tokens[0]!, currency: 'USD' },
    { accountId: 'CR2', token: tokens[1]!, currency: 'EUR' },
  ]);
  app.vault.setActive('CR2');
  app.vault.flush(); // written soon after, or at quit: now
  return tokens;
}

describe('file stamps', () => {
  it('are ISO-8601 to the second without colons', () => {
    expect(fileStamp(AT)).toBe('2026-11-22T06-50-00Z');
  });
});

describe('a damaged store file is moved aside and the app starts clean', () => {
  it('invalid JSON (conf refuses to open it): kept byte for byte next to the store, with a notice', async () => {
    const garbage = '{"schemaVersion":3,"accounts":[{"accountId":"CR1",,,}';
    fs.writeFileSync(storePath(dir), garbage);
    // conf itself throws on this file: that is what openStoreSafely is for.
    expect(() => new Conf({ cwd: dir, projectName: 'test', configName: 'accounts' })).toThrow(SyntaxError);

    const app = await startApp(dir, keyring(), { clock });
    const restored = await restoreFlat(app.vault);
    expect(restored.accounts).toEqual([]);
    expect(restored.notices).toEqual([{ code: 'store_corrupt', level: 'warning', params: { asidePath: ASIDE() } }]);
    expect(fs.readFileSync(ASIDE(), 'utf8')).toBe(garbage);
    // The log says why without quoting the file (a parse error message would).
    expect(JSON.stringify(app.logger.lines)).not.toContain('accountId');

    // The clean store works and the next start has nothing to say.
    const token = makeToken();
    await saveLegacy(app.vault, [{ accountId: 'CR1', token, currency: 'USD' }]);
    const next = await restoreFlat((await startApp(dir, keyring(), { clock })).vault);
    expect(next.notices).toEqual([]);
    expect(next.accounts.map((a) => a.token)).toEqual([token]);
    expectNoTokenOnDisk(dir, [token]);
  });

  it('valid JSON of a shape no version accepts: moved aside by the vault', async () => {
    const tokens = await seedTwoAccounts();
    const doc = readStoreJson(dir);
    (doc.accounts as unknown[]).push({ accountId: 42 });
    fs.writeFileSync(storePath(dir), JSON.stringify(doc));

    const app = await startApp(dir, keyring(), { clock });
    const restored = await restoreFlat(app.vault);
    expect(restored.accounts).toEqual([]);
    expect(restored.notices.map((n) => n.code)).toEqual(['store_corrupt']);
    expect(JSON.parse(fs.readFileSync(ASIDE(), 'utf8'))).toEqual(doc);
    expectNoTokenOnDisk(dir, tokens);
    expectNoTokenInDisplay(app.vault, tokens, { notices: restored.notices, logLines: app.logger.lines });
  });

  it('a second damaged file in the same second gets its own name', async () => {
    fs.writeFileSync(storePath(dir), 'first');
    await startApp(dir, keyring(), { clock });
    fs.writeFileSync(storePath(dir), 'second');
    const restored = await restoreFlat((await startApp(dir, keyring(), { clock })).vault);
    expect(restored.notices[0]!.params).toEqual({ asidePath: `${ASIDE()}-1` });
    expect(fs.readFileSync(ASIDE(), 'utf8')).toBe('first');
    expect(fs.readFileSync(`${ASIDE()}-1`, 'utf8')).toBe('second');
  });

  it('a store path that is a folder is moved aside too', async () => {
    fs.mkdirSync(storePath(dir));
    const restored = await restoreFlat((await startApp(dir, keyring(), { clock })).vault);
    expect(restored.notices.map((n) => n.code)).toEqual(['store_corrupt']);
    expect(fs.statSync(ASIDE()).isDirectory()).toBe(true);
  });

  it('falls back to memory (and says nothing will be saved) when even a clean store cannot be opened', async () => {
    let calls = 0;
    const { store, notices } = openStoreSafely(
      () => {
        calls++;
        throw Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' });
      },
      storePath(dir),
      { clock },
    );
    expect(calls).toBe(2);
    expect(notices.map((n) => n.code)).toEqual(['store_unavailable']);
    const vault = await Vault.open({ store, cipher: keyring(), notices });
    const token = makeToken();
    await saveLegacy(vault, [{ accountId: 'CR1', token, currency: 'USD' }]);
    const restored = await restoreFlat(vault);
    expect(restored.accounts[0]!.token).toBe(token);
    expect(restored.notices.map((n) => n.code)).toEqual(['store_unavailable']);
    expect(vault.persistence().tokensPersisted).toBe(false);
  });
});

describe('partially written files', () => {
  it('a truncated store file (a writer that was not atomic) is treated as damaged', async () => {
    const tokens = await seedTwoAccounts();
    const full = fs.readFileSync(storePath(dir));
    fs.writeFileSync(storePath(dir), full.subarray(0, Math.floor(full.length / 2)));

    const app = await startApp(dir, keyring(), { clock });
    const restored = await restoreFlat(app.vault);
    expect(restored.accounts).toEqual([]);
    expect(restored.notices.map((n) => n.code)).toEqual(['store_corrupt']);
    expect(fs.readFileSync(ASIDE()).equals(full.subarray(0, Math.floor(full.length / 2)))).toBe(true);
    expectNoTokenOnDisk(dir, tokens);
  });

  it('a half-written temp file of an interrupted atomic write leaves the old file whole', async () => {
    const tokens = await seedTwoAccounts();
    const before = fs.readFileSync(storePath(dir));
    // What `atomically` leaves when the process dies before its rename: `<file>.tmp-<10 digits><6 hex>`.
    const temp = `${storePath(dir)}.tmp-1763794200abc123`;
    fs.writeFileSync(temp, before.subarray(0, 40));

    const app = await startApp(dir, keyring(), { clock });
    const restored = await restoreFlat(app.vault);
    expect(restored.notices).toEqual([]);
    expect(restored.accounts.map((a) => a.token)).toEqual(tokens);
    expect(restored.activeAccountId).toBe('CR2');
    expect(fs.readFileSync(storePath(dir)).equals(before)).toBe(true);
    expectNoTokenOnDisk(dir, tokens);
    expectNoTokenInDisplay(app.vault, tokens, { notices: restored.notices, logLines: app.logger.lines });
  });

  const crashWriter = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

  function runWriterUntilItDies(killGen: number, killPoint: 'write' | 'rename'): Promise<number> {
    const child = fork(crashWriter, [dir, 'crash-keyring', String(killGen), killPoint], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let lastWritten = 0;
    return new Promise((resolve, reject) => {
      child.on('message', (m: { wrote: number }) => (lastWritten = m.wrote));
      child.on('exit', (code, signal) =>
        signal === 'SIGKILL' ? resolve(lastWritten) : reject(new Error(`writer exited ${code}: ${stderr}`)),
      );
    });
  }

  it.each(['write', 'rename'] as const)(
    'a process killed (SIGKILL) during the atomic write (at %s) leaves the previous file whole',
    async (killPoint) => {
      const lastWritten = await runWriterUntilItDies(3, killPoint);
      expect(lastWritten).toBe(2);
      // The dead write left its temp file behind, next to the untouched store.
      const temps = fs.readdirSync(dir).filter((f) => f.startsWith('accounts.json.tmp-'));
      expect(temps).toHaveLength(1);
      expect(readDocument(JSON.parse(fs.readFileSync(storePath(dir), 'utf8'))).kind).toBe('ok');

      const app = await startApp(dir, new AesCipher({ passphrase: 'crash-keyring' }));
      const restored = await restoreFlat(app.vault);
      expect(restored.notices).toEqual([]);
      expect(restored.accounts).toHaveLength(50);
      expect(restored.accounts.every((a, i) => a.token === `gen2-acct${i + 1}`)).toBe(true);

      // Writing again works, and "forget everything" clears the leftover temp file.
      await saveLegacy(app.vault, [{ accountId: 'CR1', token: 'after-crash', currency: 'USD' }]);
      await app.vault.forgetEverything();
      expect(fs.readdirSync(dir)).toEqual(['accounts.json']);
    },
    30_000,
  );
});
