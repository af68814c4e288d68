/**
 * `npm run audit:electron` (Doyensec's electronegativity over main/): no HIGH or MEDIUM finding
 * outside the reviewed allow-list, and the gate really fails on an insecure window.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const script = join(root, 'scripts/audit-electron.mjs');

function audit(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: root, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

const fixture = mkdtempSync(join(tmpdir(), 'audit-fixture-'));
writeFileSync(
  join(fixture, 'window.ts'),
  [
    "import { BrowserWindow } from 'electron';",
    'export const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
  ].join('\n'),
);
writeFileSync(join(fixture, 'allow.json'), JSON.stringify({ entries: [] }));
// A folder whose only file the scanner cannot parse: with its (file-less) global findings allowed,
// nothing is left to fail on but the file it could not read.
const unparsable = mkdtempSync(join(tmpdir(), 'audit-unparsable-'));
writeFileSync(join(unparsable, 'broken.ts'), 'export const = ;\n');
const globals = ['CSP_GLOBAL_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK'];
writeFileSync(
  join(unparsable, 'allow.json'),
  JSON.stringify({ entries: globals.map((check) => ({ check, file: 'N/A', sample: '' })) }),
);
afterAll(() => {
  rmSync(fixture, { recursive: true, force: true });
  rmSync(unparsable, { recursive: true, force: true });
});

describe('electronegativity gate', () => {
  // The scans at once: each waits on the scanner's (failing, offline) download attempts.
  const runs = Promise.all([
    audit(),
    audit('--input', fixture, '--allow-list', join(fixture, 'allow.json')),
    audit('--input', unparsable, '--allow-list', join(unparsable, 'allow.json')),
  ]);

  it('main/ has no HIGH or MEDIUM finding outside the reviewed allow-list, and no stale entry', async () => {
    const [main] = await runs;
    expect(main.output).not.toMatch(/NEW |STALE/);
    expect(main.code).toBe(0);
  }, 150_000);

  it('fails on a window without context isolation and sandbox, and on missing navigation limits', async () => {
    const [, insecure] = await runs;
    expect(insecure.code).toBe(1);
    expect(insecure.output).toMatch(/NEW HIGH\/\w+ CONTEXT_ISOLATION_JS_CHECK window\.ts:2/);
    expect(insecure.output).toMatch(/NEW MEDIUM\/\w+ SANDBOX_JS_CHECK window\.ts:2/);
    expect(insecure.output).toMatch(/NEW HIGH\/\w+ LIMIT_NAVIGATION_GLOBAL_CHECK/);
  }, 150_000);

  it('fails when it could not parse a file (what it did not read, it did not check)', async () => {
    const [, , broken] = await runs;
    expect(broken.output).toMatch(/could not parse .*broken\.ts/);
    expect(broken.output).not.toMatch(/NEW |STALE/);
    expect(broken.code).toBe(1);
  }, 150_000);
});
